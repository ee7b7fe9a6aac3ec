"""The HTTP scenarios: Clio's GraphQL server and the bare floor, sent the identical requests.

Each scenario is one list of request bodies. Both processes are sent that list, in that
order, the same number of times at each concurrency (no run stops at a time limit), and
the GraphQL server's response cache is read before and after every run, so each figure
says how many of its answers the cache gave.

*Varied* scenarios send one document with a different person in every request: the
warm-up, the concurrency-1 run and the concurrency-16 run each take their own slice of
the names, so no run repeats a name any earlier request used, and a run in which the cache
answered at all is an error rather than a figure. *Repeated* scenarios send one body again
and again: what the cache is for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson

from bench import http
from bench.generate import read_manifest
from bench.report import VARIED
from bench.traversal import CANONICAL_DOCUMENT, ONE_FIELD_DOCUMENT

ONE_FIELD_VARIED = "one field, varied median people"
REVALIDATED = "canonical, repeated GET answered 304 (median)"
CONCURRENCIES = (1, 16)


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    floor_path: str  # the floor's route for the same question
    document: str
    names: tuple[str, ...]  # one per request; a single name is sent every time
    varied: bool


def _bodies(document: str, names: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(orjson.dumps({"query": document, "variables": {"name": n}}) for n in names)


def scenarios(median: str, hub: str, sample: tuple[str, ...]) -> list[Scenario]:
    return [
        Scenario(VARIED, "/canonical", CANONICAL_DOCUMENT, sample, varied=True),
        Scenario(ONE_FIELD_VARIED, "/one-field", ONE_FIELD_DOCUMENT, sample, varied=True),
        Scenario("canonical, repeated (median)", "/canonical", CANONICAL_DOCUMENT, (median,), varied=False),
        Scenario("canonical, repeated (hub)", "/canonical", CANONICAL_DOCUMENT, (hub,), varied=False),
        Scenario("one field, repeated (median)", "/one-field", ONE_FIELD_DOCUMENT, (median,), varied=False),
    ]


def _slices(names: tuple[str, ...], warmup: int, counts: tuple[int, ...]) -> list[tuple[str, ...]]:
    """Disjoint runs of names: the warm-up's first, then one per concurrency.

    >>> _slices(tuple("abcdefg"), 1, (2, 3))
    [('a',), ('b', 'c'), ('d', 'e', 'f')]
    """
    if len(names) < warmup + sum(counts):
        raise ValueError(f"{len(names)} names cannot give {warmup} + {sum(counts)} requests without repeats")
    out, start = [], 0
    for count in (warmup, *counts):
        out.append(names[start : start + count])
        start += count
    return out


def _counts(names: int, wanted: tuple[int, int]) -> tuple[int, int]:
    """Requests per run at concurrency 1 and 16: as ``wanted``, or fewer where the names run out.

    A small graph has fewer people near the median than the runs would use: each run then
    takes what there is (a third, and the rest), never a name twice.

    >>> _counts(5000, (600, 1500)), _counts(1603, (600, 1500))
    ((600, 1500), (534, 1069))
    """
    first = min(wanted[0], names // 3)
    return first, min(wanted[1], names - first)


def measure_all(snapshot: Path, data_dir: Path, work: Path, quick: bool) -> list[dict[str, Any]]:
    """Every scenario at every concurrency, on both sides, plus the cost of a 304."""
    manifest = read_manifest(data_dir)
    warmup = 5 if quick else 50
    requests = _counts(len(manifest.sample) - 1 - warmup, (10, 20) if quick else (600, 1500))
    runs: list[dict[str, Any]] = []
    with (
        http.server(snapshot, work / "server.log") as (pid, port),
        http.floor(snapshot, work / "floor.log") as (floor_pid, floor_port),
    ):

        def hits() -> int:
            counts: dict[str, int] = http.fetch(port, "/bench/cache", b"", method="GET")
            return counts["hits"]

        for scenario in scenarios(manifest.median.name, manifest.hub.name, manifest.sample):
            first = _bodies(scenario.document, scenario.names[:1])[0]
            answer = http.fetch(port, "/graphql", first)
            if answer != http.fetch(floor_port, scenario.floor_path, first) or "errors" in answer:
                raise AssertionError(f"{scenario.name}: GraphQL and the floor disagree over HTTP")
            if scenario.varied:
                warm_names, *run_names = _slices(scenario.names[1:], warmup, requests)
            else:
                warm_names, run_names = scenario.names, [scenario.names for _ in requests]
            sides: list[tuple[str, int, int, str, Callable[[], int] | None]] = [
                ("graphql", pid, port, "/graphql", hits),
                ("floor", floor_pid, floor_port, scenario.floor_path, None),
            ]
            for _, _, side_port, path, _ in sides:
                http.warm(side_port, http.Target(path, _bodies(scenario.document, warm_names)), warmup)
            for concurrency, names, count in zip(CONCURRENCIES, run_names, requests, strict=True):
                bodies = _bodies(scenario.document, names)
                for endpoint, side_pid, side_port, path, counter in sides:
                    run = http.measure(
                        side_pid,
                        side_port,
                        scenario.name,
                        endpoint,
                        http.Target(path, bodies),
                        concurrency,
                        count,
                        cache_hits=counter,
                    )
                    if scenario.varied and run.cache_hits:
                        raise AssertionError(f"{scenario.name}: the response cache answered {run.cache_hits}")
                    runs.append(asdict(run))
        runs += _revalidated(pid, port, manifest.median.name, requests, hits)
    return runs


def _revalidated(
    pid: int, port: int, median: str, requests: tuple[int, ...], hits: Callable[[], int]
) -> list[dict[str, Any]]:
    """A GET that sends back the ETag it was given: the server answers 304 with no body."""
    query = urlencode({"query": CANONICAL_DOCUMENT, "variables": orjson.dumps({"name": median}).decode()})
    etag = http.etag_of(port, "/graphql", query.encode())
    target = http.Target("/graphql", (query.encode(),), method="GET", headers=(("If-None-Match", etag),))
    http.warm(port, target, 10, status=304)
    return [
        asdict(http.measure(pid, port, REVALIDATED, "graphql", target, c, n, cache_hits=hits, status=304))
        for c, n in zip(CONCURRENCIES, requests, strict=True)
    ]


__all__ = ["ONE_FIELD_VARIED", "REVALIDATED", "measure_all", "scenarios"]
