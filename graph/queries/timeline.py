"""How many events fall in each year, decade or century.

Every event counts in exactly one bucket, so the counts add up to the number of events
asked about. An event is counted where it starts: at the first year its date can mean.
An event coarser than the bucket (known only as "the 1920s" when counting by year)
therefore counts in the first year it could be (1920); a span (1914/1918) counts where
it begins.

Buckets follow `graph.dates`: a decade runs 1920–1929 ("1920s"), a century 1900–1999
("1900s"); before Christ, a decade runs 50–41 BC and a century 500–401 BC ("5th century
BC"), so 44 BC sits in "50–41 BC". Only buckets with events are returned, oldest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from graph.dates import HistoricalDate, Precision
from graph.deadline import Deadline, paced
from graph.store import KnowledgeGraph


class TimeBucket(str, Enum):
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True, slots=True)
class Bucket:
    """A span of historical years (``start`` and ``end`` inclusive, negative before Christ)."""

    label: str
    start: int
    end: int
    count: int


_SIZE = {TimeBucket.DECADE: 10, TimeBucket.CENTURY: 100}


def bucket_of(year: int, size: TimeBucket) -> tuple[int, int]:
    """The first and last historical year of the bucket holding ``year``.

    >>> [bucket_of(year, TimeBucket.DECADE) for year in (1924, -44, -41, 5)]
    [(1920, 1929), (-50, -41), (-50, -41), (1, 9)]
    >>> [bucket_of(year, TimeBucket.CENTURY) for year in (1924, -450)]
    [(1900, 1999), (-500, -401)]
    """
    if size is TimeBucket.YEAR:
        return (year, year)
    width = _SIZE[size]
    if year < 0:
        # -50…-41 (50–41 BC): counted back from the bucket's first year, as dates.py does.
        start = -((-year + width - 1) // width * width)
        return (start, start + width - 1)
    start = year // width * width
    return (max(start, 1), start + width - 1)  # AD 1–9 and AD 1–99: there is no year 0


def label_of(start: int, end: int, size: TimeBucket) -> str:
    """Words for a bucket, as `HistoricalDate.display` writes a year, decade or century.

    >>> label_of(1920, 1929, TimeBucket.DECADE), label_of(-500, -401, TimeBucket.CENTURY)
    ('1920s', '5th century BC')
    >>> label_of(-44, -44, TimeBucket.YEAR)
    '44 BC'
    >>> label_of(1, 9, TimeBucket.DECADE)
    'AD 1–9'
    """
    if size is TimeBucket.YEAR:
        return HistoricalDate(start).display
    if start == 1:
        return f"AD 1–{end}"
    precision = Precision.DECADE if size is TimeBucket.DECADE else Precision.CENTURY
    return HistoricalDate(start, precision=precision).display


def timeline(
    kg: KnowledgeGraph,
    event_ids: Iterable[str],
    size: TimeBucket = TimeBucket.DECADE,
    deadline: Deadline | None = None,
) -> list[Bucket]:
    """Counts of events per bucket, oldest first, empty buckets left out; checks ``deadline``.

    >>> from graph.loader import load_graph
    >>> from graph.models import Kind
    >>> kg = load_graph("tests/data/tiny")
    >>> [(b.label, b.count) for b in timeline(kg, kg.ids(Kind.EVENT))]
    [('1920s', 2), ('2020s', 1)]
    """
    counts: Counter[tuple[int, int]] = Counter()
    for event_id in paced(event_ids, deadline):
        date: HistoricalDate = kg.record(event_id).date
        counts[bucket_of(date.year, size)] += 1
    return [
        Bucket(label_of(start, end, size), start, end, counts[(start, end)]) for start, end in sorted(counts)
    ]


__all__ = ["Bucket", "TimeBucket", "bucket_of", "label_of", "timeline"]
