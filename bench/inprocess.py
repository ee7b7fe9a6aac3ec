"""In-process cost of the canonical traversal: Strawberry's `execute_sync` against the plain floor.

The schema is built as `clio.app.create_app` builds it (the limits with their parser and
validation caches, the deadline's execution context, a deadline per call), so the cost per
field is what the server pays per field. A schema without those caches parses and
validates the document on every call, a cost per document rather than per field
(about 2 ms for the hub's query), which the server pays once per distinct query text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median
from typing import Any

from bench.traversal import canonical_floor, canonical_query, count_fields
from clio.upstream import fast_schema
from graph.store import KnowledgeGraph
from schema.deadline import Deadline
from schema.limits.extensions import limit_extensions
from schema.limits.table import QueryLimits


@dataclass(frozen=True, slots=True)
class InProcess:
    """Median times of one person's canonical traversal, and what they mean per field."""

    who: str
    events: int
    fields: int
    graphql_ms: float
    floor_ms: float
    ratio: float
    us_per_field_over_floor: float


def median_seconds(call: Callable[[], Any], budget: float, rounds: int) -> float:
    """Median wall time of ``call``: 5 runs or more, ``rounds`` at most, stopping after ``budget`` seconds."""
    call()  # warm caches the first call would otherwise pay for
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < 5 or (len(times) < rounds and time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return median(times)


def measure(kg: KnowledgeGraph, who: str, name: str, budget: float = 3.0, rounds: int = 500) -> InProcess:
    """Time the canonical query for ``name`` both ways, after checking both give the same answer.

    Raises:
        AssertionError: GraphQL and the floor disagree, or GraphQL reports errors.
    """
    limits = QueryLimits()
    schema = fast_schema(limit_extensions(limits), limits.document_cache_size)
    query = canonical_query(name)

    def execute() -> Any:
        # A fresh context per call, as the app's context getter and router give each request.
        return schema.execute_sync(
            query, context_value={"kg": kg, "deadline": Deadline(limits.time_limit_ms)}
        )

    result = execute()
    if result.errors:
        raise AssertionError(f"the canonical query failed for {name!r}: {result.errors}")
    floor = canonical_floor(kg, name)
    if result.data != floor:
        raise AssertionError(f"GraphQL and the plain floor disagree for {name!r}")
    fields = count_fields(result.data)
    graphql = median_seconds(execute, budget, rounds)
    plain = median_seconds(lambda: canonical_floor(kg, name), budget / 3, rounds * 10)
    person = kg.person_by_name(name)
    return InProcess(
        who=who,
        events=len(kg.event_ids_of(person.id)) if person else 0,
        fields=fields,
        graphql_ms=graphql * 1e3,
        floor_ms=plain * 1e3,
        ratio=graphql / plain,
        us_per_field_over_floor=(graphql - plain) / fields * 1e6,
    )
