"""Every forked worker follows the store: an edit through one is read through all within a second."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.state.conftest import add_tokens
from tests.state.postgres import Cluster
from tests.state.serving import start_server

EVENT = "event:beirut-explosion"
UPDATE = "mutation($i: UpdateEventInput!) { updateEvent(input: $i) { dataVersion } }"
READ = '{ event(id: "event:beirut-explosion") { title } }'


def _post(url: str, query: str, variables: dict[str, Any] | None = None, **headers: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{url}/graphql",
        json.dumps({"query": query, "variables": variables or {}}).encode(),
        {"Content-Type": "application/json", "Connection": "close", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_two_workers_converge_within_a_second_and_read_your_writes(tmp_path: Path) -> None:
    token = add_tokens(tmp_path / "state")["admin"]
    server = start_server(tmp_path / "state", tmp_path / "server.log", workers=2)
    try:
        auth = {"Authorization": f"Bearer {token}"}
        status, body = _post(
            server.url, UPDATE, {"i": {"id": EVENT, "title": "First", "reason": "r"}}, **auth
        )
        version = body["data"]["updateEvent"]["dataVersion"]
        # With the version it wrote, a client reads its write on whichever worker answers.
        for _ in range(20):
            status, body = _post(server.url, READ, **{"Clio-Min-Data-Version": str(version)})
            assert status == 200 and body["data"]["event"]["title"] == "First", body
        status, body = _post(server.url, READ, **{"Clio-Min-Data-Version": str(version + 100)})
        assert status == 503 and body["errors"][0]["extensions"]["code"] == "STALE_REPLICA"
        # Without it, every worker has the change within a second of its commit.
        _post(server.url, UPDATE, {"i": {"id": EVENT, "title": "Second", "reason": "r"}}, **auth)
        time.sleep(1.0)
        titles = {_post(server.url, READ)[1]["data"]["event"]["title"] for _ in range(20)}
        assert titles == {"Second"}
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)


def test_two_replicas_on_one_postgresql_converge_within_a_second(tmp_path: Path, postgresql: Cluster) -> None:
    url = postgresql.new_database()
    token = add_tokens(tmp_path / "a", url)["reviewer"]
    one = start_server(tmp_path / "a", tmp_path / "a.log", 1, CLIO_STORE=url)
    other = start_server(tmp_path / "b", tmp_path / "b.log", 1, CLIO_STORE=url)
    try:
        edit = {"i": {"id": EVENT, "title": "Seen everywhere", "reason": "r"}}
        status, body = _post(one.url, UPDATE, edit, Authorization=f"Bearer {token}")
        assert status == 200 and body["data"]["updateEvent"]["dataVersion"] == 1, body
        started = time.monotonic()
        while _post(other.url, READ)[1]["data"]["event"]["title"] != "Seen everywhere":
            assert time.monotonic() - started < 1.0, "the other replica did not see the change within 1 s"
            time.sleep(0.02)
        status, body = _post(other.url, READ, **{"Clio-Min-Data-Version": "1"})
        assert body["data"]["event"]["title"] == "Seen everywhere"
    finally:
        for server in (one, other):
            server.process.terminate()
            server.process.wait(timeout=10)
