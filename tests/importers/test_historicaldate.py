"""The historicaldate reader: events, lives and tenures, every date form, bad files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.dates import HistoricalDate, Precision
from graph.errors import DataError
from graph.importers import historicaldate
from graph.importers.datetext import parse_date_text
from graph.importers.draft import Draft, DraftEvent, DraftPerson, Mention, Rejection
from graph.models import Link, Source

HERE = Path(__file__).resolve()
BAD = HERE.parents[1] / "data" / "importers" / "historicaldate"
SHARED = HERE.parents[2] / ".." / "shared" / "datasets" / "historicaldate"
WIKI = "https://en.wikipedia.org/wiki/"


def summary(drafts: list[Draft]) -> list[tuple[object, ...]]:
    """Each draft as (kind, line, name, dates) or, for a rejection, (line, field, text, reason)."""
    rows: list[tuple[object, ...]] = []
    for d in drafts:
        if isinstance(d, DraftEvent):
            end = d.end_date.to_edtf() if d.end_date else None
            rows.append(("event", d.source.record, d.title, d.date.to_edtf(), end, d.article))
        elif isinstance(d, DraftPerson):
            rows.append(("person", d.source.record, d.name, d.title, d.aliases))
        else:
            rows.append(("rejected", d.source.record, d.field, d.text, d.reason))
    return rows


def test_historicaldate_event_rows_keep_precision_spans_and_report_what_they_cannot_read() -> None:
    assert summary(list(historicaldate.read([BAD / "rows" / "Events.csv"]))) == [
        ("event", "line 2", "Battle of Hastings", "1066-10-14", None, None),
        # A range keeps both ends, each with its own precision.
        ("event", "line 3", "Peasants' Revolt", "1381-05-30", "1381-11", None),
        ("rejected", "line 4", "hdate", "Before 400BC",
         "unreadable date: 'before' gives only a latest date; a date needs a first day too"),
        ("rejected", "line 5", "label", None, "empty label"),
        ("rejected", "line 6", "hdate_end", "1400",
         "ends (1400) before it starts (1500)"),
        # A quoted label over two lines: the record is named by the line it starts on.
        ("event", "line 7", "Quoted, over\ntwo lines", "-0484~", None, None),
        ("rejected", "line 9", "hdate", None, "no date"),
    ]  # fmt: skip


def test_historicaldate_tenure_gives_the_holder_and_a_presidency_event() -> None:
    drafts = list(historicaldate.read([BAD / "rows"]))
    presidents = [d for d in drafts if d.source.file == "US presidents.csv"]
    assert summary(presidents) == [
        ("person", "line 2", "Grover Cleveland", "Grover Cleveland", ("Cleveland",)),
        # Cleveland served twice, so each term names its first year.
        ("event", "line 2", "Presidency of Grover Cleveland (1885)", "1885-03-04", "1889-03-04", None),
        ("person", "line 3", "Benjamin Harrison", "Benjamin Harrison", ("Harrison",)),
        ("event", "line 3", "Presidency of Benjamin Harrison", "1889-03-04", "1893-03-04", None),
        ("person", "line 4", "Grover Cleveland", "Grover Cleveland", ("Cleveland",)),
        ("event", "line 4", "Presidency of Grover Cleveland (1893)", "1893-03-04", "1897-03-04", None),
        ("person", "line 5", "Joe Biden", "Joe Biden", ("Biden",)),
        # "ongoing": the term has not ended, so there is no end date (and no rejection).
        ("event", "line 5", "Presidency of Joe Biden", "2021-01-20", None, None),
    ]
    biden = presidents[-1]
    assert biden == DraftEvent(
        title="Presidency of Joe Biden",
        date=HistoricalDate(2021, 1, 20),
        source=Source(
            name="historicaldate", file="US presidents.csv", record="line 5", url=WIKI + "Joe_Biden"
        ),
        category_hint="category:politics-government",
        mentions=(Mention("Joe Biden", kind_hint="person", title="Joe Biden", role="president"),),
        links=(Link("Joe Biden", WIKI + "Joe_Biden"),),
    )


@pytest.mark.parametrize(
    ("folder", "field", "message"),
    [
        ("no-label", "label", "missing required column 'label'"),
        # Without hdate or hdate_birth a row is neither an event nor a life.
        ("no-date-column", "hdate", "missing a date column"),
    ],
    ids=["no-label-column", "no-date-column"],
)
def test_historicaldate_file_missing_a_column_is_a_data_error(folder: str, field: str, message: str) -> None:
    with pytest.raises(DataError, match=message) as caught:
        list(historicaldate.read([BAD / folder]))
    assert (caught.value.path, caught.value.line, caught.value.field) == ("events.csv", 1, field)


@pytest.fixture(scope="module")
def shared_drafts() -> list[Draft]:
    if not SHARED.is_dir():
        pytest.skip(f"the shared historicaldate data set is not at {SHARED}")
    return list(historicaldate.read([SHARED]))


@pytest.mark.shared
def test_historicaldate_shared_counts(shared_drafts: list[Draft]) -> None:
    counted: list[int] = []
    list(historicaldate.read([SHARED], progress=counted.append))
    kinds = Counter(type(d).__name__ for d in shared_drafts)
    reasons = Counter((d.field, d.text) for d in shared_drafts if isinstance(d, Rejection))
    assert (sum(counted), len(counted), kinds) == (
        774,
        17,
        Counter({"DraftEvent": 609, "DraftPerson": 445, "Rejection": 5}),
    )
    assert reasons == Counter(
        {
            ("hdate_death", "circa 1483 earliest 1483"): 1,
            ("hdate_birth", "Before 879"): 1,
            ("hdate", "Before 400BC"): 1,
            ("hdate", "Before 20BC"): 1,
            ("hdate", "Before 220"): 1,
        }
    )


@pytest.mark.shared
def test_historicaldate_shared_records(shared_drafts: list[Draft]) -> None:
    events = {d.title: d for d in shared_drafts if isinstance(d, DraftEvent)}
    caesar = events["Caesar’s invasions or Britain"]
    assert (caesar.date, caesar.end_date, caesar.article) == (
        HistoricalDate(-55),
        HistoricalDate(-54),
        "Julius Caesar's invasions of Britain",
    )
    kenneth = events["Reign of Kenneth MacAlpin"]
    # "Between 843 and 848": an uncertain start is itself a span.
    assert (kenneth.date, kenneth.end_date) == (
        parse_date_text("Between 843 and 848"),
        HistoricalDate(858, 2, 13),
    )
    people = {(d.name, d.source.file): d for d in shared_drafts if isinstance(d, DraftPerson)}
    beethoven = people["Beethoven", "Culture/Western Canon/Classical Composers.csv"]
    assert (beethoven.title, beethoven.born, beethoven.died) == (
        "Ludwig van Beethoven",
        HistoricalDate(1770, 12, 17, approximate=True),
        HistoricalDate(1827, 3, 26),
    )
    edward = people["Edward V", "History/Europe/English and British Monarchs.csv"]
    assert (edward.born, edward.died) == (HistoricalDate(1470, 11, 2), None)
    assert {e.date.precision for e in events.values() if e.title.startswith("Reign of")} >= {
        Precision.DAY,
        Precision.YEAR,
    }


def test_a_writers_life_file_gives_its_events_arts_and_culture(tmp_path: Path) -> None:
    # The Brontës' files are their lives as writers; a governess post is a line of that life.
    folder = tmp_path / "Culture" / "Western Canon" / "The Brontes"
    folder.mkdir(parents=True)
    (folder / "Anne Bronte.csv").write_text(
        "label,description,hdate,hdate_end,hdate_birth,hdate_death,colour,url\n"
        "Anne Brontë,,,,17 January 1820,28 May 1849,,https://en.wikipedia.org/wiki/Anne_Bront%C3%AB\n"
        "Governess,Governess at Blake Hall,Apr 1839,,,,,\n",
        encoding="utf-8",
    )
    events = [d for d in historicaldate.read([tmp_path]) if isinstance(d, DraftEvent)]
    assert [(e.title, e.category_hint) for e in events] == [("Governess", "category:arts-culture")]
