"""Reading a reconciliation query batch: the JSON a client sends, checked into `Query` values.

A batch is an object of queries by key (``{"q0": {"query": "Stalin"}, …}``), in the shape of
the W3C Entity Reconciliation API 0.2 (its ``reconciliation-query-batch`` schema). What the
schema refuses is refused here with a message that says what to fix, and so is what the
schema allows but this service cannot answer: a type or property it does not know, a query
with no name, more than `MAX_QUERIES` queries, a name longer than `MAX_NAME`. Every check is
a bounded walk of the decoded JSON: nothing here grows with a value's size but a length test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from graph.dates import HistoricalDate
from graph.errors import ClioError, DateError
from graph.reconciliation.vocabulary import PROPERTIES, TYPES

#: Queries one batch may hold (OpenRefine sends 10 at a time by default).
MAX_QUERIES = 10
#: Candidates a query may ask for, and how many it gets when it does not say.
MAX_LIMIT = 25
DEFAULT_LIMIT = 5
#: Characters of a name or a property value: longer than any name in the graph, by far.
MAX_NAME = 300
#: Properties one query may give, and values one property may hold.
MAX_PROPERTIES = 10
MAX_VALUES = 10
#: Characters of a query's key in the batch.
MAX_KEY = 100
TYPE_STRICT = ("any", "should", "all")
#: Properties whose values are dates, read by `read_date`.
DATE_PROPERTIES = frozenset({"birthDate", "deathDate", "startDate"})
_QUERY_FIELDS = frozenset({"query", "type", "limit", "properties", "type_strict"})


class BadBatch(ClioError, ValueError):
    """A query batch this service cannot answer; the message names the query and what to fix."""


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A property value naming a record by id (``{"id": "location:moscow"}``), as a reconciled cell does."""

    id: str


Value = str | PlaceRef


@dataclass(frozen=True, slots=True)
class PropertyValue:
    """One property of a query and the values the candidates' own are compared with."""

    pid: str
    values: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """One reconciliation query, checked: a name, the types asked for and the evidence given."""

    text: str
    types: tuple[str, ...] = ()
    type_strict: str = "any"
    limit: int = DEFAULT_LIMIT
    properties: tuple[PropertyValue, ...] = ()


def read_batch(batch: object) -> dict[str, Query]:
    """The queries of a decoded batch by key, in the client's order.

    Raises:
        BadBatch: the batch is not an object of at most `MAX_QUERIES` queries, or a query is
            malformed or asks what this service does not know; the message says which and why.

    >>> read_batch({"q0": {"query": "Stalin", "type": "Person", "limit": 3}})
    {'q0': Query(text='Stalin', types=('Person',), type_strict='any', limit=3, properties=())}
    >>> read_batch({"q0": {"query": "Stalin", "limit": 1000}})
    Traceback (most recent call last):
    ...
    graph.reconciliation.batch.BadBatch: query 'q0': limit must be a whole number from 1 to 25, got 1000
    """
    if not isinstance(batch, dict):
        raise BadBatch(
            'a query batch is a JSON object of queries by key, such as {"q0": {"query": "Stalin"}}; '
            f"got {_kind(batch)}"
        )
    if not batch:
        raise BadBatch(
            'the query batch is empty; send at least one query, such as {"q0": {"query": "Stalin"}}'
        )
    if len(batch) > MAX_QUERIES:
        raise BadBatch(
            f"a batch may hold at most {MAX_QUERIES} queries, got {len(batch)}; send several batches"
        )
    return {_key(key): read_query(key, query) for key, query in batch.items()}


def read_query(key: str, raw: object) -> Query:
    """One query of a batch (``key`` names it in errors); see `read_batch`."""
    where = f"query {key[:MAX_KEY]!r}"
    if not isinstance(raw, dict):
        raise BadBatch(f'{where}: a query is a JSON object such as {{"query": "Stalin"}}, got {_kind(raw)}')
    unknown = sorted(set(raw) - _QUERY_FIELDS)
    if unknown:
        raise BadBatch(
            f"{where}: unknown field {unknown[0][:40]!r}; a query may hold "
            + ", ".join(sorted(_QUERY_FIELDS))
        )
    text = _name(where, raw)
    types = _types(where, raw.get("type"))
    strict = raw.get("type_strict", "any")
    if strict not in TYPE_STRICT:
        raise BadBatch(f"{where}: type_strict must be one of {', '.join(TYPE_STRICT)}, got {_short(strict)}")
    limit = _limit(where, raw.get("limit", DEFAULT_LIMIT))
    properties = _properties(where, raw.get("properties", []), types)
    return Query(text, types, strict, limit, properties)


def one_query(
    key: str,
    name: str,
    type_id: str | None = None,
    limit: int = DEFAULT_LIMIT,
    properties: list[tuple[str, object]] | None = None,
) -> Query:
    """One query asked by name rather than as a batch's JSON (the notebook, GraphQL), read as a batch's.

    ``properties`` are (property id, value) pairs; a value is what a batch's ``v`` holds.
    """
    raw: dict[str, object] = {"query": name, "limit": limit}
    if type_id is not None:
        raw["type"] = type_id
    if properties:
        raw["properties"] = [{"pid": pid, "v": value} for pid, value in properties]
    return read_query(key, raw)


def _key(key: str) -> str:
    if len(key) > MAX_KEY:
        raise BadBatch(f"a query's key may be at most {MAX_KEY} characters, got {len(key)}")
    return key


def _name(where: str, raw: dict[str, Any]) -> str:
    if "query" not in raw:
        if raw.get("properties"):
            raise BadBatch(
                f"{where}: this service finds candidates by name; give the query's name in "
                '"query" (properties only weigh the candidates found)'
            )
        raise BadBatch(f'{where}: a query needs a name in "query" (a non-empty string)')
    text = raw["query"]
    if not isinstance(text, str):
        raise BadBatch(f'{where}: "query" must be a string, got {_kind(text)}')
    if len(text) > MAX_NAME:
        raise BadBatch(f'{where}: "query" may be at most {MAX_NAME} characters, got {len(text)}')
    if not text.strip():
        raise BadBatch(f'{where}: "query" is empty; give a name to reconcile')
    return text.strip()


def _types(where: str, raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    given = [raw] if isinstance(raw, str) else raw
    if not isinstance(given, list) or not all(isinstance(t, str) for t in given):
        raise BadBatch(f'{where}: "type" must be a type id or a list of them, got {_kind(raw)}')
    if len(given) > len(TYPES):
        raise BadBatch(f'{where}: "type" may list at most {len(TYPES)} types, got {len(given)}')
    for type_id in given:
        if type_id not in TYPES:
            raise BadBatch(f"{where}: unknown type {type_id[:40]!r}; this service knows " + ", ".join(TYPES))
    return tuple(dict.fromkeys(given))


def _limit(where: str, raw: object) -> int:
    # JSON has one kind of number: 5.0 is 5, as a client's JSON library may well write it.
    whole: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        whole = raw
    elif isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        whole = int(raw)
    if whole is None or not 1 <= whole <= MAX_LIMIT:
        raise BadBatch(f"{where}: limit must be a whole number from 1 to {MAX_LIMIT}, got {_short(raw)}")
    return whole


def _properties(where: str, raw: object, types: tuple[str, ...]) -> tuple[PropertyValue, ...]:
    if not isinstance(raw, list):
        raise BadBatch(f'{where}: "properties" must be a list of {{"pid", "v"}} objects, got {_kind(raw)}')
    if len(raw) > MAX_PROPERTIES:
        raise BadBatch(f'{where}: "properties" may hold at most {MAX_PROPERTIES} entries, got {len(raw)}')
    return tuple(_property(where, entry, types) for entry in raw)


def _property(where: str, raw: object, types: tuple[str, ...]) -> PropertyValue:
    if not isinstance(raw, dict) or set(raw) != {"pid", "v"}:
        raise BadBatch(f'{where}: each property is an object with exactly "pid" and "v", got {_short(raw)}')
    pid = raw["pid"]
    known = PROPERTIES.get(pid) if isinstance(pid, str) else None
    if known is None:
        raise BadBatch(
            f"{where}: unknown property {_short(pid)}; this service knows "
            + ", ".join(f"{p.id} ({p.type_id})" for p in PROPERTIES.values())
        )
    if types and known.type_id not in types:
        raise BadBatch(
            f"{where}: property {known.id!r} weighs {known.type_id} candidates, "
            f"but the query asks for {', '.join(types)}"
        )
    values = raw["v"] if isinstance(raw["v"], list) else [raw["v"]]
    if not 1 <= len(values) <= MAX_VALUES:
        raise BadBatch(f"{where}: property {known.id!r} needs 1 to {MAX_VALUES} values, got {len(values)}")
    return PropertyValue(known.id, tuple(_value(where, known.id, v) for v in values))


def _value(where: str, pid: str, raw: object) -> Value:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and set(raw) <= {"id", "name"}:
        if len(raw["id"]) > MAX_NAME:
            raise BadBatch(f"{where}: an id in {pid!r} may be at most {MAX_NAME} characters")
        return PlaceRef(raw["id"])
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise BadBatch(f"{where}: {pid!r} takes {PROPERTIES[pid].takes}, got {_short(raw)}")
    if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
        raise BadBatch(f"{where}: {pid!r} takes {PROPERTIES[pid].takes}, got {_short(raw)}")
    text = str(int(raw)) if isinstance(raw, int | float) else raw.strip()
    if not text or len(text) > MAX_NAME:
        raise BadBatch(f"{where}: a value of {pid!r} must be 1 to {MAX_NAME} characters")
    if pid in DATE_PROPERTIES and read_date(text) is None:
        raise BadBatch(f"{where}: {pid!r} takes {PROPERTIES[pid].takes}, got {_short(raw)}")
    return text


def read_date(text: str) -> HistoricalDate | None:
    """A year or a date as a client writes it, or None when it is neither.

    A spreadsheet's date-and-time ("1878-12-18T00:00:00Z", as OpenRefine writes a date cell)
    is read as its day.

    >>> [read_date(t).display for t in ("1905", "1905-01-22", "1905-01-22T00:00:00Z", "-0043")]
    ['1905', 'January 22nd, 1905', 'January 22nd, 1905', '44 BC']
    >>> read_date("1905-02-30"), read_date("Stalin")
    (None, None)
    """
    try:
        return HistoricalDate.parse(text.strip().partition("T")[0])
    except DateError:
        return None


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _short(value: object) -> str:
    """A value for an error message, cut short: a client's megabyte is not echoed back."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_QUERIES",
    "BadBatch",
    "PlaceRef",
    "PropertyValue",
    "Query",
    "one_query",
    "read_batch",
    "read_query",
]
