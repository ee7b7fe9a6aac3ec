"""`audit.devchanged` finds the imported events a classifier change would move, and only those."""

from __future__ import annotations

import json
from pathlib import Path

from audit.devchanged import changes


def _write(folder: Path, name: str, rows: list[dict[str, object]]) -> None:
    (folder / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _event(event_id: str, title: str, category: str, by_classifier: bool) -> dict[str, object]:
    record = f"category {category} by rule …" if by_classifier else "line 1"
    return {
        "id": event_id,
        "title": title,
        "category": category,
        "sources": [{"name": "x", "record": record}],
    }


def test_only_classified_events_whose_verdict_differs_are_listed(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "events.jsonl",
        [
            # Filed under science by an older rule: today's classifier calls it an accident.
            _event("event:tunnel", "The Penmanshiel Tunnel collapses", "category:science-technology", True),
            # The same verdict today: not a change.
            _event("event:siege", "Titus ends the siege of Jerusalem", "category:military-warfare", True),
            # A curated category is never the classifier's to change.
            _event("event:curated", "The Penmanshiel Tunnel collapses", "category:science-technology", False),
        ],
    )
    _write(tmp_path, "people.jsonl", [])
    found, seen = changes(tmp_path)
    assert seen == 2
    assert [(c.event_id, c.old, c.new.category) for c in found] == [
        ("event:tunnel", "category:science-technology", "category:accidents-tragedies")
    ]
