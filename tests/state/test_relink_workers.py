"""A link made over HTTP is read through every worker within a second, on the bundled data.

A reviewer's ``linkEvent`` applies at once; each worker of ``clio serve --workers 2`` then
patches its own graph (`graph.incremental_links`) instead of building it whole. A second
after the answer, requests on new connections (so both workers answer) read the link
from every side: the event's people, the person's events and event count (the store's
lists), the person's neighbourhood (hops and degrees) and the facets of a filter by the
person (posting lists). The unlink is read the same way.
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

LINK = "mutation($i: LinkEventInput!) { linkEvent(input: $i) { dataVersion } }"
UNLINK = "mutation($i: UnlinkEventInput!) { unlinkEvent(input: $i) { dataVersion } }"


def _pair() -> tuple[str, str]:
    """An event of the bundled data and a person it does not name."""
    kg = load_graph(BUNDLED_DATA)
    event = kg.ids(Kind.EVENT)[len(kg.ids(Kind.EVENT)) // 2]
    named = {*kg.record(event).people, *kg.record(event).mentions}
    return event, next(p for p in kg.ids(Kind.PERSON) if p not in named)


def _read(event: str, person: str) -> str:
    return (
        f'{{ event(id: "{event}") {{ people {{ id }} }} '
        f'person(id: "{person}") {{ eventCount events(limit: 100) {{ id }} }} '
        f'neighborhood(id: "{person}", depth: 1, limit: 200) {{ nodes {{ id }} }} '
        f'facets(filter: {{ people: ["{person}"] }}, first: 5) {{ total }} }}'
    )


def _linked_on_every_worker(server: Any, event: str, person: str) -> set[bool]:
    """Whether each answer read the link, from requests until both workers answered (and at least 10)."""

    def read(data: Any) -> set[bool]:
        views = {
            person in {p["id"] for p in data["event"]["people"]},
            event in {e["id"] for e in data["person"]["events"]},
            event in {n["id"] for n in data["neighborhood"]["nodes"]},
        }
        assert data["person"]["eventCount"] == len(data["person"]["events"]) == data["facets"]["total"]
        assert len(views) == 1, f"the link is read from one side only: {data}"
        return views

    return every_worker_reads(server, _read(event, person), read)


def test_a_link_is_read_on_every_worker_within_a_second(tmp_path: Path) -> None:
    event, person = _pair()
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2, data=BUNDLED_DATA)
    try:
        assert _linked_on_every_worker(server, event, person) == {False}
        edit = {"i": {"eventId": event, "targetId": person, "reason": "named in the source"}}
        body, _ = post(server, LINK, edit, token)
        assert body["data"]["linkEvent"]["dataVersion"] == 1, body
        time.sleep(1.0)
        assert _linked_on_every_worker(server, event, person) == {True}
        body, _ = post(server, UNLINK, edit, token)
        assert body["data"]["unlinkEvent"]["dataVersion"] == 2, body
        time.sleep(1.0)
        assert _linked_on_every_worker(server, event, person) == {False}
        # Each worker patched its graph: /health says how its last graph was made.
        assert rebuilds(server) == ["patched", "patched"]
    finally:
        stop_server(server)
