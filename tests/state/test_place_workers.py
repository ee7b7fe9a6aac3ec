"""A place moved over HTTP is read through every worker within a second, on the bundled data.

A reviewer's ``updateLocation`` with a new ``partOf`` applies at once; each worker of
``clio serve --workers 2`` then patches its own graph (`graph.incremental_places`)
instead of building it whole. A second after the answer, requests on new connections
(so both workers answer) filter events by the new parent and by the old one: the moved
place's events are counted under the new parent only, in ``eventsConnection``,
``facets`` and the parent's own ``events``, and the place names its new parent.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from graph.bundled import BUNDLED_DATA
from graph.loader import load_graph
from graph.models import Kind
from tests.state.conftest import add_tokens
from tests.state.serving import every_worker_reads, post, rebuilds, start_server, stop_server

MOVE = "mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { dataVersion } }"


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


def test_a_moved_place_is_read_on_every_worker_within_a_second(tmp_path: Path) -> None:
    place, was, to, event = _places()
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2, data=BUNDLED_DATA)
    try:
        assert _inside_on_every_worker(server, place, to, event) == {False}
        edit = {"i": {"id": place, "partOf": to, "reason": "the border moved"}}
        body, _ = post(server, MOVE, edit, token)
        assert body["data"]["updateLocation"]["dataVersion"] == 1, body
        time.sleep(1.0)
        assert _inside_on_every_worker(server, place, to, event) == {True}
        assert _inside_on_every_worker(server, place, was, event) == {False}
        # Each worker patched its graph: /health says how its last graph was made.
        assert rebuilds(server) == ["patched", "patched"]
    finally:
        stop_server(server)
