"""GraphQL over HTTP next to a plain endpoint, in one uvicorn server, with the server's own CPU time.

On a two-core machine the load generator shares the cores with the server, so
throughput says as much about the client as about the server. The steadier number is
the server process's CPU time per request, read from ``/proc/<pid>/stat`` (user plus
system time of all its threads) before and after each run.

The client is a small asyncio HTTP/1.1 client over keep-alive connections: far less
CPU per request than a general-purpose client, so it steals less from the server.
Traffic goes to 127.0.0.1 only; every run is bounded in both requests and seconds.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Target:
    """One kind of request: where it goes and the bodies it cycles through."""

    path: str
    bodies: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class Run:
    """One measured run of one target at one concurrency."""

    scenario: str
    endpoint: str  # "graphql" or "plain"
    concurrency: int
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    server_cpu_ms_per_request: float


def graphql_bodies(queries: Sequence[str], names: Sequence[str] = ()) -> tuple[bytes, ...]:
    """One body per query; or, with ``names``, one document asked once per name as a variable."""
    if names:
        (document,) = queries
        return tuple(orjson.dumps({"query": document, "variables": {"name": n}}) for n in names)
    return tuple(orjson.dumps({"query": q}) for q in queries)


def plain_bodies(names: Sequence[str]) -> tuple[bytes, ...]:
    return tuple(orjson.dumps({"name": n}) for n in names)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used, all threads together."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name may hold spaces; the fields after its closing parenthesis don't.
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


@contextmanager
def running(
    command: list[str],
    port: int,
    log: Path,
    ready: Callable[[int], bool],
    *,
    name: str,
    timeout: float,
    env: dict[str, str] | None = None,
    poll: float = 0.2,
    grace: float = 10,
) -> Iterator[tuple[int, int]]:
    """Run a server process with its output in ``log``; yield (pid, port) once ``ready(port)``.

    The process is stopped on the way out, and killed if it has not stopped within ``grace`` s.
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    try:
        give_up = time.monotonic() + timeout
        while not ready(port):
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
            if time.monotonic() > give_up:
                raise TimeoutError(f"{name} was not ready within {timeout} s")
            time.sleep(poll)
        yield process.pid, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers_health(port: int) -> bool:
    try:
        status, _ = asyncio.run(_once(port, "GET", "/health", b""))
    except OSError:
        return False
    return status == 200


@contextmanager
def server(source: Path, log: Path, timeout: float = 600) -> Iterator[tuple[int, int]]:
    """Start the bench server on a free port, output to ``log``; yield (pid, port) once /health answers."""
    port = free_port()
    command = [sys.executable, "-m", "bench.server", str(source), str(port)]
    with running(command, port, log, _answers_health, name="the bench server", timeout=timeout) as started:
        yield started


def _request(method: str, path: str, body: bytes) -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), None
    )
    if length is None:
        raise RuntimeError(f"a response without Content-Length: {lines[0]}")
    return status, await reader.readexactly(length)


async def _once(port: int, method: str, path: str, body: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request(method, path, body))
        return await _read_response(reader)
    finally:
        writer.close()


def fetch(port: int, path: str, body: bytes) -> Any:
    """POST one body and return the decoded JSON answer (for checking, not timing)."""
    status, payload = asyncio.run(_once(port, "POST", path, body))
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {payload[:300]!r}")
    return orjson.loads(payload)


async def _load(
    port: int, target: Target, concurrency: int, max_requests: int, max_seconds: float
) -> list[float]:
    requests = [_request("POST", target.path, body) for body in target.bodies]
    latencies: list[float] = []
    deadline = time.perf_counter() + max_seconds
    counter = iter(range(max_requests))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for n in counter:
                if time.perf_counter() > deadline:
                    return
                start = time.perf_counter()
                writer.write(requests[n % len(requests)])
                status, payload = await _read_response(reader)
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    raise RuntimeError(f"{target.path} answered {status}: {payload[:300]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def measure(
    pid: int,
    port: int,
    scenario: str,
    endpoint: str,
    target: Target,
    concurrency: int,
    max_requests: int = 20000,
    max_seconds: float = 2.5,
    warmup: int = 30,
    unique: bool = False,
) -> Run:
    """Warm up, then load the server and read its CPU time before and after.

    With ``unique``, no body is sent twice: the warm-up takes the last bodies, the run the
    others, and the run stops when they are used up.
    """
    if unique:
        warm, target = (
            Target(target.path, target.bodies[-warmup:]),
            Target(target.path, target.bodies[:-warmup]),
        )
        max_requests = min(max_requests, len(target.bodies))
    else:
        warm = target
    asyncio.run(_load(port, warm, concurrency, warmup, max_seconds))
    cpu_before, start = cpu_seconds(pid), time.perf_counter()
    latencies = asyncio.run(_load(port, target, concurrency, max_requests, max_seconds))
    seconds, cpu = time.perf_counter() - start, cpu_seconds(pid) - cpu_before
    latencies.sort()
    n = len(latencies)
    return Run(
        scenario=scenario,
        endpoint=endpoint,
        concurrency=concurrency,
        requests=n,
        seconds=seconds,
        per_second=n / seconds,
        p50_ms=latencies[n // 2] * 1e3,
        p99_ms=latencies[min(n - 1, int(n * 0.99))] * 1e3,
        server_cpu_ms_per_request=cpu / n * 1e3,
    )
