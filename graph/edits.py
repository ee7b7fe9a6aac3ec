"""Edits: one curator's change to the records, checked by the import's rules, applied on top of them.

An edit is an operation name and its input, plain JSON (``{"op": "updateEvent", "input":
{"id": "event:…", "title": "…"}}``), so the store of record keeps it as it came and every
load replays it the same way. `graph.edit_operations.apply_edit` reads records through a
`Workspace` (the loaded graph plus the edits applied so far) and writes what it changes
there; it never touches the graph itself. A bad input raises `EditError` and changes nothing.

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
from graph.models import Event, Kind, Link, Record, Source
from graph.records import record_from_json
from graph.roles import Role
from graph.text import fold, hidden_character

#: The longest text each field may hold, in characters (after NFC).
MAX_LENGTH = {
    "title": 300,
    "name": 300,
    "summary": 5_000,
    "description": 5_000,
    "reason": 2_000,
    "comment": 2_000,
    "clientMutationId": 200,
}
DEFAULT_MAX_LENGTH = 5_000


# Input names (GraphQL's camel case) -> the canonical files' field names, per kind.
EVENT_FIELDS = {
    "title": "title",
    "date": "date",
    "endDate": "end_date",
    "category": "category",
    "summary": "summary",
    "whatHappened": "what_happened",
    "whyItMatters": "why_it_matters",
}
PERSON_FIELDS = {
    "name": "name",
    "born": "born",
    "died": "died",
    "description": "description",
    "aliases": "aliases",
}
LOCATION_FIELDS = {
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
        found += [i for i, r in changed.items() if isinstance(r, Event) and node_id in event_links(r)]
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


def edit_text(field: str, value: Any) -> Any:
    """NFC text within its size limit and free of hidden characters; lists of texts item by item.

    The one rule for every text an edit stores (the record's fields, the reason, the review
    comment, the ``clientMutationId``): ``field`` is the input's name, which the error names.
    """
    if isinstance(value, list):
        return [edit_text(field, v) for v in value]
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).strip()
    limit = MAX_LENGTH.get(field, DEFAULT_MAX_LENGTH)
    if len(value) > limit:
        raise EditError(field, f"is {len(value)} characters long; at most {limit} are allowed")
    if problem := hidden_character(value):
        raise EditError(field, f"holds {problem}; send visible text only (remove it)")
    return value


def checked(kind: Kind, given: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """The given fields as record values, read by the import's own reader; EditError if any is wrong."""
    raw: dict[str, Any] = dict(_PLACEHOLDERS[kind])
    wanted: dict[str, str] = {}
    for key, value in given.items():
        if key not in names or value is None:
            continue
        raw[names[key]] = edit_text(key, value)
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


def record_of(ws: Workspace, node_id: Any, cls: type[Record], field: str = "id") -> Any:
    """The record ``node_id`` names in ``ws``, of class ``cls``; EditError naming ``field`` otherwise."""
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


def check_refs(ws: Workspace, values: Mapping[str, Any]) -> None:
    kinds = {"category": Kind.CATEGORY, "part_of": Kind.LOCATION}
    for field, kind in kinds.items():
        ref = values.get(field)
        if ref is not None and (not ws.exists(ref) or not ref.startswith(f"{kind.value}:")):
            raise EditError(field, f"{ref!r} is not a {kind.value} in the graph")


def event_links(event: Event) -> set[str]:
    return {*event.people, *event.mentions, *event.locations, *event.organizations, *event.tags}


def check_dates(start: HistoricalDate | None, end: HistoricalDate | None, field: str) -> None:
    if start is not None and end is not None and end.latest() < start.earliest():
        raise EditError(field, f"{end.to_edtf()} is before {start.to_edtf()}")


__all__ = [
    "EVENT_FIELDS",
    "LOCATION_FIELDS",
    "MAX_LENGTH",
    "PERSON_FIELDS",
    "EditError",
    "VanishedTarget",
    "Workspace",
    "check_dates",
    "check_refs",
    "checked",
    "diff",
    "edit_text",
    "event_links",
    "new_id",
    "plain",
    "record_of",
]
