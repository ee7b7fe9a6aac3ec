"""Reconciliation latency: a batch of ten queries, against search alone for the same names.

Usage::

    .venv/bin/python -m bench.reconcile data build/audit

For each data directory, every committed case (``tests/data/reconciliation``) is answered
in batches of ten, as OpenRefine sends them, ``ROUNDS`` times; the floor is the same names
sent to search alone (`graph.queries.search`, the candidate pool reconciliation reads first).
The ratio of the medians is what to quote: reconciliation's own cost (exact names, evidence,
descriptions) above the search it needs. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Kind
from graph.queries.search import search
from graph.reconciliation import reconcile_batch
from graph.reconciliation.scoring import POOL
from graph.reconciliation.vocabulary import TYPES

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "reconciliation"
ROUNDS = 5
BATCH = 10


def queries() -> list[dict[str, object]]:
    found = []
    for path in sorted(CASES.glob("*.jsonl")):
        found += [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return found


def measure(data: str) -> dict[str, float]:
    kg = load_graph(data)
    build_indexes(kg)  # as the app does before it answers: no timing includes a build
    asked = queries()
    batches = [
        {f"q{i}": q for i, q in enumerate(asked[start : start + BATCH])}
        for start in range(0, len(asked), BATCH)
    ]
    reconciling, searching = [], []
    for _ in range(ROUNDS):
        for batch in batches:
            started = time.perf_counter()
            reconcile_batch(kg, batch)
            reconciling.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            for query in batch.values():
                types = query.get("type")
                kinds = [TYPES[t].kind for t in ([types] if isinstance(types, str) else types or [])] or [
                    Kind.PERSON,
                    Kind.EVENT,
                    Kind.LOCATION,
                ]
                search(kg, str(query["query"]), kinds, first=POOL)
            searching.append((time.perf_counter() - started) * 1000)
    reconciling.sort()
    return {
        "batches": len(batches),
        "median_ms": statistics.median(reconciling),
        "p95_ms": reconciling[int(0.95 * (len(reconciling) - 1))],
        "search_median_ms": statistics.median(searching),
        "ratio": statistics.median(reconciling) / statistics.median(searching),
    }


def main(paths: list[str]) -> None:
    for data in paths or ["data"]:
        result = measure(data)
        print(
            f"{data}: {result['batches']} batches of up to {BATCH}, median {result['median_ms']:.1f} ms, "
            f"p95 {result['p95_ms']:.1f} ms; search alone {result['search_median_ms']:.1f} ms; "
            f"ratio {result['ratio']:.2f}x"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
