"""Places over time: the Tbilisi chain, the locations filter at each event's date, asOf, and bad data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.errors import DataErrors
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from tests.conftest import graphql

CHAIN = """
query ($asOf: String) {
  location(id: "location:tbilisi") { containedIn(asOf: $asOf) { id } partOf(asOf: $asOf) { id } }
}
"""


@pytest.mark.parametrize(
    ("as_of", "chain"),
    [
        ("1907", ["location:russian-empire"]),
        ("1919-03", ["location:democratic-republic-of-georgia"]),
        ("1924", ["location:georgian-ssr", "location:transcaucasian-sfsr", "location:soviet-union"]),
        ("1950", ["location:georgian-ssr", "location:soviet-union"]),
        ("2008", ["location:georgia-country"]),
        # 1917-09-14 to 1918-05-26: no state of ours holds Tbilisi, so none is claimed.
        ("1918-01", []),
        # A year in which it changed hands lies wholly in neither state.
        ("1921", []),
    ],
)
def test_which_state_held_tbilisi(client: TestClient, as_of: str, chain: list[str]) -> None:
    body = graphql(client, CHAIN, {"asOf": as_of})
    assert [p["id"] for p in body["data"]["location"]["containedIn"]] == chain
    assert [p["id"] for p in body["data"]["location"]["partOf"]] == chain[:1]


def test_without_a_date_part_of_lists_every_state_it_lay_in(client: TestClient) -> None:
    body = graphql(client, CHAIN, {})
    assert [p["id"] for p in body["data"]["location"]["partOf"]] == [
        "location:russian-empire",
        "location:democratic-republic-of-georgia",
        "location:georgian-ssr",
        "location:georgia-country",
    ]


def test_a_bad_as_of_is_a_graphql_error_naming_it(client: TestClient) -> None:
    body = graphql(client, CHAIN, {"asOf": "19x7"})
    assert body["data"] == {"location": None} or body["data"] is None
    assert "asOf" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


EVENTS = """
query ($place: ID!, $asOf: String) {
  events(filter: {locations: [$place], asOf: $asOf}, limit: 100) { id }
}
"""


def ids(client: TestClient, place: str, as_of: str | None = None) -> set[str]:
    body = graphql(client, EVENTS, {"place": place, "asOf": as_of})
    assert "errors" not in body, body
    return {e["id"] for e in body["data"]["events"]}


def test_events_are_under_the_right_state_for_each_era_and_never_the_wrong_one(client: TestClient) -> None:
    # The Tiflis bank robbery (1907) and the April 9 tragedy (1989) are both in Tbilisi.
    assert "event:tiflis-bank-robbery" in ids(client, "location:russian-empire")
    assert "event:tiflis-bank-robbery" not in ids(client, "location:georgia-country")
    assert "event:tiflis-bank-robbery" not in ids(client, "location:soviet-union")
    assert "event:april-9-tragedy" in ids(client, "location:georgian-ssr")
    assert "event:april-9-tragedy" not in ids(client, "location:georgia-country")
    assert "event:april-9-tragedy" not in ids(client, "location:russian-empire")


def test_as_of_files_every_event_of_a_place_under_one_dates_state(client: TestClient) -> None:
    in_2008 = ids(client, "location:georgia-country", "2008")
    assert {"event:tiflis-bank-robbery", "event:april-9-tragedy"} <= in_2008
    # A place an event names itself is always its own: the robbery lists the Russian Empire.
    assert "event:tiflis-bank-robbery" in ids(client, "location:russian-empire", "2008")
    assert "event:april-9-tragedy" not in ids(client, "location:russian-empire", "2008")


def test_undated_links_hold_at_every_date(kg: KnowledgeGraph) -> None:
    from graph import place_history
    from graph.dates import HistoricalDate

    # Mexico City lies in Mexico with no dates: in 44 BC as in 1924.
    for date in (HistoricalDate(-44), HistoricalDate(1924, 8, 4)):
        assert place_history.containers_at(kg, "location:mexico-city", date) == ["location:mexico"]


def write_places(tmp_path: Path, *places: dict[str, object]) -> Path:
    (tmp_path / "locations.jsonl").write_text("".join(json.dumps(p) + "\n" for p in places))
    return tmp_path


@pytest.mark.parametrize(
    ("place", "field", "message"),
    [
        (
            {"part_of": "location:a", "part_of_dated": [{"id": "location:a"}]},
            "part_of",
            "not both",
        ),
        ({"part_of_dated": [{"id": "location:nowhere"}]}, "part_of_dated.0.id", "location:nowhere"),
        (
            {"part_of_dated": [{"id": "location:a", "start": "1950", "end": "1900"}]},
            "part_of_dated.0",
            "after",
        ),
        ({"part_of_dated": [{"id": "location:a", "end": "19x0"}]}, "part_of_dated.0", "malformed"),
        ({"part_of_dated": [{"id": "location:a", "since": "1900"}]}, "part_of_dated.0", "unknown keys"),
    ],
)
def test_bad_dated_links_are_refused_by_field(
    tmp_path: Path, place: dict[str, object], field: str, message: str
) -> None:
    directory = write_places(
        tmp_path,
        {"id": "location:a", "name": "A", "kind": "country"},
        {"id": "location:b", "name": "B", "kind": "city", **place},
    )
    with pytest.raises(DataErrors) as raised:
        load_graph(directory)
    problems = [(e.field, str(e)) for e in raised.value.errors]
    assert any(f == field and message in text for f, text in problems), problems


def test_dated_links_survive_a_reimport(tmp_path: Path) -> None:
    from graph.bundled import BUNDLED_DATA
    from graph.importers.pipeline import SourceSpec, run_import
    from graph.models import Location

    out = tmp_path / "graph"
    run_import([SourceSpec("canonical", (BUNDLED_DATA,))], out)
    again = load_graph(out).typed("location:tbilisi", Location)
    original = load_graph(BUNDLED_DATA).typed("location:tbilisi", Location)
    assert again is not None and original is not None
    assert (again.part_of, again.part_of_dated) == (original.part_of, original.part_of_dated)
    assert len(again.part_of_dated) == 4
