"""What ``timeline`` and ``facets`` answer for a filter: counted at load when the filter is common.

Three cases, cheapest first:

- **No filter**: the counts of every event, fixed at load (`graph.queries.counts`).
- **One id in one field** (a person, a place with everything inside it, a category, a tag,
  an organisation) that keeps many events: its timelines and facets are counted at load
  too, for every node whose events number more than `common_size` (one in a hundred of
  all, at least 2,048). Smaller single filters are counted on demand from their posting
  list in a millisecond or two.
- **Anything else**: the posting lists are intersected (`graph.queries.postings.matching`)
  and the events kept are counted, never the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.deadline import Deadline
from graph.errors import LimitExceeded, raise_all
from graph.models import Kind
from graph.queries.counts import buckets, facet_counts, timeline_counts, top_values
from graph.queries.events import EventQuery, query_problems
from graph.queries.facets import MAX_FACETS, FacetCount, Facets
from graph.queries.postings import Positions, matching, postings
from graph.queries.timeline import Bucket, TimeBucket
from graph.store import KnowledgeGraph

#: Posting-list field -> the `EventQuery` field that filters by it.
_QUERY_FIELD = {
    "people": "people",
    "organizations": "organizations",
    "locations": "locations",
    "category": "categories",
    "tags": "tags",
}


@dataclass(frozen=True, slots=True)
class Precount:
    """The timelines and facets of the events one common filter keeps."""

    total: int
    facets: dict[str, tuple[FacetCount, ...]]  # field -> its first `MAX_FACETS` values
    timelines: dict[TimeBucket, tuple[Bucket, ...]]


#: The fewest events a single filter keeps to be counted at load, whatever the graph's size.
COMMON_MIN = 2048


def common_size(kg: KnowledgeGraph) -> int:
    """Single filters that keep more events than this are counted at load."""
    return max(COMMON_MIN, len(kg.ids(Kind.EVENT)) // 100)


def single_filter(query: EventQuery | None) -> tuple[str, str] | None:
    """(posting-list field, node id) when ``query`` asks for exactly one id of one field, else None.

    >>> single_filter(EventQuery(people=("person:joseph-stalin",)))
    ('people', 'person:joseph-stalin')
    >>> single_filter(EventQuery(people=("person:joseph-stalin",), text="war")) is None
    True
    """
    if query is None or query.start is not None or query.end is not None or query.text:
        return None
    given = [(field, getattr(query, name)) for field, name in _QUERY_FIELD.items() if getattr(query, name)]
    if len(given) != 1 or len(given[0][1]) != 1:
        return None
    return given[0][0], given[0][1][0]


def _precount(kg: KnowledgeGraph, events: Positions) -> Precount:
    index = postings(kg)
    return Precount(
        total=len(events),
        facets={
            name: top_values(field, field.count(events), MAX_FACETS) for name, field in index.fields.items()
        },
        timelines={size: buckets(index.year[events], size) for size in TimeBucket},
    )


def _precounts(kg: KnowledgeGraph) -> dict[tuple[str, str], Precount]:
    index = postings(kg)
    common = common_size(kg)
    found = {}
    for field_name, field in index.fields.items():
        for node_id in field.ids:
            if field_name != "locations" and len(field.events_of(node_id)) <= common:
                continue  # a place counts the places inside it too: its own list may be short
            query = EventQuery(**{_QUERY_FIELD[field_name]: (node_id,)})  # type: ignore[arg-type]
            events = matching(kg, query)
            assert events is not None  # one id is a filter
            if len(events) > common:
                found[(field_name, node_id)] = _precount(kg, events)
    return found


def precounts(kg: KnowledgeGraph) -> dict[tuple[str, str], Precount]:
    """The counts of every common single filter, built once (`graph.indexes` builds them at load)."""
    return kg.memo("aggregates:single", _precounts)


def _common(kg: KnowledgeGraph, query: EventQuery | None) -> Precount | None:
    if query is not None:
        raise_all(query_problems(kg, query))
    key = single_filter(query)
    return precounts(kg).get(key) if key is not None else None


def timeline_of(
    kg: KnowledgeGraph, query: EventQuery | None, size: TimeBucket, deadline: Deadline | None = None
) -> list[Bucket]:
    """Events per bucket of the events ``query`` keeps (None: all), oldest first.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> [(b.label, b.count) for b in timeline_of(kg, EventQuery(), TimeBucket.CENTURY)]
    [('1900s', 2), ('2000s', 1)]

    Raises:
        ArgumentError: (or ``ArgumentErrors``) a filter that could only find nothing.
    """
    common = _common(kg, query)
    if common is not None:
        return list(common.timelines[size])
    return timeline_counts(kg, matching(kg, query, deadline), size)


def facets_of(
    kg: KnowledgeGraph, query: EventQuery | None, first: int = 10, deadline: Deadline | None = None
) -> Facets:
    """The ``first`` most frequent values of each facet among the events ``query`` keeps (None: all).

    Raises:
        ArgumentError: (or ``ArgumentErrors``) a filter that could only find nothing.
        LimitExceeded: ``first`` outside 1 to `MAX_FACETS`.
    """
    common = _common(kg, query)
    if common is None:
        return facet_counts(kg, matching(kg, query, deadline), first)
    if not 1 <= first <= MAX_FACETS:
        raise LimitExceeded("first", first, MAX_FACETS, minimum=1)
    top = {name: values[:first] for name, values in common.facets.items()}
    return Facets(
        total=common.total,
        categories=top["category"],
        tags=top["tags"],
        locations=top["locations"],
        people=top["people"],
        organizations=top["organizations"],
    )


__all__ = [
    "COMMON_MIN",
    "Precount",
    "common_size",
    "facets_of",
    "precounts",
    "single_filter",
    "timeline_of",
]
