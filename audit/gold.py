"""The gold files: load them and check that every judgement has the shape the audit reads.

`load` refuses a file that breaks the schema with the file, line and field to fix, so a
hand edit that mistypes a field fails the schema test instead of silently judging nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.rows import RowKey, is_gold

GOLD = Path(__file__).resolve().parent.parent / "tests" / "audit" / "gold"
#: The fresh sample: events drawn from a full import after the rules were tuned (`audit.fresh`).
FRESH = GOLD.parent / "fresh"

CATEGORIES = frozenset(
    f"category:{name}"
    for name in (
        "politics-government",
        "military-warfare",
        "accidents-tragedies",
        "crime-law",
        "space-exploration",
        "science-technology",
        "arts-culture",
        "sports",
        "natural-disasters",
        "religion",
        "business-economy",
        "exploration-discovery",
        "health-medicine",
        "social-movements",
    )
)
EVENT_FIELDS = {"date", "category", "people", "places", "headline", "same_event"}
PERSON_FIELDS = {"person", "name", "born", "died", "same_as"}


class GoldError(ValueError):
    """A gold file breaks the schema: which file, line and field, and why."""

    def __init__(self, file: str, line: int, field: str, reason: str) -> None:
        super().__init__(f"{file}, line {line}, field {field!r}: {reason}")
        self.file, self.line, self.field, self.reason = file, line, field, reason


@dataclass(frozen=True)
class Gold:
    events: list[dict[str, Any]]
    people: list[dict[str, Any]]
    days: list[dict[str, Any]]
    top_people: list[dict[str, Any]]


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as error:
            raise GoldError(path.name, number, "-", f"not JSON: {error.msg}") from None
        if not isinstance(row, dict):
            raise GoldError(path.name, number, "-", "expected one JSON object per line")
        rows.append((number, row))
    return rows


def _key(file: str, line: int, row: dict[str, Any], field: str = "key") -> None:
    key = row.get(field)
    if not isinstance(key, str):
        raise GoldError(file, line, field, "a row key '<data set>/<file>#<index>' is required")
    try:
        RowKey.parse(key)
    except ValueError as error:
        raise GoldError(file, line, field, str(error)) from None


def _names(file: str, line: int, row: dict[str, Any], field: str) -> None:
    value = row.get(field)
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise GoldError(file, line, field, "expected a list of Wikipedia titles, or null when not judged")


def _date(file: str, line: int, date: object) -> None:
    if not isinstance(date, dict):
        raise GoldError(file, line, "date", "expected an object")
    if "year_between" in date:
        span = date["year_between"]
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(y, int) for y in span)):
            raise GoldError(file, line, "date", "year_between needs [earliest, latest] years")
        return
    if not isinstance(date.get("year"), int) or date["year"] == 0:
        raise GoldError(file, line, "date.year", "a historical year is required (-44 = 44 BC; no year 0)")
    for part, top in (("month", 12), ("day", 31)):
        value = date.get(part)
        if value is not None and not (isinstance(value, int) and 1 <= value <= top):
            raise GoldError(file, line, f"date.{part}", f"expected 1-{top} or null")
    if date.get("calendar") not in ("julian", "gregorian"):
        raise GoldError(file, line, "date.calendar", "expected 'julian' or 'gregorian'")


def _common(file: str, line: int, row: dict[str, Any], fields: set[str], seen: set[str]) -> None:
    _key(file, line, row)
    key = row["key"]
    if not is_gold(key):
        raise GoldError(file, line, "key", f"{key} is a development row (odd first sha256 digit)")
    if key in seen:
        raise GoldError(file, line, "key", f"{key} is judged twice")
    seen.add(key)
    unsure = row.get("unsure", [])
    if not isinstance(unsure, list) or not set(unsure) <= fields:
        raise GoldError(file, line, "unsure", f"expected a list of fields among {sorted(fields)}")
    if not isinstance(row.get("why", {}), dict):
        raise GoldError(file, line, "why", "expected an object: field -> reason")
    _rejudged(file, line, row)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _rejudged(file: str, line: int, row: dict[str, Any]) -> None:
    # A judgement corrected after the fact keeps its history on the row: when, what it was and
    # why the new one stands, so no figure moves by an edit nobody can read back.
    notes = row.get("rejudged", [])
    if not isinstance(notes, list):
        raise GoldError(file, line, "rejudged", "expected a list of {date, field, old, why}")
    for note in notes:
        if not (
            isinstance(note, dict)
            and isinstance(note.get("date"), str)
            and _DAY.fullmatch(note["date"])
            and note.get("field") in row
            and "old" in note
            and isinstance(note.get("why"), str)
            and note["why"].strip()
        ):
            raise GoldError(
                file, line, "rejudged", "each note needs a date (YYYY-MM-DD), its field, old and why"
            )


def check_event(file: str, line: int, row: dict[str, Any], seen: set[str]) -> None:
    _common(file, line, row, EVENT_FIELDS, seen)
    _date(file, line, row.get("date"))
    if row.get("category") not in CATEGORIES:
        raise GoldError(file, line, "category", "expected one of the project's 14 category ids")
    _names(file, line, row, "participants")
    _names(file, line, row, "mentions")
    places = row.get("places")
    if places is not None:
        if not isinstance(places, list):
            raise GoldError(file, line, "places", "expected a list of {name, country}, or null")
        for place in places:
            if not (isinstance(place, dict) and isinstance(place.get("name"), str)):
                raise GoldError(file, line, "places", "each place needs a 'name'")
            country = place.get("country")
            if country is not None and not (isinstance(country, str) and len(country) == 2):
                raise GoldError(file, line, "places", f"{place['name']}: country is an ISO 3166 code or null")
    headline = row.get("headline")
    if not isinstance(headline, str) or not headline or len(headline) > 90 or headline.endswith("…"):
        raise GoldError(file, line, "headline", "a headline of 1-90 characters, not cut with '…'")
    for field in ("same_event", "not_same"):
        for other in row.get(field, []):
            _key(file, line, {field: other}, field)
    titles = row.get("titles_judged", {})
    if not (isinstance(titles, dict) and all(isinstance(v, bool) for v in titles.values())):
        raise GoldError(
            file, line, "titles_judged", "an object: title -> true (acceptable headline) or false"
        )


def check_person(file: str, line: int, row: dict[str, Any], seen: set[str]) -> None:
    _common(file, line, row, PERSON_FIELDS, seen)
    if not isinstance(row.get("person"), bool):
        raise GoldError(
            file, line, "person", "true for a person, false for a non-person (a grouped entry's header)"
        )
    if row["person"] and not isinstance(row.get("name"), str):
        raise GoldError(file, line, "name", "the person's Wikipedia title is required")
    for field in ("born", "died"):
        if row.get(field) is not None and not isinstance(row[field], int):
            raise GoldError(file, line, field, "a year or null")
    for other in row.get("same_as", []):
        _key(file, line, {"same_as": other}, "same_as")


def check_day(file: str, line: int, row: dict[str, Any], seen: set[str]) -> None:
    day = row.get("day")
    if not (isinstance(day, str) and len(day) == 5 and day[2] == "-"):
        raise GoldError(file, line, "day", "expected 'MM-DD'")
    if day in seen:
        raise GoldError(file, line, "day", f"{day} is judged twice")
    seen.add(day)
    groups = row.get("same_event")
    if not isinstance(groups, list):
        raise GoldError(file, line, "same_event", "expected a list of groups of row keys")
    categories = row.get("categories", {})
    if not isinstance(categories, dict):
        raise GoldError(file, line, "categories", "an object: row key -> acceptable categories")
    for key, allowed in categories.items():
        _key(file, line, {"categories": key}, "categories")
        if not (isinstance(allowed, list) and allowed and set(allowed) <= CATEGORIES):
            raise GoldError(file, line, "categories", f"{key}: a list of the project's category ids")
    for group in groups:
        if not (isinstance(group, list) and len(group) >= 2):
            raise GoldError(file, line, "same_event", "each group lists at least two row keys")
        for key in group:
            _key(file, line, {"same_event": key}, "same_event")


def check_top_person(file: str, line: int, row: dict[str, Any], seen: set[str]) -> None:
    name = row.get("name")
    if not isinstance(name, str) or not name:
        raise GoldError(file, line, "name", "the person's name as the import gave it")
    if name in seen:
        raise GoldError(file, line, "name", f"{name} is judged twice")
    seen.add(name)
    if not isinstance(row.get("person"), bool):
        raise GoldError(file, line, "person", "true for a person, false for a non-person")
    rows = row.get("rows")
    if not (isinstance(rows, list) and rows):
        raise GoldError(file, line, "rows", "the keys of every source row that is this person")
    for key in rows:
        _key(file, line, {"rows": key}, "rows")


def load(folder: Path = GOLD) -> Gold:
    """Every gold file, checked; raises `GoldError` at the first judgement that breaks the schema."""
    parts: dict[str, list[dict[str, Any]]] = {}
    checks = (
        ("events", check_event),
        ("people", check_person),
        ("days", check_day),
        ("top_people", check_top_person),
    )
    for name, check in checks:
        path = folder / f"{name}.jsonl"
        seen: set[str] = set()
        rows = []
        for line, row in _lines(path) if path.exists() else []:
            check(path.name, line, row, seen)
            rows.append(row)
        parts[name] = rows
    return Gold(parts["events"], parts["people"], parts["days"], parts["top_people"])


def load_fresh(folder: Path = FRESH) -> list[dict[str, Any]]:
    """The fresh sample's judged events, checked as gold events are; empty when there is none."""
    path = folder / "events.jsonl"
    seen: set[str] = set()
    rows = []
    for line, row in _lines(path) if path.exists() else []:
        check_event(path.name, line, row, seen)
        rows.append(row)
    return rows
