"""GraphQL over HTTP and the bare floor, each in its own uvicorn process, with each process's CPU time.

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
    """One kind of request: where it goes and the bodies it cycles through (GET: the query strings)."""

    path: str
    bodies: tuple[bytes, ...]
    method: str = "POST"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Run:
    """One measured run of one target at one concurrency."""

    scenario: str
    endpoint: str  # "graphql" or "floor"
    concurrency: int
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    server_cpu_ms_per_request: float
    # Answers the response cache gave during the run (None: the server has no cache, the floor).
    cache_hits: int | None = None
    # The status every answer had (200, or 304 for a revalidation).
    status: int = 200


def graphql_bodies(queries: Sequence[str], names: Sequence[str] = ()) -> tuple[bytes, ...]:
    """One body per query; or, with ``names``, one document asked once per name as a variable."""
    if names:
        (document,) = queries
        return tuple(orjson.dumps({"query": document, "variables": {"name": n}}) for n in names)
    return tuple(orjson.dumps({"query": q}) for q in queries)


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


@contextmanager
def floor(source: Path, log: Path, timeout: float = 600) -> Iterator[tuple[int, int]]:
    """Start `bench.floor` (its own process) on a free port; yield (pid, port) once /health answers."""
    port = free_port()
    command = [sys.executable, "-m", "bench.floor", str(source), str(port)]
    with running(command, port, log, _answers_health, name="the floor", timeout=timeout) as started:
        yield started


def _request(method: str, path: str, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> bytes:
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers)
    if method == "GET":
        # A GET carries its GraphQL request in the query string: ``body`` is that string.
        path = f"{path}?{body.decode()}" if body else path
        return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode()
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{extra}Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status, _, body = await _read_full(reader)
    return status, body


async def _read_full(reader: asyncio.StreamReader) -> tuple[int, list[str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), None
    )
    if length is None:
        if status == 304:  # no body, and no length to say so
            return status, lines, b""
        raise RuntimeError(f"a response without Content-Length: {lines[0]}")
    return status, lines, await reader.readexactly(length)


async def _once(port: int, method: str, path: str, body: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request(method, path, body))
        return await _read_response(reader)
    finally:
        writer.close()


def etag_of(port: int, path: str, query: bytes) -> str:
    """The ETag a GET of ``path?query`` is answered with."""

    async def once() -> list[str]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(_request("GET", path, query))
            return (await _read_full(reader))[1]
        finally:
            writer.close()

    lines = asyncio.run(once())
    etag = next((line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("etag:")), None)
    if etag is None:
        raise RuntimeError(f"GET {path} was answered without an ETag")
    return etag


def fetch(port: int, path: str, body: bytes, method: str = "POST") -> Any:
    """Send one body (POST) or query string (GET) and return the decoded JSON answer (for checking)."""
    status, payload = asyncio.run(_once(port, method, path, body))
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {payload[:300]!r}")
    return orjson.loads(payload)


async def _load(
    port: int, target: Target, concurrency: int, requests: int, max_seconds: float, status: int
) -> list[float]:
    """Send ``requests`` requests, the bodies in order, over ``concurrency`` connections.

    Every request is sent: a run that is not done within ``max_seconds`` is an error, not a
    shorter run, so two sides given the same target answer the same sequence.
    """
    sent = [_request(target.method, target.path, body, target.headers) for body in target.bodies]
    latencies: list[float] = []
    counter = iter(range(requests))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for n in counter:
                start = time.perf_counter()
                writer.write(sent[n % len(sent)])
                got, payload = await _read_response(reader)
                latencies.append(time.perf_counter() - start)
                if got != status:
                    raise RuntimeError(f"{target.path} answered {got}, not {status}: {payload[:300]!r}")
        finally:
            writer.close()

    try:
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), max_seconds)
    except TimeoutError:
        raise RuntimeError(
            f"{target.path}: {len(latencies)} of {requests} requests in {max_seconds} s; "
            "raise the time bound rather than compare runs of different requests"
        ) from None
    return latencies


def measure(
    pid: int,
    port: int,
    scenario: str,
    endpoint: str,
    target: Target,
    concurrency: int,
    requests: int,
    max_seconds: float = 120,
    cache_hits: Callable[[], int] | None = None,
    status: int = 200,
) -> Run:
    """Load the server with ``requests`` requests and read its CPU time before and after.

    Warm-up is the caller's (with bodies the run does not send, where a cache could tell).
    ``cache_hits`` reads the server's count of response-cache hits, before and after.
    """
    hits_before = cache_hits() if cache_hits else None
    cpu_before, start = cpu_seconds(pid), time.perf_counter()
    latencies = asyncio.run(_load(port, target, concurrency, requests, max_seconds, status))
    seconds, cpu = time.perf_counter() - start, cpu_seconds(pid) - cpu_before
    hits = cache_hits() - hits_before if cache_hits and hits_before is not None else None
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
        cache_hits=hits,
        status=status,
    )


def warm(port: int, target: Target, requests: int, status: int = 200) -> None:
    """Send ``requests`` of ``target``'s bodies, unmeasured."""
    asyncio.run(_load(port, target, 1, requests, 120, status))
