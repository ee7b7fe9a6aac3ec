"""The calendar under `HistoricalDate`: precisions, leap years, day counts, elapsed time.

Everything here works on astronomical years (with a year 0), the numbering that makes
arithmetic across 1 BC / AD 1 need no special case. See `graph.dates` for the conventions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Precision(str, Enum):
    """How much of a date is known; ordered from finest to coarsest."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"

    @property
    def rank(self) -> int:
        """0 for DAY up to 4 for CENTURY: finer dates sort first among equals."""
        return _RANK[self]


_RANK = {p: i for i, p in enumerate(Precision)}

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def is_leap(astronomical_year: int, calendar: str = "gregorian") -> bool:
    """Whether a year (astronomical numbering) has a February 29th.

    >>> is_leap(2000), is_leap(1900), is_leap(0), is_leap(1900, "julian")
    (True, False, True, True)
    """
    if calendar == "julian":
        return astronomical_year % 4 == 0
    return astronomical_year % 4 == 0 and (astronomical_year % 100 != 0 or astronomical_year % 400 == 0)


def days_in_month(astronomical_year: int, month: int, calendar: str = "gregorian") -> int:
    """Number of days in a month.

    >>> days_in_month(1924, 2), days_in_month(1923, 2), days_in_month(-43, 3)
    (29, 28, 31)
    """
    if month == 2:
        return 29 if is_leap(astronomical_year, calendar) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def day_number(astronomical_year: int, month: int, day: int) -> int:
    """Days since a fixed origin in the proleptic Gregorian calendar (any year, any sign)."""
    # Howard Hinnant's days_from_civil: years start in March so February is last.
    y = astronomical_year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe


def julian_day_number(astronomical_year: int, month: int, day: int) -> int:
    """Days since the same origin as `day_number`, for a date in the Julian calendar."""
    # The Julian count differs from the Gregorian one by the century days the Gregorian
    # rule skips; counting both from day_number's origin keeps them comparable.
    y = astronomical_year - (month <= 2)
    era = y // 4
    yoe = y - era * 4
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 1461 + yoe * 365 + doy - 2


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The proleptic Gregorian (astronomical year, month, day) of a `day_number`.

    >>> civil_from_days(day_number(1924, 8, 4))
    (1924, 8, 4)
    """
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return (yoe + era * 400 + (month <= 2), month, day)


def julian_from_days(days: int) -> tuple[int, int, int]:
    """The Julian (astronomical year, month, day) of a `day_number`.

    >>> julian_from_days(julian_day_number(1066, 10, 14))
    (1066, 10, 14)
    """
    shifted = days + 2
    era = shifted // 1461
    doe = shifted - era * 1461
    yoe = min(doe // 365, 3)
    doy = doe - 365 * yoe
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return (yoe + era * 4 + (month <= 2), month, day)


def julian_to_gregorian(astronomical_year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Gregorian day of a Julian day: the Battle of Hastings, 14 October 1066, was the 20th.

    >>> julian_to_gregorian(1066, 10, 14), julian_to_gregorian(1582, 10, 5)
    ((1066, 10, 20), (1582, 10, 15))
    """
    return civil_from_days(julian_day_number(astronomical_year, month, day))


def gregorian_to_julian(astronomical_year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Julian day of a (proleptic) Gregorian day, as historians quote dates before 1582.

    >>> gregorian_to_julian(1066, 10, 20), gregorian_to_julian(-43, 3, 13)
    ((1066, 10, 14), (-43, 3, 15))
    """
    return julian_from_days(day_number(astronomical_year, month, day))


#: The first day of the Gregorian calendar (15 October 1582); dates before it are Julian.
GREGORIAN_START = (1582, 10, 15)


def to_astronomical(year: int) -> int:
    return year + 1 if year < 0 else year


def to_historical(astronomical_year: int) -> int:
    return astronomical_year - 1 if astronomical_year <= 0 else astronomical_year


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def year_text(year: int) -> str:
    if year < 0:
        return f"{-year} BC"
    return f"AD {year}" if year < 1000 else str(year)


@dataclass(frozen=True, slots=True)
class Elapsed:
    """A calendar difference: whole years, then whole months, then days.

    ``precision`` is the precision of the date it was counted from, so a year-only date
    is said to be "101 years ago", never "101 years, 2 months, 14 days ago".
    """

    years: int
    months: int
    days: int
    precision: Precision = Precision.DAY

    @property
    def display(self) -> str:
        """Words for people, zero parts left out.

        >>> Elapsed(100, 7, 11).display
        '100 years, 7 months, 11 days ago'
        >>> Elapsed(1, 0, 1).display
        '1 year, 1 day ago'
        >>> Elapsed(4, 2, 14, Precision.YEAR).display
        '4 years ago'
        >>> Elapsed(0, 0, 0).display
        'today'
        """
        parts = [(self.years, "year")]
        if self.precision in (Precision.DAY, Precision.MONTH):
            parts.append((self.months, "month"))
        if self.precision is Precision.DAY:
            parts.append((self.days, "day"))
        words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
        if not words:
            return {Precision.DAY: "today", Precision.MONTH: "this month"}.get(self.precision, "this year")
        return ", ".join(words) + " ago"


__all__ = [
    "GREGORIAN_START",
    "MONTH_NAMES",
    "Elapsed",
    "Precision",
    "civil_from_days",
    "day_number",
    "days_in_month",
    "gregorian_to_julian",
    "is_leap",
    "julian_day_number",
    "julian_from_days",
    "julian_to_gregorian",
    "ordinal",
    "to_astronomical",
    "to_historical",
    "year_text",
]
