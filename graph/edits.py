"""Edits: one curator's change to the records, checked by the import's rules, applied on top of them.

An edit is an operation name and its input, plain JSON (``{"op": "updateEvent", "input":
{"id": "event:…", "title": "…"}}``), so the store of record keeps it as it came and every
load replays it the same way. `apply_edit` reads records through a `Workspace` (the
loaded graph plus the edits applied so far) and writes what it changes there; it never
touches the graph itself. A bad input raises `EditError` and changes nothing.

Fields are checked by `graph.records.record_from_json`, the same reader the import uses
(dates as EDTF, id shapes, roles from `graph.roles`); on top of it, text is NFC-normalised
and held to size limits, and every reference must name a record of the right kind.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from graph.dates import HistoricalDate
from graph.errors import ClioError
from graph.models import Event, Kind, Link, Location, Person, Record, Source
from graph.records import record_from_json
from graph.roles import PRECISE, Role
from graph.text import fold

#: The longest text each field may hold, in characters (after NFC).
MAX_LENGTH = {"title": 300, "name": 300, "summary": 5_000, "description": 5_000, "reason": 2_000}
DEFAULT_MAX_LENGTH = 5_000

#: Every operation, by its GraphQL mutation name.
OPERATIONS = (
    "createEvent",
    "updateEvent",
    "deleteEvent",
    "createPerson",
    "updatePerson",
    "createLocation",
    "updateLocation",
    "linkEvent",
    "unlinkEvent",
    "mergePeople",
    "mergeEvents",
)

# Input names (GraphQL's camel case) -> the canonical files' field names, per kind.
_EVENT_FIELDS = {
    "title": "title",
    "date": "date",
    "endDate": "end_date",
    "category": "category",
    "summary": "summary",
    "whatHappened": "what_happened",
    "whyItMatters": "why_it_matters",
}
_PERSON_FIELDS = {
    "name": "name",
    "born": "born",
    "died": "died",
    "description": "description",
    "aliases": "aliases",
}
_LOCATION_FIELDS = {
    "name": "name",
    "kind": "kind",
    "partOf": "part_of",
    "description": "description",
    "aliases": "aliases",
}
# What a check needs filled in so that only the input's own fields are judged.
_PLACEHOLDERS: dict[Kind, dict[str, Any]] = {
    Kind.EVENT: {"title": "x", "date": "2000", "category": "category:x"},
    Kind.PERSON: {"name": "x"},
    Kind.LOCATION: {"name": "x", "kind": "site"},
}


class EditError(ClioError, ValueError):
    """An edit that cannot be applied: which input field is wrong, and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


class VanishedTarget(EditError):
    """An applied edit whose record is no longer in the imported data."""

    def __init__(self, target: str) -> None:
        super().__init__("id", f"{target!r} is not in the graph (removed by a later import, or merged away)")
        self.target = target


class Workspace:
    """The records as edits see them: the graph's, then what the edits so far changed.

    ``changed`` maps an id to its new record, or to None once deleted; ``redirects`` maps a
    merged-away id to its survivor. ``lookup`` reads the graph underneath.
    """

    def __init__(
        self,
        lookup: Callable[[str], Record | None],
        known: Callable[[str], bool],
        parent: Workspace | None = None,
    ) -> None:
        self._lookup = lookup
        self._known = known
        self.parent = parent  # a scratch copy's workspace: what it has changed counts too
        self.changed: dict[str, Record | None] = {}
        self.redirects: dict[str, str] = {}

    def get(self, node_id: str) -> Record | None:
        if node_id in self.changed:
            return self.changed[node_id]
        return self._lookup(node_id)

    def exists(self, node_id: str) -> bool:
        if node_id in self.changed:
            return self.changed[node_id] is not None
        return self._known(node_id)

    def put(self, record: Record) -> None:
        self.changed[record.id] = record

    def drop(self, node_id: str) -> None:
        self.changed[node_id] = None

    def events_linking(self, node_id: str, events: Callable[[str], tuple[str, ...]]) -> list[str]:
        """Events that link ``node_id`` now: the graph's, corrected by the edits so far."""
        changed = self.all_changed()
        found = [e for e in events(node_id) if e not in changed]
        found += [i for i, r in changed.items() if isinstance(r, Event) and node_id in _event_links(r)]
        return found

    def all_changed(self) -> dict[str, Record | None]:
        """What this workspace and the ones under it changed, the newest winning."""
        below = self.parent.all_changed() if self.parent is not None else {}
        return {**below, **self.changed}


def plain(value: Any) -> Any:
    """A record's field value as JSON: dates as EDTF, links and sources as objects."""
    if isinstance(value, HistoricalDate):
        return value.to_edtf()
    if isinstance(value, (Link, Source)):
        return {k: v for k, v in dataclasses.asdict(value).items() if v is not None}
    if isinstance(value, Role):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def diff(before: Record | None, after: Record | None) -> dict[str, list[Any]]:
    """Field -> [old, new] for every field that differs (a whole record for a creation or deletion)."""
    shape = before if before is not None else after
    names = [f.name for f in dataclasses.fields(shape)] if shape is not None else []
    changes = {}
    for name in names:
        old = plain(getattr(before, name)) if before is not None else None
        new = plain(getattr(after, name)) if after is not None else None
        if old != new:
            changes[name] = [old, new]
    return changes


def _text(field: str, value: Any) -> Any:
    """NFC text within its size limit; lists of texts item by item."""
    if isinstance(value, list):
        return [_text(field, v) for v in value]
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).strip()
    limit = MAX_LENGTH.get(field, DEFAULT_MAX_LENGTH)
    if len(value) > limit:
        raise EditError(field, f"is {len(value)} characters long; at most {limit} are allowed")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        raise EditError(field, "holds a control character")
    return value


def _checked(kind: Kind, given: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """The given fields as record values, read by the import's own reader; EditError if any is wrong."""
    raw: dict[str, Any] = dict(_PLACEHOLDERS[kind])
    wanted: dict[str, str] = {}
    for key, value in given.items():
        if key not in names or value is None:
            continue
        raw[names[key]] = _text(key, value)
        wanted[names[key]] = key
    raw["id"] = f"{kind.value}:x"
    built = record_from_json(kind, raw)
    if isinstance(built, list):
        problem = built[0]
        field = wanted.get(problem.field.split(".")[0], problem.field)
        raise EditError(field, problem.message)
    return {field: getattr(built, field) for field in wanted}


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:60].strip("-")
    return slug or "record"


def new_id(kind: Kind, text: str, exists: Callable[[str], bool]) -> str:
    """A fresh id from a title or name: ``event:moon-landing``, then ``-2``, ``-3``… when taken."""
    base = f"{kind.value}:{_slug(text)}"
    candidate, n = base, 1
    while exists(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _record(ws: Workspace, node_id: Any, cls: type[Record], field: str = "id") -> Any:
    if not isinstance(node_id, str):
        raise EditError(field, "is required")
    record = ws.get(node_id)
    if record is None:
        if ws.exists(node_id) or node_id.split(":", 1)[0] in {k.value for k in Kind}:
            raise EditError(field, f"{node_id!r} is not in the graph")
        raise EditError(field, f"{node_id!r} is not an id (ids look like 'event:moon-landing')")
    if not isinstance(record, cls):
        raise EditError(field, f"{node_id!r} is not a {cls.__name__.lower()}")
    return record


def _check_refs(ws: Workspace, values: Mapping[str, Any]) -> None:
    kinds = {"category": Kind.CATEGORY, "part_of": Kind.LOCATION}
    for field, kind in kinds.items():
        ref = values.get(field)
        if ref is not None and (not ws.exists(ref) or not ref.startswith(f"{kind.value}:")):
            raise EditError(field, f"{ref!r} is not a {kind.value} in the graph")


def _event_links(event: Event) -> set[str]:
    return {*event.people, *event.mentions, *event.locations, *event.organizations, *event.tags}


def _check_dates(start: HistoricalDate | None, end: HistoricalDate | None, field: str) -> None:
    if start is not None and end is not None and end.latest() < start.earliest():
        raise EditError(field, f"{end.to_edtf()} is before {start.to_edtf()}")


def apply_edit(
    ws: Workspace, op: str, given: Mapping[str, Any], events_of: Callable[[str], tuple[str, ...]]
) -> str:
    """Apply one edit to ``ws``; the id of the record it shaped (a new record's fresh id).

    ``events_of`` lists the events the graph links to an id (for merges and deletions).

    Raises:
        EditError: the input is wrong, or names a record that is not there; ``ws`` is unchanged.
    """
    handler = _HANDLERS.get(op)
    if handler is None:
        raise EditError("op", f"unknown operation {op!r}; expected one of {list(OPERATIONS)}")
    # Applied to a scratch copy first, so a failure half-way leaves nothing behind.
    scratch = Workspace(ws.get, ws.exists, ws)
    target = handler(scratch, given, events_of)
    ws.changed.update(scratch.changed)
    ws.redirects.update(scratch.redirects)
    return target


def _create_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    values = _checked(Kind.EVENT, given, _EVENT_FIELDS)
    for required in ("title", "date", "category"):
        if required not in values:
            raise EditError(required, "is required")
    _check_refs(ws, values)
    _check_dates(values["date"], values.get("end_date"), "endDate")
    event = Event(id=new_id(Kind.EVENT, values["title"], ws.exists), **values)
    ws.put(event)
    return event.id


def _update_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    event: Event = _record(ws, given.get("id"), Event)
    values = _checked(Kind.EVENT, given, _EVENT_FIELDS)
    if not values:
        raise EditError("", f"nothing to change: give at least one of {sorted(_EVENT_FIELDS)}")
    _check_refs(ws, values)
    updated = dataclasses.replace(event, **values)
    _check_dates(updated.date, updated.end_date, "endDate" if "end_date" in values else "date")
    ws.put(updated)
    return event.id


def _delete_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    event: Event = _record(ws, given.get("id"), Event)
    ws.drop(event.id)
    return event.id


def _create_person(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    values = _checked(Kind.PERSON, given, _PERSON_FIELDS)
    if "name" not in values:
        raise EditError("name", "is required")
    _check_dates(values.get("born"), values.get("died"), "died")
    person = Person(id=new_id(Kind.PERSON, values["name"], ws.exists), **values)
    ws.put(person)
    return person.id


def _update_person(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    person: Person = _record(ws, given.get("id"), Person)
    values = _checked(Kind.PERSON, given, _PERSON_FIELDS)
    if not values:
        raise EditError("", f"nothing to change: give at least one of {sorted(_PERSON_FIELDS)}")
    updated = dataclasses.replace(person, **values)
    _check_dates(updated.born, updated.died, "died")
    ws.put(updated)
    return person.id


def _create_location(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    values = _checked(Kind.LOCATION, given, _LOCATION_FIELDS)
    for required in ("name", "kind"):
        if required not in values:
            raise EditError(required, "is required")
    _check_refs(ws, values)
    place = Location(id=new_id(Kind.LOCATION, values["name"], ws.exists), **values)
    ws.put(place)
    return place.id


def _update_location(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    place: Location = _record(ws, given.get("id"), Location)
    values = _checked(Kind.LOCATION, given, _LOCATION_FIELDS)
    if not values:
        raise EditError("", f"nothing to change: give at least one of {sorted(_LOCATION_FIELDS)}")
    _check_refs(ws, values)
    if values.get("part_of") == place.id:
        raise EditError("partOf", "a place cannot be part of itself")
    ws.put(dataclasses.replace(place, **values))
    return place.id


_LINK_FIELD = {
    Kind.PERSON: "people",
    Kind.LOCATION: "locations",
    Kind.ORGANIZATION: "organizations",
    Kind.TAG: "tags",
}


def _link_kind(ws: Workspace, target: Any) -> Kind:
    if not isinstance(target, str) or not ws.exists(target):
        raise EditError("targetId", f"{target!r} is not in the graph")
    kind = Kind(target.split(":", 1)[0])
    if kind not in _LINK_FIELD:
        raise EditError(
            "targetId", f"an event links people, places, organisations and tags, not a {kind.value}"
        )
    return kind


def _without(event: Event, target: str) -> Event:
    return dataclasses.replace(
        event,
        people=tuple(p for p in event.people if p != target),
        mentions=tuple(p for p in event.mentions if p != target),
        roles=tuple(r for r in event.roles if r[0] != target),
        locations=tuple(p for p in event.locations if p != target),
        organizations=tuple(o for o in event.organizations if o != target),
        tags=tuple(t for t in event.tags if t != target),
    )


def _link_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    event: Event = _record(ws, given.get("eventId"), Event, "eventId")
    target = given.get("targetId")
    kind = _link_kind(ws, target)
    assert isinstance(target, str)
    role_text = given.get("role")
    if role_text is not None and kind is not Kind.PERSON:
        raise EditError("role", "only a person's link has a role")
    try:
        role = Role(role_text) if role_text is not None else Role.PARTICIPANT
    except ValueError:
        raise EditError("role", f"must be one of {[r.value for r in Role]}, got {role_text!r}") from None
    linked = _without(event, target)
    if kind is Kind.PERSON and role is Role.MENTIONS:
        linked = dataclasses.replace(linked, mentions=(*linked.mentions, target))
    elif kind is Kind.PERSON:
        roles = (*linked.roles, (target, role)) if role in PRECISE else linked.roles
        linked = dataclasses.replace(linked, people=(*linked.people, target), roles=roles)
    else:
        field = _LINK_FIELD[kind]
        grown: dict[str, Any] = {field: (*getattr(linked, field), target)}
        linked = dataclasses.replace(linked, **grown)
    if linked == event:
        raise EditError("targetId", f"{event.id!r} already links {target!r} with this role")
    ws.put(linked)
    return event.id


def _unlink_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    event: Event = _record(ws, given.get("eventId"), Event, "eventId")
    target = given.get("targetId")
    if not isinstance(target, str) or target not in _event_links(event):
        raise EditError("targetId", f"{event.id!r} does not link {target!r}")
    ws.put(_without(event, target))
    return event.id


def _merged_sources(survivor: Any, merged: Any) -> dict[str, Any]:
    """What the survivor keeps of the merged record: its name as an alias, links and sources."""
    kept: dict[str, Any] = {
        "links": tuple(dict.fromkeys((*survivor.links, *merged.links))),
        "sources": tuple(dict.fromkeys((*survivor.sources, *merged.sources))),
    }
    if isinstance(survivor, Person):
        names = [*survivor.aliases, merged.name, *merged.aliases]
        kept["aliases"] = tuple(n for n in dict.fromkeys(names) if n != survivor.name)
        kept["born"] = survivor.born or merged.born
        kept["died"] = survivor.died or merged.died
        kept["description"] = survivor.description or merged.description
    return kept


def _merge_people(
    ws: Workspace, given: Mapping[str, Any], events_of: Callable[[str], tuple[str, ...]]
) -> str:
    survivor: Person = _record(ws, given.get("survivorId"), Person, "survivorId")
    merged: Person = _record(ws, given.get("mergedId"), Person, "mergedId")
    if survivor.id == merged.id:
        raise EditError("mergedId", "a record cannot be merged into itself")
    for event_id in ws.events_linking(merged.id, events_of):
        event = ws.get(event_id)
        if not isinstance(event, Event):
            continue
        role = event.role_of(merged.id)
        moved = _without(event, merged.id)
        if survivor.id not in _event_links(moved):
            if role is Role.MENTIONS:
                moved = dataclasses.replace(moved, mentions=(*moved.mentions, survivor.id))
            else:
                roles = (*moved.roles, (survivor.id, role)) if role in PRECISE else moved.roles
                moved = dataclasses.replace(moved, people=(*moved.people, survivor.id), roles=roles)
        ws.put(moved)
    ws.put(dataclasses.replace(survivor, **_merged_sources(survivor, merged)))
    ws.drop(merged.id)
    ws.redirects[merged.id] = survivor.id
    return survivor.id


def _merge_events(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    survivor: Event = _record(ws, given.get("survivorId"), Event, "survivorId")
    merged: Event = _record(ws, given.get("mergedId"), Event, "mergedId")
    if survivor.id == merged.id:
        raise EditError("mergedId", "a record cannot be merged into itself")
    joined = dataclasses.replace(
        survivor,
        locations=tuple(dict.fromkeys((*survivor.locations, *merged.locations))),
        organizations=tuple(dict.fromkeys((*survivor.organizations, *merged.organizations))),
        tags=tuple(dict.fromkeys((*survivor.tags, *merged.tags))),
        people=tuple(
            dict.fromkeys((*survivor.people, *(p for p in merged.people if p not in survivor.mentions)))
        ),
        summary=survivor.summary or merged.summary,
        **_merged_sources(survivor, merged),
    )
    joined = dataclasses.replace(joined, mentions=tuple(m for m in joined.mentions if m not in joined.people))
    ws.put(joined)
    ws.drop(merged.id)
    ws.redirects[merged.id] = survivor.id
    return survivor.id


_HANDLERS: dict[str, Callable[[Workspace, Mapping[str, Any], Callable[[str], tuple[str, ...]]], str]] = {
    "createEvent": _create_event,
    "updateEvent": _update_event,
    "deleteEvent": _delete_event,
    "createPerson": _create_person,
    "updatePerson": _update_person,
    "createLocation": _create_location,
    "updateLocation": _update_location,
    "linkEvent": _link_event,
    "unlinkEvent": _unlink_event,
    "mergePeople": _merge_people,
    "mergeEvents": _merge_events,
}

__all__ = ["OPERATIONS", "EditError", "VanishedTarget", "Workspace", "apply_edit", "diff", "new_id", "plain"]
