"""Write canonical JSON Lines, byte for byte the same on every run, and swap them in whole.

Each record is one ``json.dumps(..., ensure_ascii=False)`` line with the keys in the order
of ``data/schema/clio.schema.json`` and empty fields left out; files are sorted by id.
The directory is first written beside its target and swapped into place in one step
(`graph.durable.replace_directory`, fsynced) only when every file is complete, so a failed
import leaves the old output as it was and a reader never finds the directory missing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph.dates import HistoricalDate
from graph.durable import replace_directory
from graph.models import Link, Source
from graph.records import FIELD_ORDER

#: Output key order per kind (by id prefix), as the loader and the schema list them.
KEY_ORDER: dict[str, tuple[str, ...]] = {kind.value: fields for kind, fields in FIELD_ORDER.items()}
FILE_NAMES = {
    "category": "categories.jsonl",
    "tag": "tags.jsonl",
    "location": "locations.jsonl",
    "person": "people.jsonl",
    "organization": "organizations.jsonl",
    "event": "events.jsonl",
}


def _plain(value: Any) -> Any:
    if isinstance(value, HistoricalDate):
        return value.to_edtf()
    if isinstance(value, Source):
        return {
            k: v
            for k, v in (
                ("name", value.name),
                ("file", value.file),
                ("record", value.record),
                ("url", value.url),
            )
            if v
        }
    if isinstance(value, Link):
        return {"title": value.title, "url": value.url}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record_line(kind: str, fields: Mapping[str, Any]) -> str:
    """One canonical line: keys in schema order, empty values dropped.

    >>> record_line("tag", {"name": "Cold War", "id": "tag:cold-war", "aliases": []})
    '{"id": "tag:cold-war", "name": "Cold War"}'
    """
    ordered = {}
    for key in KEY_ORDER[kind]:
        value = fields.get(key)
        if value is None or value == [] or value == () or value == "" or value == {}:
            continue
        ordered[key] = _plain(value)
    return json.dumps(ordered, ensure_ascii=False)


def write_directory(
    out_dir: Path, records: Mapping[str, Iterable[Mapping[str, Any]]], extra: Mapping[str, str]
) -> None:
    """Write every kind's records (sorted by id) and the extra files, then swap the directory in.

    Args:
        out_dir: the directory to create or replace.
        records: kind -> records as field mappings (with an ``id``).
        extra: file name -> text, written beside the records (the import report).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for kind, file_name in FILE_NAMES.items():
            lines = sorted((record_line(kind, r) for r in records.get(kind, ())), key=_line_id)
            with (staging / file_name).open("w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(line + "\n" for line in lines)
        for name, text in extra.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        replace_directory(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _line_id(line: str) -> str:
    # Every line starts with {"id": "<id>", so the id sorts the lines without parsing them.
    return line[8 : line.index('"', 8)]


__all__ = ["FILE_NAMES", "KEY_ORDER", "record_line", "write_directory"]
