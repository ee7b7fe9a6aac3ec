"""Kill -9 the server while four writers send edits: nothing acknowledged is lost, nothing else half-applied.

The moments come from a seeded generator (``CLIO_CRASH_SEED``, printed on failure); one round
slows every commit (``CLIO_STORE_COMMIT_DELAY_MS``) so the kill lands while a transaction is
being made durable. ``CLIO_CRASH_ROUNDS`` sets the number of rounds (4 a store in CI, for time;
the issue's 20 with ``CLIO_CRASH_ROUNDS=20``). The same test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from clio.state.sqlite import STORE_FILE
from tests.conftest import REPO, TEST_DATA
from tests.http.live import Server, _wait_until_healthy, free_port
from tests.state.conftest import add_tokens

CREATE = "mutation($i: CreatePersonInput!) { createPerson(input: $i) { change { id target } } }"
WRITERS = 4


def _start(state: Path, log: Path, **env: str) -> Server:
    port = free_port()
    environ = {
        **os.environ,
        "CLIO_LOG_REQUESTS": "0",
        "CLIO_WORKERS": "1",
        "CLIO_STATE_DIR": str(state),
        **env,
    }
    with log.open("ab") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "clio", "serve", "--port", str(port), "--data", str(TEST_DATA / "tiny")],
            cwd=REPO,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    server = Server("127.0.0.1", port, process, log)
    _wait_until_healthy(server)
    return server


def _post(server: Server, query: str, variables: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{server.url}/graphql", json.dumps({"query": query, "variables": variables}).encode(), headers
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.loads(response.read())
        return body


def _writer(server: Server, token: str, name: str, acknowledged: list[str], stop: threading.Event) -> None:
    n = 0
    while not stop.is_set():
        person = f"{name} {n}"
        variables = {"i": {"name": person, "reason": "crash test", "clientMutationId": person}}
        try:
            body = _post(server, CREATE, variables, token)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return  # the server died: this edit was never acknowledged
        if body.get("data") and body["data"]["createPerson"]:
            acknowledged.append(person)
        n += 1


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_kill_9_during_writes_loses_no_acknowledged_change(
    tmp_path: Path, store: str, request: pytest.FixtureRequest
) -> None:
    seed = int(os.environ.get("CLIO_CRASH_SEED", "1414"))
    rounds = int(os.environ.get("CLIO_CRASH_ROUNDS", "4"))
    rng = random.Random(seed)
    state, log = tmp_path / "state", tmp_path / "server.log"
    url = request.getfixturevalue("postgresql").new_database() if store == "postgresql" else ""
    store_setting = {"CLIO_STORE": url} if url else {}
    token = add_tokens(state, url)["admin"]
    acknowledged: list[str] = []
    moments = []
    for round_ in range(rounds):
        slow = {"CLIO_STORE_COMMIT_DELAY_MS": "150"} if round_ == 1 else {}
        server = _start(state, log, **slow, **store_setting)
        stop = threading.Event()
        threads = [
            threading.Thread(target=_writer, args=(server, token, f"W{w} R{round_}", acknowledged, stop))
            for w in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        moment = rng.uniform(0.3, 1.5)
        moments.append(round(moment, 3))
        stop.wait(moment)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    context = f"seed {seed}, kill moments {moments}; server log in {log}"
    server = _start(state, log, **store_setting)  # every restart succeeds, the last one too
    try:
        stored: list[dict[str, Any]] = []
        after = None
        while True:
            page = _post(
                server,
                "query($after: String) { changes(first: 100, after: $after) "
                "{ nodes { id status target input dataVersion } endCursor hasNextPage } }",
                {"after": after},
            )["data"]["changes"]
            stored += page["nodes"]
            if not page["hasNextPage"]:
                break
            after = page["endCursor"]
        names = [change["input"]["name"] for change in stored]
        assert len(acknowledged) > rounds, context  # the writers did get through
        missing = [name for name in acknowledged if names.count(name) != 1]
        assert not missing, f"acknowledged changes lost or doubled: {missing[:5]} ({context})"
        # What the store holds is whole: applied, in order, and in the graph.
        assert all(change["status"] == "APPLIED" for change in stored), context
        assert sorted(c["dataVersion"] for c in stored) == list(range(1, len(stored) + 1)), context
        # A sample of their records (a query may hold 15 aliases), drawn with the same seed.
        targets = rng.sample([change["target"] for change in stored], min(12, len(stored)))
        query = "{ " + " ".join(f'p{i}: node(id: "{t}") {{ id }}' for i, t in enumerate(targets)) + " }"
        found = _post(server, query, {})["data"]
        assert [found[f"p{i}"]["id"] for i in range(len(targets))] == targets, context
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
    assert (state / STORE_FILE).exists() == (store == "sqlite")
