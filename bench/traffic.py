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
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson

from bench.http import cpu_seconds
from bench.mix import COSTLY_PERSON, body, costly_bodies, mix_bodies, sample_of
from bench.served import Memory, memory_of, process_tree, serving
from bench.wire import post, request, response

COSTLY_CLIENTS = 4


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
            writer.write(request(bodies[n % len(bodies)]))
            status, payload = await response(reader)
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
        stalin = post(port, body(f'{{ person(id: "{COSTLY_PERSON}") {{ id }} }}'))["data"]["person"]
        costly = costly_bodies(stalin is not None)
        mix = [sent for _, sent in mix_bodies(sample, 20_000)]
        pids = process_tree(pid)
        run_cell(pids, port, "warm-up", mix[-2000:], 8, (), min(seconds, 3))
        mix = mix[:-2000]
        for with_costly in (False, True):
            for count in connections:
                name = f"mix@{count}" + (" + 4 costly" if with_costly else "")
                cell = run_cell(pids, port, name, mix, count, costly if with_costly else (), seconds)
                report.cells.append(cell)
                print(_line(cell), file=sys.stderr, flush=True)
        typename = [body("{ __typename }")]
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
