"""Historical dates: parse EDTF, print for people, order, and count how long ago.

Conventions
-----------
*Historical numbering* is what people write and what ``HistoricalDate.year`` holds:
``1924`` is AD 1924, ``-44`` is 44 BC, and there is no year 0 (1 BC is followed by AD 1).
*Astronomical numbering* is what EDTF, ISO 8601 and Wikidata write: it has a year 0, so
1 BC is ``0000`` and 44 BC is ``-0043``. ``astronomical_year`` converts; every
arithmetic (ordering, spans, elapsed time) is done on astronomical years so that the
missing year 0 never needs a special case.

Why no ``datetime``: ``datetime.date`` stops at AD 1, and a date like "1924" is not a
day at all. Calendar arithmetic here is the proleptic Gregorian rule on astronomical
years (so 1 BC, 5 BC… are leap years). A date in the Julian calendar (Old Style, or any
date before 15 October 1582 as historians quote it) keeps ``calendar="julian"``, is
checked with the Julian leap rule and is kept as written; ``gregorian`` gives the same
day in the Gregorian calendar, and ordering (``earliest``, ``latest``, ``sort_key``)
counts Julian dates on that Gregorian day, so the two calendars interleave truly.

Precision says what the date means, never more:

* ``DAY``: one day, ``1924-08-04``; the only precision that has an anniversary.
* ``MONTH``: some day of a month, ``1917-03``.
* ``YEAR``: some day of a year, ``1924``; never a January 1st.
* ``DECADE``: EDTF ``192X``, the years 1920–1929. ``year`` holds its first year.
* ``CENTURY``: EDTF ``19XX``, the years 1900–1999, printed "1900s" (not "20th
  century", which would be 1901–2000). ``year`` holds its first year. Before Christ the
  EDTF digits line up with the historians' centuries: ``-04XX`` is astronomical
  -499…-400, that is 500–401 BC, "5th century BC" (``year`` = -500).

A date may be *approximate* (EDTF ``~``, printed "c."), *uncertain* (``?``, printed
with a trailing "?"), or both (``%``), and may be a *span* whose ``end`` is another date
with its own precision (EDTF ``a/b``).

Printing: BC years always carry "BC" and never a minus sign; AD is written only before
years below 1000 ("AD 70"), where a bare number would not read as a year.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from dataclasses import dataclass
from typing import cast

from graph import edtf
from graph.calendar import (
    MONTH_NAMES,
    Elapsed,
    Precision,
    day_number,
    days_in_month,
    is_leap,
    julian_to_gregorian,
    ordinal,
    to_astronomical,
    year_text,
)
from graph.errors import DateError

# EDTF and ISO 8601 without the "Y" prefix stop at four digits.
_MIN_ASTRONOMICAL, _MAX_ASTRONOMICAL = -9999, 9999

#: Today's date, by class, with the UTC day number it was made on (`HistoricalDate.today`).
_TODAY: dict[type, tuple[int, HistoricalDate]] = {}

# A sentinel so that a date built without a precision derives one from month and day.
_DERIVED = cast(Precision, None)


@dataclass(frozen=True, slots=True)
class HistoricalDate:
    """A date as historians give it: possibly BC, coarse, approximate, uncertain or a span.

    >>> HistoricalDate(1924, 8, 4).display
    'August 4th, 1924'
    >>> HistoricalDate(-44, 3, 15).to_edtf()
    '-0043-03-15'
    >>> HistoricalDate(1924).precision
    <Precision.YEAR: 'year'>
    """

    year: int
    month: int | None = None
    day: int | None = None
    precision: Precision = _DERIVED
    approximate: bool = False
    uncertain: bool = False
    end: HistoricalDate | None = None
    calendar: str = "gregorian"

    def __post_init__(self) -> None:
        if self.precision is None:
            derived = (
                Precision.DAY if self.day is not None else Precision.MONTH if self.month else Precision.YEAR
            )
            object.__setattr__(self, "precision", derived)
        else:
            object.__setattr__(self, "precision", Precision(self.precision))
        self._validate()

    def _fail(self, reason: str) -> DateError:
        # Fields as given (historical year), since the date cannot be printed or written as EDTF.
        given = "-".join(str(part) for part in (self.year, self.month, self.day) if part is not None)
        return DateError(given, reason)

    def _validate(self) -> None:
        year, month, day, precision = self.year, self.month, self.day, self.precision
        if year == 0:
            raise self._fail("there is no year 0: 1 BC is followed by AD 1 (write 1 BC as -1)")
        if not _MIN_ASTRONOMICAL <= self.astronomical_year <= _MAX_ASTRONOMICAL:
            raise self._fail("years beyond four digits (10000 BC to AD 9999) are not supported")
        if self.calendar not in ("gregorian", "julian"):
            raise self._fail(f"calendar must be 'gregorian' or 'julian', not {self.calendar!r}")
        if day is not None and month is None:
            raise self._fail("a day needs a month")
        if month is not None and not 1 <= month <= 12:
            raise self._fail(f"there is no month {month}")
        if month is not None and day is not None:
            last = days_in_month(self.astronomical_year, month, self.calendar)
            if not 1 <= day <= last:
                leap = " (not a leap year)" if month == 2 and day == 29 else ""
                name = f"{MONTH_NAMES[month - 1]} {year_text(year)}"
                raise self._fail(f"{name} has {last} days{leap}, not {day}")
        expected = {
            Precision.DAY: day is not None,
            Precision.MONTH: month is not None and day is None,
        }.get(precision, month is None)
        if not expected:
            raise self._fail(f"precision {precision.value} does not fit month={month}, day={day}")
        if precision is Precision.DECADE and year % 10:
            raise self._fail("a decade starts at a year ending in 0 (1920 for the 1920s; -50 for 50–41 BC)")
        if precision is Precision.CENTURY and year % 100:
            raise self._fail(
                "a century starts at a year ending in 00 (1900 for the 1900s; -500 for 500–401 BC)"
            )
        if self.end is not None:
            if self.end.end is not None:
                raise self._fail("the end of a span cannot be a span itself")
            if self.end.latest() < self.earliest():
                raise self._fail(
                    f"the span ends ({self.end.display}) before it starts ({self._point_display()})"
                )

    # --- numbering -------------------------------------------------------------------

    @property
    def astronomical_year(self) -> int:
        """The year with a year 0: 1 BC -> 0, 44 BC -> -43, AD 1924 -> 1924.

        >>> HistoricalDate(-1).astronomical_year, HistoricalDate(-44).astronomical_year
        (0, -43)
        """
        return to_astronomical(self.year)

    @property
    def month_day(self) -> tuple[int, int] | None:
        """(month, day) when the date is a known day, else None.

        A year-only date is never a January 1st anniversary.

        >>> HistoricalDate(1924, 8, 4).month_day, HistoricalDate(1924).month_day
        ((8, 4), None)
        """
        if self.precision is Precision.DAY:
            return (cast(int, self.month), cast(int, self.day))
        return None

    @property
    def gregorian(self) -> HistoricalDate:
        """The same date in the Gregorian calendar; a Gregorian date is its own.

        Only a known day moves; a Julian month or year keeps its numbers.

        >>> HistoricalDate(1066, 10, 14, calendar="julian").gregorian.display
        'October 20th, 1066'
        >>> HistoricalDate(1066, calendar="julian").gregorian.display
        '1066'
        """
        if self.calendar == "gregorian":
            return self
        end = self.end.gregorian if self.end is not None else None
        if self.precision is Precision.DAY:
            year, month, day = julian_to_gregorian(
                self.astronomical_year, cast(int, self.month), cast(int, self.day)
            )
            historical = year - 1 if year <= 0 else year
            return HistoricalDate(
                historical, month, day, Precision.DAY, self.approximate, self.uncertain, end
            )
        return dataclasses.replace(self, calendar="gregorian", end=end)

    def earliest(self) -> tuple[int, int, int]:
        """(astronomical year, month, day) of the first day the date can mean, counted Gregorian.

        >>> HistoricalDate.parse("192X").earliest()
        (1920, 1, 1)
        >>> HistoricalDate.parse("-04XX").earliest()
        (-499, 1, 1)
        >>> HistoricalDate(1066, 10, 14, calendar="julian").earliest()
        (1066, 10, 20)
        """
        first = (self.astronomical_year, self.month or 1, self.day or 1)
        return julian_to_gregorian(*first) if self.calendar == "julian" else first

    def latest(self) -> tuple[int, int, int]:
        """(astronomical year, month, day) of the last day the date can mean; a span's end's.

        >>> HistoricalDate(1924).latest()
        (1924, 12, 31)
        >>> HistoricalDate.parse("1914-07-28/1918-11").latest()
        (1918, 11, 30)
        """
        if self.end is not None:
            return self.end.latest()
        year = self.astronomical_year
        if self.precision is Precision.DECADE:
            year += 9
        elif self.precision is Precision.CENTURY:
            year += 99
        month = self.month or 12
        last = (year, month, self.day or days_in_month(year, month, self.calendar))
        return julian_to_gregorian(*last) if self.calendar == "julian" else last

    # --- order -----------------------------------------------------------------------

    def sort_key(self) -> tuple[object, ...]:
        """A key giving a total order: by first day, finer precision first, then last day.

        The remaining fields break the last ties, so two dates have the same key only
        when they are equal.

        >>> dates = [HistoricalDate(1924), HistoricalDate(-44), HistoricalDate(1924, 1, 1)]
        >>> [d.display for d in sorted(dates)]
        ['44 BC', 'January 1st, 1924', '1924']
        """
        end_key = self.end.sort_key() if self.end is not None else ()
        return (
            self.earliest(),
            self.precision.rank,
            self.latest(),
            self.approximate,
            self.uncertain,
            self.calendar,
            end_key,
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    def overlaps(self, start: HistoricalDate | None, end: HistoricalDate | None) -> bool:
        """Whether any day this date can mean falls between start and end (None: open).

        Precision-aware: the bounds are taken at their widest, so a year-only 1924 is
        inside the 1920s and inside 1924-08 … 1925.

        >>> HistoricalDate(1924).overlaps(HistoricalDate.parse("192X"), HistoricalDate.parse("192X"))
        True
        >>> HistoricalDate(1930).overlaps(None, HistoricalDate.parse("192X"))
        False
        """
        if start is not None and self.latest() < start.earliest():
            return False
        return not (end is not None and self.earliest() > end.latest())

    def how_long_ago(self, as_of: HistoricalDate) -> Elapsed:
        """Years, months and days from the date's first day to ``as_of`` (a known day).

        Counted on astronomical years, so spans across 1 BC / AD 1 need no correction.

        >>> HistoricalDate(1924, 8, 4).how_long_ago(HistoricalDate(2025, 3, 15)).display
        '100 years, 7 months, 11 days ago'
        >>> HistoricalDate(-44, 3, 15).how_long_ago(HistoricalDate(1, 3, 15))
        Elapsed(years=44, months=0, days=0, precision=<Precision.DAY: 'day'>)
        """
        if as_of.precision is not Precision.DAY or as_of.end is not None:
            raise DateError(as_of.to_edtf(), "'as of' must be a single known day")
        y1, m1, d1 = self.earliest()
        y2, m2, d2 = as_of.earliest()
        if (y2, m2, d2) < (y1, m1, d1):
            raise DateError(as_of.to_edtf(), f"it is before {self.display}; nothing is 'ago' yet")
        total_months = (y2 * 12 + m2) - (y1 * 12 + m1) - (d2 < d1)
        anchor_year, anchor_month0 = divmod(y1 * 12 + m1 - 1 + total_months, 12)
        anchor_month = anchor_month0 + 1
        # Jan 31 plus one month is the last day of February, as people count.
        anchor_day = min(d1, days_in_month(anchor_year, anchor_month))
        days = day_number(y2, m2, d2) - day_number(anchor_year, anchor_month, anchor_day)
        years, months = divmod(total_months, 12)
        return Elapsed(years, months, days, self.precision)

    @classmethod
    def today(cls) -> HistoricalDate:
        """Today's date in UTC, the one place a ``datetime`` is used.

        UTC, not the machine's zone, so two replicas in different zones agree on "how long ago";
        a server that wants another day sets ``CLIO_TIMEZONE``.

        Made once a day, not once a request (the day's date costs more than a small query's
        field): POSIX time counts 86,400 seconds to every day in UTC, so the day number
        changes exactly at midnight there.
        """
        number = int(time.time() // 86_400)
        known = _TODAY.get(cls)
        if known is not None and known[0] == number:
            return known[1]
        now = datetime.date(1970, 1, 1) + datetime.timedelta(days=number)
        today = cls(now.year, now.month, now.day)
        _TODAY[cls] = (number, today)
        return today

    # --- EDTF ------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, calendar: str = "gregorian") -> HistoricalDate:
        """Read an EDTF (level 0 and the level 1 forms Clio uses) date.

        EDTF does not name a calendar; ``calendar`` says which one the numbers are in.

        Raises:
            DateError: with the reason, when the text is not such a date.

        >>> HistoricalDate.parse("-0043-03-15").display
        'March 15th, 44 BC'
        >>> HistoricalDate.parse("19XX").display
        '1900s'
        >>> HistoricalDate.parse("1381-05~").display
        'c. May 1381'
        >>> HistoricalDate.parse("1914-07-28/1918-11-11").display
        'July 28th, 1914 – November 11th, 1918'
        >>> HistoricalDate.parse("1924-02-30")
        Traceback (most recent call last):
        ...
        graph.errors.DateError: cannot read date '1924-02-30': February 1924 has 29 days, not 30
        """
        first, last = edtf.split_span(text)
        start = cls._parse_point(text, first, calendar)
        if last is None:
            return start
        end = cls._parse_point(text, last, calendar)
        try:
            return dataclasses.replace(start, end=end)
        except DateError as error:
            raise DateError(text, error.reason) from None

    @classmethod
    def _parse_point(cls, text: str, part: str, calendar: str) -> HistoricalDate:
        parts = edtf.parse_point(text, part)
        try:
            return cls(
                parts.year,
                parts.month,
                parts.day,
                parts.precision or _DERIVED,
                parts.approximate,
                parts.uncertain,
                calendar=calendar,
            )
        except DateError as error:
            raise DateError(text, error.reason) from None

    def to_edtf(self) -> str:
        """The EDTF text; ``HistoricalDate.parse(d.to_edtf()) == d``.

        The calendar is not part of EDTF: a Julian date comes back as Gregorian-labelled
        with the same numbers (it is kept as written, never converted).

        >>> HistoricalDate(-500, precision=Precision.CENTURY).to_edtf()
        '-04XX'
        >>> HistoricalDate(1900, approximate=True).to_edtf()
        '1900~'
        """
        text = self._point_edtf()
        if self.end is not None:
            text += "/" + self.end.to_edtf()
        return text

    def _point_edtf(self) -> str:
        return edtf.format_point(
            self.astronomical_year, self.month, self.day, self.precision, self.approximate, self.uncertain
        )

    # --- words -----------------------------------------------------------------------

    @property
    def display(self) -> str:
        """The date in words: "August 4th, 1924", "44 BC", "c. 1900", "1920s", spans with "–".

        >>> HistoricalDate(-44).display, HistoricalDate(1917, 3).display, HistoricalDate(70).display
        ('44 BC', 'March 1917', 'AD 70')
        >>> HistoricalDate(1900, approximate=True).display, HistoricalDate.parse("-04XX").display
        ('c. 1900', '5th century BC')
        >>> HistoricalDate(1642, calendar="julian").display
        '1642 (O.S.)'
        """
        text = self._point_display()
        if self.end is not None:
            text += " – " + self.end.display
        return text

    def _point_display(self) -> str:
        year = self.year
        if self.precision is Precision.DECADE:
            text = f"{-year}–{-year - 9} BC" if year < 0 else f"{year}s"
        elif self.precision is Precision.CENTURY:
            text = f"{ordinal(-year // 100)} century BC" if year < 0 else f"{year}s"
        elif self.precision is Precision.YEAR:
            text = year_text(year)
        elif self.precision is Precision.MONTH:
            text = f"{MONTH_NAMES[cast(int, self.month) - 1]} {year_text(year)}"
        else:
            month_name = MONTH_NAMES[cast(int, self.month) - 1]
            text = f"{month_name} {ordinal(cast(int, self.day))}, {year_text(year)}"
        if self.approximate:
            text = "c. " + text
        if self.uncertain:
            text += "?"
        if self.calendar == "julian":
            text += " (O.S.)"
        return text

    def __str__(self) -> str:
        return self.display


__all__ = ["MONTH_NAMES", "Elapsed", "HistoricalDate", "Precision", "days_in_month", "is_leap"]
