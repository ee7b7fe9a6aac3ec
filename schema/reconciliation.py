"""`reconcile`: the reconciliation service of `/reconcile` as a GraphQL field.

The same scoring as the W3C API that OpenRefine speaks (`graph.reconciliation`), for a client
that already speaks GraphQL: one name, an optional type and properties, candidates best
first, and ``match`` only when one candidate is clearly the one.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from graph.reconciliation import reconcile
from graph.reconciliation.batch import DEFAULT_LIMIT, BadBatch, one_query
from schema.context import kg_of
from schema.deadline import deadline_of


@strawberry.enum(description="What kind of record a name is reconciled against.")
class ReconcileType(Enum):
    PERSON = "Person"
    EVENT = "Event"
    PLACE = "Place"


@strawberry.input(
    description=(
        "One property that weighs the candidates: birthDate, deathDate (people), startDate, "
        "location (events) or containedInPlace (places). Give a value (a year, a date, a "
        "place's name) or the id of a place, not both."
    )
)
class ReconcileProperty:
    pid: str
    value: str | None = None
    id: strawberry.ID | None = None


@strawberry.type(description="A record a reconciled name may mean.")
class ReconcileCandidate:
    id: strawberry.ID
    name: str
    type: ReconcileType
    score: float = strawberry.field(
        description="Higher is likelier; 100 is an exact name with no evidence against."
    )
    match: bool = strawberry.field(
        description="True only when the score is high and clearly ahead of the next candidate."
    )
    description: str


def _property(given: ReconcileProperty) -> tuple[str, object]:
    if (given.value is None) == (given.id is None):
        raise BadBatch(f"properties: give {given.pid!r} a value or an id, not both and not neither")
    return given.pid, given.value if given.id is None else {"id": str(given.id)}


@strawberry.type
class ReconcileQuery:
    @strawberry.field(
        description=(
            "The records a name (a spreadsheet's cell) may mean, best first, scored by the name, "
            "dates and places as `/reconcile` does; limit at most 25."
        )
    )
    def reconcile(
        self,
        info: Info,
        name: str,
        type: ReconcileType | None = None,
        properties: list[ReconcileProperty] | None = None,
        limit: int | None = 5,
    ) -> list[ReconcileCandidate]:
        query = one_query(
            "reconcile",
            name,
            None if type is None else type.value,
            DEFAULT_LIMIT if limit is None else limit,
            [_property(p) for p in properties or ()],
        )
        return [
            ReconcileCandidate(
                id=strawberry.ID(c.id),
                name=c.name,
                type=ReconcileType(c.type_id),
                score=c.score,
                match=c.match,
                description=c.description,
            )
            for c in reconcile(kg_of(info), query, deadline_of(info))
        ]


__all__ = ["ReconcileCandidate", "ReconcileProperty", "ReconcileQuery", "ReconcileType"]
