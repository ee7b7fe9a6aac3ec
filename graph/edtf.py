"""EDTF text to and from the parts of a date, with no date class of its own.

Clio reads and writes EDTF level 0 and the level 1 forms it uses: ``1924-08-04``,
``1924-08``, ``1924``, ``-0043-03-15`` (44 BC: EDTF counts a year 0), ``192X`` (a decade),
``19XX`` (a century), a trailing ``~`` (approximate), ``?`` (uncertain) or ``%`` (both), and
``start/end`` spans. `graph.dates.HistoricalDate.parse` and ``to_edtf`` call this module.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from graph.calendar import Precision, to_historical
from graph.errors import DateError

_EDTF_DATE = re.compile(
    r"(?P<year>-?(?:\d{4}|\d{3}X|\d{2}XX))(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qualifier>[~?%])?"
)

NOT_EDTF = (
    "not an EDTF date; write YYYY, YYYY-MM or YYYY-MM-DD "
    "(e.g. 1924-08-04, -0043-03-15 for 44 BC), 192X for a decade, 19XX for a century, "
    "~ or ? after it, start/end for a span"
)


class Parts(NamedTuple):
    """One point of a date as EDTF gives it; ``year`` in historical numbering (-44 = 44 BC).

    ``precision`` is None when month and day say it (a plain date), else DECADE or CENTURY.
    """

    year: int
    month: int | None
    day: int | None
    precision: Precision | None
    approximate: bool
    uncertain: bool


def split_span(text: str) -> tuple[str, str | None]:
    """The start and (for a span) end texts of an EDTF date.

    >>> split_span("1914-07-28/1918-11-11"), split_span(" 1924 ")
    (('1914-07-28', '1918-11-11'), ('1924', None))
    """
    if not isinstance(text, str):
        raise DateError(repr(text), "a date must be text")
    stripped = text.strip()
    if not stripped:
        raise DateError(text, "it is empty")
    if stripped.count("/") > 1:
        raise DateError(text, "a span has one '/', between its start and its end")
    if "/" not in stripped:
        return stripped, None
    first, last = stripped.split("/")
    if first in ("", "..") or last in ("", ".."):
        raise DateError(text, "open-ended spans are not supported; give both ends")
    return first, last


def parse_point(text: str, part: str) -> Parts:
    """Read one point (no '/'); ``text`` is the whole input, for the error message.

    >>> parse_point("-004X", "-004X")[:4]
    (-50, None, None, <Precision.DECADE: 'decade'>)
    """
    match = _EDTF_DATE.fullmatch(part)
    if match is None:
        raise DateError(text, NOT_EDTF)
    year_text = match["year"]
    negative = year_text.startswith("-")
    digits = year_text.lstrip("-")
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    qualifier = match["qualifier"]
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    unspecified = digits.count("X")
    if unspecified and month is not None:
        raise DateError(text, "a decade or century (X digits) cannot have a month")
    if not unspecified:
        year = to_historical(-int(digits) if negative else int(digits))
        return Parts(year, month, day, None, approximate, uncertain)
    precision = Precision.DECADE if unspecified == 1 else Precision.CENTURY
    size = 10**unspecified
    base = int(digits.replace("X", "0"))
    if negative:
        # -004X is astronomical -49…-40: its first year is 50 BC.
        year = to_historical(-(base + size - 1))
    elif base == 0:
        raise DateError(text, "this decade or century would include 1 BC and AD 1; write it as a span")
    else:
        year = base
    return Parts(year, None, None, precision, approximate, uncertain)


def format_point(
    astronomical_year: int,
    month: int | None,
    day: int | None,
    precision: Precision,
    approximate: bool,
    uncertain: bool,
) -> str:
    """EDTF for one point of a date.

    >>> format_point(-43, 3, 15, Precision.DAY, False, False)
    '-0043-03-15'
    >>> format_point(-499, None, None, Precision.CENTURY, False, False)
    '-04XX'
    """
    if precision in (Precision.DECADE, Precision.CENTURY):
        width = 1 if precision is Precision.DECADE else 2
        # BC: the X digits count back from the span's last (astronomical) year.
        last = astronomical_year + 10**width - 1 if astronomical_year <= 0 else astronomical_year
        digits = f"{abs(last):04d}"[: 4 - width] + "X" * width
        text = ("-" if astronomical_year <= 0 else "") + digits
    else:
        text = f"-{-astronomical_year:04d}" if astronomical_year < 0 else f"{astronomical_year:04d}"
        if month is not None:
            text += f"-{month:02d}"
        if day is not None:
            text += f"-{day:02d}"
    if approximate and uncertain:
        return text + "%"
    if approximate:
        return text + "~"
    if uncertain:
        return text + "?"
    return text


__all__ = ["NOT_EDTF", "Parts", "format_point", "parse_point", "split_span"]
