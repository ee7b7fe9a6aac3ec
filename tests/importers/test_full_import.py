"""The full import of every shared data set plus ``data/``: the figures a user relies on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.dates import HistoricalDate
from graph.importers.pipeline import SourceSpec
from graph.importers.report import ImportReport
from tests.full_import import cached_import

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "datasets"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def full() -> tuple[Path, ImportReport]:
    if not SHARED.is_dir():
        pytest.skip(f"the shared data sets are not at {SHARED} (they live beside the repository)")
    return cached_import(
        [
            SourceSpec("wikipedia", (SHARED / "wikipedia-onthisday",)),
            SourceSpec("wikidata", (SHARED / "wikidata-historic-events",)),
            SourceSpec("historicaldate", (SHARED / "historicaldate",)),
            SourceSpec("acw", (SHARED / "acw-battles",)),
            SourceSpec("canonical", (REPO / "data",)),
        ]
    )


def events(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def stalin_records() -> set[tuple[str, str]]:
    """(file, line) of every day-page event that links Joseph Stalin, read straight from the files."""
    found = set()
    root = SHARED / "wikipedia-onthisday" / "events"
    for path in root.rglob("*.json"):
        text = path.read_text(encoding="utf-8").split("\n")
        start = None
        for number, line in enumerate(text, start=1):
            if line.rstrip() == "        {":
                start = number
            if '"title": "Joseph Stalin"' in line and start is not None:
                found.add((path.relative_to(root.parent).as_posix(), f"line {start}"))
    return found


def _stalin_links(out: Path, field: str) -> set[tuple[str, str]]:
    return {
        (source["file"], source["record"])
        for event in events(out)
        if "person:joseph-stalin" in event.get(field, [])  # type: ignore[operator]
        for source in event["sources"]  # type: ignore[attr-defined]
        if source["name"] == "wikipedia"
    }


def test_stalin_has_every_event_the_day_pages_link_him_to(full: tuple[Path, ImportReport]) -> None:
    out, _ = full
    linked = stalin_records()
    assert len(linked) == 24  # as the data set's README counts them
    assert linked <= _stalin_links(out, "people") | _stalin_links(out, "mentions")


def test_stalin_is_only_mentioned_by_what_happened_after_his_death(full: tuple[Path, ImportReport]) -> None:
    out, _ = full
    # Khrushchev's secret speech, the Cult of Personality speech, his body moved out of
    # Lenin's tomb (two entries), his daughter's defection: all after March 1953.
    assert _stalin_links(out, "mentions") & stalin_records() == {
        ("events/2/14.json", "line 835"),
        ("events/2/25.json", "line 493"),
        ("events/10/30.json", "line 617"),
        ("events/3/6.json", "line 541"),
        ("events/10/31.json", "line 423"),
    }


def test_seed_1924_event_and_the_day_page_entry_are_one_event(full: tuple[Path, ImportReport]) -> None:
    out, _ = full
    event = next(
        e for e in events(out) if e["id"] == "event:establishment-of-mexico-soviet-diplomatic-relations"
    )
    assert sorted({s["name"] for s in event["sources"]}) == ["canonical", "seed", "wikipedia"]  # type: ignore[attr-defined]
    assert {"location:mexico", "location:soviet-union"} <= set(event["locations"])  # type: ignore[arg-type]


def test_a_participant_that_is_a_state_is_a_place_and_a_person_a_person(
    full: tuple[Path, ImportReport],
) -> None:
    out, report = full
    by_source = [e for e in events(out) if any(s["name"] == "wikidata" for s in e["sources"])]  # type: ignore[attr-defined]
    assert any("location:soviet-union" in e.get("locations", []) for e in by_source)  # type: ignore[operator]
    assert any("person:joseph-stalin" in e.get("people", []) for e in by_source)  # type: ignore[operator]
    assert report.rejected < 1000


def test_the_full_import_loads(served: TestClient) -> None:
    # The graph the app loaded from the directory with `load_graph`: loading it again costs ~15 s.
    graph = served.app.state.kg  # type: ignore[attr-defined]
    assert graph.node("location:moscow").part_of == "location:russia"


@pytest.fixture(scope="module")
def served(full: tuple[Path, ImportReport]) -> Iterator[TestClient]:
    """The real app over the imported directory, as `clio serve --data DIR` would serve it."""
    out, _ = full
    with TestClient(create_app(Settings.from_env({}, data_dir=out))) as client:
        yield client


def test_health_counts_of_the_served_import_match_the_report(
    full: tuple[Path, ImportReport], served: TestClient
) -> None:
    out, report = full
    counts = served.get("/health").json()["counts"]
    assert {kind: counts[kind] for kind in report.imported} == report.imported
    written = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    assert written["imported"] == report.imported


def test_the_canonical_query_shows_stalins_imported_events(
    full: tuple[Path, ImportReport], served: TestClient
) -> None:
    out, _ = full
    wikipedia_titles = {
        e["title"] for e in events(out)
        if "person:joseph-stalin" in e.get("people", [])  # type: ignore[operator]
        and any(s["name"] == "wikipedia" for s in e["sources"])  # type: ignore[attr-defined]
    }  # fmt: skip
    query = (
        '{ person(name: "Joseph Stalin") '
        "{ eventCount events(limit: 100) { title sameDateEvents(limit: 3) { title } } } }"
    )
    person = served.post("/graphql", json={"query": query}).json()["data"]["person"]
    assert person["eventCount"] == len(person["events"])
    assert wikipedia_titles <= {e["title"] for e in person["events"]}


def _day_of_page(file: str) -> tuple[int, int]:
    month, day = file.removeprefix("events/").removesuffix(".json").split("/")
    return int(month), int(day)


def _days_of_date(event: dict[str, Any]) -> set[tuple[int, int]]:
    """An event's stated day and its Gregorian day: the two days of one Julian date."""
    date = HistoricalDate.parse(str(event["date"]), str(event.get("calendar", "gregorian")))
    return {d for d in (date.month_day, date.gregorian.month_day) if d is not None}


def test_every_day_entry_stays_on_its_day_page_and_no_two_pages_merge(
    full: tuple[Path, ImportReport], served: TestClient
) -> None:
    out, _ = full
    graph = served.app.state.kg  # type: ignore[attr-defined]  (the served graph, loaded once)
    moved, two_pages, later_days = [], [], 0
    for event in events(out):
        pages = {
            _day_of_page(s["file"])
            for s in event["sources"]  # type: ignore[attr-defined]
            if s["name"] == "wikipedia" and s.get("file", "").startswith("events/")
        }
        # Listed where `onThisDay` lists it: a battle of several days also on the day its entry tells.
        moved += [event["id"] for page in pages if event["id"] not in graph.on_day_ids(*page)]
        later_days += len(pages - _days_of_date(event))
        # Two pages are one event only as an Old Style day and its Gregorian twin.
        dates = _days_of_date(event)
        if len(pages) > 1 and not (len(pages) == 2 and pages == dates and event.get("calendar") == "julian"):
            two_pages.append(event["id"])
    assert (moved, two_pages) == ([], [])
    # Some merged entries do tell a battle's later day (Fredericksburg on 13 December 1862).
    assert later_days > 0


def test_battle_of_hastings_is_14_october_1066_julian_on_both_days(
    full: tuple[Path, ImportReport], served: TestClient
) -> None:
    query = """{ onThisDay(month: %d, day: %d, limit: 100, offset: %d) {
        title date { display calendar gregorian { display } } } }"""
    found = {}
    for month, day in ((10, 14), (10, 20)):
        for offset in range(0, 400, 100):
            page = served.post("/graphql", json={"query": query % (month, day, offset)}).json()["data"][
                "onThisDay"
            ]
            found[(month, day)] = found.get((month, day), []) + [
                e for e in page if e["title"] == "Battle of Hastings"
            ]
    expected = {
        "title": "Battle of Hastings",
        "date": {
            "display": "October 14th, 1066 (O.S.)",
            "calendar": "julian",
            "gregorian": {"display": "October 20th, 1066"},
        },
    }
    assert found == {(10, 14): [expected], (10, 20): [expected]}


def test_curated_events_merge_with_their_day_page_twins(full: tuple[Path, ImportReport]) -> None:
    out, _ = full
    by_id = {e["id"]: e for e in events(out)}
    for curated in (
        "event:katyn-massacre",
        "event:space-shuttle-challenger-disaster",
        "event:founding-of-nato",
    ):
        assert "wikipedia" in {s["name"] for s in by_id[curated]["sources"]}, curated  # type: ignore[attr-defined]
