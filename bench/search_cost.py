"""Type-ahead search in process: CPU time a request, and what the index holds.

Sends the load benchmark's type-ahead queries (the first two to five letters of a
person's name, ``first: 8``) straight to the graph's search, the way the resolver does,
and reports the median and p90 of the CPU time each took (``time.process_time``), the
index's build time and the bytes of its arrays.

    python -m bench.search_cost DATA_DIR [--queries 2000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from graph.loader import load_graph
from graph.models import Kind
from graph.queries.search import SearchIndex


def type_ahead(index: SearchIndex, count: int, seed: int = 7) -> list[str]:
    """``count`` prefixes of people's names, as `bench.mix` sends them."""
    rng = random.Random(seed)
    names = [index.kg.get(node_id).name for node_id in index.kg.ids(Kind.PERSON)[:5000]]  # type: ignore[union-attr]
    return [name[: rng.randint(2, 5)] for name in (rng.choice(names) for _ in range(count))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    kg = load_graph(args.data)
    started = time.process_time()
    index = SearchIndex(kg)
    built = time.process_time() - started
    cpu = []
    for text in type_ahead(index, args.queries):
        started = time.process_time()
        index.search(text, first=8)
        cpu.append((time.process_time() - started) * 1e3)
    cpu.sort()
    print(
        f"index built in {built:.2f} s CPU; arrays {index.words.nbytes / 1e6:.1f} MB; "
        f"{len(index.words.vocabulary):,} words, {len(index.words.name_node):,} names, "
        f"{len(index.words.ids):,} nodes"
    )
    print(
        f"type-ahead search, {len(cpu)} queries: median {statistics.median(cpu):.2f} ms CPU, "
        f"p90 {cpu[int(len(cpu) * 0.9)]:.2f}, max {cpu[-1]:.2f}"
    )


if __name__ == "__main__":
    main()
