"""Dates as the source files write them: historicaldate CSVs, Wikipedia day pages, Wikidata."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.dates import HistoricalDate, Precision
from graph.errors import DateError
from graph.importers.datetext import parse_date_text, parse_wikidata_time, parse_year_text

D = HistoricalDate
DATASETS = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets"

DATE_TEXT_CASES = [
    ("14 Oct 1066", D(1066, 10, 14)),
    # Lower-case month names, as several CSV rows write them.
    ("30 may 1381", D(1381, 5, 30)),
    ("Oct 1853", D(1853, 10)),
    ("25 December 2021", D(2021, 12, 25)),
    ("Circa 1900", D(1900, approximate=True)),
    ("c. 485 BC", D(-485, approximate=True)),
    ("c. 205BC", D(-205, approximate=True)),
    # historicaldate's circa with a one-month margin: the margin is not kept, the circa is.
    ("circa1m 10 August 843 ", D(843, 8, 10, approximate=True)),
    # A span: both ends kept, each with its precision.
    ("Between 25 jun 1381 and 26 jun 1381", D(1381, 6, 25, end=D(1381, 6, 26))),
    ("Between 500BC and 400BC", D(-500, end=D(-400))),
    ("Between 27BC and 14AD", D(-27, end=D(14))),
    ("Between Nov 1951 and 1953", D(1951, 11, end=D(1953))),
    # "A after B": A, but not before B: the span from B to A.
    ("924 after 17 jul 924", D(924, 7, 17, end=D(924))),
    ("1066-12-25", D(1066, 12, 25)),
    ("38BC", D(-38)),
    ("AD 70", D(70)),
    ("79 AD", D(79)),
    ("516 BCE", D(-516)),
    ("1 BC", D(-1)),
    ("3114 BC", D(-3114)),
    ("1924", D(1924)),
    ("180", D(180)),
    # 888 is a leap year (proleptic Gregorian as well as Julian).
    ("29 February 888", D(888, 2, 29)),
]


@pytest.mark.parametrize(("text", "expected"), DATE_TEXT_CASES, ids=[text for text, _ in DATE_TEXT_CASES])
def test_parse_date_text_reads_real_forms(text: str, expected: HistoricalDate) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "it is empty"),
        ("ongoing", "the span has not ended yet"),
        ("Before 400BC", "'before' gives only a latest date"),
        ("Before 220", "'before' gives only a latest date"),
        ("30 Feb 1381", "February 1381 has 28 days, not 30"),
        ("0 BC", "there is no year 0"),
        ("14 1066", r"a day needs a month name \(14 Oct 1066\)"),
        ("Between 1400 and 1300", r"the span ends \(1300\) before it starts \(1400\)"),
        ("the reign of Alfred", "not a date in a known form"),
        ("AD 70 AD", "the era is written twice"),
    ],
    ids=[
        "empty",
        "ongoing",
        "before-bc",
        "before-ad",
        "feb-30",
        "year-0",
        "day-without-month",
        "reversed-span",
        "words",
        "era-twice",
    ],
)
def test_parse_date_text_refuses_with_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason) as raised:
        parse_date_text(text)
    assert raised.value.text == text


YEAR_TEXT_CASES = [
    # (year field, month and day from the file path, expected)
    ("1924", 8, 4, D(1924, 8, 4)),
    ("180", 3, 17, D(180, 3, 17)),
    ("509 BC", None, None, D(-509)),
    ("516 BCE", 3, 12, D(-516, 3, 12)),
    ("AD 70", 9, 8, D(70, 9, 8)),
    ("79 AD", 8, 24, D(79, 8, 24)),
    ("1 BC", 1, 1, D(-1, 1, 1)),
    ("3114 BC", 8, 11, D(-3114, 8, 11)),
    ("44 BC", 3, 15, D(-44, 3, 15)),
    # Two readings: the first, flagged uncertain.
    ("285 (or 286)", 10, 25, D(285, 10, 25, uncertain=True)),
    ("309/310", 8, 17, D(309, 8, 17, uncertain=True)),
    ("543 or 547", 3, 21, D(543, 3, 21, uncertain=True)),
    # Old Style on the page's own day (Newton's birth, births/12/25).
    ("1642 (OS)", 12, 25, D(1642, 12, 25, calendar="julian")),
    # The O.S. day is named; the page's 8 April is its New Style equivalent.
    ("1882 (O.S. 27 March)", 4, 8, D(1882, 3, 27, calendar="julian")),
    # A month without a day (no real file does this, but a caller may).
    ("1924", 8, None, D(1924, 8)),
    ("1924\u00a0", 8, 4, D(1924, 8, 4)),
]


@pytest.mark.parametrize(
    ("text", "month", "day", "expected"), YEAR_TEXT_CASES, ids=[case[0].strip() for case in YEAR_TEXT_CASES]
)
def test_parse_year_text_reads_real_forms(
    text: str, month: int | None, day: int | None, expected: HistoricalDate
) -> None:
    assert parse_year_text(text, month, day) == expected


@pytest.mark.parametrize(
    ("text", "month", "day", "reason"),
    [
        # The whole sentence sits in `year` (events/8/19.json): not half-read as 1459.
        ("1459- Pope Pius II becomes the 211th Pope.", 8, 19, "a sentence sits in the year field"),
        ("AD 98- Nerva, Roman emperor (b. 35)", 1, 27, "a sentence sits in the year field"),
        # A sub-item of a multi-person entry (the 1912 Titanic dead).
        ("Edward Smith, English captain (b. 1850)", 4, 15, "a sentence sits in the year field"),
        ("1035]", 5, 26, "not a year as Wikipedia writes it"),
        ("", 11, 29, "the year is empty"),
        ("1900", 2, 29, r"February 1900 has 28 days \(not a leap year\)"),
        ("1882 (O.S. spring)", 4, 8, "the Old Style date is not a day and month"),
    ],
    ids=["sentence", "ad-sentence", "person", "stray-bracket", "empty", "feb-29-1900", "os-without-day"],
)
def test_parse_year_text_refuses_with_reason(text: str, month: int, day: int, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_year_text(text, month, day)


WIKIDATA_CASES = [
    ("1924-08-04T00:00:00Z", None, D(1924, 8, 4)),
    # Astronomical: Caesar's death, 44 BC.
    ("-0043-03-15T00:00:00Z", None, D(-44, 3, 15)),
    # Real records: Battle of Actium (31 BC), Cannae (216 BC), Zela (67 BC, year only).
    ("-0030-08-31T00:00:00Z", None, D(-31, 8, 31)),
    ("-0215-07-29T00:00:00Z", None, D(-216, 7, 29)),
    ("-0066-01-01T00:00:00Z", None, D(-67)),
    # No precision: January 1st is a year-only fact, the 1st of another month a month-only one.
    ("1924-01-01T00:00:00Z", None, D(1924)),
    ("-0333-05-01T00:00:00Z", None, D(-334, 5)),
    # With a precision, it is obeyed.
    ("1924-01-01T00:00:00Z", 11, D(1924, 1, 1)),
    ("1924-05-01T00:00:00Z", 11, D(1924, 5, 1)),
    ("1924-08-04T00:00:00Z", 10, D(1924, 8)),
    ("1924-08-00T00:00:00Z", 10, D(1924, 8)),
    ("+1924-00-00T00:00:00Z", 9, D(1924)),
    ("1924-00-00T00:00:00Z", None, D(1924)),
    ("1924-01-01T00:00:00Z", 8, D(1920, precision=Precision.DECADE)),
    ("1950-01-01T00:00:00Z", 7, D(1900, precision=Precision.CENTURY)),
    # 450 BC is astronomical -449, in the 5th century BC (500-401 BC).
    ("-0449-01-01T00:00:00Z", 7, D(-500, precision=Precision.CENTURY)),
    ("-0043-01-01T00:00:00Z", 8, D(-50, precision=Precision.DECADE)),
]


@pytest.mark.parametrize(
    ("text", "precision", "expected"),
    WIKIDATA_CASES,
    ids=[f"{text[:11]}-p{precision}" for text, precision, _ in WIKIDATA_CASES],
)
def test_parse_wikidata_time(text: str, precision: int | None, expected: HistoricalDate) -> None:
    assert parse_wikidata_time(text, precision) == expected


@pytest.mark.parametrize(
    ("text", "precision", "reason"),
    [
        ("1924-08-04", None, "not a Wikidata timestamp"),
        ("1924-02-30T00:00:00Z", None, "February 1924 has 29 days, not 30"),
        ("0000-01-01T00:00:00Z", 6, "coarser than a century"),
        ("0050-01-01T00:00:00Z", 7, "would include 1 BC and AD 1"),
        ("1924-08-00T00:00:00Z", 11, "precision day but the timestamp has no day"),
    ],
    ids=["no-time", "feb-30", "millennium", "century-over-year-0", "day-missing"],
)
def test_parse_wikidata_time_refuses_with_reason(text: str, precision: int | None, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_wikidata_time(text, precision)


# --- every real value ------------------------------------------------------------------


def _dataset(name: str) -> Path:
    path = DATASETS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data sets are not next to this checkout")
    return path


def _outcomes(values: Sequence[tuple[Any, ...]], read: Callable[..., HistoricalDate]) -> tuple[int, int]:
    """Counts (parsed, refused); any exception other than DateError fails the test."""
    parsed = refused = 0
    for args in values:
        try:
            read(*args)
        except DateError:
            refused += 1
        else:
            parsed += 1
    return parsed, refused


@pytest.mark.shared
def test_every_historicaldate_value_parses_or_is_refused() -> None:
    values: list[tuple[str]] = []
    for path in sorted(_dataset("historicaldate").rglob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                values += [(row[column],) for column in ("hdate", "hdate_end") if row.get(column) is not None]
    parsed, refused = _outcomes(values, parse_date_text)
    # Measured: 960 of 1,246 cells; the refused are 281 empty, 3 "Before …", 2 "ongoing".
    assert parsed >= 960
    assert refused <= 286


@pytest.mark.shared
def test_every_onthisday_year_parses_or_is_refused() -> None:
    values: list[tuple[str, int, int]] = []
    root = _dataset("wikipedia-onthisday")
    for kind in ("events", "births", "deaths"):
        for path in sorted((root / kind).glob("*/*.json")):
            month, day = int(path.parent.name), int(path.stem)
            for record in json.loads(path.read_text(encoding="utf-8"))[kind]:
                values.append((record["year"] or "", month, day))
    parsed, refused = _outcomes(values, parse_year_text)
    # Measured: 126,925 of 127,118; the 193 refused are the malformed scrape records.
    assert parsed >= 126_925
    assert refused <= 198  # the data set's README counts 198 malformed records


@pytest.mark.shared
def test_every_wikidata_date_parses_and_bc_years_match_their_labels() -> None:
    records = json.loads((_dataset("wikidata-historic-events") / "historic_events.json").read_text())
    checked = 0
    for record in records:
        date = parse_wikidata_time(record["date"])
        # "Battle of Zela (67 BC)", ".../Battle_of_Zela_(67_BC)", "battle of Ephesus (498 BCE)"
        named = re.search(r"(?<!\d)(\d+)[ _]BCE?\b", f"{record['label']} {record.get('article', '')}")
        if record["date"].startswith("-") and named:
            assert date.year == -int(named[1]), record
            checked += 1
    # Measured: 83 BC events name their year in the label or article.
    assert checked >= 80
