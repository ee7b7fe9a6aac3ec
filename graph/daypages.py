"""The days of Wikipedia "On this day" pages that told an event lasting several days.

A battle dated 11 to 15 December 1862 whose day-page entry is on 13 December (the
Battle of Fredericksburg) starts on the 11th, and a reader of 13 December's page still
finds it there: the day page is the claim. An event is listed on each such page's day
that falls inside its own span; a page outside it is another fact, and the audit counts
such an entry as moved off its day.
"""

from __future__ import annotations

import re

from graph.calendar import Precision
from graph.models import Event

#: A day page as the Wikipedia reader names its file: "events/12/13.json".
_PAGE = re.compile(r"^events/(\d{1,2})/(\d{1,2})\.json$")


def page_day(file: str | None) -> tuple[int, int] | None:
    """The month and day of a day-page file, None for any other file.

    >>> page_day("events/12/13.json"), page_day("births/12/13.json")
    ((12, 13), None)
    """
    found = _PAGE.match(file or "")
    return (int(found[1]), int(found[2])) if found else None


def told_days(event: Event) -> list[tuple[int, int]]:
    """Days of the day pages among an event's sources that fall inside its span, other than its first.

    Compared as the dates are written (an event keeps one calendar for its start and end).

    >>> from graph.dates import HistoricalDate
    >>> from graph.models import Source
    >>> battle = Event("event:fredericksburg", "Battle of Fredericksburg", HistoricalDate(1862, 12, 11),
    ...     "category:military-warfare", end_date=HistoricalDate(1862, 12, 15),
    ...     sources=(Source("acw"), Source("wikipedia", "events/12/13.json"),
    ...              Source("wikipedia", "events/12/20.json")))
    >>> told_days(battle)
    [(12, 13)]
    """
    date, end = event.date, event.end_date
    if end is None or date.precision is not Precision.DAY or date.end is not None:
        return []
    if end.precision is not Precision.DAY or date.month is None or date.day is None:
        return []
    first = (date.year, date.month, date.day)
    last = (end.year, end.month or 12, end.day or 31)
    found: list[tuple[int, int]] = []
    for source in event.sources:
        day = page_day(source.file) if source.name == "wikipedia" else None
        if day is None or day == (date.month, date.day) or day in found:
            continue
        if any(first <= (year, *day) <= last for year in range(date.year, end.year + 1)):
            found.append(day)
    return found


__all__ = ["page_day", "told_days"]
