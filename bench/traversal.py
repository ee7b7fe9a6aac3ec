"""The queries the benchmarks ask, and the plain-Python answers they are measured against.

`canonical_floor` builds, from the graph's own indexes and records, exactly the JSON the
canonical GraphQL query returns (same events, same 20-item pages, same order). It is the
floor: what the traversal costs with no GraphQL machinery at all. The benchmarks check
that both answers are equal before timing either.
"""

from __future__ import annotations

import json
from typing import Any

from graph.store import KnowledgeGraph

#: The page size the schema applies when a query gives no ``limit`` (schema.context.DEFAULT_PAGE).
PAGE = 20


def canonical_query(name: str) -> str:
    """The canonical traversal for one person, written as the issue writes it."""
    return (
        f"{{ person(name: {json.dumps(name)}) {{ name events {{ title date {{ display }} "
        "locations { name } "
        "sameDateEvents { title date { year } category { name } } } } }"
    )


#: The canonical traversal with the name as a variable, as an app sends it: one document
#: for every person, so the server's parse and validation caches apply, its response cache not.
CANONICAL_DOCUMENT = (
    "query Canonical($name: String!) { person(name: $name) { name events { title date { display } "
    "locations { name } sameDateEvents { title date { year } category { name } } } } }"
)


#: The one-field query with the name as a variable: the same document for every person.
ONE_FIELD_DOCUMENT = "query OneField($name: String!) { person(name: $name) { name } }"


def one_field_query(name: str) -> str:
    """The smallest useful request: one field of one person."""
    return f"{{ person(name: {json.dumps(name)}) {{ name }} }}"


def canonical_floor(kg: KnowledgeGraph, name: str) -> dict[str, Any]:
    """The canonical query's ``data``, built in plain Python from the graph."""
    nodes = kg.graph._node
    person = kg.person_by_name(name)
    if person is None:
        return {"person": None}
    events = []
    for event_id in kg.event_ids_of(person.id)[:PAGE]:
        event = nodes[event_id]["record"]
        same = []
        # The same page the schema takes, by the same paged read, so the floor is no slower than it.
        for other_id in kg.same_date_page(event_id, PAGE):
            other = nodes[other_id]["record"]
            same.append(
                {
                    "title": other.title,
                    "date": {"year": other.date.year},
                    "category": {"name": nodes[other.category]["record"].name},
                }
            )
        events.append(
            {
                "title": event.title,
                "date": {"display": event.date.display},
                "locations": [{"name": nodes[place]["record"].name} for place in event.locations],
                "sameDateEvents": same,
            }
        )
    return {"person": {"name": person.name, "events": events}}


def one_field_floor(kg: KnowledgeGraph, name: str) -> dict[str, Any]:
    """The one-field query's ``data`` in plain Python."""
    person = kg.person_by_name(name)
    return {"person": None if person is None else {"name": person.name}}


def count_fields(value: Any) -> int:
    """Resolved fields in a result: one per key of every object, at every depth.

    >>> count_fields({"person": {"name": "A", "events": [{"title": "T"}, {"title": "U"}]}})
    5
    """
    if isinstance(value, dict):
        return sum(1 + count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0
