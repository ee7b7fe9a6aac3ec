"""Write Wikipedia "On this day" pages for importer tests, in the shared data set's shape."""

from __future__ import annotations

import json
from pathlib import Path


def write_day(root: Path, kind: str, month: int, day: int, records: list[dict[str, object]]) -> None:
    """``root/kind/month/day.json`` holding ``records`` under ``kind`` (events, births, deaths)."""
    path = root / kind / str(month) / f"{day}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"wikipedia": "https://wikipedia.org/wiki/X", kind: records}), encoding="utf-8"
    )


def entry(year: str, description: str, *titles: str) -> dict[str, object]:
    """One day-page record: its year as written, its sentence and the articles it links."""
    links = [{"title": t, "wikipedia": "https://wikipedia.org/wiki/" + t.replace(" ", "_")} for t in titles]
    return {"year": year, "description": description, "wikipedia": links}
