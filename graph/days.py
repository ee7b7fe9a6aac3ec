"""A calendar day in any year, as an 'On This Day' page shows it: events, categories, births, deaths.

The events of a month-day come from `KnowledgeGraph.on_day_ids` (newest first); this
module adds what a day page needs beside them: the events of some categories only, how
many each category has, and the people born or who died on that day in any year.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from graph.calendar import MONTH_NAMES, ordinal
from graph.models import Kind, Person

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph

MonthDay = tuple[int, int]


def day_name(month: int, day: int) -> str:
    """The day as a page titles it.

    >>> day_name(8, 4)
    'August 4th'
    """
    return f"{MONTH_NAMES[month - 1]} {ordinal(day)}"


def day_events(
    kg: KnowledgeGraph, month: int, day: int, categories: Collection[str] | None = None
) -> Sequence[str]:
    """Events on a month-day in any year, newest first; only those of ``categories`` when given.

    >>> from graph.dates import HistoricalDate
    >>> from graph.models import Category, Event
    >>> from graph.store import KnowledgeGraph
    >>> kg = KnowledgeGraph.from_records([
    ...     Category("category:war", "War"), Category("category:art", "Art"),
    ...     Event("event:a", "A", HistoricalDate(1914, 8, 4), "category:war"),
    ...     Event("event:b", "B", HistoricalDate(1924, 8, 4), "category:art"),
    ... ])
    >>> list(day_events(kg, 8, 4)), list(day_events(kg, 8, 4, {"category:war"}))
    (['event:b', 'event:a'], ['event:a'])
    """
    ids = kg.on_day_ids(month, day)
    if not categories:
        return ids
    wanted = set(categories)
    return [i for i in ids if kg.node(i).category in wanted]  # type: ignore[union-attr]


def day_categories(kg: KnowledgeGraph, month: int, day: int) -> list[tuple[str, int]]:
    """(category id, events of the day in it), most events first, then by id.

    >>> from graph.dates import HistoricalDate
    >>> from graph.models import Category, Event
    >>> from graph.store import KnowledgeGraph
    >>> kg = KnowledgeGraph.from_records([
    ...     Category("category:war", "War"), Category("category:art", "Art"),
    ...     Event("event:a", "A", HistoricalDate(1914, 8, 4), "category:war"),
    ...     Event("event:b", "B", HistoricalDate(1924, 8, 4), "category:art"),
    ...     Event("event:c", "C", HistoricalDate(1939, 8, 4), "category:war"),
    ... ])
    >>> day_categories(kg, 8, 4)
    [('category:war', 2), ('category:art', 1)]
    """
    counts = Counter(kg.node(i).category for i in kg.on_day_ids(month, day))  # type: ignore[union-attr]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _life_days(kg: KnowledgeGraph) -> tuple[dict[MonthDay, tuple[str, ...]], dict[MonthDay, tuple[str, ...]]]:
    """People by the month-day they were born, and by the one they died, oldest first."""
    born: dict[MonthDay, list[Person]] = defaultdict(list)
    died: dict[MonthDay, list[Person]] = defaultdict(list)
    for person in kg.records(Kind.PERSON):
        # Only dates known to the day: a year-only birth is no anniversary of January 1st.
        if person.born is not None and person.born.month_day is not None:
            born[person.born.month_day].append(person)
        if person.died is not None and person.died.month_day is not None:
            died[person.died.month_day].append(person)

    def ordered(table: dict[MonthDay, list[Person]], field: str) -> dict[MonthDay, tuple[str, ...]]:
        return {
            key: tuple(p.id for p in sorted(people, key=lambda p: (getattr(p, field).sort_key(), p.id)))
            for key, people in table.items()
        }

    return ordered(born, "born"), ordered(died, "died")


def born_on(kg: KnowledgeGraph, month: int, day: int) -> tuple[str, ...]:
    """People born on a month-day in any year, oldest first (known to the day only).

    >>> from graph.dates import HistoricalDate
    >>> from graph.models import Person
    >>> from graph.store import KnowledgeGraph
    >>> kg = KnowledgeGraph.from_records([
    ...     Person("person:obama", "Barack Obama", born=HistoricalDate(1961, 8, 4)),
    ...     Person("person:armstrong", "Louis Armstrong", born=HistoricalDate(1901, 8, 4)),
    ...     Person("person:someone", "Someone", born=HistoricalDate(1901)),
    ... ])
    >>> born_on(kg, 8, 4), born_on(kg, 1, 1)
    (('person:armstrong', 'person:obama'), ())
    """
    return kg.memo("life_days", _life_days)[0].get((month, day), ())


def died_on(kg: KnowledgeGraph, month: int, day: int) -> tuple[str, ...]:
    """People who died on a month-day in any year, oldest first (known to the day only)."""
    return kg.memo("life_days", _life_days)[1].get((month, day), ())


__all__ = ["born_on", "day_categories", "day_events", "day_name", "died_on"]
