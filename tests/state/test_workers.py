"""Fifty clients edit one event at once through a real ``clio serve --workers 2``.

One edit wins, the other 49 get ``CONFLICT``, and each worker's graph, read in full over HTTP,
equals what a fresh server loads from the store. Each answer names the worker that gave it
(``X-Clio-Worker``); the dump is asked for on new connections until both workers answered.
The dump is built from the schema itself: every record of the tiny data with every field that
takes no required argument (object fields by id, small value types in full).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.http.live import Server
from tests.state.conftest import UPDATE_EVENT, add_tokens
from tests.state.serving import post, start_server, stop_server

EVENT = "event:beirut-explosion"
CLIENTS = 50
#: The dump lists every record with every field: more than the default cost limit allows.
_WHOLE_DUMP = {"CLIO_MAX_COST": "10000000"}
#: Fields left out of the dump: they read the clock, not the graph.
_CLOCK = {"howLongAgo"}
_RECORDS = {
    "events(limit: 100)": "Event",
    "people(limit: 100)": "Person",
    "locations(limit: 100)": "Location",
    "categories": "Category",
    "tags": "Tag",
}
_INTROSPECT = """
{ __schema { types { name kind fields { name args { defaultValue type { kind } }
  type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
"""


def _named(type_: dict[str, Any]) -> dict[str, Any]:
    while type_.get("ofType"):
        type_ = type_["ofType"]
    return type_


def _selection(types: dict[str, Any], name: str, depth: int = 0) -> str:
    """Every field of a type that needs no argument: leaves as they are, records by id, the rest in full."""
    parts = []
    for field in types[name]["fields"]:
        required = [a for a in field["args"] if a["type"]["kind"] == "NON_NULL" and a["defaultValue"] is None]
        if field["name"] in _CLOCK or required:
            continue
        inner = _named(field["type"])
        if inner["kind"] in ("SCALAR", "ENUM"):
            parts.append(field["name"])
        elif inner["kind"] in ("OBJECT", "INTERFACE") and depth < 2:
            fields = {f["name"] for f in types[inner["name"]]["fields"]}
            below = "id" if "id" in fields else _selection(types, inner["name"], depth + 1)
            parts.append(f"{field['name']} {{ {below} }}")
    return " ".join(parts)


def _dump_query(server: Server) -> str:
    schema = post(server, _INTROSPECT)[0]["data"]["__schema"]
    types = {t["name"]: t for t in schema["types"] if t["fields"]}
    return "{ " + " ".join(f"{f} {{ {_selection(types, t, False)} }}" for f, t in _RECORDS.items()) + " }"


def _dumps_of_every_worker(server: Server, query: str, version: int) -> dict[str, Any]:
    """Worker pid -> its full dump, asked at ``version`` on new connections until both answered."""
    dumps: dict[str, Any] = {}
    for _ in range(200):
        body, headers = post(server, query, headers={"Clio-Min-Data-Version": str(version)})
        assert "errors" not in body, body
        dumps.setdefault(headers["x-clio-worker"], body["data"])
        if len(dumps) == 2:
            return dumps
    pytest.fail(f"only worker(s) {sorted(dumps)} answered 200 requests")


def test_fifty_clients_editing_one_event_on_two_workers(tmp_path: Path) -> None:
    state = tmp_path / "state"
    token = add_tokens(state)["admin"]
    server = start_server(state, tmp_path / "server.log", workers=2, **_WHOLE_DUMP)
    try:
        ready = threading.Barrier(CLIENTS)
        answers: list[tuple[dict[str, Any], dict[str, str]]] = [({}, {})] * CLIENTS

        def client(n: int) -> None:
            edit = {"id": EVENT, "title": f"Title {n}", "reason": "race", "expectedVersion": 0}
            ready.wait()
            answers[n] = post(server, UPDATE_EVENT, {"input": edit}, token)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        winners = [body for body, _ in answers if body.get("data") and body["data"]["updateEvent"]]
        assert len(winners) == 1, answers
        codes = sorted(body["errors"][0]["extensions"]["code"] for body, _ in answers if body not in winners)
        assert codes == ["CONFLICT"] * (CLIENTS - 1)
        title = winners[0]["data"]["updateEvent"]["node"]["title"]
        query = _dump_query(server)
        dumps = _dumps_of_every_worker(server, query, version=1)
    finally:
        stop_server(server)
    # A fresh server loads the imported data and replays the store: both workers equal it.
    fresh_server = start_server(state, tmp_path / "fresh.log", workers=1, **_WHOLE_DUMP)
    try:
        fresh = post(fresh_server, query)[0]["data"]
    finally:
        stop_server(fresh_server)
    assert [e["title"] for e in fresh["events"] if e["id"] == EVENT] == [title]
    assert "history { nodes { id } endCursor hasNextPage }" in query  # the dump holds each record's history
    for worker, dump in dumps.items():
        assert dump == fresh, f"worker {worker}'s graph differs from a fresh load"


def test_failed_tokens_are_counted_once_across_workers(tmp_path: Path) -> None:
    state = tmp_path / "state"
    add_tokens(state)
    server = start_server(state, tmp_path / "server.log", workers=2)
    edit = {"input": {"id": EVENT, "title": "x", "reason": "guessing"}}
    refused_by: set[str] = set()
    failures = 0
    try:
        started = time.monotonic()
        for attempt in range(200):
            body, headers = post(server, UPDATE_EVENT, edit, token=f"guess-{attempt}-0123456789")
            error = body["errors"][0]
            if error["extensions"]["code"] == "UNAUTHENTICATED":
                failures += 1
            else:
                assert error["message"].startswith("too many failed authentications"), body
                refused_by.add(headers["x-clio-worker"])
            if len(refused_by) == 2 and attempt >= 30:
                break
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    assert len(refused_by) == 2, "one worker never answered"
    # Ten in a burst, then one each 6 s: counted per worker, two workers let twenty through.
    assert 10 <= failures <= 10 + int(elapsed / 6), (failures, elapsed)
