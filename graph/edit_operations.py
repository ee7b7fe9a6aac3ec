"""Each edit operation: what ``createEvent``, ``mergePeople``… do to the records of a `Workspace`.

`apply_edit` runs one on a scratch copy first, so a bad input changes nothing; the checks
they share (the import's field rules, references, sizes) are in `graph.edits`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from graph.edits import (
    EVENT_FIELDS,
    LOCATION_FIELDS,
    PERSON_FIELDS,
    EditError,
    Workspace,
    check_dates,
    check_refs,
    checked,
    event_links,
    new_id,
    record_of,
)
from graph.models import Event, Kind, Location, Person
from graph.roles import PRECISE, Role

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


def _changes(kind: Kind, given: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """The checked fields an update gives; refused when it gives none of ``fields``."""
    values = checked(kind, given, fields)
    if not values:
        raise EditError("", f"nothing to change: give at least one of {sorted(fields)}")
    return values


def _create_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    values = checked(Kind.EVENT, given, EVENT_FIELDS)
    for required in ("title", "date", "category"):
        if required not in values:
            raise EditError(required, "is required")
    check_refs(ws, values)
    check_dates(values["date"], values.get("end_date"), "endDate")
    event = Event(id=new_id(Kind.EVENT, values["title"], ws.exists), **values)
    ws.put(event)
    return event.id


def _update_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    event: Event = record_of(ws, given.get("id"), Event)
    values = _changes(Kind.EVENT, given, EVENT_FIELDS)
    check_refs(ws, values)
    updated = dataclasses.replace(event, **values)
    check_dates(updated.date, updated.end_date, "endDate" if "end_date" in values else "date")
    ws.put(updated)
    return event.id


def _delete_event(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    event: Event = record_of(ws, given.get("id"), Event)
    ws.drop(event.id)
    return event.id


def _create_person(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    values = checked(Kind.PERSON, given, PERSON_FIELDS)
    if "name" not in values:
        raise EditError("name", "is required")
    check_dates(values.get("born"), values.get("died"), "died")
    person = Person(id=new_id(Kind.PERSON, values["name"], ws.exists), **values)
    ws.put(person)
    return person.id


def _update_person(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    person: Person = record_of(ws, given.get("id"), Person)
    values = _changes(Kind.PERSON, given, PERSON_FIELDS)
    updated = dataclasses.replace(person, **values)
    check_dates(updated.born, updated.died, "died")
    ws.put(updated)
    return person.id


def _create_location(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    values = checked(Kind.LOCATION, given, LOCATION_FIELDS)
    for required in ("name", "kind"):
        if required not in values:
            raise EditError(required, "is required")
    check_refs(ws, values)
    place = Location(id=new_id(Kind.LOCATION, values["name"], ws.exists), **values)
    ws.put(place)
    return place.id


def _update_location(ws: Workspace, given: Mapping[str, Any], _: Any) -> str:
    place: Location = record_of(ws, given.get("id"), Location)
    values = _changes(Kind.LOCATION, given, LOCATION_FIELDS)
    check_refs(ws, values)
    if values.get("part_of") == place.id:
        raise EditError("partOf", "a place cannot be part of itself")
    _refuse_place_cycle(ws, place.id, values.get("part_of"))
    ws.put(dataclasses.replace(place, **values))
    return place.id


def _refuse_place_cycle(ws: Workspace, place_id: str, part_of: str | None) -> None:
    """`part_of` stays a forest, as the import requires: a place may not lie inside its own part."""
    seen = {place_id}
    current = part_of
    while current is not None and current not in seen:
        seen.add(current)
        parent = ws.get(current)
        current = parent.part_of if isinstance(parent, Location) else None
    if current == place_id:
        raise EditError("partOf", f"{part_of} lies inside {place_id}: the place would end up inside itself")


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
    event: Event = record_of(ws, given.get("eventId"), Event, "eventId")
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
    event: Event = record_of(ws, given.get("eventId"), Event, "eventId")
    target = given.get("targetId")
    if not isinstance(target, str) or target not in event_links(event):
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
    survivor: Person = record_of(ws, given.get("survivorId"), Person, "survivorId")
    merged: Person = record_of(ws, given.get("mergedId"), Person, "mergedId")
    if survivor.id == merged.id:
        raise EditError("mergedId", "a record cannot be merged into itself")
    for event_id in ws.events_linking(merged.id, events_of):
        event = ws.get(event_id)
        if not isinstance(event, Event):
            continue
        role = event.role_of(merged.id)
        moved = _without(event, merged.id)
        if survivor.id not in event_links(moved):
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
    survivor: Event = record_of(ws, given.get("survivorId"), Event, "survivorId")
    merged: Event = record_of(ws, given.get("mergedId"), Event, "mergedId")
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


__all__ = ["OPERATIONS", "apply_edit"]
