"""Dates as real files write them, read into `HistoricalDate` without guessing.

Three sources, three readers:

* `parse_date_text`: the historicaldate CSVs (``hdate``/``hdate_end``): ``14 Oct 1066``,
  ``Oct 1853``, ``c. 485 BC``, ``Between 25 jun 1381 and 26 jun 1381``, ``1066-12-25``…
* `parse_year_text`: the ``year`` of Wikipedia "On this day" records, with the month and
  day taken from the file path: ``509 BC``, ``AD 70``, ``285 (or 286)``, ``1642 (OS)``…
* `parse_wikidata_time`: Wikidata timestamps, ``-0043-03-15T00:00:00Z``.

A text that does not say a date plainly raises `DateError` with the reason; nothing is
half-read (a sentence in a year field is an error, not a year).
"""

from __future__ import annotations

import re

from graph.dates import MONTH_NAMES, HistoricalDate, Precision
from graph.errors import DateError

_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

# A year with an optional era: "1066", "485 BC", "500BC", "516 BCE", "AD 70", "79 AD".
_YEAR = r"(?:(?P<pre>AD|CE)\s*)?(?P<year>\d{1,4})(?:\s*(?P<era>BCE|BC|AD|CE))?"
_POINT = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?:(?P<month>{_MONTH})\.?\s+)?{_YEAR}",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?P<year>-?\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")
# "circa1m" is historicaldate's circa with a margin of one month; the margin is not kept.
_CIRCA = re.compile(r"(?:circa\s*(?:\d+[dmy])?|ca?\.|c\b)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"between\s+(?P<start>.+?)\s+and\s+(?P<end>.+)", re.IGNORECASE)
_AFTER = re.compile(r"(?P<date>.+?)\s+after\s+(?P<bound>.+)", re.IGNORECASE)


def _historical_year(text: str, match: re.Match[str]) -> int:
    year = int(match["year"])
    era = (match["era"] or "").upper()
    if match["pre"] and era:
        raise DateError(text, "the era is written twice")
    if year == 0:
        raise DateError(text, "there is no year 0")
    return -year if era in ("BC", "BCE") else year


def _point(text: str, part: str) -> HistoricalDate:
    """One date (no span) in the historicaldate style; ``text`` is quoted in errors."""
    approximate = False
    circa = _CIRCA.match(part)
    if circa and circa.end() < len(part):
        approximate, part = True, part[circa.end() :]
    iso = _ISO.fullmatch(part)
    try:
        if iso:
            astronomical = int(iso["year"])
            year = astronomical - 1 if astronomical <= 0 else astronomical
            day = int(iso["day"]) if iso["day"] else None
            return HistoricalDate(year, int(iso["month"]), day, approximate=approximate)
        match = _POINT.fullmatch(part)
        if match is None:
            raise DateError(
                text,
                "not a date in a known form (14 Oct 1066, Oct 1853, 1066, c. 485 BC, "
                "Between 1381 and 1382, 1066-12-25)",
            )
        if match["day"] and not match["month"]:
            raise DateError(text, "a day needs a month name (14 Oct 1066)")
        month = _MONTHS[match["month"].lower()] if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        return HistoricalDate(_historical_year(text, match), month, day, approximate=approximate)
    except DateError as error:
        if error.text == text:
            raise
        raise DateError(text, error.reason) from None


def parse_date_text(text: str) -> HistoricalDate:
    """Read a date as the historicaldate CSVs (and people) write it.

    Keeps precision (day, month, year), approximation ("c.", "circa") and spans
    ("Between A and B"; each end keeps its own precision). ``A after B`` (historicaldate:
    "A, but not before B") becomes the span from B to A.

    Raises:
        DateError: for empty text, open bounds ("Before 400BC", "ongoing"), which have
            no first day, and anything else that is not a plain date.

    >>> parse_date_text("14 Oct 1066").display
    'October 14th, 1066'
    >>> parse_date_text("c. 485 BC").to_edtf()
    '-0484~'
    >>> parse_date_text("Between 500BC and 400BC").display
    '500 BC – 400 BC'
    >>> parse_date_text("Before 400BC")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.DateError: cannot read date 'Before 400BC': 'before' gives only a latest date; ...
    """
    if not isinstance(text, str):
        raise DateError(repr(text), "a date must be text")
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if not cleaned:
        raise DateError(text, "it is empty")
    lowered = cleaned.lower()
    if lowered == "ongoing":
        raise DateError(text, "'ongoing' is not a date: the span has not ended yet")
    if lowered.startswith("before"):
        raise DateError(text, "'before' gives only a latest date; a date needs a first day too")
    bounds: tuple[str, str] | None = None
    if span := _BETWEEN.fullmatch(cleaned):
        bounds = (span["start"], span["end"])
    elif after := _AFTER.fullmatch(cleaned):
        bounds = (after["bound"], after["date"])
    if bounds is not None:
        start, end = _point(text, bounds[0]), _point(text, bounds[1])
        try:
            return HistoricalDate(
                start.year, start.month, start.day, start.precision, start.approximate, start.uncertain, end
            )
        except DateError as error:
            raise DateError(text, error.reason) from None
    return _point(text, cleaned)


_ONE_YEAR = r"(?:AD\s*)?\d{1,4}(?:\s*(?:BCE|BC|AD|CE))?"
_OS_DATE = re.compile(rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})", re.IGNORECASE)
_YEAR_FORMS = re.compile(
    rf"(?P<first>{_ONE_YEAR})"
    rf"(?:\s*\(or\s+(?P<second>{_ONE_YEAR})\)"  # 285 (or 286)
    rf"|\s*(?:or\s+|/\s*)(?P<other>{_ONE_YEAR})"  # 543 or 547, 309/310
    r"|\s*\((?P<os>OS|O\.S\.)(?:\s+(?P<os_date>[^)]*))?\))?",  # 1642 (OS), 1882 (O.S. 27 March)
    re.IGNORECASE,
)


def parse_year_text(text: str, month: int | None = None, day: int | None = None) -> HistoricalDate:
    """Read a Wikipedia "On this day" year, joined with the month and day of its file.

    Forms: ``1924``, ``180``, ``509 BC``, ``516 BCE``, ``AD 70``, ``79 AD``; two readings
    ``285 (or 286)``, ``543 or 547``, ``309/310`` give the first, flagged uncertain;
    ``1642 (OS)`` is an Old Style date, kept as written with ``calendar="julian"``;
    ``1882 (O.S. 27 March)`` names its own Old Style day, which is returned (Julian, 27
    March 1882): the page's own day (8 April) is the New Style equivalent, so tagging
    that day Julian would be false.

    Raises:
        DateError: when the field holds a sentence (an upstream scrape fault), is empty,
            or the day does not exist in that year.

    >>> parse_year_text("44 BC", 3, 15).display
    'March 15th, 44 BC'
    >>> parse_year_text("285 (or 286)", 10, 25).to_edtf()
    '0285-10-25?'
    >>> parse_year_text("1459- Pope Pius II becomes the 211th Pope.", 8, 19)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.DateError: cannot read date '1459- Pope ...': a sentence sits in the year field, not a year
    """
    if not isinstance(text, str):
        raise DateError(repr(text), "the year is missing")
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if not cleaned:
        raise DateError(text, "the year is empty")
    match = _YEAR_FORMS.fullmatch(cleaned)
    if match is None:
        if len(re.findall(r"[^\W\d_]{2,}", cleaned)) >= 2:
            raise DateError(text, "a sentence sits in the year field, not a year")
        raise DateError(
            text, "not a year as Wikipedia writes it (1924, 509 BC, AD 70, 285 (or 286), 309/310, 1642 (OS))"
        )
    point = _POINT.fullmatch(match["first"])
    assert point is not None  # _ONE_YEAR is a subset of _POINT
    year = _historical_year(text, point)
    uncertain = match["second"] is not None or match["other"] is not None
    calendar = "julian" if match["os"] else "gregorian"
    if match["os_date"]:
        os_date = _OS_DATE.fullmatch(match["os_date"].strip())
        if os_date is None:
            raise DateError(text, "the Old Style date is not a day and month (27 March)")
        month, day = _MONTHS[os_date["month"].lower()], int(os_date["day"])
    try:
        return HistoricalDate(year, month, day, uncertain=uncertain, calendar=calendar)
    except DateError as error:
        raise DateError(text, error.reason) from None


_WIKIDATA_TIME = re.compile(
    r"(?P<sign>[+-]?)(?P<year>\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})T\d{2}:\d{2}:\d{2}Z"
)
_WIKIDATA_PRECISION = {
    11: Precision.DAY,
    10: Precision.MONTH,
    9: Precision.YEAR,
    8: Precision.DECADE,
    7: Precision.CENTURY,
}


def parse_wikidata_time(text: str, precision: int | None = None) -> HistoricalDate:
    """Read a Wikidata timestamp; ``precision`` is Wikidata's (11 day … 7 century).

    BC years are astronomical, as in xsd:dateTime: ``-0043`` is 44 BC. The data shows it
    (``historic_events.json``; all 83 BC events whose label or article names the year agree,
    none differ):

    * Battle of Zela (67 BC): ``-0066-01-01``;
    * Battle of Actium (2 September 31 BC): ``-0030-08-31`` (the Julian 2 September
      written in the proleptic Gregorian calendar);
    * Battle of Cannae (216 BC): ``-0215-07-29``; Battle of Pharsalus (48 BC):
      ``-0047-06-04``; Battle of Marathon (490 BC): ``-0489-09-07``.

    Without a precision the day is read cautiously, because Wikidata writes a coarse
    fact with its missing parts set to 1:

    * January 1st becomes YEAR precision: 1,993 of 9,125 events fall on it against ~215
      on any other day, so nearly all are year-only facts (and a year-only event is never
      a January 1st anniversary).
    * The 1st of another month becomes MONTH precision: 734 events fall on the 1st of
      February…December against ~200 expected (about 215 per day of the month), so
      roughly three in four are month-only facts (Battle of the Granicus, May 334 BC:
      ``-0333-05-01``). The few true 1sts lose their day rather than hundreds of false
      anniversaries being made.

    Decades and centuries are those that contain the year (1900s = 1900–1999).

    Raises:
        DateError: for text that is not a timestamp, a precision coarser than a century,
            or an impossible day.

    >>> parse_wikidata_time("1924-08-04T00:00:00Z").display
    'August 4th, 1924'
    >>> parse_wikidata_time("-0043-03-15T00:00:00Z").display
    'March 15th, 44 BC'
    >>> parse_wikidata_time("1924-01-01T00:00:00Z").precision
    <Precision.YEAR: 'year'>
    >>> parse_wikidata_time("1924-01-01T00:00:00Z", precision=11).precision
    <Precision.DAY: 'day'>
    """
    if not isinstance(text, str):
        raise DateError(repr(text), "a timestamp must be text")
    match = _WIKIDATA_TIME.fullmatch(text.strip())
    if match is None:
        raise DateError(text, "not a Wikidata timestamp like 1924-08-04T00:00:00Z or -0043-03-15T00:00:00Z")
    astronomical = int(match["year"]) * (-1 if match["sign"] == "-" else 1)
    month, day = int(match["month"]), int(match["day"])
    if precision is None:
        if month == 0:
            wanted = Precision.YEAR
        elif day in (0, 1):
            wanted = Precision.YEAR if month == 1 else Precision.MONTH
        else:
            wanted = Precision.DAY
    elif precision in _WIKIDATA_PRECISION:
        wanted = _WIKIDATA_PRECISION[precision]
    else:
        raise DateError(text, f"Wikidata precision {precision} is coarser than a century (7) or unknown")
    if (wanted is Precision.DAY and day == 0) or (wanted in (Precision.DAY, Precision.MONTH) and month == 0):
        missing = "day" if month else "month"
        raise DateError(text, f"precision {wanted.value} but the timestamp has no {missing}")
    try:
        if wanted in (Precision.DECADE, Precision.CENTURY):
            size = 10 if wanted is Precision.DECADE else 100
            if astronomical > 0:
                first = astronomical // size * size
                if first == 0:
                    raise DateError(text, f"the {wanted.value} would include 1 BC and AD 1")
                return HistoricalDate(first, precision=wanted)
            # BC: the decade or century counts back from astronomical 0, -10, -100…
            return HistoricalDate(-size * ((-astronomical) // size + 1), precision=wanted)
        year = astronomical - 1 if astronomical <= 0 else astronomical
        return HistoricalDate(
            year,
            month if wanted in (Precision.DAY, Precision.MONTH) else None,
            day if wanted is Precision.DAY else None,
        )
    except DateError as error:
        if error.text == text:
            raise
        raise DateError(text, error.reason) from None


__all__ = ["parse_date_text", "parse_wikidata_time", "parse_year_text"]
