"""Julian dates over HTTP: listed on their stated and their Gregorian day, ordered by the Gregorian one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.errors import DataErrors
from graph.loader import load_graph
from graph.models import Event, Kind

EVENTS = [
    # Julian 14 October 1066 is Gregorian 20 October.
    {
        "id": "event:battle-of-hastings",
        "title": "Battle of Hastings",
        "date": "1066-10-14",
        "calendar": "julian",
    },
    {"id": "event:october-18", "title": "On the 18th", "date": "1066-10-18"},
    {"id": "event:october-25", "title": "On the 25th", "date": "1066-10-25"},
]
QUERY = """query ($month: Int!, $day: Int!) {
  onThisDay(month: $month, day: $day) { id date { display calendar gregorian { display calendar } } }
}"""


def write(directory: Path, events: list[dict[str, str]]) -> Path:
    directory.mkdir()
    (directory / "categories.jsonl").write_text(json.dumps({"id": "category:war", "name": "War"}) + "\n")
    lines = [json.dumps({**e, "category": "category:war"}) for e in events]
    (directory / "events.jsonl").write_text("\n".join(lines) + "\n")
    return directory


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = write(tmp_path_factory.mktemp("calendars") / "data", EVENTS)
    with TestClient(create_app(Settings.from_env({}, data_dir=data))) as test_client:
        yield test_client


def on(client: TestClient, month: int, day: int) -> list[dict[str, object]]:
    answer = client.post("/graphql", json={"query": QUERY, "variables": {"month": month, "day": day}}).json()
    return answer["data"]["onThisDay"]  # type: ignore[no-any-return]


HASTINGS = {
    "id": "event:battle-of-hastings",
    "date": {
        "display": "October 14th, 1066 (O.S.)",
        "calendar": "julian",
        "gregorian": {"display": "October 20th, 1066", "calendar": "gregorian"},
    },
}


def test_a_julian_event_is_on_its_stated_day(client: TestClient) -> None:
    assert on(client, 10, 14) == [HASTINGS]


def test_a_julian_event_is_on_its_gregorian_day_too(client: TestClient) -> None:
    assert on(client, 10, 20) == [HASTINGS]


def test_a_gregorian_date_is_its_own_gregorian_form(client: TestClient) -> None:
    [event] = on(client, 10, 18)
    assert event["date"] == {
        "display": "October 18th, 1066",
        "calendar": "gregorian",
        "gregorian": {"display": "October 18th, 1066", "calendar": "gregorian"},
    }


def test_lists_order_a_julian_date_by_its_gregorian_day(tmp_path: Path) -> None:
    kg = load_graph(write(tmp_path / "data", EVENTS))
    order = [kg.typed(i, Event).id for i in kg.ids(Kind.EVENT)]  # type: ignore[union-attr]
    assert order == ["event:october-18", "event:battle-of-hastings", "event:october-25"]


def test_an_unknown_calendar_is_refused_naming_the_field(tmp_path: Path) -> None:
    bad = write(tmp_path / "data", [{**EVENTS[0], "calendar": "french-republican"}])
    with pytest.raises(DataErrors, match=r"events\.jsonl, line 1, field 'calendar': must be one of"):
        load_graph(bad)
