"""Which calendar a source's date is in, and the note that says how Clio knows.

Historians quote dates before the Gregorian reform (15 October 1582) in the Julian
calendar: the Battle of Hastings is 14 October 1066. Sources differ:

* Wikipedia's day pages (and the historicaldate CSVs, written from Wikipedia) give such
  dates as historians do, Julian, without saying so: `assume_julian` labels them Julian
  and says it is an assumption. An explicit "Old Style" is Julian at any date.
* Wikidata stores every day in the proleptic Gregorian calendar, so its Hastings is
  1066-10-20: `from_proleptic_gregorian` gives the Julian day historians quote and says
  what Wikidata wrote.

Both return the date to keep and a note for the event's ``sources``; the Gregorian form
stays one step away (`HistoricalDate.gregorian`).
"""

from __future__ import annotations

import dataclasses

from graph.calendar import GREGORIAN_START, Precision, gregorian_to_julian
from graph.dates import HistoricalDate

ASSUMED_JULIAN = "calendar: Julian assumed, as historians give dates before 15 October 1582"
#: What the note on a converted Wikidata day says; a merge that finds the day as written in
#: another source replaces the note (`graph.importers.combine.settle_calendars`).
PROLEPTIC_NOTE = "in the proleptic Gregorian calendar; read as the Julian"


def before_reform(date: HistoricalDate) -> bool:
    """Whether a day falls before 15 October 1582 (Gregorian), the first Gregorian day.

    >>> before_reform(HistoricalDate(1582, 10, 14)), before_reform(HistoricalDate(1582, 10, 15))
    (True, False)
    """
    return date.earliest() < GREGORIAN_START


def labelled_julian(date: HistoricalDate) -> HistoricalDate:
    """The same numbers, span end included, labelled Julian: a label, not a conversion.

    >>> labelled_julian(HistoricalDate.parse("1381-06-25/1381-06-26")).end.calendar
    'julian'
    """
    end = labelled_julian(date.end) if date.end is not None else None
    return dataclasses.replace(date, calendar="julian", end=end)


def to_calendar(date: HistoricalDate, calendar: str) -> HistoricalDate:
    """The same date in ``calendar``: a day is converted, a coarser date relabelled.

    >>> to_calendar(HistoricalDate(1066, 10, 20), "julian").display
    'October 14th, 1066 (O.S.)'
    >>> to_calendar(HistoricalDate(1066, 10, 14, calendar="julian"), "gregorian").display
    'October 20th, 1066'
    """
    if date.calendar == calendar:
        return date
    if calendar == "gregorian":
        return date.gregorian
    end = to_calendar(date.end, calendar) if date.end is not None else None
    if date.precision is not Precision.DAY:
        return dataclasses.replace(date, calendar=calendar, end=end)
    year, month, day = gregorian_to_julian(date.astronomical_year, date.month or 1, date.day or 1)
    return HistoricalDate(
        year - 1 if year <= 0 else year,
        month,
        day,
        approximate=date.approximate,
        uncertain=date.uncertain,
        end=end,
        calendar=calendar,
    )


def assume_julian(date: HistoricalDate) -> tuple[HistoricalDate, str | None]:
    """A day a source gives as historians do: Julian before the reform, as written after it.

    >>> assume_julian(HistoricalDate(1066, 10, 14))[0].calendar
    'julian'
    >>> assume_julian(HistoricalDate(1924, 8, 4))[0].calendar, assume_julian(HistoricalDate(1924, 8, 4))[1]
    ('gregorian', None)
    """
    if date.calendar == "julian" or date.precision is not Precision.DAY or not before_reform(date):
        return date, None
    return labelled_julian(date), ASSUMED_JULIAN


def from_proleptic_gregorian(date: HistoricalDate) -> tuple[HistoricalDate, str | None]:
    """A proleptic Gregorian day before the reform as the Julian day historians quote.

    >>> julian, note = from_proleptic_gregorian(HistoricalDate(1066, 10, 20))
    >>> julian.display
    'October 14th, 1066 (O.S.)'
    >>> note.startswith("calendar: the source gives 1066-10-20 in the proleptic Gregorian calendar; "
    ...                 "read as the Julian 1066-10-14 (assumed")
    True
    """
    if date.calendar == "julian" or date.precision is not Precision.DAY or not before_reform(date):
        return date, None
    julian = to_calendar(date, "julian")
    note = (
        f"calendar: the source gives {date.to_edtf()} {PROLEPTIC_NOTE} {julian.to_edtf()} "
        "(assumed, as Wikidata's model says: no other source of the event states its day)"
    )
    return julian, note


__all__ = [
    "ASSUMED_JULIAN",
    "PROLEPTIC_NOTE",
    "assume_julian",
    "before_reform",
    "from_proleptic_gregorian",
    "labelled_julian",
    "to_calendar",
]
