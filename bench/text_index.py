"""Our text indexes against SQLite FTS5, on the bench generator's graphs.

    python -m bench.text_index                    # 10k and 100k
    python -m bench.text_index --sizes 10000

Each size runs in a fresh child process, which loads the generated graph and builds, one
after the other and each measured by itself (build seconds, resident memory kept):

* ours: the search index (`graph.queries.word_index`) and the text filter's index
  (`graph.queries.text_index`);
* SQLite FTS5 in memory (the standard library's ``sqlite3``): a table of every searchable
  name with the ``unicode61`` tokenizer (``remove_diacritics 2``), and a table of every
  event's folded title and summary with the ``trigram`` tokenizer, the one FTS5 tokenizer
  that finds substrings as the text filter must.

Then the same questions to both: type-ahead (a name's first four letters, ``first: 10``;
FTS5 as a prefix query ordered by bm25) and a text filter (every event holding "treaty",
then two words). *First* is the first call after the build; *warm* the median of repeats.
FTS5 has no typo tolerance, so the search rows compare speed only, not answers; the text
filter rows check that both keep the same events.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

import orjson

from bench.scale import RESULTS, _data
from graph.models import Event, Kind
from graph.text import fold

FILTER_TEXTS = ("treaty", "fire of", "el")


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def _built(build: Callable[[], Any]) -> tuple[Any, float, float]:
    """What ``build`` made, its seconds and the MB of memory it kept."""
    gc.collect()
    before, started = _rss(), time.perf_counter()
    made = build()
    took = time.perf_counter() - started
    gc.collect()
    return made, took, (_rss() - before) / 1e6


def _timed(call: Callable[[], Any], rounds: int = 50) -> tuple[float, float]:
    """(first call, warm median) in milliseconds."""
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1e3
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1e3)
    return first, median(times)


def _strings(strings: list[str]) -> int:
    return sys.getsizeof(strings) + sum(sys.getsizeof(s) for s in strings)


def _pages(db: sqlite3.Connection) -> int:
    (count,), (size,) = db.execute("PRAGMA page_count").fetchone(), db.execute("PRAGMA page_size").fetchone()
    return int(count) * int(size)


def _fts_names(kg: Any) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    tokenizer = "tokenize='unicode61 remove_diacritics 2'"
    db.execute(f"CREATE VIRTUAL TABLE names USING fts5(node UNINDEXED, name, {tokenizer})")
    rows = []
    for kind in (Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.TAG, Kind.ORGANIZATION):
        for node_id in kg.ids(kind):
            record = kg.record(node_id)
            names = (
                [record.title]
                if isinstance(record, Event)
                else [record.name, *getattr(record, "aliases", ())]
            )
            rows.extend((node_id, name) for name in names)
    db.executemany("INSERT INTO names VALUES (?, ?)", rows)
    return db


def _fts_texts(kg: Any) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE texts USING fts5(body, tokenize='trigram')")
    db.executemany(
        "INSERT INTO texts (rowid, body) VALUES (?, ?)",
        ((at, kg.search_text(event_id)) for at, event_id in enumerate(kg.ids(Kind.EVENT))),
    )
    return db


def child(data_dir: Path) -> dict[str, Any]:
    from bench.generate import read_manifest
    from graph.loader import load_graph
    from graph.queries.search import SearchIndex
    from graph.queries.text_index import TextIndex

    manifest = read_manifest(data_dir)
    kg = load_graph(data_dir)
    kg.search_text(kg.ids(Kind.EVENT)[0])  # the folded texts both sides read, built before either
    prefix = manifest.median.name[:4].lower()
    ours_search, ours_search_s, ours_search_mb = _built(lambda: SearchIndex(kg))
    ours_text, ours_text_s, ours_text_mb = _built(lambda: TextIndex(kg))
    fts_names, fts_names_s, fts_names_mb = _built(lambda: _fts_names(kg))
    fts_texts, fts_texts_s, fts_texts_mb = _built(lambda: _fts_texts(kg))
    rows: dict[str, Any] = {
        "build": {
            "ours search": [ours_search_s, ours_search_mb],
            "ours text filter": [ours_text_s, ours_text_mb],
            "fts5 names (unicode61)": [fts_names_s, fts_names_mb],
            "fts5 texts (trigram)": [fts_texts_s, fts_texts_mb],
        },
        # What each holds, counted rather than read from RSS (which reuses memory freed earlier):
        # our arrays, strings and dicts; FTS5's database pages.
        "bytes": {
            "ours search": ours_search.words.nbytes + _strings(ours_search.words.vocabulary),
            "ours text filter": ours_text.nbytes
            + _strings(ours_text.vocabulary)
            + _strings(list(ours_text.grams))
            + sys.getsizeof(ours_text.grams),
            "fts5 names (unicode61)": _pages(fts_names),
            "fts5 texts (trigram)": _pages(fts_texts),
        },
        "calls": {},
    }
    calls = rows["calls"]
    calls[f"search {prefix!r}, ours"] = _timed(lambda: ours_search.search(prefix, first=10))
    calls[f"search {prefix!r}, fts5 prefix"] = _timed(
        lambda: fts_names.execute(
            "SELECT node FROM names WHERE names MATCH ? ORDER BY rank LIMIT 10", (f'"{prefix}"*',)
        ).fetchall()
    )
    for text in FILTER_TEXTS:
        words = fold(text).split()
        ours = ours_text.events_matching(text).tolist()
        long_words = [f'"{word}"' for word in words if len(word) >= 3]
        likes = " AND ".join("body LIKE ?" for _ in words)
        # Trigram MATCH needs three letters a word; shorter words are read with LIKE (a scan).
        matched = "texts MATCH ? AND " if long_words else ""
        sql = f"SELECT rowid FROM texts WHERE {matched}{likes} ORDER BY rowid"
        arguments = ([" AND ".join(long_words)] if long_words else []) + [f"%{w}%" for w in words]

        def fts(sql: str = sql, arguments: list[str] = arguments) -> list[int]:
            return [r for (r,) in fts_texts.execute(sql, arguments)]

        assert fts() == ours, text
        calls[f"text filter {text!r} ({len(ours)} events), ours"] = _timed(
            lambda text=text: ours_text.events_matching(text)
        )
        calls[f"text filter {text!r}, fts5 trigram"] = _timed(fts)
    rows["size"] = manifest.events
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(orjson.dumps(child(args.child)).decode())
        return
    RESULTS.mkdir(exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        data_dir = _data(size, 1, RESULTS)
        done = subprocess.run(
            [sys.executable, "-m", "bench.text_index", "--child", str(data_dir)],
            capture_output=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(done.stderr.decode()[-3000:])
        result = orjson.loads(done.stdout.splitlines()[-1])
        print(f"\n{size:,} events\n\n| index | build | RSS kept | bytes counted |\n|---|---:|---:|---:|")
        for name, (seconds, mb) in result["build"].items():
            print(f"| {name} | {seconds:.2f} s | {mb:.1f} MB | {result['bytes'][name] / 1e6:.1f} MB |")
        print("\n| question | first call | warm median |\n|---|---:|---:|")
        for name, (first, warm) in result["calls"].items():
            print(f"| {name} | {first:.3g} ms | {warm:.3g} ms |")


if __name__ == "__main__":
    main()
