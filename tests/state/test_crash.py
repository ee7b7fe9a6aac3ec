"""Kill -9 the server while four writers send edits: nothing acknowledged is lost, nothing else half-applied.

Each round starts ``clio serve`` (its supervising process and the forked worker that writes),
lets four writers send edits, and kills the whole process group with SIGKILL at a moment from
a seeded generator (``CLIO_CRASH_SEED``, printed on failure); one round slows every commit
(``CLIO_STORE_COMMIT_DELAY_MS``) so the kill lands while a transaction is being made durable.
A round's server is forked by `tests.state.forkserver`, which has Clio imported already: a
restart then takes a fraction of a second instead of the 3–4 s of imports, so the issue's 20
rounds a store run in CI (``CLIO_CRASH_ROUNDS`` sets another number). The last start, which
reads back every change, is a fresh ``python -m clio serve``. The same test runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clio.state.sqlite import STORE_FILE
from tests.conftest import REPO
from tests.http.live import Server, _wait_until_healthy, free_port
from tests.state.conftest import add_tokens
from tests.state.serving import environment, post, serve_argv, start_server, stop_server

CREATE = "mutation($i: CreatePersonInput!) { createPerson(input: $i) { change { id target } } }"
WRITERS = 4


class _Forked:
    """A server process the fork server made (not our child: polled through /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        return None if _alive(self.pid) else -9


@pytest.fixture(scope="module")
def forkserver() -> Iterator[subprocess.Popen[str]]:
    # One for both stores: it holds no state between the servers it forks, and starting it
    # costs the imports it is there to save.
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.state.forkserver"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    yield process
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()


def _fork(forkserver: subprocess.Popen[str], state: Path, log: Path, **env: str) -> Server:
    assert forkserver.stdin is not None and forkserver.stdout is not None
    port = free_port()
    request = {"argv": serve_argv(port), "env": environment(state, 1, **env), "log": str(log)}
    forkserver.stdin.write(json.dumps(request) + "\n")
    forkserver.stdin.flush()
    pid = int(forkserver.stdout.readline())
    server = Server("127.0.0.1", port, _Forked(pid), log)  # type: ignore[arg-type]
    _wait_until_healthy(server)
    return server


def _alive(pid: int) -> bool:
    """Whether a process still runs (a zombie has closed its files: it writes nothing more)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _group(pgid: int) -> list[int]:
    """The live processes of a process group."""
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    fields = stat.read().rpartition(")")[2].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry))
    return members


def _kill_group(pid: int) -> int:
    """SIGKILL the server and its worker at once; how many processes there were."""
    members = _group(pid)
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _group(pid) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert not _group(pid), f"processes of group {pid} outlived SIGKILL"
    return len(members)


def _writer(server: Server, token: str, name: str, acknowledged: list[str], stop: threading.Event) -> None:
    n = 0
    while not stop.is_set():
        person = f"{name} {n}"
        variables = {"i": {"name": person, "reason": "crash test", "clientMutationId": person}}
        try:
            body, _ = post(server, CREATE, variables, token)
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            return  # the server died, before or while answering: this edit was never acknowledged
        if body.get("data") and body["data"]["createPerson"]:
            acknowledged.append(person)
        n += 1


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_kill_9_during_writes_loses_no_acknowledged_change(
    tmp_path: Path, store: str, request: pytest.FixtureRequest, forkserver: subprocess.Popen[str]
) -> None:
    seed = int(os.environ.get("CLIO_CRASH_SEED", "1414"))
    rounds = int(os.environ.get("CLIO_CRASH_ROUNDS", "20"))
    rng = random.Random(seed)
    state, log = tmp_path / "state", tmp_path / "server.log"
    url = request.getfixturevalue("postgresql").new_database() if store == "postgresql" else ""
    store_setting = {"CLIO_STORE": url} if url else {}
    token = add_tokens(state, url)["admin"]
    acknowledged: list[str] = []
    moments = []
    for round_ in range(rounds):
        slow = {"CLIO_STORE_COMMIT_DELAY_MS": "150"} if round_ == 1 else {}
        server = _fork(forkserver, state, log, **slow, **store_setting)
        stop = threading.Event()
        threads = [
            threading.Thread(target=_writer, args=(server, token, f"W{w} R{round_}", acknowledged, stop))
            for w in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        moment = rng.uniform(0.2, 1.0)
        moments.append(round(moment, 3))
        stop.wait(moment)
        killed = _kill_group(server.process.pid)
        assert killed == 2, f"expected the server and its worker, killed {killed} ({log})"
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    context = f"seed {seed}, kill moments {moments}; server log in {log}"
    server = start_server(state, log, 1, **store_setting)  # every restart succeeds, the last one too
    try:
        stored: list[dict[str, Any]] = []
        after = None
        while True:
            answer, _ = post(
                server,
                "query($after: String) { changes(first: 100, after: $after) "
                "{ nodes { id status target input dataVersion } endCursor hasNextPage } }",
                {"after": after},
            )
            page = answer["data"]["changes"]
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
        found = post(server, query)[0]["data"]
        assert [found[f"p{i}"]["id"] for i in range(len(targets))] == targets, context
    finally:
        stop_server(server)
    assert (state / STORE_FILE).exists() == (store == "sqlite")
