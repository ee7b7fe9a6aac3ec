"""The counts made at load, corrected by what an edit changed instead of counted again.

A link, an unlink, a date moved or an event created changes each count an event takes part
in by one: the unfiltered timelines (``timeline:<size>``) and facets (``facets:all``), and
the timelines and facets of every common single filter (`graph.queries.aggregates.precounts`)
that holds the event before or after. An event that stays in a filter moves from its old
values and year to its new ones there; one that leaves or enters takes all of them with it
and changes the filter's total. So an edit costs a few dictionary updates per filter that
holds one of its events, never a count over the filter's events.

A facet keeps only its first `MAX_FACETS` values (by count, ties by folded name then id), so
a value whose count changed may cross the cut. A value listed is corrected in place; a
value left out that gained can only enter if its count in the whole graph (its posting list's
length, a bound on any filter's count) reaches the cut, and only then is its count in the
filter read (one intersection of two posting lists). When a listed value falls to the cut,
the value that follows it is unknown: that one field of that one filter is counted again
from its events, as at load. Filters that grow past `common_size` are counted whole; those
that shrink below it are dropped, as a whole build would leave them out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from graph import place_history
from graph.models import Event, Relation
from graph.queries.aggregates import _QUERY_FIELD, Precount, _precount, common_size
from graph.queries.counts import _end, _label, bucket_starts, top_values
from graph.queries.events import EventQuery
from graph.queries.facets import MAX_FACETS, FacetCount
from graph.queries.postings import FIELDS, Field, Positions, Postings, matching
from graph.queries.sorted_sets import intersect
from graph.queries.timeline import Bucket, TimeBucket
from graph.store import KnowledgeGraph

Key = tuple[str, str]
#: An edited event before and after: None before for a created one, None after for a removed one.
Change = tuple[Event | None, Event | None]


@dataclass(slots=True)
class Delta:
    """What one set of events changes in one set of counts: its total, years and values."""

    total: int = 0
    years: dict[int, int] = field(default_factory=dict)
    values: dict[str, dict[str, int]] = field(default_factory=dict)  # facet field -> value id -> change

    def add(self, event: Event, sign: int) -> None:
        """Count ``event`` in (+1) or out (-1)."""
        self.total += sign
        self.years[event.date.year] = self.years.get(event.date.year, 0) + sign
        for name in FIELDS:
            counts = self.values.setdefault(name, {})
            for value in dict.fromkeys(values_of(event, name)):
                counts[value] = counts.get(value, 0) + sign

    def __bool__(self) -> bool:
        return bool(
            self.total or any(self.years.values()) or any(any(v.values()) for v in self.values.values())
        )


def values_of(event: Event, name: str) -> tuple[str, ...]:
    """The values ``event`` holds in the facet field ``name``, as the posting lists read them."""
    if name == "category":
        # None only on an event being deleted, relinked bare first (`graph.incremental_deleted`).
        return (event.category,) if event.category else ()
    return tuple(getattr(event, name))


def holds(kg: KnowledgeGraph, key: Key, event: Event | None) -> bool:
    """Whether the single filter ``key`` keeps ``event`` in ``kg`` (what `matching` would find)."""
    if event is None:
        return False
    name, node_id = key
    if name != "locations":
        return node_id in values_of(event, name)
    if not place_history.needs_dates(kg, (node_id,)):
        within = kg.places_within(node_id)
        return any(place in within for place in event.locations)
    # Places that changed hands: judged at the event's date, as `graph.queries.events.located` does.
    ever = place_history.ever_inside(kg, node_id)
    return any(
        place_history.inside_at(kg, place, node_id, event.date) for place in event.locations if place in ever
    )


def corrected_timeline(
    buckets: tuple[Bucket, ...], years: dict[int, int], size: TimeBucket
) -> tuple[Bucket, ...]:
    """``buckets`` (oldest first) with each year's change in ``years`` counted in its bucket.

    >>> from graph.queries.counts import buckets
    >>> before = buckets(np.array([1924, 1925, 2020], dtype=np.int32), TimeBucket.DECADE)
    >>> [(b.label, b.count) for b in corrected_timeline(before, {2020: -1, 1789: 1}, TimeBucket.DECADE)]
    [('1780s', 1), ('1920s', 2)]
    """
    moved: dict[int, int] = {}
    starts = bucket_starts(np.array(list(years), dtype=np.int32), size).tolist()
    for start, change in zip(starts, years.values(), strict=True):
        moved[start] = moved.get(start, 0) + change
    found = list(buckets)
    for start, change in moved.items():
        if not change:
            continue
        at = bisect_left([b.start for b in found], start)
        if at < len(found) and found[at].start == start:
            count = found[at].count + change
            if count:
                found[at] = Bucket(found[at].label, start, found[at].end, count)
            else:
                del found[at]
        else:
            end = _end(start, size)
            found.insert(at, Bucket(_label(start, end, size), start, end, change))
    return tuple(found)


def corrected_top(
    field: Field, listed: tuple[FacetCount, ...], changes: dict[str, int], count_of: Callable[[int], int]
) -> tuple[FacetCount, ...] | None:
    """A facet's first values with ``changes`` (value id -> change) counted; None if it must be counted again.

    ``count_of`` gives a value's count now among the counted events; it is asked only of a
    value left out whose count in the whole graph could reach the cut.
    """
    changes = {v: d for v, d in changes.items() if d}
    if not changes:
        return listed
    rank, number = field.rank, field.number
    full = len(listed) == MAX_FACETS
    counts = {number[c.id]: c.count for c in listed}
    ranks = dict(zip(counts, rank[list(counts)].tolist(), strict=True))
    last = (-listed[-1].count, ranks[number[listed[-1].id]]) if listed else (0, 0)
    for value_id, change in changes.items():
        value = number[value_id]
        if value in counts:
            counts[value] += change
        elif change > 0:
            ranks[value] = int(rank[value])
            if not full:
                counts[value] = change  # every value counted is listed: it had none
            elif (-_listed(field, value), ranks[value]) <= last:
                counts[value] = count_of(value)
    order = sorted((v for v, c in counts.items() if c > 0), key=lambda v: (-counts[v], ranks[v]))
    if full and (
        len(order) < MAX_FACETS or (-counts[order[MAX_FACETS - 1]], ranks[order[MAX_FACETS - 1]]) > last
    ):
        return None  # a value left out may stand before the last one now
    shown = {number[c.id]: c for c in listed}  # an unchanged count keeps its object
    return tuple(
        c
        if (c := shown.get(v)) is not None and c.count == counts[v]
        else FacetCount(field.ids[v], field.names[v], counts[v])
        for v in order[:MAX_FACETS]
    )


def _listed(field: Field, value: int) -> int:
    """How many events hold ``value`` in the whole graph: its posting list's length."""
    return int(field.post_ptr[value + 1] - field.post_ptr[value])


def corrected_tops(
    tops: dict[str, tuple[FacetCount, ...]], index: Postings, delta: Delta
) -> dict[str, tuple[FacetCount, ...]]:
    """The counts of every event (``facets:all``) with ``delta`` counted; ``index`` is the graph's now."""
    found = dict(tops)
    for name, changes in delta.values.items():
        field_now = index.fields[name]
        top = corrected_top(field_now, tops[name], changes, partial(_listed, field_now))
        found[name] = top if top is not None else top_values(field_now, field_now.count(None), MAX_FACETS)
    return found


def corrected_timelines(memo: dict[str, Any], kept: dict[str, Any], delta: Delta) -> None:
    """The unfiltered timelines of ``memo`` (``timeline:<size>``) with ``delta``'s years, into ``kept``."""
    years = {y: d for y, d in delta.years.items() if d}
    for size in TimeBucket:
        name = f"timeline:{size.value}"
        if name in memo:
            kept[name] = corrected_timeline(memo[name], years, size) if years else memo[name]


def every_event(changes: Iterable[Change]) -> Delta:
    """The change to the counts of every event."""
    delta = Delta()
    for before, after in changes:
        if before is not None:
            delta.add(before, -1)
        if after is not None:
            delta.add(after, +1)
    return delta


def corrected_precounts(
    old: KnowledgeGraph,
    kg: KnowledgeGraph,
    before: dict[Key, Precount],
    changes: list[Change],
    index: Postings,
) -> dict[Key, Precount]:
    """``old``'s common single filters with ``changes`` counted, as `precounts` would count them in ``kg``.

    ``index`` is ``kg``'s posting lists, corrected already (and in its memo: a filter that
    becomes common, or a facet counted again, reads its events through `matching`).
    """
    common = common_size(kg)
    if common < common_size(old):
        from graph.queries.aggregates import _precounts

        return _precounts(kg)  # events went: any filter may have become common
    deltas: dict[Key, Delta] = {}
    candidates = _candidates(old, kg, before, changes)
    for key in candidates:
        delta = Delta()
        for was, now in changes:
            if holds(old, key, was):
                delta.add(was, -1)  # type: ignore[arg-type]
            if holds(kg, key, now):
                delta.add(now, +1)  # type: ignore[arg-type]
        if delta:
            deltas[key] = delta
    found = dict(before)
    for key, delta in deltas.items():
        kept = before.get(key)
        if kept is None:
            if delta.total <= 0 or _most(kg, index, key) <= common:
                continue  # not counted before, and no more events now than the bar
            events = _events(kg, key)
            if len(events) > common:
                found[key] = _precount(kg, events)
            continue
        if kept.total + delta.total <= common:
            del found[key]
            continue
        found[key] = _corrected(kg, index, key, kept, delta)
    for key, kept in before.items():
        if kept.total <= common and key in found and key not in deltas:
            del found[key]  # more events: the bar rose past it
    return found


def _most(kg: KnowledgeGraph, index: Postings, key: Key) -> int:
    """At least as many events as the filter ``key`` keeps: its lists' lengths, summed."""
    name, node_id = key
    field_now = index.fields[name]
    if name != "locations":
        values = [field_now.number[node_id]]
    else:
        places = kg.places_within(node_id) | place_history.ever_inside(kg, node_id)
        values = [field_now.number[p] for p in places if p in field_now.number]
    at = np.array(values, dtype=np.int64)
    return int((field_now.post_ptr[at + 1] - field_now.post_ptr[at]).sum())


def _events(kg: KnowledgeGraph, key: Key) -> Positions:
    events = matching(kg, EventQuery(**{_QUERY_FIELD[key[0]]: (key[1],)}))  # type: ignore[arg-type]
    assert events is not None  # one id is a filter
    return events


def _corrected(kg: KnowledgeGraph, index: Postings, key: Key, kept: Precount, delta: Delta) -> Precount:
    events: list[Positions] = []  # the filter's events, read once if a count needs them

    def filtered() -> Positions:
        if not events:
            events.append(_events(kg, key))
        return events[0]

    facets = dict(kept.facets)
    for name, changes in delta.values.items():
        field_now = index.fields[name]

        def count_of(value: int, field_now: Field = field_now) -> int:
            return len(intersect(field_now.events_of(field_now.ids[value]), filtered()))

        top = corrected_top(field_now, kept.facets[name], changes, count_of)
        facets[name] = (
            top if top is not None else top_values(field_now, field_now.count(filtered()), MAX_FACETS)
        )
    years = {y: d for y, d in delta.years.items() if d}
    timelines = {
        size: corrected_timeline(buckets, years, size) if years else buckets
        for size, buckets in kept.timelines.items()
    }
    return Precount(total=kept.total + delta.total, facets=facets, timelines=timelines)


def _containers(kg: KnowledgeGraph, place: str) -> set[str]:
    """The place and every place it lies in, today (`KnowledgeGraph.places_within`) or at any date."""
    found = {place, *place_history.containers_at(kg, place, None)}
    succ, part_of = kg.graph.succ, Relation.PART_OF.value
    queue = [place]
    while queue:
        for parent, keys in succ[queue.pop()].items():
            if part_of in keys and parent not in found:
                found.add(parent)
                queue.append(parent)
    return found


def _candidates(
    old: KnowledgeGraph, kg: KnowledgeGraph, before: dict[Key, Precount], changes: list[Change]
) -> dict[Key, None]:
    """The single filters that may hold a changed event before or after: counted or able to become so."""
    found: dict[Key, None] = {}
    places: set[str] = set()
    for was, now in changes:
        for event in (was, now):
            if event is None:
                continue
            for name in FIELDS:
                if name != "locations":
                    found.update(dict.fromkeys((name, v) for v in values_of(event, name)))
            places.update(event.locations)
    found.update(dict.fromkeys(k for k in before if k[0] == "locations"))
    # A place's filter counts the places inside it: any container of a changed place may grow.
    for graph in (old, kg):
        for place in places:
            found.update(dict.fromkeys(("locations", c) for c in _containers(graph, place)))
    return found


__all__ = [
    "Change",
    "Delta",
    "corrected_precounts",
    "corrected_timeline",
    "corrected_timelines",
    "corrected_top",
    "corrected_tops",
    "every_event",
    "holds",
    "values_of",
]
