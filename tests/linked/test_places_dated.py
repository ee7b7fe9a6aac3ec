"""The other places the seed and the starter set use, dated: which state held each, and when.

Königsberg was German until 1945 and is Russian now; Berlin lay in no one state while it was
divided; Kyiv and Baikonur were Soviet before they were Ukrainian and Kazakh; Beirut is
Lebanon's from Greater Lebanon on. Each chain is asked as a client asks it, through GraphQL.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import graphql

CONTAINED = """
query ($id: ID!, $asOf: String) { location(id: $id) { containedIn(asOf: $asOf) { id } parent { id } } }
"""


@pytest.mark.parametrize(
    ("place", "as_of", "chain"),
    [
        ("location:kaliningrad", "1930", ["location:germany"]),
        ("location:kaliningrad", "1945-05-08", ["location:soviet-union"]),
        ("location:kaliningrad", "1960", ["location:russian-sfsr", "location:soviet-union"]),
        ("location:kaliningrad", "2000", ["location:russia"]),
        ("location:berlin", "1936-08-04", ["location:germany"]),
        ("location:berlin", "1963-06-26", []),  # divided: East Berlin and West Berlin
        ("location:berlin", "2000", ["location:germany"]),
        ("location:kyiv", "1911-09-14", ["location:russian-empire"]),
        ("location:kyiv", "1919", []),  # the civil war: no state held it for the whole year
        ("location:kyiv", "1986", ["location:soviet-union"]),
        ("location:kyiv", "2022-02-24", ["location:ukraine"]),
        ("location:baikonur", "1957-10-04", ["location:soviet-union"]),
        ("location:baikonur", "2000", ["location:kazakhstan"]),
        ("location:beirut", "1900", []),
        ("location:beirut", "2020-08-04", ["location:lebanon"]),
    ],
)
def test_which_state_held_the_place(client: TestClient, place: str, as_of: str, chain: list[str]) -> None:
    body = graphql(client, CONTAINED, {"id": place, "asOf": as_of})
    assert "errors" not in body, body
    assert [p["id"] for p in body["data"]["location"]["containedIn"]] == chain


@pytest.mark.parametrize(
    ("place", "today"),
    [
        ("location:kaliningrad", "location:russia"),
        ("location:berlin", "location:germany"),
        ("location:kyiv", "location:ukraine"),
        ("location:baikonur", "location:kazakhstan"),
        ("location:beirut", "location:lebanon"),
    ],
)
def test_the_open_link_is_where_it_lies_today(client: TestClient, place: str, today: str) -> None:
    body = graphql(client, CONTAINED, {"id": place, "asOf": None})
    assert body["data"]["location"]["parent"] == {"id": today}


def test_events_are_under_the_state_of_their_era_and_not_todays(client: TestClient) -> None:
    # Undated, Kyiv lay in Ukraine and Baikonur in Kazakhstan at every date.
    query = "query ($p: ID!) { events(filter: {locations: [$p]}, limit: 100) { id } }"

    def under(place: str) -> set[str]:
        return {e["id"] for e in graphql(client, query, {"p": place})["data"]["events"]}

    stolypin, laika = "event:assassination-of-pyotr-stolypin", "event:sputnik-2-carries-laika-into-orbit"
    assert stolypin in under("location:russian-empire")
    assert stolypin not in under("location:ukraine")
    assert laika in under("location:soviet-union")
    assert laika not in under("location:kazakhstan")
    assert "event:russian-invasion-of-ukraine" in under("location:ukraine")
