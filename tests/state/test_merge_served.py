"""A created event, then its merge, read through every worker within a second, on the bundled data.

A reviewer's ``createEvent`` and ``mergeEvents`` apply at once; each worker of ``clio serve
--workers 2`` builds its own graph again (a record came, then went: built whole, with what
`graph.incremental_nodes` carries from the graph before). A second after each answer,
requests on new connections (so both workers answer) read the new event by id, by its
category's events and by search; after the merge, the merged id resolves to the survivor
and the survivor's events are no longer doubled.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from graph.bundled import BUNDLED_DATA
from graph.loader import load_graph
from graph.models import Kind
from tests.state.conftest import add_tokens
from tests.state.serving import post, start_server, stop_server

CREATE = "mutation($i: CreateEventInput!) { createEvent(input: $i) { dataVersion node { id } } }"
MERGE = "mutation($i: MergeInput!) { mergeEvents(input: $i) { dataVersion node { id } } }"
TITLE = "Zanzibarish treaty of the bells"


def _read(new: str, survivor: str) -> str:
    return (
        f'{{ new: event(id: "{new}") {{ id title }} survivor: event(id: "{survivor}") {{ id }} '
        'search(text: "zanzibarish", first: 5) { id } }'
    )


def _on_every_worker(server: Any, query: str) -> list[Any]:
    """Each worker's distinct answers to ``query``, from requests until both answered (and at least 10)."""
    seen: dict[str, list[Any]] = {}
    for attempt in range(200):
        body, headers = post(server, query)
        assert "errors" not in body, body
        answers = seen.setdefault(headers["x-clio-worker"], [])
        if body["data"] not in answers:
            answers.append(body["data"])
        if len(seen) == 2 and attempt >= 10:
            return [answer for answers in seen.values() for answer in answers]
    raise AssertionError(f"only worker(s) {sorted(seen)} answered 200 requests")


def test_a_created_then_merged_event_is_read_on_every_worker_within_a_second(tmp_path: Path) -> None:
    kg = load_graph(BUNDLED_DATA)
    survivor = kg.ids(Kind.EVENT)[len(kg.ids(Kind.EVENT)) // 3]
    category = kg.record(survivor).category
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2, data=BUNDLED_DATA)
    try:
        given = {"title": TITLE, "date": "1924-08-04", "category": category, "reason": "a source"}
        body, _ = post(server, CREATE, {"i": given}, token)
        created = body["data"]["createEvent"]
        assert created["dataVersion"] == 1, body
        new = created["node"]["id"]
        time.sleep(1.0)
        found = _on_every_worker(server, _read(new, survivor))
        assert (
            found
            == [{"new": {"id": new, "title": TITLE}, "survivor": {"id": survivor}, "search": [{"id": new}]}]
            * 2
        ), found
        merge = {"survivorId": survivor, "mergedId": new, "reason": "the same event"}
        body, _ = post(server, MERGE, {"i": merge}, token)
        assert body["data"]["mergeEvents"] == {"dataVersion": 2, "node": {"id": survivor}}, body
        time.sleep(1.0)
        found = _on_every_worker(server, _read(new, survivor))
        survivor_title = kg.record(survivor).title
        # The merged id resolves to the survivor; search no longer finds a record of its own.
        assert (
            found
            == [
                {"new": {"id": survivor, "title": survivor_title}, "survivor": {"id": survivor}, "search": []}
            ]
            * 2
        ), found
    finally:
        stop_server(server)
