"""HistoricalDate: EDTF in and out, words, order, spans and how long ago."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from graph.dates import Elapsed, HistoricalDate, Precision, days_in_month
from graph.errors import DateError

D = HistoricalDate


PARSE_CASES = [
    # The seed page's date.
    ("1924-08-04", D(1924, 8, 4, Precision.DAY)),
    ("1924-08", D(1924, 8, precision=Precision.MONTH)),
    ("1924", D(1924, precision=Precision.YEAR)),
    # Astronomical -0043 is historical 44 BC (there is a year 0 in EDTF).
    ("-0043-03-15", D(-44, 3, 15)),
    # EDTF 0000 is 1 BC.
    ("0000", D(-1)),
    ("192X", D(1920, precision=Precision.DECADE)),
    # 19XX is 1900-1999; year holds its first year.
    ("19XX", D(1900, precision=Precision.CENTURY)),
    # -04XX is astronomical -499..-400 = 500-401 BC, the 5th century BC.
    ("-04XX", D(-500, precision=Precision.CENTURY)),
    # -004X is astronomical -49..-40 = 50-41 BC.
    ("-004X", D(-50, precision=Precision.DECADE)),
    ("1381-05~", D(1381, 5, approximate=True)),
    ("1900?", D(1900, uncertain=True)),
    # % is both approximate and uncertain.
    ("1900%", D(1900, approximate=True, uncertain=True)),
    ("1914-07-28/1918-11-11", D(1914, 7, 28, end=D(1918, 11, 11))),
    # Each end of a span keeps its own precision and qualifier.
    ("1381-06~/1382", D(1381, 6, approximate=True, end=D(1382))),
    # Surrounding blanks are not part of the date.
    (" 1924 ", D(1924)),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[text.strip() for text, _ in PARSE_CASES])
def test_parse_reads_edtf(text: str, expected: HistoricalDate) -> None:
    assert HistoricalDate.parse(text) == expected
    assert HistoricalDate.parse(text).to_edtf() == text.strip()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("August 4th, 1924", "not an EDTF date"),
        ("1924-02-30", "February 1924 has 29 days, not 30"),
        ("1900-02-29", r"February 1900 has 28 days \(not a leap year\)"),
        ("1924-13", "there is no month 13"),
        ("1924-00", "there is no month 0"),
        ("1918/1914", r"the span ends \(1914\) before it starts \(1918\)"),
        ("1914/..", "open-ended spans are not supported"),
        ("1914/1915/1916", "one '/'"),
        # EDTF 000X would hold 1 BC and AD 1..9 together.
        ("000X", "would include 1 BC and AD 1"),
        ("192X-05", "cannot have a month"),
        ("1XXX", "not an EDTF date"),
        ("924", "not an EDTF date"),
    ],
    ids=[
        "empty",
        "words",
        "feb-30",
        "feb-29-1900",
        "month-13",
        "month-0",
        "reversed-span",
        "open-span",
        "two-slashes",
        "decade-over-year-0",
        "decade-with-month",
        "millennium",
        "three-digit-year",
    ],
)
def test_parse_rejects_with_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        HistoricalDate.parse(text)


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: D(0), "there is no year 0"),
        (lambda: D(1924, 2, 30), "February 1924 has 29 days, not 30"),
        (lambda: D(1924, None, 4), "a day needs a month"),
        (lambda: D(1924, 8, precision=Precision.DAY), "precision day does not fit"),
        (lambda: D(1925, precision=Precision.DECADE), "a decade starts at a year ending in 0"),
        (lambda: D(1950, precision=Precision.CENTURY), "a century starts at a year ending in 00"),
        (lambda: D(1924, calendar="hebrew"), "calendar must be"),
        (lambda: D(1914, end=D(1915, end=D(1916))), "cannot be a span itself"),
        (lambda: D(20000), "beyond four digits"),
    ],
    ids=[
        "year-0",
        "feb-30",
        "day-without-month",
        "precision-mismatch",
        "decade-1925",
        "century-1950",
        "unknown-calendar",
        "nested-span",
        "five-digit-year",
    ],
)
def test_constructor_validates(build: Callable[[], HistoricalDate], reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        build()


def test_julian_leap_day_follows_julian_rule() -> None:
    # 1700 is a leap year in the Julian calendar only; its 29 February was 11 March (Gregorian).
    leap_day = D(1700, 2, 29, calendar="julian")
    assert leap_day.latest() == (1700, 3, 11)
    assert leap_day.gregorian == D(1700, 3, 11)
    with pytest.raises(DateError, match="not a leap year"):
        D(1700, 2, 29)


DISPLAY_CASES = [
    (D(1924, 8, 4), "August 4th, 1924"),
    (D(-44, 3, 15), "March 15th, 44 BC"),
    (D(-44), "44 BC"),
    (D(1900, approximate=True), "c. 1900"),
    (D(1917, 3), "March 1917"),
    (D(1920, precision=Precision.DECADE), "1920s"),
    (D(1900, precision=Precision.CENTURY), "1900s"),
    (D(-500, precision=Precision.CENTURY), "5th century BC"),
    (D(-100, precision=Precision.CENTURY), "1st century BC"),
    (D(-50, precision=Precision.DECADE), "50–41 BC"),
    (D(1914, 7, 28, end=D(1918, 11, 11)), "July 28th, 1914 – November 11th, 1918"),
    # AD only below 1000, where a bare number would not read as a year.
    (D(70), "AD 70"),
    (D(-27, end=D(14)), "27 BC – AD 14"),
    (D(1900, uncertain=True), "1900?"),
    (D(1642, 12, 25, calendar="julian"), "December 25th, 1642 (O.S.)"),
    # Ordinal suffixes: 11th-13th are the exceptions to 1st/2nd/3rd.
    (D(2001, 1, 1), "January 1st, 2001"),
    (D(2001, 1, 2), "January 2nd, 2001"),
    (D(2001, 1, 3), "January 3rd, 2001"),
    (D(2001, 1, 11), "January 11th, 2001"),
    (D(2001, 1, 12), "January 12th, 2001"),
    (D(2001, 1, 22), "January 22nd, 2001"),
    (D(2001, 1, 31), "January 31st, 2001"),
]


@pytest.mark.parametrize(("date", "text"), DISPLAY_CASES, ids=[text for _, text in DISPLAY_CASES])
def test_display_in_words(date: HistoricalDate, text: str) -> None:
    assert date.display == text
    assert "-" not in date.display


def test_numbering_and_bounds() -> None:
    assert (D(-1).astronomical_year, D(-44).astronomical_year, D(1).astronomical_year) == (0, -43, 1)
    assert (D.parse("192X").earliest(), D.parse("192X").latest()) == ((1920, 1, 1), (1929, 12, 31))
    assert (D(1924).earliest(), D(1924).latest()) == ((1924, 1, 1), (1924, 12, 31))
    assert (D(1924, 2).earliest(), D(1924, 2).latest()) == ((1924, 2, 1), (1924, 2, 29))
    assert D.parse("1914-07-28/1918").latest() == (1918, 12, 31)


def test_month_day_only_for_known_days() -> None:
    # A year-only date is never a January 1st anniversary.
    dates = (D(1924, 8, 4), D(1924, 1), D(1924), D(1920, precision=Precision.DECADE))
    assert [d.month_day for d in dates] == [(8, 4), None, None, None]


def test_order_runs_bce_before_ce_and_finer_first() -> None:
    expected = [
        "-04XX",  # 500-401 BC
        "-0043",  # 44 BC, from its first day
        "-0043-03-15",
        "0000",  # 1 BC
        "0001",
        "19XX",
        "1920-01-01",  # same first day: day, month, year, decade
        "1920-01",
        "1920",
        "192X",
        "1924-08",
        "1924-08-04",
        "1924-08-04/1924-08-05",  # same first day, longer reach
    ]
    dates = [D.parse(text) for text in reversed(expected)]
    assert [d.to_edtf() for d in sorted(dates)] == expected
    assert D(-44) < D(1) <= D(1) and D(1924) > D(1923, 12, 31) >= D(1923, 12, 31)


def test_dates_are_hashable_and_equal_by_fields() -> None:
    assert {D(1924), D(1924, precision=Precision.YEAR), D(1924, approximate=True)} == {
        D(1924),
        D(1924, approximate=True),
    }


@pytest.mark.parametrize(
    ("date", "start", "end", "inside"),
    [
        # A year-only 1924 is inside the 1920s.
        (D(1924), D.parse("192X"), D.parse("192X"), True),
        (D(1924, 8, 4), D(1925), None, False),
        (D(1924), D(1924, 12, 31), None, True),
        (D(1924), None, D(1924, 1, 1), True),
        (D(1930), None, D.parse("192X"), False),
        (D(-44, 3, 15), None, None, True),
        # A span touches the range with its end.
        (D.parse("1914-07-28/1918-11-11"), D(1918, 11), D(1920), True),
    ],
    ids=[
        "year-in-decade",
        "before-open-start",
        "last-day",
        "first-day",
        "after-decade",
        "unbounded",
        "span-end",
    ],
)
def test_overlaps_is_precision_aware(
    date: HistoricalDate, start: HistoricalDate | None, end: HistoricalDate | None, inside: bool
) -> None:
    assert date.overlaps(start, end) is inside


@pytest.mark.parametrize(
    ("date", "as_of", "elapsed", "text"),
    [
        # The seed page, as of 15 March 2025.
        (D(1924, 8, 4), D(2025, 3, 15), (100, 7, 11), "100 years, 7 months, 11 days ago"),
        # 44 BC to AD 1 is 44 years, not 45: there is no year 0.
        (D(-44, 3, 15), D(1, 3, 15), (44, 0, 0), "44 years ago"),
        # Ides of March 44 BC to Augustus's death, 19 August AD 14: -43-03-15 + 57y 5m 4d.
        (D(-44, 3, 15), D(14, 8, 19), (57, 5, 4), "57 years, 5 months, 4 days ago"),
        # 31 December 1 BC to 1 January AD 1 is one day.
        (D(-1, 12, 31), D(1, 1, 1), (0, 0, 1), "1 day ago"),
        # Jan 31 + 1 month is Feb 29 in a leap year, so Mar 1 is a month and a day later.
        (D(2024, 1, 31), D(2024, 3, 1), (0, 1, 1), "1 month, 1 day ago"),
        (D(2023, 1, 31), D(2023, 3, 1), (0, 1, 1), "1 month, 1 day ago"),
        (D(2023, 1, 31), D(2023, 2, 28), (0, 0, 28), "28 days ago"),
        # Coarse dates say only what they know.
        (D(2021), D(2025, 3, 15), (4, 2, 14), "4 years ago"),
        (D(2024, 1), D(2025, 3, 15), (1, 2, 14), "1 year, 2 months ago"),
        (D(2025, 3, 15), D(2025, 3, 15), (0, 0, 0), "today"),
        (D(2025), D(2025, 3, 15), (0, 2, 14), "this year"),
    ],
    ids=[
        "seed-page",
        "across-year-0",
        "ides-to-augustus",
        "one-day-across-year-0",
        "month-end-leap",
        "month-end",
        "short-month",
        "year-only",
        "month-only",
        "same-day",
        "same-year",
    ],
)
def test_how_long_ago(
    date: HistoricalDate, as_of: HistoricalDate, elapsed: tuple[int, int, int], text: str
) -> None:
    result = date.how_long_ago(as_of)
    assert (result.years, result.months, result.days) == elapsed
    assert result.display == text


def test_how_long_ago_needs_a_later_known_day() -> None:
    with pytest.raises(DateError, match="must be a single known day"):
        D(1924).how_long_ago(D(2025))
    with pytest.raises(DateError, match="before August 4th, 1924"):
        D(1924, 8, 4).how_long_ago(D(1924, 8, 3))


def test_elapsed_singulars_and_omitted_zeros() -> None:
    assert [Elapsed(*parts).display for parts in [(1, 1, 1), (0, 3, 0), (2, 0, 1)]] == [
        "1 year, 1 month, 1 day ago",
        "3 months ago",
        "2 years, 1 day ago",
    ]


def test_today_is_a_known_day() -> None:
    assert D.today().precision is Precision.DAY


# --- properties ------------------------------------------------------------------------


@st.composite
def points(draw: st.DrawFn) -> HistoricalDate:
    """Any single date EDTF can carry: every precision, both eras, both qualifiers."""
    precision = draw(st.sampled_from(Precision))
    approximate, uncertain = draw(st.booleans()), draw(st.booleans())
    if precision is Precision.DECADE:
        year = draw(st.integers(-999, 999).filter(bool)) * 10
        return D(year, precision=precision, approximate=approximate, uncertain=uncertain)
    if precision is Precision.CENTURY:
        year = draw(st.integers(-99, 99).filter(bool)) * 100
        return D(year, precision=precision, approximate=approximate, uncertain=uncertain)
    year = draw(st.integers(-10000, 9999).filter(bool))
    if precision is Precision.YEAR:
        return D(year, approximate=approximate, uncertain=uncertain)
    month = draw(st.integers(1, 12))
    day = None
    if precision is Precision.DAY:
        day = draw(st.integers(1, days_in_month(year + 1 if year < 0 else year, month)))
    return D(year, month, day, approximate=approximate, uncertain=uncertain)


@st.composite
def dates(draw: st.DrawFn) -> HistoricalDate:
    start = draw(points())
    if not draw(st.booleans()):
        return start
    end = draw(points())
    if end.latest() < start.earliest():
        start, end = end, start
    return dataclasses.replace(start, end=end)


@given(dates())
def test_edtf_round_trip(date: HistoricalDate) -> None:
    assert HistoricalDate.parse(date.to_edtf()) == date


@given(dates())
def test_julian_round_trip_keeps_numbers_not_calendar(date: HistoricalDate) -> None:
    # The calendar is not part of EDTF: the numbers survive, and parsing names the calendar again.
    # Every Gregorian day exists in the Julian calendar, whose leap years are a superset.
    end = dataclasses.replace(date.end, calendar="julian") if date.end else None
    julian = dataclasses.replace(date, calendar="julian", end=end)
    assert HistoricalDate.parse(julian.to_edtf(), "julian") == julian
    assert HistoricalDate.parse(julian.to_edtf()) == date


@given(dates(), dates(), dates())
def test_order_is_total_and_follows_bounds(a: HistoricalDate, b: HistoricalDate, c: HistoricalDate) -> None:
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    if a < b and b < c:
        assert a < c
    if a.earliest() < b.earliest():
        assert a < b
    if a.earliest() == b.earliest() and a.precision.rank < b.precision.rank:
        assert a < b
    assert a.earliest() <= a.latest()


@given(
    year=st.integers(min_value=-4000, max_value=4000).filter(lambda y: y != 0),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=31),
)
def test_gregorian_form_of_a_julian_day_converts_back(year: int, month: int, day: int) -> None:
    # The Julian day and its Gregorian form are one day: converting back gives the Julian day.
    from graph.calendar import gregorian_to_julian

    astronomical = year + 1 if year < 0 else year
    assume(day <= days_in_month(astronomical, month, "julian"))
    julian = D(year, month, day, calendar="julian")
    g = julian.gregorian
    assert g.calendar == "gregorian"
    assert gregorian_to_julian(g.astronomical_year, g.month, g.day) == (astronomical, month, day)  # type: ignore[arg-type]
    assert julian.earliest() == g.earliest() == julian.latest()


@pytest.mark.parametrize(
    ("julian", "gregorian"),
    [
        ((1066, 10, 14), (1066, 10, 20)),  # Battle of Hastings
        ((-44, 3, 15), (-44, 3, 13)),  # the Ides of March, 44 BC
        ((1582, 10, 4), (1582, 10, 14)),  # the last Julian day in Rome, followed by 15 October
        ((1620, 9, 6), (1620, 9, 16)),  # the Mayflower sails, Old Style and New Style
        ((1917, 10, 25), (1917, 11, 7)),  # the October Revolution
    ],
    ids=["hastings", "ides-of-march", "reform-eve", "mayflower", "october-revolution"],
)
def test_julian_days_have_the_gregorian_form_historians_give(
    julian: tuple[int, int, int], gregorian: tuple[int, int, int]
) -> None:
    assert D(*julian, calendar="julian").gregorian == D(*gregorian)


def test_julian_dates_order_by_their_gregorian_day() -> None:
    # 14 October 1066 (Julian) is 20 October (Gregorian): after the 18th, before the 25th.
    hastings = D(1066, 10, 14, calendar="julian")
    assert sorted([D(1066, 10, 25), hastings, D(1066, 10, 18)]) == [
        D(1066, 10, 18),
        hastings,
        D(1066, 10, 25),
    ]
