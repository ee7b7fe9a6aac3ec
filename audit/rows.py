"""Source rows addressed by key, and where the importer says it read each one.

A key is ``<data set>/<file inside it>#<index>``: the file as the data set ships it and the
0-based index of the row in that file (record of a JSON list, data row of a CSV). Keys never
name a Clio id, so the gold set survives any change to how the importer names things.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph.importers.csvrows import rows_with_lines

# The importer's format name for each data set folder: the `name` in a record's `sources`.
# `data` is the repository's own curated data, imported with every full import; its rows are
# the lines of its JSON Lines files.
FORMATS = {
    "wikipedia-onthisday": "wikipedia",
    "wikidata-historic-events": "wikidata",
    "historicaldate": "historicaldate",
    "acw-battles": "acw",
    "data": "canonical",
}
REPO_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class RowKey:
    dataset: str
    file: str  # path inside the data set, with forward slashes
    index: int

    @classmethod
    def parse(cls, key: str) -> RowKey:
        path, sep, index = key.rpartition("#")
        dataset, slash, file = path.partition("/")
        if not sep or not slash or dataset not in FORMATS or not index.isdigit():
            raise ValueError(f"row key {key!r} is not '<data set>/<file>#<index>' with a known data set")
        return cls(dataset, file, int(index))

    def __str__(self) -> str:
        return f"{self.dataset}/{self.file}#{self.index}"


def is_gold(key: str) -> bool:
    """Gold rows have an even first hex digit of sha256(key); odd rows are the development set."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[0], 16) % 2 == 0


@cache
def _json_rows(path: Path) -> tuple[list[Any], list[int] | None]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    if isinstance(data, dict):
        kind = next(k for k in ("events", "births", "deaths") if k in data)
        rows = data[kind]
        # The importer names a day-page record by the line of its opening brace (the files
        # are pretty-printed with four-space indents), or by its index when laid out otherwise.
        lines = [n for n, line in enumerate(text.split("\n"), start=1) if line.rstrip() == "        {"]
        return rows, lines if len(lines) == len(rows) else None
    return data, None


@cache
def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    # The importers' own reader, so a row's line is the one they write in `sources`.
    with path.open(encoding="utf-8", newline="") as handle:
        return rows_with_lines(csv.DictReader(handle))


@cache
def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _path(root: Path, key: RowKey) -> Path:
    return REPO_DATA / key.file if key.dataset == "data" else root / key.dataset / key.file


def read_row(root: Path, key: RowKey) -> dict[str, Any]:
    """The row as the source wrote it."""
    path = _path(root, key)
    if path.suffix == ".jsonl":
        return _jsonl_rows(path)[key.index]
    if path.suffix == ".csv":
        return _csv_rows(path)[key.index][1]
    row = _json_rows(path)[0][key.index]
    if not isinstance(row, dict):
        raise ValueError(f"{key} is not a record object")
    return row


def provenance(root: Path, key: RowKey) -> tuple[str, str, str]:
    """``(format, file, record)`` as the importer writes them in a record's `sources`."""
    path = _path(root, key)
    fmt = FORMATS[key.dataset]
    if path.suffix == ".jsonl":
        return fmt, key.file, str(_jsonl_rows(path)[key.index]["id"])
    if path.suffix == ".csv":
        return fmt, key.file, f"line {_csv_rows(path)[key.index][0]}"
    rows, lines = _json_rows(path)
    if fmt == "wikidata":
        # Wikidata items are merged across files by entity URL: the record is the URL.
        return fmt, key.file, str(rows[key.index]["event"])
    kind = key.file.split("/", 1)[0]
    return fmt, key.file, f"line {lines[key.index]}" if lines else f"{kind}.{key.index}"


def count_rows(root: Path, dataset: str, file: str) -> int:
    path = root / dataset / file
    if path.suffix == ".jsonl":
        return len(_jsonl_rows(path))
    return len(_csv_rows(path)) if path.suffix == ".csv" else len(_json_rows(path)[0])
