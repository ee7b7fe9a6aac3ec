"""Dates inside a search: "1924", "4 August 1924", "August 4, 1924", "1924-08-04", "August 4".

Someone typing a year or a date into a search box means the events of that day, month or
year, not names that happen to hold the digits. `read_date` finds the first date among a
query's words (as `graph.text.search_words` splits them: "1924-08-04" arrives as three
words, "August 4, 1924" without its comma) and returns it with the words left over, which
search then matches against names as usual (`graph.queries.word_index`).

What counts, first match wins, reading left to right:

* year, month and day in numbers: ``1924 08 04`` (an ISO date split at its hyphens);
* a day and a month name with a year: ``4 August 1924``, ``4th of August 1924``,
  ``August 4 1924``, ``Aug 4th 1924``;
* a month name and a year: ``August 1924``;
* a day and a month name alone: ``4 August``, ``August 4th`` (every year's August 4th);
* four digits alone: ``1924``.

Only the words are read, once each, with no regular expression: a query is untrusted input.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9

_ORDINALS = ("st", "nd", "rd", "th")


@dataclass(frozen=True, slots=True)
class QueryDate:
    """A day, a month of a year, a year, or a day of every year: the parts a query named."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


def _number(word: str, digits: range) -> int | None:
    if word.isascii() and word.isdigit() and len(word) in digits:
        return int(word)
    return None


def _day(word: str) -> int | None:
    """A day of the month: "4", "04" or "4th"."""
    if word.endswith(_ORDINALS):
        word = word[:-2]
    value = _number(word, range(1, 3))
    return value if value is not None and 1 <= value <= 31 else None


def _month(word: str) -> int | None:
    return _MONTHS.get(word.rstrip("."))


def _year(word: str) -> int | None:
    value = _number(word, range(1, 5))
    return value if value is not None and value >= 1 else None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    # February 29th is a day of some years: asked without a year, it is a day.
    return day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _at(words: list[str], at: int) -> tuple[QueryDate, int] | None:
    """The date beginning at word ``at``, with how many words it takes; None if none does."""
    rest = [*words[at : at + 4], "", "", "", ""]
    first, second, third = rest[:3]
    # 1924 08 04
    year, month, day = _number(first, range(3, 5)), _number(second, range(1, 3)), _number(third, range(1, 3))
    if year and month and day and 1 <= month <= 12 and _valid(year, month, day):
        return QueryDate(year, month, day), 3
    # 4 August 1924 / 4th of August 1924 / 4 August
    day = _day(first)
    if day is not None:
        skip = 1 if second == "of" else 0
        month = _month(rest[1 + skip])
        if month is not None:
            year = _year(rest[2 + skip])
            if year is not None and _valid(year, month, day):
                return QueryDate(year, month, day), 3 + skip
            if _valid(None, month, day):
                return QueryDate(None, month, day), 2 + skip
    month = _month(first)
    if month is not None:
        # August 4 1924 / August 4 / August 1924
        day, year = _day(second), _year(third)
        if day is not None and year is not None and _valid(year, month, day):
            return QueryDate(year, month, day), 3
        if day is not None and _valid(None, month, day):
            return QueryDate(None, month, day), 2
        year = _number(second, range(3, 5))
        if year is not None:
            return QueryDate(year, month, None), 2
    year = _number(first, range(4, 5))
    if year is not None:
        return QueryDate(year, None, None), 1
    return None


def read_date(words: list[str]) -> tuple[QueryDate | None, list[str]]:
    """The first date among a query's words, and the other words.

    >>> read_date(["treaty", "4", "august", "1924"])
    (QueryDate(year=1924, month=8, day=4), ['treaty'])
    >>> read_date(["august", "4th", "1924"])[0]
    QueryDate(year=1924, month=8, day=4)
    >>> read_date(["1924", "08", "04"])[0]
    QueryDate(year=1924, month=8, day=4)
    >>> read_date(["lenin", "1924"])
    (QueryDate(year=1924, month=None, day=None), ['lenin'])
    >>> read_date(["apollo", "11"])
    (None, ['apollo', '11'])
    """
    for at in range(len(words)):
        found = _at(words, at)
        if found is not None:
            date, taken = found
            return date, words[:at] + words[at + taken :]
    return None, words


__all__ = ["QueryDate", "read_date"]
