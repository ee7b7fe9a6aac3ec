"""Canonical JSON records -> domain records, checking every field on the way.

The JSON Schema in ``data/schema/clio.schema.json`` documents the format for people;
this module enforces the same rules fast enough for a million lines, and says what is
wrong in the words of the file (field names as written there). It never half-reads a
record: either a whole record comes back, or a list of `FieldProblem`s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.dates import HistoricalDate
from graph.errors import DateError
from graph.models import (
    Category,
    Coordinates,
    Event,
    Image,
    Kind,
    Link,
    Location,
    Organization,
    PartOf,
    Person,
    Record,
    Source,
    Tag,
)
from graph.roles import PRECISE, Role

_ID = {kind: re.compile(rf"^{kind.value}:[a-z0-9]+(?:-[a-z0-9]+)*$") for kind in Kind}
LOCATION_KINDS = frozenset(
    {"country", "historical-state", "region", "state", "city", "site", "body-of-water", "continent"}
)
#: The calendars an event's dates may be stated in ("gregorian" is the default, left out).
CALENDARS = frozenset({"gregorian", "julian"})
ORGANIZATION_KINDS = frozenset(
    {
        "army",
        "party",
        "movement",
        "government",
        "company",
        "international",
        "armed-group",
        "religious",
        "other",
    }
)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    message: str


class _Reader:
    """Reads fields of one raw record, collecting problems instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any], allowed: frozenset[str]) -> None:
        self.raw = raw
        self.problems: list[FieldProblem] = []
        for name in raw:
            if name not in allowed:
                self.problems.append(FieldProblem(name, f"unknown field; expected one of {sorted(allowed)}"))

    def fail(self, field: str, message: str) -> None:
        self.problems.append(FieldProblem(field, message))

    def text(self, field: str, required: bool = False) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                self.fail(field, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"must be a non-empty string, got {value!r}")
            return None
        return value

    def id(self, kind: Kind, field: str = "id") -> str:
        value = self.text(field, required=True)
        if value is not None and not _ID[kind].match(value):
            self.fail(
                field, f"must look like '{kind.value}:some-slug' (lower case, digits, hyphens), got {value!r}"
            )
        return value or ""

    def one_of(self, field: str, allowed: frozenset[str], required: bool = False) -> str | None:
        value = self.text(field, required)
        if value is not None and value not in allowed:
            self.fail(field, f"must be one of {sorted(allowed)}, got {value!r}")
        return value

    def date(self, field: str, required: bool = False, calendar: str = "gregorian") -> HistoricalDate | None:
        value = self.text(field, required)
        if value is None:
            return None
        try:
            return HistoricalDate.parse(value, calendar)
        except DateError as error:
            self.fail(field, error.reason if error.reason else str(error))
            return None

    def number(self, field: str, low: float, high: float) -> float | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.fail(field, f"must be a number from {low} to {high}, got {value!r}")
            return None
        return float(value)

    def _list(self, field: str) -> list[Any]:
        value = self.raw.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, f"must be a list, got {type(value).__name__}")
            return []
        return value

    def texts(self, field: str) -> tuple[str, ...]:
        items = self._list(field)
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{field}.{index}", f"must be a non-empty string, got {item!r}")
                return ()
        return tuple(items)

    def refs(self, field: str, kind: Kind) -> tuple[str, ...]:
        items = self.texts(field)
        seen: set[str] = set()
        for index, item in enumerate(items):
            if not item.startswith(f"{kind.value}:"):
                self.fail(f"{field}.{index}", f"must be a {kind.value} id ('{kind.value}:…'), got {item!r}")
            if item in seen:
                self.fail(f"{field}.{index}", f"lists {item!r} twice")
            seen.add(item)
        return items

    def roles(self, people: tuple[str, ...]) -> tuple[tuple[str, Role], ...]:
        """``roles``: an object from a participant's id to a role more precise than "participant"."""
        value = self.raw.get("roles")
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.fail("roles", f"must be an object from person id to role, got {type(value).__name__}")
            return ()
        allowed = sorted(role.value for role in PRECISE)
        found = []
        for person, role in value.items():
            if person not in people:
                self.fail(f"roles.{person}", "names a person who is not in 'people' (mentions have no role)")
            elif role not in allowed:
                self.fail(f"roles.{person}", f"must be one of {allowed}, got {role!r}")
            else:
                found.append((person, Role(role)))
        return tuple(found)

    def _objects(
        self, field: str, build: Callable[[Mapping[str, Any]], Any], keys: frozenset[str]
    ) -> tuple[Any, ...]:
        built = []
        for index, item in enumerate(self._list(field)):
            where = f"{field}.{index}"
            if not isinstance(item, dict):
                self.fail(where, f"must be an object, got {item!r}")
                continue
            unknown = set(item) - keys
            if unknown:
                self.fail(where, f"has unknown keys {sorted(unknown)}; expected {sorted(keys)}")
                continue
            try:
                built.append(build(item))
            except (KeyError, TypeError, ValueError) as error:
                self.fail(where, f"is incomplete or malformed ({error})")
        return tuple(built)

    def links(self) -> tuple[Link, ...]:
        def build(item: Mapping[str, Any]) -> Link:
            title, url = item["title"], item["url"]
            if (
                not isinstance(title, str)
                or not isinstance(url, str)
                or not url.startswith(("http://", "https://"))
            ):
                raise ValueError("needs a title and an http(s) url")
            return Link(title=title, url=url)

        return self._objects("links", build, frozenset({"title", "url"}))

    def image(self) -> Image | None:
        value = self.raw.get("image")
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) - {"url", "source"}:
            self.fail("image", 'must be an object {"url": …, "source": …}')
            return None
        url, source = value.get("url"), value.get("source")
        for name, text in (("url", url), ("source", source)):
            if text is not None and not (isinstance(text, str) and text.startswith("https://")):
                self.fail(f"image.{name}", f"must be an https:// URL, got {text!r}")
                return None
        if url is None:
            self.fail("image.url", "an image needs its url")
            return None
        return Image(url=url, source=source)

    def part_of_dated(self) -> tuple[PartOf, ...]:
        def build(item: Mapping[str, Any]) -> PartOf:
            place = item["id"]
            if not isinstance(place, str) or not place.startswith("location:"):
                raise ValueError(f"id must be a location id, got {place!r}")
            start, end = (_edtf(item.get(key)) for key in ("start", "end"))
            if start is not None and end is not None and start.earliest() > end.latest():
                raise ValueError("start is after end")
            return PartOf(place, start, end)

        return self._objects("part_of_dated", build, frozenset({"id", "start", "end"}))

    def sources(self) -> tuple[Source, ...]:
        def build(item: Mapping[str, Any]) -> Source:
            if not isinstance(item["name"], str):
                raise ValueError("name must be a string")
            return Source(
                name=item["name"], file=item.get("file"), record=item.get("record"), url=item.get("url")
            )

        return self._objects("sources", build, frozenset({"name", "file", "record", "url"}))


def _edtf(value: object) -> HistoricalDate | None:
    """A date inside an object (``part_of_dated.0.end``); a DateError says what is wrong with it."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"dates are EDTF strings, got {value!r}")
    try:
        return HistoricalDate.parse(value)
    except DateError as error:
        raise ValueError(error.reason or str(error)) from None


def _category(r: _Reader) -> Category:
    return Category(
        id=r.id(Kind.CATEGORY), name=r.text("name", True) or "", description=r.text("description")
    )


def _tag(r: _Reader) -> Tag:
    return Tag(id=r.id(Kind.TAG), name=r.text("name", True) or "", aliases=r.texts("aliases"))


def _location(r: _Reader) -> Location:
    lat, lon = r.number("lat", -90, 90), r.number("lon", -180, 180)
    if (lat is None) != (lon is None):
        r.fail("lat" if lat is None else "lon", "lat and lon come together or not at all")
    parent = r.text("part_of")
    if parent is not None and not parent.startswith("location:"):
        r.fail("part_of", f"must be a location id, got {parent!r}")
    dated = r.part_of_dated()
    if dated and parent is not None:
        r.fail("part_of", "give part_of or part_of_dated, not both: part_of_dated's open link is today's")
    if dated:
        # Today's parent, for the present-day nesting every other query reads.
        parent = next((link.id for link in dated if link.end is None), None)
    return Location(
        id=r.id(Kind.LOCATION),
        name=r.text("name", True) or "",
        kind=r.one_of("kind", LOCATION_KINDS, True) or "",
        aliases=r.texts("aliases"),
        part_of=parent,
        coordinates=Coordinates(lat, lon) if lat is not None and lon is not None else None,
        iso_code=r.text("iso_code"),
        start=r.date("start"),
        end=r.date("end"),
        description=r.text("description"),
        sources=r.sources(),
        part_of_dated=dated,
        links=r.links(),
    )


def _person(r: _Reader) -> Person:
    born, died = r.date("born"), r.date("died")
    if born and died and died.latest() < born.earliest():
        r.fail("died", f"{died.to_edtf()} is before born {born.to_edtf()}")
    return Person(
        id=r.id(Kind.PERSON),
        name=r.text("name", True) or "",
        aliases=r.texts("aliases"),
        born=born,
        died=died,
        description=r.text("description"),
        links=r.links(),
        sources=r.sources(),
    )


def _organization(r: _Reader) -> Organization:
    return Organization(
        id=r.id(Kind.ORGANIZATION),
        name=r.text("name", True) or "",
        kind=r.one_of("kind", ORGANIZATION_KINDS, True) or "",
        aliases=r.texts("aliases"),
        description=r.text("description"),
        sources=r.sources(),
    )


def _event(r: _Reader) -> Event:
    # EDTF names no calendar: an event stated Old Style (Julian) says so beside its dates.
    calendar = r.one_of("calendar", CALENDARS) or "gregorian"
    date, end = r.date("date", True, calendar), r.date("end_date", calendar=calendar)
    if date and end and end.latest() < date.earliest():
        r.fail("end_date", f"{end.to_edtf()} is before date {date.to_edtf()}")
    category = r.text("category", True)
    if category is not None and not category.startswith("category:"):
        r.fail("category", f"must be a category id, got {category!r}")
    people, mentions = r.refs("people", Kind.PERSON), r.refs("mentions", Kind.PERSON)
    for index, person in enumerate(mentions):
        if person in people:
            r.fail(f"mentions.{index}", f"{person!r} is in 'people' too: a person takes part or is mentioned")
    return Event(
        id=r.id(Kind.EVENT),
        title=r.text("title", True) or "",
        date=date or HistoricalDate(1),
        category=category or "",
        end_date=end,
        locations=r.refs("locations", Kind.LOCATION),
        people=people,
        organizations=r.refs("organizations", Kind.ORGANIZATION),
        tags=r.refs("tags", Kind.TAG),
        summary=r.text("summary"),
        highlights=r.texts("highlights"),
        what_happened=r.text("what_happened"),
        why_it_matters=r.text("why_it_matters"),
        links=r.links(),
        sources=r.sources(),
        mentions=mentions,
        roles=r.roles(people),
        image=r.image(),
    )


#: The fields of each kind, in the order canonical files write them (and the JSON Schema lists them).
FIELD_ORDER: dict[Kind, tuple[str, ...]] = {
    Kind.CATEGORY: ("id", "name", "description"),
    Kind.TAG: ("id", "name", "aliases"),
    Kind.LOCATION: (
        "id", "name", "kind", "aliases", "part_of", "part_of_dated", "lat", "lon", "iso_code", "start", "end",
        "description", "links", "sources",
    ),
    Kind.PERSON: ("id", "name", "aliases", "born", "died", "description", "links", "sources"),
    Kind.ORGANIZATION: ("id", "name", "kind", "aliases", "description", "sources"),
    Kind.EVENT: (
        "id", "title", "date", "end_date", "calendar", "category", "locations", "people", "mentions",
        "roles", "organizations", "tags", "summary", "highlights", "what_happened", "why_it_matters", "links",
        "image", "sources",
    ),
}  # fmt: skip
_ALLOWED = {kind: frozenset(fields) for kind, fields in FIELD_ORDER.items()}

_BUILDERS: dict[Kind, Callable[[_Reader], Record]] = {
    Kind.CATEGORY: _category,
    Kind.TAG: _tag,
    Kind.LOCATION: _location,
    Kind.PERSON: _person,
    Kind.ORGANIZATION: _organization,
    Kind.EVENT: _event,
}


def record_from_json(kind: Kind, raw: Any) -> Record | list[FieldProblem]:
    """Build the record of ``kind`` from one decoded JSON line, or say everything wrong with it."""
    if not isinstance(raw, dict):
        return [FieldProblem("", f"each line must be a JSON object, got {type(raw).__name__}")]
    reader = _Reader(raw, _ALLOWED[kind])
    record = _BUILDERS[kind](reader)
    return reader.problems or record


__all__ = ["FIELD_ORDER", "LOCATION_KINDS", "ORGANIZATION_KINDS", "FieldProblem", "record_from_json"]
