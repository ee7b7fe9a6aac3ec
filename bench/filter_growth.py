"""Two costs that grow with the generated graph, measured without loading it: typos and intersections.

    python -m bench.filter_growth                          # 100k and 1M (about two minutes)
    python -m bench.filter_growth --sizes 10000

Both read the bench generator's JSON Lines (`bench.scale` writes them) rather than loading
the graph, which takes minutes at a million events:

* **typo candidates**: the vocabulary of every name (`graph.text.search_words`), and the CPU
  of `WordIndex.word_matches` (letter bound over every word, then rapidfuzz) for the scale
  bench's words, with the typos it found and the words rapidfuzz was handed;
* **intersections**: the hub's events against the largest tag's (the ``facets`` two-filter
  row) and a median tag's, by `numpy.intersect1d` and by `graph.queries.sorted_sets.intersect`
  (event line numbers stand for positions: both are ascending sets of the same sizes).

Medians of CPU time (``thread_time``), three rounds each.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
import orjson

from bench.generate import read_manifest
from bench.scale import RESULTS, _data
from graph.compact import IdTable
from graph.queries.sorted_sets import intersect
from graph.queries.word_index import _LETTER_GROUPS, WordIndex, _group
from graph.text import search_words

WORDS = ("2025", "zofix", "zofi", "revolution")


def _cpu_ms(call: Callable[[], Any], calls: int) -> float:
    rounds = []
    for _ in range(3):
        times = []
        for _ in range(calls):
            started = time.thread_time()
            call()
            times.append(time.thread_time() - started)
        rounds.append(median(times) * 1e3)
    return median(rounds)


def _vocabulary_index(data: Path) -> WordIndex:
    """A `WordIndex` with only what `word_matches` reads for typos: the words, their lengths, letters."""
    words: set[str] = set()
    for name in ("events", "people", "locations", "tags", "organizations"):
        with (data / f"{name}.jsonl").open("rb") as lines:
            for line in lines:
                record = orjson.loads(line)
                names = (
                    [record["title"]] if "title" in record else [record["name"], *record.get("aliases", ())]
                )
                for text in names:
                    words.update(search_words(text))
    index: WordIndex = object.__new__(WordIndex)
    index.vocabulary = sorted(words)
    index._words = IdTable(index.vocabulary)
    index.word_length = np.array([len(w) for w in index.vocabulary], dtype=np.int64)
    index.has_letter = np.zeros((_LETTER_GROUPS, len(index.vocabulary)), dtype=np.uint8)
    cells = [(_group(letter), at) for at, word in enumerate(index.vocabulary) for letter in word]
    index.has_letter[tuple(np.array(cells, dtype=np.int64).T)] = 1
    return index


def typos(size: int, data: Path) -> None:
    index = _vocabulary_index(data)
    print(f"\n{size:,} events: {len(index.vocabulary):,} words\n")
    print("| word | typos found | word_matches CPU |")
    print("|---|---:|---:|")
    for word in WORDS:
        found = index.word_matches(word)
        cpu = _cpu_ms(partial(index.word_matches, word), 40)
        print(f"| {word} | {len(found.typos)} | {cpu:.3f} ms |")


def intersections(size: int, data: Path) -> None:
    hub = read_manifest(data).hub.id
    lists: dict[str, list[int]] = defaultdict(list)
    with (data / "events.jsonl").open("rb") as lines:
        for at, line in enumerate(lines):
            record = orjson.loads(line)
            for node in (*record.get("tags", ()), *(p for p in record.get("people", ()) if p == hub)):
                lists[node].append(at)
    tags = sorted((t for t in lists if t.startswith("tag:")), key=lambda t: len(lists[t]))
    hub_events = np.array(lists[hub], dtype=np.int32)
    print(f"\n{size:,} events\n")
    print("| lists → kept | numpy.intersect1d | intersect |")
    print("|---|---:|---:|")
    for label, tag in (("largest tag", tags[-1]), ("median tag", tags[len(tags) // 2])):
        other = np.array(lists[tag], dtype=np.int32)
        kept = intersect(hub_events, other)
        assert kept.tolist() == np.intersect1d(hub_events, other, assume_unique=True).tolist()
        numpy_ms = _cpu_ms(partial(np.intersect1d, hub_events, other, assume_unique=True), 200)
        ours_ms = _cpu_ms(partial(intersect, hub_events, other), 200)
        print(
            f"| hub {len(hub_events):,} ∩ {label} {len(other):,} → {len(kept):,} "
            f"| {numpy_ms:.3f} ms | {ours_ms:.3f} ms |"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args(argv)
    for size in map(int, args.sizes.split(",")):
        data = Path(_data(size, 1, RESULTS))
        typos(size, data)
        intersections(size, data)


if __name__ == "__main__":
    main()


__all__ = ["intersections", "typos"]
