"""The Civil War reader: battles joined with places, articles and commanders."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.dates import HistoricalDate
from graph.errors import DataError
from graph.importers import acw
from graph.importers.draft import Draft, DraftEvent, DraftPerson, DraftPlace, Mention, Rejection
from graph.models import Link, Source

HERE = Path(__file__).resolve()
BAD = HERE.parents[1] / "data" / "importers" / "acw"
SHARED = HERE.parents[2] / ".." / "shared" / "datasets" / "acw-battles"

ANTIETAM_MENTIONS = (
    Mention("Washington County, Maryland", kind_hint="location", title="Washington County, Maryland"),
    Mention("Maryland", kind_hint="location", title="Maryland"),
    Mention("Robert E. Lee", kind_hint="person", title="Robert E. Lee", role="commander, Confederate, Gen."),
    Mention(
        "George B. McClellan",
        kind_hint="person",
        title="George B. McClellan",
        role="commander, US, Maj. Gen.",
    ),
    Mention("Confederate States Army", kind_hint="organization", role="belligerent, Confederate"),
    Mention("Union Army", kind_hint="organization", role="belligerent, US"),
)


def test_acw_battle_joins_dates_coordinates_places_article_and_commanders() -> None:
    drafts = list(acw.read([BAD / "mini"]))
    antietam = next(d for d in drafts if isinstance(d, DraftEvent) and d.title == "Battle of Antietam")
    assert antietam == DraftEvent(
        title="Battle of Antietam",
        date=HistoricalDate(1862, 9, 16),
        end_date=HistoricalDate(1862, 9, 17),
        source=Source(
            name="acw",
            file="nps_battles.csv",
            record="line 3",
            url="http://www.nps.gov/abpp/battles/md003.htm",
        ),
        category_hint="category:military-warfare",
        summary="Inconclusive (Union strategic victory.)",
        highlights=("Result: Inconclusive (Union strategic victory.)",),
        what_happened=antietam.what_happened,
        mentions=ANTIETAM_MENTIONS,
        tags=("American Civil War",),
        links=(
            Link("Battle of Antietam", "https://en.wikipedia.org/wiki/Battle_of_Antietam"),
            Link("NPS: Antietam", "http://www.nps.gov/abpp/battles/md003.htm"),
        ),
        article="Battle of Antietam",
        coordinates=(39.4732, -77.7447),
    )
    assert (antietam.what_happened or "").startswith("On September 16, Maj. Gen. George B. McClellan")


def test_acw_places_people_and_rejections_of_the_mini_data_set() -> None:
    drafts = list(acw.read([BAD / "mini" / "nps_battles.csv"]))  # a table stands for its folder
    places = [(d.name, d.kind, d.part_of, d.title) for d in drafts if isinstance(d, DraftPlace)]
    people = [(d.name, d.title, d.aliases, d.source.record) for d in drafts if isinstance(d, DraftPerson)]
    rejected = [
        (d.source.file, d.source.record, d.field, d.text, d.reason)
        for d in drafts
        if isinstance(d, Rejection)
    ]
    assert places == [
        ("Cullman County, Alabama", "region", "Alabama", "Cullman County, Alabama"),
        ("Alabama", "state", "United States", "Alabama"),
        ("Washington County, Maryland", "region", "Maryland", "Washington County, Maryland"),
        ("Maryland", "state", "United States", "Maryland"),
    ]
    assert people == [
        ("George B. McClellan", "George B. McClellan", ("George Brinton McClellan",), "line 2"),
        ("Abel D. Streight", "Abel Streight", (), "line 3"),
        ("Nathan B. Forrest", "Nathan Bedford Forrest", ("Nathan Bedford Forrest",), "line 4"),
        ("Robert E. Lee", "Robert E. Lee", (), "line 5"),
    ]
    assert rejected == [
        ("nps_commanders.csv", "line 6", "commander", "00000000-dead-beef-0000-000000000000",
         "commander not in nps_people.csv"),
        ("cwsac_battles.csv", "line 4", "battle", "VA030 Suffolk",
         "in the CWSAC list only: the NPS list of battles is the one imported"),
        ("nps_battles.csv", "line 4", "start_date", "1862-02-30",
         "unreadable date: February 1862 has 28 days, not 30"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("folder", "path", "line", "field", "message"),
    [
        ("no-start-date", "nps_battles.csv", 1, "start_date", "missing required column 'start_date'"),
        # The commanders cannot be named without the people table.
        ("no-people", "nps_people.csv", None, None, "missing table nps_people.csv"),
    ],
    ids=["missing-column", "missing-table"],
)
def test_acw_missing_column_or_table_is_a_data_error(
    folder: str, path: str, line: int | None, field: str | None, message: str
) -> None:
    with pytest.raises(DataError, match=message) as caught:
        list(acw.read([BAD / folder]))
    assert (caught.value.path, caught.value.line, caught.value.field) == (path, line, field)


@pytest.fixture(scope="module")
def shared_drafts() -> list[Draft]:
    if not SHARED.is_dir():
        pytest.skip(f"the shared Civil War data set is not at {SHARED}")
    return list(acw.read([SHARED]))


@pytest.mark.shared
def test_acw_shared_counts(shared_drafts: list[Draft]) -> None:
    kinds = Counter(type(d).__name__ for d in shared_drafts)
    events = [d for d in shared_drafts if isinstance(d, DraftEvent)]
    people = [d for d in shared_drafts if isinstance(d, DraftPerson)]
    assert kinds == Counter({"DraftPerson": 627, "DraftEvent": 381, "DraftPlace": 266, "Rejection": 12})
    assert (sum(1 for e in events if e.article), sum(1 for e in events if e.end_date)) == (381, 137)
    assert sum(1 for p in people if p.title) == 353
    # The CWSAC list has three battles the NPS list lacks: White Oak Swamp, Glendale, Suffolk.
    rejected = [d for d in shared_drafts if isinstance(d, Rejection)]
    assert sorted(d.text or "" for d in rejected if d.field == "battle") == [
        "VA020A White Oak Swamp",
        "VA020B Glendale",
        "VA030 Suffolk",
    ]
    # Nine rows link the page of a namesake: John Hunt Morgan's links John Tyler Morgan's,
    # the diarist George Templeton Strong's the general George Crockett Strong's.
    pages = sorted(d.reason.split("(")[1].split(")")[0] for d in rejected if d.field == "dbpedia_uri")
    assert pages == [
        "Charles E. Dow",
        "George B. Anderson",
        "George Crockett Strong",
        "James Edmund Boyd",
        "John Allen Campbell",
        "John M. Jones",
        "John Tyler Morgan",
        "William Kennon Mayo",
        "William Porcher Miles",
    ]
    assert min(e.date for e in events) == HistoricalDate(1861, 4, 12)


@pytest.mark.shared
def test_acw_shared_antietam_and_lee(shared_drafts: list[Draft]) -> None:
    events = {d.title: d for d in shared_drafts if isinstance(d, DraftEvent)}
    antietam = events["Battle of Antietam"]
    assert (antietam.date, antietam.end_date, antietam.coordinates, antietam.mentions) == (
        HistoricalDate(1862, 9, 16),
        HistoricalDate(1862, 9, 17),
        (39.4732, -77.7447),
        ANTIETAM_MENTIONS,
    )
    lee = [e.title for e in events.values() if any(m.title == "Robert E. Lee" for m in e.mentions)]
    assert len(lee) == 33
    assert {"Battle of South Mountain", "Battle of Gettysburg"} <= set(lee)
