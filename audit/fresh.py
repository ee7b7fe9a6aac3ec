"""Draw the fresh sample: events of a full import no rule was tuned on (`python -m audit.fresh`).

The gold rows have been read by everyone who changed the importer since they were judged, so
the gold figures flatter it. The fresh sample is drawn from the import itself, as a reader
meets it: every event of the import in id order, shuffled with `SEED`, keeping the first
`SIZE` whose first source row is a gold-side row (even first digit of `sha256(key)`, so never
a development row a classifier may train on) and none of whose source rows any gold or
development file names. The sample is simple random, not stratified: each event of the import
is as likely as another, so a rate over it is a rate over the import.

Prints one JSON line per event: the key of its first source row (the audit finds the event
through it), its other rows, and what a judge compares: the event as imported and each row as
its source wrote it.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from audit.build import Build, source_keys
from audit.devdraw import gold_keys
from audit.rows import FORMATS, REPO_DATA, RowKey, count_rows, is_gold, provenance, read_row

#: Drawn on 2026-12-03 from the full import of that day (26,433 events).
SEED = 20261203
SIZE = 100
TESTS = Path(__file__).resolve().parent.parent / "tests" / "audit"
FRESH = TESTS / "fresh"


def _files(root: Path, dataset: str) -> Iterator[str]:
    base = REPO_DATA if dataset == "data" else root / dataset
    for pattern in ("**/*.json", "**/*.csv", "**/*.jsonl"):
        for path in sorted(base.glob(pattern)):
            yield path.relative_to(base).as_posix()


def row_index(root: Path) -> dict[tuple[str, str, str], RowKey]:
    """Every source row of the data sets (and `data/`) by its place in a record's `sources`."""
    index: dict[tuple[str, str, str], RowKey] = {}
    for dataset, fmt in FORMATS.items():
        for file in _files(root, dataset):
            try:
                rows = count_rows(REPO_DATA.parent if dataset == "data" else root, dataset, file)
            except (ValueError, StopIteration, KeyError, json.JSONDecodeError):
                continue  # not a file of rows (a schema, a summary)
            for number in range(rows):
                key = RowKey(dataset, file, number)
                try:
                    got, where_file, where = provenance(root, key)
                except (KeyError, TypeError, IndexError):
                    continue
                index.setdefault((got, "" if fmt == "wikidata" else where_file, where), key)
    return index


def judged_keys() -> set[str]:
    """Every row key any gold or development file names."""
    return gold_keys(TESTS / "gold") | gold_keys(TESTS / "dev")


def draw(build: Build, root: Path, size: int = SIZE, seed: int = SEED) -> list[dict[str, Any]]:
    index = row_index(root)
    taken = judged_keys()
    ids = sorted(build.events)
    random.Random(seed).shuffle(ids)
    drawn = []
    for eid in ids:
        event = build.events[eid]
        keys = [index.get(k) for k in source_keys(event) if k[0] in FORMATS.values()]
        rows = [k for k in keys if k is not None]
        if not rows or not is_gold(str(rows[0])) or any(str(k) in taken for k in rows):
            continue
        drawn.append({"key": str(rows[0]), "same_rows": [str(k) for k in rows[1:]], "event": event})
        if len(drawn) == size:
            break
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--build", type=Path, default=Path("build/audit"))
    args = parser.parse_args()
    build = Build.read(args.build)
    for item in draw(build, args.datasets):
        rows = {k: read_row(args.datasets, RowKey.parse(k)) for k in [item["key"], *item["same_rows"]]}
        print(json.dumps({**item, "rows": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
