"""Timelines and facets counted from posting lists (`graph.queries.postings`), not by reading events.

The answers are those of `graph.queries.timeline.timeline` and `graph.queries.facets.facets`
over the same events (a test holds them equal); only the way of counting differs. With no
filter, both read counts fixed at load; with filters, they read the arrays of the events
kept, a few numpy passes over those events alone.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from graph.errors import LimitExceeded
from graph.queries.facets import MAX_FACETS, FacetCount, Facets
from graph.queries.postings import Field, Positions, Postings, postings
from graph.queries.timeline import Bucket, TimeBucket, label_of
from graph.store import KnowledgeGraph

_WIDTH = {TimeBucket.DECADE: 10, TimeBucket.CENTURY: 100}


def bucket_starts(years: npt.NDArray[np.int32], size: TimeBucket) -> npt.NDArray[np.int64]:
    """`graph.queries.timeline.bucket_of`'s first year for every year at once.

    >>> bucket_starts(np.array([1924, -44, -41, 5], dtype=np.int32), TimeBucket.DECADE).tolist()
    [1920, -50, -50, 1]
    """
    wide = years.astype(np.int64)
    if size is TimeBucket.YEAR:
        return wide
    width = _WIDTH[size]
    before_christ = -((-wide + width - 1) // width * width)
    return np.where(wide < 0, before_christ, np.maximum(wide // width * width, 1))


def _end(start: int, size: TimeBucket) -> int:
    if size is TimeBucket.YEAR:
        return start
    width = _WIDTH[size]
    # AD 1–9 ends where AD 0–9 would; every other bucket is one width long.
    return width - 1 if start == 1 else start + width - 1


@lru_cache(maxsize=1 << 16)
def _label(start: int, end: int, size: TimeBucket) -> str:
    return label_of(start, end, size)


def timeline_counts(kg: KnowledgeGraph, events: Positions | None, size: TimeBucket) -> list[Bucket]:
    """Events per bucket, oldest first, of the events at ``events`` (None: every event).

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> [(b.label, b.count) for b in timeline_counts(kg, None, TimeBucket.DECADE)]
    [('1920s', 2), ('2020s', 1)]
    """
    if events is None:
        # Every event: counted once per bucket size, at load (`graph.indexes`).
        return list(kg.memo(f"timeline:{size.value}", lambda kg: buckets(postings(kg).year, size)))
    return list(buckets(postings(kg).year[events], size))


def buckets(years: npt.NDArray[np.int32], size: TimeBucket) -> tuple[Bucket, ...]:
    """Events per bucket, oldest first, of events with these years (in any order)."""
    if not len(years):
        return ()
    starts = bucket_starts(years, size)
    low = int(starts.min())
    # Counting by offset from the oldest bucket: linear, where np.unique would sort.
    counts = np.bincount(starts - low)
    found = np.flatnonzero(counts)
    return tuple(
        Bucket(_label(start, _end(start, size), size), start, _end(start, size), count)
        for start, count in zip((found + low).tolist(), counts[found].tolist(), strict=True)
    )


def top_values(field: Field, counts: npt.NDArray[np.int64], first: int) -> tuple[FacetCount, ...]:
    """The ``first`` values of ``field`` counted most often, ties by folded name then id."""
    found = np.flatnonzero(counts)
    if len(found) > first:
        # Only values counted at least as often as the first-th can be among the first.
        least = np.partition(counts[found], len(found) - first)[len(found) - first]
        found = found[counts[found] >= least]
    order = found[np.lexsort((field.rank[found], -counts[found]))][:first]
    return tuple(FacetCount(field.ids[v], field.names[v], int(counts[v])) for v in order.tolist())


def _all_top(index: Postings) -> dict[str, tuple[FacetCount, ...]]:
    return {name: top_values(field, field.count(None), MAX_FACETS) for name, field in index.fields.items()}


def facet_counts(kg: KnowledgeGraph, events: Positions | None, first: int = 10) -> Facets:
    """The ``first`` most frequent values of each facet among the events at ``events`` (None: all).

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> facet_counts(kg, None, first=1).people
    (FacetCount(id='person:alvaro-obregon', name='Álvaro Obregón', count=2),)
    """
    if not 1 <= first <= MAX_FACETS:
        raise LimitExceeded("first", first, MAX_FACETS, minimum=1)
    index = postings(kg)
    if events is None:
        # Every event: the longest list is ordered once, at load; a shorter one is its start.
        longest = kg.memo("facets:all", lambda kg: _all_top(index))
        top = {name: values[:first] for name, values in longest.items()}
    else:
        top = {name: top_values(field, field.count(events), first) for name, field in index.fields.items()}
    return Facets(
        total=index.events if events is None else len(events),
        categories=top["category"],
        tags=top["tags"],
        locations=top["locations"],
        people=top["people"],
        organizations=top["organizations"],
    )


__all__ = ["bucket_starts", "buckets", "facet_counts", "timeline_counts", "top_values"]
