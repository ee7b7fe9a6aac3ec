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


def _start(tmp_path: Path, workers: int = 2, via_env: bool = False) -> Server:
    """A `clio serve` with ``workers`` workers (asked by --workers, or CLIO_WORKERS when ``via_env``)."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "CLIO_LOG_REQUESTS": "false", "CLIO_STATE_DIR": str(tmp_path / "state")}
    command = [sys.executable, "-m", "clio", "serve", "--port", str(port)]
    if via_env:
        env["CLIO_WORKERS"] = str(workers)
    else:
        command += ["--workers", str(workers)]
    with log.open("wb") as err:
        process = subprocess.Popen(
            command,
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
        time.sleep(0.05)  # polled often, up to the same deadline
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
    log = server.log.read_text()
    assert f"clio: worker {before[0]} was killed by SIGKILL; starting another" in log
    # The new worker is forked from the loaded graph, not loaded again.
    assert log.count("Loaded ") == 1


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


def test_a_request_in_flight_at_sigterm_is_answered_before_the_worker_stops(tmp_path: Path) -> None:
    running = _start(tmp_path, workers=1)
    body = b'{"query": "{ __typename }"}'
    head = b"POST /graphql HTTP/1.1\r\nHost: clio\r\nContent-Type: application/json\r\n"
    with socket.create_connection(("127.0.0.1", int(running.url.rsplit(":", 1)[1])), timeout=10) as client:
        client.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body[:5])
        time.sleep(0.3)  # the worker is now reading the body
        running.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        client.sendall(body[5:])
        answer = b""
        while chunk := client.recv(65536):  # the stopping worker closes the connection after answering
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(b'{"data":{"__typename":"Query"}}')
    assert running.process.wait(30) == 0


def test_workers_do_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    running = _start(tmp_path, workers=3, via_env=True)
    assert len(running.answering(want=3)) == 3
    workers = running.workers()
    running.process.kill()
    running.process.wait(10)
    assert all(_gone(pid) for pid in workers)


def test_clio_memory_lists_the_supervisor_and_its_workers(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    from clio.cli import main

    assert main(["memory", str(server.process.pid), "--children"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["pid", "RSS", "MiB", "PSS", "MiB", "USS", "MiB"]
    rows = [line.split() for line in lines[1:]]
    assert [int(row[0]) for row in rows] == [server.process.pid, *server.workers()]
    for _, rss, pss, uss in rows:
        assert 0 < float(uss) < float(pss) < float(rss)


def test_clio_memory_of_a_process_that_does_not_exist_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    from clio.cli import main

    assert main(["memory", "999999999"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("clio") and err.endswith(
        ": cannot read the memory of process 999999999 "
        "(/proc/999999999/smaps_rollup: No such file or directory)\n"
    )


# An app whose workers cannot start: its lifespan startup fails every time.
BROKEN_APP = """
import sys
from clio import prefork
from clio.cli.serve import listen

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

sys.exit(prefork.serve(app, listen("127.0.0.1", 0), 2, log_level="critical", lifespan="on"))
"""


def test_workers_that_die_as_they_start_stop_the_server_instead_of_a_fork_loop() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_APP],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1] == "clio: 5 workers in a row died as they started; stopping"
    assert sum("starting another" in line for line in lines) == 4


def test_a_busy_port_or_unknown_host_is_one_clear_line() -> None:
    from clio.cli.serve import listen as bind
    from graph.errors import ClioError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ClioError) as refused:
            bind("127.0.0.1", port)
        assert str(refused.value) == f"cannot listen on 127.0.0.1:{port}: address already in use"
    with pytest.raises(ClioError, match=r"^cannot listen on no-such-host\.invalid:8000: "):
        bind("no-such-host.invalid", 8000)
    # localhost stays IPv4, as under uvicorn.run, whatever the resolver lists first.
    with bind("localhost", 0) as sock:
        assert sock.family == socket.AF_INET
