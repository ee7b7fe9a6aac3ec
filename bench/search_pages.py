"""A one-word search's first page: rank-ordered postings against ranking every match, one process.

    python -m bench.search_pages                          # 10k and 100k
    python -m bench.search_pages --sizes 1000000          # a million (minutes: the JSON Lines load)

For each size, the bench generator's graph is loaded and its search index built; then the
scale table's two one-word rows (`bench.scale`: the median person's first four letters, and
the year of their latest dated event after Christ) and a few more are asked through
`WordIndex.best` (the page path, `graph.queries.search_pages`) and through
`WordIndex._ranked` (every match scored and ranked, the path before), alternately, and the
medians of CPU time (``thread_time``) are printed with their ratio. Both answers are
compared on every query. The arrays' size and their build time are printed too.
"""

from __future__ import annotations

import argparse
import time
from statistics import median
from typing import Any

import numpy as np

from bench.generate import Manifest, read_manifest
from bench.scale import RESULTS, _data
from graph.loader import load_graph
from graph.queries.search_dates import read_date
from graph.queries.search_pages import SearchPages
from graph.queries.word_index import SEARCHABLE, WordIndex
from graph.text import search_words


def _queries(index: WordIndex, kg: Any, manifest: Manifest) -> dict[str, str]:
    # The year `bench.scale` asks for: the latest after Christ of the median person's events, or the hub's.
    events = [*kg.event_ids_of(manifest.median.id)[::-1], *kg.event_ids_of(manifest.hub.id)[::-1]]
    year = next(d.year for d in (kg.node(e).date for e in events) if d.year > 0)
    median_name = manifest.median.name
    busiest = np.bincount(index.event_year[index.event_year > 0]).argmax()
    return {
        "a name's first 4 letters (scale row)": median_name[:4].lower(),
        "a year (scale row)": str(year),
        "the busiest year": str(int(busiest)),
        "two letters": median_name[:2].lower(),
        "a typo": median_name.split()[0][:-1].lower() + "x",
    }


def _cpu_ms(call: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.thread_time()
        call()
        times.append((time.thread_time() - started) * 1e3)
    return median(times)


def measure(size: int, rounds: int) -> None:
    data_dir = _data(size, 1, RESULTS)
    manifest = read_manifest(data_dir)
    started = time.perf_counter()
    kg = load_graph(data_dir)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    index = WordIndex(kg)
    built = time.perf_counter() - started
    started = time.perf_counter()
    SearchPages(index)
    pages_s = time.perf_counter() - started
    assert index.pages is not None
    print(
        f"{size:,} events: loaded in {loaded:.1f} s, search index {built:.1f} s "
        f"(of which the pages {pages_s:.2f} s), pages {index.pages.nbytes / 1e6:.1f} MB "
        f"of the index's {index.nbytes / 1e6:.1f} MB"
    )
    allowed = np.ones(len(SEARCHABLE), dtype=np.bool_)
    print(
        "| query | text | matched nodes | search CPU (pages from 2,000 matches) "
        "| whole ranking CPU | whole / search |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for name, text in _queries(index, kg, manifest).items():
        words = search_words(text)
        date, rest = read_date(words)

        def page(text: str = text) -> list[tuple[str, float]]:
            return index.best(text, SEARCHABLE, 10)

        def whole(
            words: list[str] = words, date: Any = date, rest: list[str] = rest
        ) -> list[tuple[str, float]]:
            return index._ranked(words, date, rest, allowed, 10, None)

        assert page() == whole(), text
        nodes, _ = index._node_scores(words, None)
        matched = len(nodes) + (len(index.events_on(date)) if date is not None else 0)
        fasts, slows = [], []
        for _ in range(3):  # alternately, so that the load weighs on both alike
            fasts.append(_cpu_ms(page, rounds))
            slows.append(_cpu_ms(whole, rounds))
        fast, slow = median(fasts), median(slows)
        print(f"| {name} | {text} | {matched:,} | {fast:.3f} ms | {slow:.3f} ms | {slow / fast:.1f}× |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args(argv)
    for size in map(int, args.sizes.split(",")):
        measure(size, args.rounds)


if __name__ == "__main__":
    main()


__all__ = ["measure"]
