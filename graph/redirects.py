"""The redirect table: ids an import once published that now live under another id.

When a later import merges an event into another (an earlier import's Wikipedia entry
into its curated twin), the id the first import gave it may already be in bookmarks,
links and notebooks. ``redirects.jsonl`` beside the data files keeps it reachable: one
line ``{"id": <old id>, "to": <survivor>}`` per retired id, and `KnowledgeGraph.get`
follows it, so ``node(id:)`` and ``event(id:)`` answer for the old id too.

The table is kept resolved: every ``to`` names a record of the directory, never another
retired id, and no retired id is also a record's id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from graph.errors import DataError

REDIRECTS_FILE = "redirects.jsonl"


def read_redirects(data_dir: Path) -> dict[str, str]:
    """The redirect table of a data directory; empty when it has none.

    Raises:
        DataError: a line that is not ``{"id": …, "to": …}`` with two different ids.
    """
    path = Path(data_dir) / REDIRECTS_FILE
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(str(path), number, None, f"not valid JSON ({error.msg})") from None
        if not isinstance(raw, dict) or set(raw) != {"id", "to"}:
            raise DataError(str(path), number, None, 'each line must be {"id": <old id>, "to": <new id>}')
        old, new = raw["id"], raw["to"]
        if not isinstance(old, str) or not isinstance(new, str) or ":" not in old or ":" not in new:
            raise DataError(str(path), number, "id", f"ids must be prefixed strings, got {old!r} -> {new!r}")
        if old == new:
            raise DataError(str(path), number, "to", f"{old!r} redirects to itself")
        table[old] = new
    return table


def resolved(table: Mapping[str, str], live: set[str]) -> dict[str, str]:
    """The table with every chain followed to a live id; entries that reach none, or are live, dropped.

    >>> resolved({"event:a": "event:b", "event:b": "event:c"}, {"event:c"})
    {'event:a': 'event:c', 'event:b': 'event:c'}
    >>> resolved({"event:a": "event:b", "event:b": "event:a"}, set())
    {}
    """
    out: dict[str, str] = {}
    for old in table:
        if old in live:
            continue
        seen = {old}
        target = table[old]
        while target in table and target not in live and target not in seen:
            seen.add(target)
            target = table[target]
        if target in live:
            out[old] = target
    return dict(sorted(out.items()))


def redirect_lines(table: Mapping[str, str]) -> str:
    """The file text of a redirect table, sorted by old id, one JSON object a line."""
    return "".join(json.dumps({"id": old, "to": new}) + "\n" for old, new in sorted(table.items()))


__all__ = ["REDIRECTS_FILE", "read_redirects", "redirect_lines", "resolved"]
