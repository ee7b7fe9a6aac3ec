"""Day page addresses: ``august-4`` both ways, the days before and after."""

from __future__ import annotations

from graph.calendar import MONTH_NAMES
from graph.dates import days_in_month

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}

#: Every month-day a year can have, February 29th included, in calendar order.
ALL_DAYS: tuple[tuple[int, int], ...] = tuple(
    (month, day) for month in range(1, 13) for day in range(1, days_in_month(2000, month) + 1)
)
_INDEX = {month_day: i for i, month_day in enumerate(ALL_DAYS)}


def day_slug(month: int, day: int) -> str:
    """The address part of a day page.

    >>> day_slug(8, 4)
    'august-4'
    """
    return f"{MONTH_NAMES[month - 1].lower()}-{day}"


def parse_day_slug(slug: str) -> tuple[int, int] | None:
    """(month, day) of ``august-4``; None for anything else (``august-04``, ``february-30``).

    >>> parse_day_slug("february-29"), parse_day_slug("february-30"), parse_day_slug("august-04")
    ((2, 29), None, None)
    """
    name, _, number = slug.rpartition("-")
    month = _MONTHS.get(name)
    # Digits only, no leading zero: one address per day.
    if month is None or not number.isascii() or not number.isdigit() or number.startswith("0"):
        return None
    month_day = (month, int(number)) if len(number) <= 2 else None
    return month_day if month_day in _INDEX else None


def neighbours(month: int, day: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The day before and the day after, across the year's end and through February 29th.

    >>> neighbours(1, 1), neighbours(2, 29)
    (((12, 31), (1, 2)), ((2, 28), (3, 1)))
    """
    i = _INDEX[(month, day)]
    return ALL_DAYS[i - 1], ALL_DAYS[(i + 1) % len(ALL_DAYS)]


__all__ = ["ALL_DAYS", "day_slug", "neighbours", "parse_day_slug"]
