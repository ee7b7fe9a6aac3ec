"""What applying one edit costs a worker: the whole build step by step, and a patch.

    python -m bench.apply                     # the full import in build/audit (make audit)
    python -m bench.apply data --edits 20     # the bundled data

First the build an edit used to pay every time, step by step: reading the records back
from the graph, `KnowledgeGraph.from_records`, then each index of `graph.indexes`. Then
edits applied through a `LiveGraph` as a worker applies a committed change:

* a summary rewritten (`updateEvent`): patched (`graph.incremental.patch`), timed per edit,
  with a text filter read before and after (a patched text index corrects each read);
* an event linked to a place: built whole, with the indexes a link cannot reach carried
  over from the graph before (`graph.incremental.carry_over`), timed once;
* a title rewritten: built whole, timed once.

Times are wall clock on a shared machine: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

from clio.state.live import LiveGraph
from clio.state.store import Change
from graph.indexes import BUILDERS
from graph.loader import load_graph
from graph.models import Kind
from graph.queries.text_index import text_index
from graph.store import KnowledgeGraph


def _change(seq: int, operation: str, given: dict[str, Any]) -> Change:
    return Change(
        id=seq, author="bench", author_role="reviewer", client_key=None, request_hash=str(seq),
        created_at="2026-01-01T00:00:00Z", operation=operation, target=given["id"],
        subjects=f",{given['id']},", input=given, reason="benchmark", diff={}, expected_version=None,
        status="APPLIED", reviewer="bench", reviewed_at=None, review_comment=None, seq=seq,
    )  # fmt: skip


def _timed(step: Any) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def build_steps(kg: KnowledgeGraph) -> tuple[KnowledgeGraph, dict[str, float]]:
    """A whole build of ``kg``'s records, as `LiveGraph` makes one: seconds per step."""
    took: dict[str, float] = {}
    records: list[Any] = []
    took["records read back"] = _timed(lambda: records.extend(r for n in kg.graph if (r := kg.record(n))))
    built: list[KnowledgeGraph] = []
    took["from_records"] = _timed(lambda: built.append(KnowledgeGraph.from_records(records)))
    for name, build in BUILDERS.items():
        took[f"index: {name}"] = _timed(lambda build=build: build(built[0]))
    return built[0], took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="build/audit", type=Path)
    parser.add_argument("--edits", type=int, default=10, help="patched edits to time")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    loaded = load_graph(args.data)
    base, steps = build_steps(loaded)
    del loaded
    counts = base.counts()
    print(
        f"\n{args.data}: {counts['event']:,} events, {counts['person']:,} people, {counts['edges']:,} edges"
    )
    print("\n| whole build, step | seconds |\n|---|---:|")
    for name, seconds in steps.items():
        print(f"| {name} | {seconds:.3f} |")
    print(f"| **total** | **{sum(steps.values()):.3f}** |")

    live = LiveGraph(base)
    events = base.ids(Kind.EVENT)
    word = "zanzibarish"
    before = _timed(lambda: text_index(live.kg).events_matching("treaty"))
    patched = []
    for n in range(args.edits):
        event = events[(n * 7919) % len(events)]
        live.absorb([_change(n + 1, "updateEvent", {"id": event, "summary": f"Rewritten: {word} {n}."})])
        patched.append(_timed(live.rebuild))
        assert live.last_rebuild == "patched", live.last_rebuild
    found = text_index(live.kg).events_matching(word)
    assert len(found) == args.edits, len(found)
    after = _timed(lambda: text_index(live.kg).events_matching("treaty"))
    print("\n| applied edit | how | median s | max s |\n|---|---|---:|---:|")
    middle, most = statistics.median(patched), max(patched)
    print(f"| summary rewritten (x{args.edits}) | patched | {middle:.4f} | {most:.4f} |")
    event = events[len(events) // 2]
    linked = set(base.graph.successors(event))  # its places, tags, category and days
    place = next(p for p in base.ids(Kind.LOCATION) if p not in linked)
    live.absorb([_change(args.edits + 1, "linkEvent", {"id": event, "eventId": event, "targetId": place})])
    relink = _timed(live.rebuild)
    assert live.last_rebuild == "whole"
    carried = ", ".join(live.carried)
    print(f"| an event linked to a place (x1) | whole, carrying {carried} | {relink:.3f} | {relink:.3f} |")
    live.absorb([_change(args.edits + 2, "updateEvent", {"id": events[0], "title": "Rewritten title"})])
    whole = _timed(live.rebuild)
    assert live.last_rebuild == "whole"
    carried = ", ".join(live.carried) or "nothing"
    print(f"| title rewritten (x1) | whole, carrying {carried} | {whole:.3f} | {whole:.3f} |")
    print(
        f"\ntext filter 'treaty' on the built index: {before * 1000:.2f} ms; "
        f"with {args.edits} patched texts: {after * 1000:.2f} ms"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
