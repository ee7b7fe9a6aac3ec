"""`clio serve --workers 2` as run in production: forked replicas, replaced when they die, stopped as one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from clio.memory import children_of, memory_of

QUERY = {"query": '{ person(id: "person:joseph-stalin") { name } }'}
ANSWER = {"data": {"person": {"name": "Joseph Stalin"}}}


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def workers(self) -> list[int]:
        return children_of(self.process.pid)

    def answering(self, want: int, seconds: float = 20) -> set[int]:
        """Worker pids seen in answers (a new connection each) until ``want`` differ, or time runs out."""
        seen: set[int] = set()
        deadline = time.monotonic() + seconds
        while len(seen) < want and time.monotonic() < deadline:
            response = httpx.post(
                self.url + "/graphql", json=QUERY, headers={"Connection": "close"}, timeout=10
            )
            assert response.json() == ANSWER
            seen.add(int(response.headers["X-Clio-Worker"]))
        return seen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(tmp_path: Path, workers: int = 2) -> Server:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "CLIO_LOG_REQUESTS": "false", "CLIO_STATE_DIR": str(tmp_path / "state")}
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "clio", "serve", "--port", str(port), "--workers", str(workers)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"clio serve stopped: {log.read_text()}")
        try:
            healthy = httpx.get(server.url + "/health", timeout=2).status_code == 200
            if healthy and len(server.workers()) == workers:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"clio serve did not answer within 60 s: {log.read_text()}")


def _gone(pid: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = _start(tmp_path_factory.mktemp("prefork"))
    yield running
    running.process.terminate()
    running.process.wait(30)


def test_both_workers_answer(server: Server) -> None:
    assert server.answering(want=2) == set(server.workers())


def test_a_worker_shares_the_loaded_graph_instead_of_holding_a_copy(server: Server) -> None:
    server.answering(want=2)  # both have served requests, not only started
    for pid in server.workers():
        memory = memory_of(pid)
        # Most of what a forked worker can see is the parent's pages, shared copy-on-write.
        assert memory.uss < 0.5 * memory.rss, memory
        assert memory.pss < memory.rss


def test_a_killed_worker_is_replaced(server: Server) -> None:
    before = server.workers()
    os.kill(before[0], signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (len(server.workers()) != 2 or before[0] in server.workers()):
        time.sleep(0.1)
    after = server.workers()
    assert len(after) == 2 and before[0] not in after and before[1] in after
    assert server.answering(want=2) == set(after)
    assert f"clio: worker {before[0]} was killed by SIGKILL; starting another" in server.log.read_text()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_stops_every_worker_and_the_parent_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    running = _start(tmp_path)
    workers = running.workers()
    running.process.send_signal(stop)
    assert running.process.wait(30) == 0
    assert all(_gone(pid) for pid in workers)
    assert "Traceback" not in running.log.read_text()


def test_workers_do_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    running = _start(tmp_path)
    workers = running.workers()
    running.process.kill()
    running.process.wait(10)
    assert all(_gone(pid) for pid in workers)
