"""The start of a war its own Wikidata summary states, when the item's one date is not it.

Wikidata gives a war, revolt or insurgency one date, and that date is often its end (the
Toggenburg War: 11 August 1712, the peace) or a day inside it (the Chinese Civil War: 1946).
The item's English summary often says how long it lasted: "a Swiss civil war … from 12 April
to 11 August 1712". When the one date falls after the start the summary states, and not after
its stated end, the summary's start is the date historians give the war; the item's date is
then kept as the end (or the stated end, when that is later).
"""

from __future__ import annotations

import re

from graph.dates import MONTH_NAMES, HistoricalDate, Precision
from graph.errors import DateError
from graph.importers.datetext import parse_date_text
from graph.importers.oldstyle import assume_julian

_MONTH = "|".join(MONTH_NAMES)
# "12 April 1712", "April 1712", "1712", "12 April", "April": the start may leave its year to the end.
_PART = rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTH})(?:\s+\d{{3,4}})?|\d{{3,4}})"
_SPAN = re.compile(
    rf"\b(?:from|between)\s+(?P<start>{_PART})\s*(?:to|until|till|and|–|-)\s*(?P<end>{_PART})(?![\d\w])"
)
_YEAR = re.compile(r"\d{3,4}$")


def stated_span(summary: str) -> tuple[HistoricalDate, HistoricalDate] | None:
    """The first "from … to …" (or "between … and …") span of dates a summary states.

    >>> start, end = stated_span("a Swiss civil war from 12 April to 11 August 1712. The Catholic…")
    >>> start.to_edtf(), end.to_edtf()
    ('1712-04-12', '1712-08-11')
    >>> [d.to_edtf() for d in stated_span("fought between 1893 and 1894 in Zimbabwe")]
    ['1893', '1894']
    >>> stated_span("it moved from Paris to Lyon") is None
    True
    """
    found = _SPAN.search(summary)
    if found is None:
        return None
    start_text, end_text = found["start"], found["end"]
    year = _YEAR.search(end_text)
    if year is None:
        return None
    if _YEAR.search(start_text) is None:
        start_text = f"{start_text} {year[0]}"
    try:
        start, end = parse_date_text(start_text), parse_date_text(end_text)
    except DateError:
        return None
    if not start.latest() < end.earliest():
        return None
    return start, end


def summary_start(summary: str, date: HistoricalDate) -> tuple[HistoricalDate, HistoricalDate] | None:
    """``(start, end)`` when ``date`` falls after the start ``summary`` states and not after its end.

    The start keeps the calendar historians quote (Julian before 1582, assumed as for a day page).

    >>> start, end = summary_start(
    ...     "a Swiss civil war from 12 April to 11 August 1712.", HistoricalDate(1712, 8, 11))
    >>> start.to_edtf(), end.to_edtf()
    ('1712-04-12', '1712-08-11')
    >>> summary_start("the war lasted from 1974 to 1991", HistoricalDate(1974, 9, 12)) is None
    True
    """
    span = stated_span(summary)
    if span is None:
        return None
    start, end = span
    if not start.latest() < date.earliest() <= end.latest():
        return None
    if start.precision is Precision.DAY:
        start = assume_julian(start)[0]
    return start, date if date.earliest() >= end.earliest() else end


__all__ = ["stated_span", "summary_start"]
