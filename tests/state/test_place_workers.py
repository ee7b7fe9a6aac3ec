"""A place moved over HTTP is read through every worker within a second, on the bundled data.

A reviewer's ``updateLocation`` with a new ``partOf`` applies at once; each worker of
``clio serve --workers 2`` then patches its own graph (`graph.incremental_places`)
instead of building it whole. A second after the answer, requests on new connections
(so both workers answer) filter events by the new parent and by the old one: the moved
place's events are counted under the new parent only, in ``eventsConnection``,
``facets`` and the parent's own ``events``, and the place names its new parent. A place
created under a parent (``createLocation``) is patched in the same way
(`graph.incremental_added`, then `graph.incremental_places`): found by name, listed
within its parent, on every worker a second after the answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from graph.bundled import BUNDLED_DATA
from graph.loader import load_graph
from graph.models import Kind
from tests.http.live import Server
from tests.state.conftest import add_tokens
from tests.state.serving import every_worker_reads, post, rebuilds, start_server, stop_server

MOVE = "mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { dataVersion } }"
CREATE = "mutation($i: CreateLocationInput!) { createLocation(input: $i) { dataVersion change { target } } }"


def _places() -> tuple[str, str, str, str]:
    """A place with events and a parent, that parent, a place outside both to move it to, and an event."""
    kg = load_graph(BUNDLED_DATA)
    place = max(
        (p for p in kg.ids(Kind.LOCATION) if kg.record(p).part_of and kg.event_ids_of(p)),
        key=lambda p: (len(kg.event_ids_of(p)), p),
    )
    was = kg.record(place).part_of
    to = next(
        p
        for p in kg.ids(Kind.LOCATION)
        if place not in kg.places_within(p) and not kg.places_within(p) & kg.places_within(was)
    )
    return place, was, to, kg.event_ids_of(place)[0]


def _read(place: str, parent: str) -> str:
    where = f'filter: {{ locations: ["{parent}"] }}'
    return (
        f'{{ location(id: "{place}") {{ parent {{ id }} }} '
        f'p: location(id: "{parent}") {{ events(limit: 100) {{ id }} }} '
        f"eventsConnection(first: 100, {where}) {{ totalCount edges {{ node {{ id }} }} }} "
        f"facets({where}, first: 5) {{ total }} }}"
    )


def _inside_on_every_worker(server: Any, place: str, parent: str, event: str) -> set[bool]:
    """Whether each answer read ``place`` (and ``event``) inside ``parent``, from both workers."""

    def read(data: Any) -> set[bool]:
        listed = [e["node"]["id"] for e in data["eventsConnection"]["edges"]]
        views = {
            (data["location"]["parent"] or {}).get("id") == parent,
            event in listed,
            event in {e["id"] for e in data["p"]["events"]},
        }
        assert data["eventsConnection"]["totalCount"] == data["facets"]["total"], data
        assert len(views) == 1, f"the move is read from one side only: {data}"
        return views

    return every_worker_reads(server, _read(place, parent), read)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    """Two workers over the bundled data, with a reviewer's token: one server for the module's tests."""
    tmp_path = tmp_path_factory.mktemp("places")
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2, data=BUNDLED_DATA)
    try:
        yield server, token
    finally:
        stop_server(server)


def test_a_moved_place_is_read_on_every_worker_within_a_second(served: tuple[Server, str]) -> None:
    server, token = served
    place, was, to, event = _places()
    assert _inside_on_every_worker(server, place, to, event) == {False}
    edit = {"i": {"id": place, "partOf": to, "reason": "the border moved"}}
    body, _ = post(server, MOVE, edit, token)
    assert body["data"]["updateLocation"]["dataVersion"] >= 1, body
    time.sleep(1.0)
    assert _inside_on_every_worker(server, place, to, event) == {True}
    assert _inside_on_every_worker(server, place, was, event) == {False}
    # Each worker patched its graph: /health says how its last graph was made.
    assert rebuilds(server) == ["patched", "patched"]


def test_a_created_place_is_read_on_every_worker_within_a_second(served: tuple[Server, str]) -> None:
    server, token = served
    _, parent, _, _ = _places()
    edit = {"i": {"name": "Zanzibarish Port", "kind": "city", "partOf": parent, "reason": "a new port"}}
    body, _ = post(server, CREATE, edit, token)
    assert "errors" not in body, body
    place = body["data"]["createLocation"]["change"]["target"]
    time.sleep(1.0)
    query = (
        f'{{ location(name: "Zanzibarish Port") {{ id parent {{ id }} }} '
        f'p: location(id: "{parent}") {{ id }} locations(name: "zanzibarish", limit: 5) {{ id }} }}'
    )

    def read(data: Any) -> set[Any]:
        return {
            (
                data["location"]["id"],
                data["location"]["parent"]["id"],
                tuple(p["id"] for p in data["locations"]),
            )
        }

    assert every_worker_reads(server, query, read) == {(place, parent, (place,))}
    assert rebuilds(server) == ["patched", "patched"]
