"""The Wikidata reader: merging the three query files, dates, participants, bad files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from graph.dates import HistoricalDate, Precision
from graph.errors import DataError
from graph.importers import wikidata
from graph.importers.draft import Draft, DraftEvent, Mention, Rejection
from graph.models import Link, Source

HERE = Path(__file__).resolve()
BAD = HERE.parents[1] / "data" / "importers" / "wikidata"
SHARED = HERE.parents[2] / ".." / "shared" / "datasets" / "wikidata-historic-events"
Q = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def shared_drafts() -> list[Draft]:
    if not SHARED.is_dir():
        pytest.skip(f"the shared Wikidata data set is not at {SHARED}")
    return list(wikidata.read([SHARED]))


def by_record(drafts: list[Draft]) -> dict[str, DraftEvent]:
    return {d.source.record or "": d for d in drafts if isinstance(d, DraftEvent)}


def test_wikidata_rows_of_one_item_merge_into_one_event_with_every_field() -> None:
    drafts = list(wikidata.read([BAD / "merge"]))
    war = by_record(drafts)[Q + "Q184637"]
    assert war == DraftEvent(
        title="Ten Years' War",
        # The first file in sorted order that gives a date wins; the other is reported.
        date=HistoricalDate(1868, 10, 11),
        source=Source(
            name="wikidata", file="events_with_participants.json", record=Q + "Q184637", url=Q + "Q184637"
        ),
        summary="The Ten Years' War was part of Cuba's fight for independence from Spain.",
        mentions=(
            Mention("Spain under the Restoration", kind_hint=None, role="participant"),
            Mention("Ejército Libertador Cubano", kind_hint=None, role="participant"),
        ),
        links=(Link("Ten Years' War", "https://en.wikipedia.org/wiki/Ten_Years'_War"),),
        article="Ten Years' War",
        # A war's one date may be its end; the merge may give it a start from a day page.
        notes=("date: Wikidata gives one date for something that lasts; it may be the end",),
        date_may_be_end=True,
    )


def test_wikidata_unusable_rows_become_rejections_with_reason_and_text() -> None:
    drafts = list(wikidata.read([BAD / "merge"]))
    rejected = [d for d in drafts if isinstance(d, Rejection)]
    assert [(d.source.record, d.source.file, d.field, d.text, d.reason) for d in rejected] == [
        # Q7 is "A date in words", Q8 has a blank label, Q9 only lists participants.
        (Q + "Q7", "historic_events.json", "date", "the spring of 1848",
         "unreadable date: not a Wikidata timestamp like 1924-08-04T00:00:00Z or -0043-03-15T00:00:00Z"),
        (Q + "Q8", "historic_events.json", "label", None,
         "no label: a participants-only row with nothing to name it"),
        (Q + "Q9", "events_with_participants.json", "label", None,
         "no label: a participants-only row with nothing to name it"),
        (Q + "Q184637", "historic_events.json", "date", "1868-10-10T00:00:00Z",
         "historic_events.json gives another date than events_with_participants.json;"
         " kept '1868-10-11T00:00:00Z'"),
        (Q + "Q184637", "events_with_participants.json", "participants", " ", "empty participant name"),
    ]  # fmt: skip
    assert by_record(drafts)[Q + "Q2464364"].date == HistoricalDate(-67)


@pytest.mark.parametrize(
    ("folder", "line", "field", "message"),
    [
        # The file stops in the middle of a record.
        ("truncated", 5, None, "not valid JSON"),
        ("no-event", None, "0.event", "every record needs an 'event' URL"),
    ],
    ids=["truncated-json", "record-without-event"],
)
def test_wikidata_malformed_file_is_a_data_error(
    folder: str, line: int | None, field: str | None, message: str
) -> None:
    with pytest.raises(DataError, match=message) as caught:
        list(wikidata.read([BAD / folder]))
    assert (caught.value.path, caught.value.line, caught.value.field) == ("historic_events.json", line, field)


@pytest.mark.shared
def test_wikidata_shared_counts(shared_drafts: list[Draft]) -> None:
    events = [d for d in shared_drafts if isinstance(d, DraftEvent)]
    rejections = Counter((d.reason.split(":")[0], d.field) for d in shared_drafts if isinstance(d, Rejection))
    assert (len(events), Counter(d.date.precision for d in events)) == (
        9850,
        # 14 items whose label names their years start in the first one (see below); 21 wars
        # dated on a day after the start their summary states start there, most at a coarser
        # precision ("from 1983 to 2005": a year), as the summary gives it.
        Counter({Precision.DAY: 6638, Precision.YEAR: 2390, Precision.MONTH: 822}),
    )
    # 565 rows of events_with_participants.json list participants only; one item is
    # dated "1899000-01-01T00:00:00Z" in both files that carry it.
    images = Counter(f for (_, f), n in rejections.items() for _ in range(n) if f == "image")
    # The Taiping Rebellion (Q192408) has two images in Wikidata: each file names one, the first is kept.
    assert images == Counter({"image": 2})
    rejections = Counter({key: n for key, n in rejections.items() if key[1] != "image"})
    assert rejections == Counter({("no label", "label"): 565, ("unreadable date", "date"): 1})
    assert (sum(1 for e in events if e.summary), sum(1 for e in events if e.mentions)) == (412, 483)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("item", "title", "edtf"),
    [
        # Astronomical numbering: -0066 is 67 BC, as the title says.
        ("Q2464364", "Battle of Zela (67 BC)", "-0066"),
        ("Q971507", "Battle of Zela (47 BC)", "-0046-06"),
        # A day-precise BC date: 2 September 31 BC (Julian) written as proleptic Gregorian.
        (
            "Q160387",
            "Battle of Actium",
            "-0030-09-02",
        ),  # Wikidata -0030-08-31, read as the Julian 2 September
    ],
    ids=["zela-67-bc", "zela-47-bc", "actium"],
)
def test_wikidata_bc_years_match_the_year_in_the_title(
    shared_drafts: list[Draft], item: str, title: str, edtf: str
) -> None:
    event = by_record(shared_drafts)[Q + item]
    assert (event.title, event.date.to_edtf(), event.article) == (title, edtf, title)
    written = re.search(r"(\d+) BC", title)
    if written:
        assert event.date.year == -int(written.group(1))


@pytest.mark.shared
def test_wikidata_year_only_event_is_never_a_january_first(shared_drafts: list[Draft]) -> None:
    guelders = by_record(shared_drafts)[Q + "Q1362154"]
    assert (guelders.title, guelders.date.precision, guelders.date.month_day) == (
        "First War of the Guelderian Succession",
        Precision.YEAR,
        None,
    )
    # A Julian 1 January is a day Wikidata wrote as a later Gregorian day (1227-01-08), not a year.
    assert not [
        e
        for e in by_record(shared_drafts).values()
        if e.date.month_day == (1, 1) and e.date.calendar != "julian"
    ]


@pytest.mark.shared
def test_wikidata_summary_event_keeps_its_participants_in_order(shared_drafts: list[Draft]) -> None:
    war = by_record(shared_drafts)[Q + "Q184637"]
    assert (war.date, [m.name for m in war.mentions], (war.summary or "")[:30]) == (
        HistoricalDate(1868, 10, 10),
        ["Spain under the Restoration", "Ejército Libertador Cubano"],
        "The Ten Years' War (Spanish: G",
    )


def test_wikidata_days_before_1582_become_the_julian_day_historians_quote(shared_drafts: list[Draft]) -> None:
    # Wikidata stores the Battle of Hastings as 1066-10-20, the proleptic Gregorian form of 14 October.
    hastings = next(d for d in shared_drafts if isinstance(d, DraftEvent) and d.title == "Battle of Hastings")
    assert hastings.date == HistoricalDate(1066, 10, 14, calendar="julian")
    assert hastings.date.gregorian == HistoricalDate(1066, 10, 20)
    assert hastings.notes == (
        "calendar: the source gives 1066-10-20 in the proleptic Gregorian calendar; "
        "read as the Julian 1066-10-14 (assumed, as Wikidata's model says: no other source of "
        "the event states its day)",
    )


def test_a_label_naming_the_years_makes_wikidatas_date_in_the_last_one_the_end(
    shared_drafts: list[Draft],
) -> None:
    # "Anglo-French War (1778–1783)" is dated 1783-09: the war's end, not its start.
    war = next(
        d for d in shared_drafts if isinstance(d, DraftEvent) and d.title == "Anglo-French War (1778–1783)"
    )
    assert (war.date, war.end_date, war.date_may_be_end, war.notes[-1]) == (
        HistoricalDate(1778),
        HistoricalDate(1783, 9),
        False,
        "date: the label names the years it lasted; Wikidata's 1783-09 is the end",
    )
    # A date in the first year named is the start, as written.
    revolt = next(
        d
        for d in shared_drafts
        if isinstance(d, DraftEvent) and d.title == "Peasant revolt in Flanders 1323–1328"
    )
    assert (revolt.date, revolt.end_date) == (HistoricalDate(1323), None)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("item", "start", "end"),
    [
        # "a Swiss civil war … from 12 April to 11 August 1712": Wikidata's one date is the peace.
        ("Q690096", "1712-04-12", "1712-08-11"),
        # "from 1 August 1927 until 7 December 1949": Wikidata's 1946 is a day inside it.
        ("Q179975", "1927-08-01", "1949-12-07"),
        # "from 12 September 1974 to 28 May 1991": Wikidata's date is the start; kept, end unknown.
        ("Q257724", "1974-09-12", None),
    ],
    ids=["toggenburg-war", "chinese-civil-war", "ethiopian-civil-war"],
)
def test_a_war_starts_where_its_own_summary_says_when_its_one_date_falls_later(
    shared_drafts: list[Draft], item: str, start: str, end: str | None
) -> None:
    war = by_record(shared_drafts)[Q + item]
    assert (war.date.to_edtf(), war.end_date.to_edtf() if war.end_date else None) == (start, end)
    assert war.date_may_be_end is (end is None)
