"""The load benchmark: a realistic mix of requests against a real ``clio serve``, beside costly clients.

The mix is what a public history site sends: the canonical traversal (a person, their
events, each event's same-date events), an "On this day" page, type-ahead search (the
first two to five letters of a name), a person by id, and paging through events. Each
cell runs it at one number of connections for a bounded time, either alone or while
four more clients send the costly queries kept in `bench.costly` (the ``connection``
query of issue 10 row 3 and a traversal at the cost limit) as fast as they are answered;
a last cell sends only ``{ __typename }`` beside the four costly clients.

Reported per cell: throughput and p50/p99 latency of the mix, errors (any 5xx, and any
GraphQL error other than a clean ``QUERY_TIMEOUT``), the server's CPU time per request
(user + system of every server process, from ``/proc``), the load client's own CPU time
(it shares the machine), and after the run the memory of every server process as USS
and PSS (``/proc/<pid>/smaps_rollup``), never RSS alone. The server's own log gives the
duration of every request it served: the longest is reported, against the time limit.
The server runs with its response cache off, so every request is computed.

    python -m bench.traffic DATA_DIR [--workers 1] [--connections 1 8 32 128] [--seconds 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from bench.costly import AT_COST_LIMIT, ROW_3
from bench.http import cpu_seconds, free_port
from bench.traversal import CANONICAL_DOCUMENT

COSTLY_CLIENTS = 4
COSTLY_PERSON = "person:joseph-stalin"  # the at-the-cost-limit traversal starts here when it exists
MIX = {"canonical": 3, "onThisDay": 2, "search": 4, "person": 3, "paging": 2}  # weights, out of 14
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True, slots=True)
class Cell:
    """One measured cell: the mix at one number of connections, with or without the costly clients."""

    name: str
    connections: int
    costly: bool
    seconds: float
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # 5xx, or a GraphQL error other than QUERY_TIMEOUT
    timeouts: int  # clean QUERY_TIMEOUT answers (of the mix and the costly clients)
    costly_requests: int
    costly_p99_ms: float | None
    server_cpu_ms_per_request: float  # over every request of the cell, costly ones included
    client_cpu_seconds: float
    client_cpu_share: float  # of the cell's wall time, on one core
    error_examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Memory:
    pid: int
    role: str  # "main" or "worker"
    rss_mb: float
    pss_mb: float
    uss_mb: float


@dataclass(slots=True)
class Report:
    data: str
    workers: int
    time_limit_ms: int
    cells: list[Cell] = field(default_factory=list)
    memory: list[Memory] = field(default_factory=list)
    logged_requests: int = 0
    logged_5xx: int = 0
    max_duration_ms: float = 0.0
    slowest: str = ""
    cache_hits: int = 0
    #: operation -> (requests, p50, p99, max duration in ms), from the server's log
    by_operation: dict[str, tuple[int, float, float, float]] = field(default_factory=dict)
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute, before and after the run


# -- the mix ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    """What the mix asks about, read from the server itself before the run."""

    names: tuple[str, ...]
    ids: tuple[str, ...]
    total_events: int


def _body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    # The operation's name goes into the server's log line, which `read_log` groups by.
    named = query.split("(", 1)[0].split("{", 1)[0].split()
    operation = named[1] if len(named) > 1 and named[0] == "query" else None
    return orjson.dumps({"query": query, "variables": variables or {}, "operationName": operation})


def mix_bodies(sample: Sample, count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``count`` requests of the mix in random order, arguments varied so that few repeat."""
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
    found = []
    for _ in range(count):
        kind = rng.choice(kinds)
        if kind == "canonical":
            body = _body(CANONICAL_DOCUMENT, {"name": rng.choice(sample.names)})
        elif kind == "onThisDay":
            month = rng.randint(1, 12)
            body = _body(
                "query Day($m: Int!, $d: Int!) { onThisDay(month: $m, day: $d, limit: 20) "
                "{ title date { display } people { name } } }",
                {"m": month, "d": rng.randint(1, 28)},
            )
        elif kind == "search":
            name = rng.choice(sample.names)
            body = _body(
                "query Ahead($t: String!) { search(text: $t, first: 8) { id label detail kind } }",
                {"t": name[: rng.randint(2, 5)]},
            )
        elif kind == "person":
            body = _body(
                "query Person($id: ID!) { person(id: $id) { name born { display } died { display } "
                "events(limit: 5) { title } } }",
                {"id": rng.choice(sample.ids)},
            )
        else:
            body = _body(
                "query Page($o: Int!) { events(limit: 20, offset: $o) { id title date { display } } }",
                {"o": rng.randrange(max(sample.total_events - 20, 1))},
            )
        found.append((kind, body))
    return found


def costly_bodies(has_costly_person: bool) -> list[bytes]:
    """The two named costly queries, alternated by each costly client."""
    person = COSTLY_PERSON if has_costly_person else None
    bodies = [_body(ROW_3)]
    if person is not None:
        bodies.append(_body(AT_COST_LIMIT, {"id": person}))
    return bodies


# -- a small HTTP/1.1 client over keep-alive connections -------------------------------------


def _request(body: bytes) -> bytes:
    return (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    return int(lines[0].split()[1]), await reader.readexactly(length)


@dataclass(slots=True)
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    timeouts: int = 0
    examples: list[str] = field(default_factory=list)

    def record(self, started: float, status: int, payload: bytes) -> None:
        self.latencies.append(time.perf_counter() - started)
        problem = None
        if status >= 500:
            problem = f"HTTP {status}"
        elif b'"errors"' in payload:
            codes = [e.get("extensions", {}).get("code") for e in orjson.loads(payload)["errors"]]
            if codes == ["QUERY_TIMEOUT"]:
                self.timeouts += 1
            else:
                problem = ",".join(str(c) for c in codes)
        if problem is not None:
            self.errors += 1
            if len(self.examples) < 5:
                self.examples.append(f"{problem}: {payload[:200]!r}")


async def _client(port: int, bodies: Sequence[bytes], until: float, tally: _Tally, offset: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        n = offset
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(_request(bodies[n % len(bodies)]))
            status, payload = await _response(reader)
            tally.record(started, status, payload)
            n += 1
    finally:
        writer.close()


async def _cell(
    port: int, mix: Sequence[bytes], connections: int, costly: Sequence[bytes], seconds: float
) -> tuple[_Tally, _Tally]:
    until = time.perf_counter() + seconds
    plain, heavy = _Tally(), _Tally()
    stride = max(len(mix) // max(connections, 1), 1)
    clients = [_client(port, mix, until, plain, i * stride) for i in range(connections)]
    clients += [_client(port, costly, until, heavy, i) for i in range(COSTLY_CLIENTS if costly else 0)]
    await asyncio.gather(*clients)
    return plain, heavy


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1e3 if ordered else 0.0


def run_cell(
    pids: Sequence[int],
    port: int,
    name: str,
    mix: Sequence[bytes],
    connections: int,
    costly: Sequence[bytes],
    seconds: float,
) -> Cell:
    """Run one cell and measure it: the server's CPU before and after, the client's own."""
    server_before = sum(cpu_seconds(pid) for pid in pids)
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    plain, heavy = asyncio.run(_cell(port, mix, connections, costly, seconds))
    wall = time.perf_counter() - started
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = sum(cpu_seconds(pid) for pid in pids) - server_before
    client_cpu = (client_after.ru_utime - client_before.ru_utime) + (
        client_after.ru_stime - client_before.ru_stime
    )
    total = len(plain.latencies) + len(heavy.latencies)
    return Cell(
        name=name,
        connections=connections,
        costly=bool(costly),
        seconds=round(wall, 2),
        requests=len(plain.latencies),
        per_second=round(len(plain.latencies) / wall, 1),
        p50_ms=round(_percentile(plain.latencies, 0.5), 1),
        p99_ms=round(_percentile(plain.latencies, 0.99), 1),
        errors=plain.errors + heavy.errors,
        timeouts=plain.timeouts + heavy.timeouts,
        costly_requests=len(heavy.latencies),
        costly_p99_ms=round(_percentile(heavy.latencies, 0.99), 1) if heavy.latencies else None,
        server_cpu_ms_per_request=round(server_cpu / max(total, 1) * 1e3, 2),
        client_cpu_seconds=round(client_cpu, 2),
        client_cpu_share=round(client_cpu / wall, 2),
        error_examples=tuple(plain.examples + heavy.examples),
    )


# -- the server -----------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (the workers of a pre-fork server)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            found.extend(process_tree(int(child)))
    return found


def memory_of(pid: int, role: str) -> Memory:
    """RSS, PSS and USS (private clean + private dirty) of one process, from smaps_rollup."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value, *_ = line.split()
        fields[key.rstrip(":")] = int(value)  # kB
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return Memory(pid, role, fields["Rss"] / 1024, round(fields["Pss"] / 1024, 1), round(uss / 1024, 1))


def _post(port: int, body: bytes) -> Any:
    async def once() -> tuple[int, bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(_request(body))
            return await _response(reader)
        finally:
            writer.close()

    status, payload = asyncio.run(once())
    if status != 200:
        raise RuntimeError(f"/graphql answered {status}: {payload[:300]!r}")
    return orjson.loads(payload)


def _healthy(port: int) -> bool:
    async def once() -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status, body = await _response(reader)
            return status if orjson.loads(body).get("ready") else 0
        finally:
            writer.close()

    try:
        return asyncio.run(once()) == 200
    except OSError:
        return False


@contextmanager
def serving(
    data: Path, workers: int, log: Path, env: dict[str, str], timeout: float = 900
) -> Iterator[tuple[int, int]]:
    """``clio serve`` on a free port with its request log in ``log``; yields (pid, port) once ready."""
    port = free_port()
    command = [sys.executable, "-m", "clio", "serve", "--data", str(data), "--port", str(port)]
    if workers != 1:
        command += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env})
    try:
        give_up = time.monotonic() + timeout
        while not _healthy(port):
            if process.poll() is not None:
                raise RuntimeError(f"clio serve exited with {process.returncode}; see {log}")
            if time.monotonic() > give_up:
                raise TimeoutError(f"clio serve was not ready within {timeout} s")
            time.sleep(0.5)
        yield process.pid, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def read_log(log: Path, report: Report) -> None:
    """Count what the server logged: requests, 5xx, cache hits, the longest duration, each operation."""
    durations: dict[str, list[float]] = {}
    for line in log.read_bytes().splitlines():
        if not line.startswith(b"{"):
            continue
        entry = orjson.loads(line)
        request = entry.get("request", entry)
        if "duration_ms" not in request:
            continue
        report.logged_requests += 1
        report.logged_5xx += int(request.get("status", 0)) >= 500
        report.cache_hits += request.get("cache") == "hit"
        durations.setdefault(str(request.get("operation")), []).append(request["duration_ms"])
        if request["duration_ms"] > report.max_duration_ms:
            report.max_duration_ms = request["duration_ms"]
            report.slowest = (
                f"{request.get('operation')} ({request.get('status')}, {request.get('error_codes')})"
            )
    for operation, found in durations.items():
        found.sort()
        middle, high = found[len(found) // 2], found[min(len(found) - 1, int(len(found) * 0.99))]
        report.by_operation[operation] = (len(found), middle, high, found[-1])


def sample_of(port: int, people: int = 400) -> Sample:
    """People with unique names and the number of events, asked of the server (not from the files)."""
    counted = _post(port, _body("{ eventsConnection(first: 1) { totalCount } }"))
    total = counted["data"]["eventsConnection"]["totalCount"]
    names: list[str] = []
    ids: list[str] = []
    for offset in range(0, people * 3, 100):
        page = _post(port, _body(f"{{ people(limit: 100, offset: {offset * 7}) {{ id name }} }}"))["data"]
        for person in page["people"]:
            ids.append(person["id"])
            check = _body("query Check($n: String!) { person(name: $n) { id } }", {"n": person["name"]})
            if "errors" not in _post(port, check):
                names.append(person["name"])
        if len(names) >= people:
            break
    return Sample(tuple(names), tuple(ids), total)


def bench(
    data: Path,
    workers: int,
    connections: Sequence[int],
    seconds: float,
    work: Path,
    time_limit_ms: int = 5000,
) -> Report:
    """Serve ``data`` and run every cell against it."""
    work.mkdir(parents=True, exist_ok=True)
    log = work / f"server-{workers}.log"
    report = Report(str(data), workers, time_limit_ms)
    # The response cache is off: the costly clients repeat two queries, which it would answer
    # after the first time, and the mix is measured as computed, not as remembered.
    env = {
        "CLIO_LOG_REQUESTS": "1",
        "CLIO_TIME_LIMIT_MS": str(time_limit_ms),
        "CLIO_RESPONSE_CACHE_SIZE": "0",
    }
    before = os.getloadavg()[0]
    with serving(data, workers, log, env) as (pid, port):
        sample = sample_of(port)
        stalin = _post(port, _body(f'{{ person(id: "{COSTLY_PERSON}") {{ id }} }}'))["data"]["person"]
        costly = costly_bodies(stalin is not None)
        mix = [body for _, body in mix_bodies(sample, 20_000)]
        pids = process_tree(pid)
        run_cell(pids, port, "warm-up", mix[-2000:], 8, (), min(seconds, 3))
        mix = mix[:-2000]
        for with_costly in (False, True):
            for count in connections:
                name = f"mix@{count}" + (" + 4 costly" if with_costly else "")
                cell = run_cell(pids, port, name, mix, count, costly if with_costly else (), seconds)
                report.cells.append(cell)
                print(_line(cell), file=sys.stderr, flush=True)
        typename = [_body("{ __typename }")]
        cell = run_cell(pids, port, "{__typename} + 4 costly", typename, 1, costly, seconds)
        report.cells.append(cell)
        print(_line(cell), file=sys.stderr, flush=True)
        report.memory = [memory_of(p, "main" if p == pid else "worker") for p in process_tree(pid)]
    report.load_average = (before, os.getloadavg()[0])
    read_log(log, report)
    return report


def _line(cell: Cell) -> str:
    return (
        f"{cell.name:>26}: {cell.per_second:7.1f}/s  p50 {cell.p50_ms:7.1f} ms  p99 {cell.p99_ms:7.1f} ms  "
        f"errors {cell.errors}  timeouts {cell.timeouts}  costly {cell.costly_requests} "
        f"(p99 {cell.costly_p99_ms} ms)  server {cell.server_cpu_ms_per_request} ms/req  "
        f"client CPU {cell.client_cpu_share:.0%}"
    )


def table(report: Report) -> str:
    """The report as a Markdown table, for bench/RESULTS.md."""
    rows = [
        f"`--workers {report.workers}`, data `{Path(report.data).name}`, limit {report.time_limit_ms} ms",
        "",
        "| cell | mix req/s | p50 ms | p99 ms | errors | timeouts | costly req (p99 ms) "
        "| server CPU ms/req | load-client CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in report.cells:
        costly = f"{c.costly_requests} ({c.costly_p99_ms})" if c.costly else "–"
        rows.append(
            f"| {c.name} | {c.per_second} | {c.p50_ms} | {c.p99_ms} | {c.errors} | {c.timeouts} | {costly} "
            f"| {c.server_cpu_ms_per_request} | {c.client_cpu_share:.0%} |"
        )
    rows += ["", "| process | RSS MB | PSS MB | USS MB |", "|---|---:|---:|---:|"]
    rows += [
        f"| {m.role} {m.pid} | {m.rss_mb:.0f} | {m.pss_mb:.0f} | {m.uss_mb:.0f} |" for m in report.memory
    ]
    rows += [
        "",
        "| operation (server log) | requests | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {name} | {n} | {p50:.1f} | {p99:.1f} | {top:.1f} |"
        for name, (n, p50, p99, top) in sorted(report.by_operation.items())
    ]
    rows += [
        "",
        f"Load average (1 min) before and after: {report.load_average[0]:.1f}, {report.load_average[1]:.1f}.",
        f"Server log: {report.logged_requests} requests, {report.logged_5xx} with a 5xx, "
        f"{report.cache_hits} answered from the response cache; longest {report.max_duration_ms:.0f} ms "
        f"({report.slowest}).",
    ]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path, help="a data directory (the full import, built by `clio import`)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8, 32, 128])
    parser.add_argument("--seconds", type=float, default=8.0, help="per cell (at most 10 keeps a run short)")
    parser.add_argument("--work", type=Path, default=Path("build/traffic"))
    parser.add_argument("--json", type=Path, help="also write the reports here as JSON")
    args = parser.parse_args()
    reports = []
    for workers in args.workers:
        report = bench(args.data, workers, args.connections, args.seconds, args.work)
        reports.append(report)
        print(table(report), flush=True)
        print(flush=True)
    if args.json is not None:
        args.json.write_bytes(orjson.dumps([asdict(r) for r in reports], option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
