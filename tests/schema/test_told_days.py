"""A battle of several days over HTTP: on its first day, and on the day its day-page entry tells."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings


def page(day: str) -> dict[str, str]:
    return {"name": "wikipedia", "file": f"events/{day}.json", "record": "line 181"}


EVENTS = [
    # NPS dates Fredericksburg 11 to 15 December 1862; the day page tells it on the 13th.
    {
        "id": "event:battle-of-fredericksburg",
        "title": "Battle of Fredericksburg",
        "date": "1862-12-11",
        "end_date": "1862-12-15",
        "sources": [{"name": "acw", "file": "nps_battles.csv", "record": "line 277"}, page("12/13")],
    },
    # A page outside the event's span is another fact: the event is not listed there.
    {
        "id": "event:one-day",
        "title": "One day",
        "date": "1862-12-11",
        "end_date": "1862-12-12",
        "sources": [page("12/20")],
    },
]
QUERY = "query ($month: Int!, $day: Int!) { onThisDay(month: $month, day: $day) { id } }"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("told") / "data"
    data.mkdir()
    (data / "categories.jsonl").write_text(json.dumps({"id": "category:war", "name": "War"}) + "\n")
    lines = [json.dumps({**e, "category": "category:war"}) for e in EVENTS]
    (data / "events.jsonl").write_text("\n".join(lines) + "\n")
    with TestClient(create_app(Settings.from_env({}, data_dir=data))) as test_client:
        yield test_client


def on(client: TestClient, month: int, day: int) -> list[str]:
    answer = client.post("/graphql", json={"query": QUERY, "variables": {"month": month, "day": day}}).json()
    return sorted(e["id"] for e in answer["data"]["onThisDay"])


@pytest.mark.parametrize(
    ("month", "day", "listed"),
    [
        pytest.param(12, 11, ["event:battle-of-fredericksburg", "event:one-day"], id="first-day"),
        pytest.param(12, 13, ["event:battle-of-fredericksburg"], id="the-day-the-page-tells"),
        pytest.param(12, 14, [], id="a-day-no-page-tells"),
        pytest.param(12, 20, [], id="a-page-outside-the-span"),
    ],
)
def test_an_event_of_several_days_is_listed_on_its_first_day_and_its_pages_days(
    client: TestClient, month: int, day: int, listed: list[str]
) -> None:
    assert on(client, month, day) == listed
