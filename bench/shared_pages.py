"""Which of the graph's structures a forked worker copies, and which requests make it copy them.

A pre-fork worker shares the parent's pages until it writes to one; in CPython 3.11 merely
reading an object writes its reference count, so every page holding an object a request
reads becomes the worker's own. This loads a data directory and builds the app in one
process, freezes the collector as ``clio serve --workers`` does, then forks a child per probe
and reports the child's USS growth (``/proc/self/smaps_rollup``):

- per request kind of the load mix (`bench.mix`) and the two costly queries: ``--requests``
  of that kind through the real app (Starlette's TestClient, response cache off);
- per structure: reading every object of it once (all records with every field, the
  adjacency dicts, each index), the most a long run could copy of it.

    python -m bench.shared_pages DATA_DIR [--requests 300] [--cpu] [--only KIND,...] [--no-fill]

The parent fills its heap's holes before forking, as ``clio serve`` does (`clio.heap`);
``--no-fill`` leaves them, to measure what that saves.

With ``--cpu`` it reports instead the CPU time per request of each kind, in a forked child
(caches warmed by 20 requests first): the price a representation change puts on latency.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.mix import MIX, Sample, costly_bodies, mix_bodies
from clio.memory import memory_of

Probe = Callable[[], float]


def _uss_mb() -> float:
    return memory_of(os.getpid()).uss / 2**20


def _forked(probe: Probe) -> float:
    """USS growth in MB of a child that runs ``probe`` (the child's own setup not counted)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            grown = probe()
            os.write(write, f"{grown:.3f}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return float(text or "nan")


def _walk(value: Any, depth: int = 0) -> None:
    """Read every object reachable from ``value`` once per path (the structures are acyclic)."""
    if depth > 12 or isinstance(value, (str, bytes, int, float, bool)) or value is None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(key, depth + 1)
            _walk(item, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _walk(item, depth + 1)
    elif hasattr(value, "__slots__"):
        for name in getattr(type(value), "__slots__", ()):
            _walk(getattr(value, name, None), depth + 1)


def _sample(kg: Any, people: int = 200) -> Sample:
    from graph.models import Kind

    rng = random.Random(3)
    ids = list(kg.ids(Kind.PERSON))
    names: list[str] = []
    chosen: list[str] = []
    for person_id in rng.sample(ids, min(len(ids), people * 3)):
        chosen.append(person_id)
        name = kg.node(person_id).name
        if len(kg.find(name, Kind.PERSON)) == 1:
            names.append(name)
        if len(names) >= people:
            break
    return Sample(tuple(names), tuple(chosen), len(kg.ids(Kind.EVENT)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--cpu", action="store_true", help="report CPU ms per request of each kind instead of memory"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated request kinds to probe (e.g. onThisDay,Row3); no structures",
    )
    parser.add_argument(
        "--no-fill", action="store_true", help="leave the parent's heap holes as they are (`clio.heap`)"
    )
    args = parser.parse_args()
    os.environ.update({"CLIO_LOG_REQUESTS": "0", "CLIO_RESPONSE_CACHE_SIZE": "0"})
    from starlette.testclient import TestClient

    from clio.app import create_app
    from clio.settings import Settings
    from graph.loader import load_graph

    settings = Settings.from_env()
    kg = load_graph(args.data)
    app = create_app(settings, kg)
    sample = _sample(kg)
    by_kind: dict[str, list[bytes]] = {kind: [] for kind in MIX}
    for kind, sent in mix_bodies(sample, args.requests * len(MIX) * 4):
        if len(by_kind[kind]) < args.requests:
            by_kind[kind].append(sent)
    costly = costly_bodies(kg.get("person:joseph-stalin") is not None)
    by_kind["Row3"] = costly[:1] * max(1, args.requests // 50)
    if len(costly) > 1:
        by_kind["AtCostLimit"] = costly[1:] * max(1, args.requests // 10)
    by_kind["typename"] = [b'{"query": "{ __typename }"}'] * args.requests
    if args.only:
        wanted = args.only.split(",")
        by_kind = {kind: bodies for kind, bodies in by_kind.items() if kind in wanted}
    if not args.no_fill:
        # As `clio.prefork.serve` does just before it forks.
        from clio.heap import fill_free_blocks
        from graph.record_table import forget_decoded_records

        forget_decoded_records()
        gc.collect()
        print(f"heap holes filled: {fill_free_blocks()} blocks", flush=True)
    gc.freeze()

    def requests_of(bodies: list[bytes]) -> Probe:
        def probe() -> float:
            # The child's own copies: sending the parent's would write their counts, copying the
            # pages that hold them (a server reads its bodies from the socket).
            sending = [bytes(bytearray(sent)) for sent in bodies]
            with TestClient(app) as client:
                headers = {"content-type": "application/json"}
                client.post("/graphql", content=b'{"query": "{ __typename }"}', headers=headers)
                before = _uss_mb()
                for sent in sending:
                    client.post("/graphql", content=sent, headers=headers)
                return _uss_mb() - before

        return probe

    def timing(bodies: list[bytes]) -> Probe:
        def probe() -> float:
            with TestClient(app) as client:
                headers = {"content-type": "application/json"}
                for sent in bodies[:20]:  # parse and validation caches warm, as in a running server
                    client.post("/graphql", content=sent, headers=headers)
                started = time.process_time()
                for sent in bodies:
                    client.post("/graphql", content=sent, headers=headers)
                return (time.process_time() - started) * 1000 / len(bodies)

        return probe

    if args.cpu:
        for kind, bodies in by_kind.items():
            print(f"{len(bodies)} x {kind}: {_forked(timing(bodies)):.2f} ms CPU a request", flush=True)
        return

    def reading(*structures: Callable[[], Any]) -> Probe:
        def probe() -> float:
            before = _uss_mb()
            for structure in structures:
                _walk(structure())
            return _uss_mb() - before

        return probe

    from graph.node_table import node_table

    nodes = node_table(kg)
    probes: dict[str, Probe] = {f"{len(b)} x {kind}": requests_of(b) for kind, b in by_kind.items()}
    if not args.only:
        probes.update(
            {
                "node attribute dicts (no records)": reading(lambda: [list(a) for a in nodes.values()]),
                "records, every field": reading(lambda: [a["record"] for a in nodes.values()]),
                "adjacency (succ and pred)": reading(lambda: kg.graph._succ, lambda: kg.graph._pred),
                "events_of, mentioned_in, on_day": reading(
                    lambda: kg._events_of, lambda: kg._mentioned_in, lambda: kg._on_day
                ),
                "position, names, within": reading(
                    lambda: kg._position, lambda: kg._names, lambda: kg._within
                ),
                "event texts": reading(lambda: kg._texts),
            }
        )
        for name in sorted(kg._memo):
            probes[f"memo {name}"] = reading(lambda name=name: kg._memo[name])
    print(f"parent: USS {_uss_mb():.0f} MB, RSS {memory_of(os.getpid()).rss / 2**20:.0f} MB", flush=True)
    for label, probe in probes.items():
        print(f"{label}: +{_forked(probe):.1f} MB", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
