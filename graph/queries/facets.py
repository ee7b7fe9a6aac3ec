"""Facets: how the events of a result spread over categories, tags, places, people, organisations.

Places count where events are recorded, not every place around them: an event in
Moscow counts for Moscow, not for Russia. Each list is most frequent first, ties by
name, so a sidebar can show the top few.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from graph.deadline import Deadline, paced
from graph.errors import LimitExceeded
from graph.store import KnowledgeGraph
from graph.text import fold

MAX_FACETS = 100


@dataclass(frozen=True, slots=True)
class FacetCount:
    id: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    total: int
    categories: tuple[FacetCount, ...]
    tags: tuple[FacetCount, ...]
    locations: tuple[FacetCount, ...]
    people: tuple[FacetCount, ...]
    organizations: tuple[FacetCount, ...]


def facets(
    kg: KnowledgeGraph, event_ids: Sequence[str], first: int = 10, deadline: Deadline | None = None
) -> Facets:
    """Counts of the ``first`` most frequent values of each facet among ``event_ids``; checks ``deadline``.

    >>> from graph.loader import load_graph
    >>> from graph.models import Kind
    >>> kg = load_graph("tests/data/tiny")
    >>> result = facets(kg, kg.ids(Kind.EVENT), first=1)
    >>> result.total, result.categories
    (3, (FacetCount(id='category:politics-government', name='Politics & Government', count=2),))
    >>> result.people
    (FacetCount(id='person:alvaro-obregon', name='Álvaro Obregón', count=2),)
    """
    if not 1 <= first <= MAX_FACETS:
        raise LimitExceeded("first", first, MAX_FACETS, minimum=1)
    counters: dict[str, Counter[str]] = {
        name: Counter() for name in ("category", "tags", "locations", "people", "organizations")
    }
    for event_id in paced(event_ids, deadline):
        event = kg.record(event_id)
        counters["category"][event.category] += 1
        for name in ("tags", "locations", "people", "organizations"):
            counters[name].update(set(getattr(event, name)))

    def top(counter: Counter[str]) -> tuple[FacetCount, ...]:
        names = {node_id: kg.record(node_id).name for node_id in counter}
        ordered = sorted(counter, key=lambda i: (-counter[i], fold(names[i]), i))
        return tuple(FacetCount(i, names[i], counter[i]) for i in ordered[:first])

    return Facets(
        total=len(event_ids),
        categories=top(counters["category"]),
        tags=top(counters["tags"]),
        locations=top(counters["locations"]),
        people=top(counters["people"]),
        organizations=top(counters["organizations"]),
    )


__all__ = ["MAX_FACETS", "FacetCount", "Facets", "facets"]
