"""A retitled event, through a real ``clio serve --workers 2``: both workers search by the new title at once.

A reviewer's ``updateEvent`` applies at once; each worker then patches its own graph
(`graph.incremental_names`) instead of building it whole. Searches sent with the
mutation's ``dataVersion`` (``Clio-Min-Data-Version``: a worker waits for it up to 1 s,
then answers ``STALE_REPLICA``) find the event by its new title on both workers, and
no longer by the old one; each worker's ``/health`` says its graph was patched.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.state.conftest import UPDATE_EVENT, add_tokens
from tests.state.serving import post, start_server, stop_server

EVENT = "event:beirut-explosion"
OLD_TITLE = "Massive Explosion at Beirut Port Kills Hundreds"
NEW_TITLE = "Harbour detonation levels Lebanese warehouses"
SEARCH = "query($text: String!) { search(text: $text, first: 5) { id label } }"


def _health(url: str) -> tuple[dict[str, Any], str]:
    with urllib.request.urlopen(f"{url}/health", timeout=30) as response:
        return json.loads(response.read()), response.headers["x-clio-worker"]


def test_a_retitled_event_is_searched_by_its_new_title_on_both_workers(tmp_path: Path) -> None:
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2)
    try:
        edit = {"id": EVENT, "title": NEW_TITLE, "reason": "a plainer title"}
        body, _ = post(server, UPDATE_EVENT, {"input": edit}, token)
        assert body["data"]["updateEvent"]["node"]["title"] == NEW_TITLE, body
        version = str(body["data"]["updateEvent"]["dataVersion"])
        seen: dict[str, tuple[Any, Any]] = {}
        for _ in range(200):
            fresh, headers = post(
                server, SEARCH, {"text": "harbour detonation"}, headers={"Clio-Min-Data-Version": version}
            )
            stale, _ = post(server, SEARCH, {"text": OLD_TITLE}, headers={"Clio-Min-Data-Version": version})
            seen.setdefault(headers["x-clio-worker"], (fresh, stale))
            if len(seen) == 2:
                break
        else:
            pytest.fail(f"only worker(s) {sorted(seen)} answered 200 requests")
        for worker, (fresh, stale) in seen.items():
            assert "errors" not in fresh and "errors" not in stale, (worker, fresh, stale)
            assert fresh["data"]["search"][0] == {"id": EVENT, "label": NEW_TITLE}, worker
            assert EVENT not in [hit["id"] for hit in stale["data"]["search"]], worker
        ways: dict[str, str] = {}
        for _ in range(200):
            health, worker = _health(server.url)
            ways.setdefault(worker, health["edits"]["rebuild"])
            if len(ways) == 2:
                break
        assert set(ways.values()) == {"patched"}, ways
    finally:
        stop_server(server)
