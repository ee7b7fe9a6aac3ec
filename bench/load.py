"""Load time and memory of one graph, measured in a fresh process so that nothing else counts.

Memory is read from the operating system, not from tracemalloc (which would double the
load time): *retained* is resident memory after the load minus resident memory before
it, once the cycle collector has run (what a server keeps); *peak* is the process's high
water mark (``ru_maxrss``) minus that same baseline (what loading needs). Both are divided
by nodes plus edges.

    python -m bench.load json DATA_DIR [--save SNAPSHOT]
    python -m bench.load snapshot SNAPSHOT
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

_PAGE = resource.getpagesize()


@dataclass(frozen=True, slots=True)
class LoadCost:
    """What loading one graph cost, one way."""

    source: str  # "json" or "snapshot"
    seconds: float  # from the call to a graph (and an app) ready to serve
    nodes: int
    edges: int
    retained_bytes: int
    peak_bytes: int
    snapshot_seconds: float | None = None  # time to write the snapshot, when asked
    snapshot_bytes: int | None = None

    @property
    def units(self) -> int:
        return self.nodes + self.edges

    @property
    def retained_per_unit(self) -> float:
        return self.retained_bytes / self.units

    @property
    def peak_per_unit(self) -> float:
        return self.peak_bytes / self.units


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE


def _measure(source: str, path: Path, save: Path | None) -> LoadCost:
    # Import everything a server imports first, so that only the graph counts.
    from clio.app import create_app
    from clio.settings import Settings
    from clio.snapshot_key import snapshot_key
    from graph.loader import load_graph
    from graph.snapshot import load_snapshot, save_snapshot

    key = snapshot_key(Settings.from_env()).secret
    gc.collect()
    before = _rss()
    start = time.perf_counter()
    kg = load_graph(path) if source == "json" else load_snapshot(path, key)
    create_app(Settings.from_env({}, data_dir=path), kg)
    seconds = time.perf_counter() - start
    gc.collect()
    retained = _rss() - before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    written = written_bytes = None
    if save is not None:
        start = time.perf_counter()
        save_snapshot(kg, save, key)
        written, written_bytes = time.perf_counter() - start, save.stat().st_size
    nodes, edges = kg.graph.number_of_nodes(), kg.counts()["edges"]
    return LoadCost(source, seconds, nodes, edges, retained, peak, written, written_bytes)


def measure(source: str, path: Path, save: Path | None = None, timeout: float = 1800) -> LoadCost:
    """Run one measurement in a child process and return what it found."""
    command = [sys.executable, "-m", "bench.load", source, str(path)]
    if save is not None:
        command += ["--save", str(save)]
    done = subprocess.run(command, capture_output=True, check=True, timeout=timeout)
    return LoadCost(**orjson.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", choices=("json", "snapshot"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--save", type=Path, help="also write a snapshot of the loaded graph here")
    args = parser.parse_args()
    print(orjson.dumps(asdict(_measure(args.source, args.path, args.save))).decode())


if __name__ == "__main__":
    main()
