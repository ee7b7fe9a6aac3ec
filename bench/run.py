"""Run the benchmark suite: load and memory, in-process traversal, and HTTP, per data size.

    python -m bench.run                      # 10k and 100k events (``make bench``)
    python -m bench.run --sizes 1000000      # a million, on request

Synthetic data is generated once per size and seed under ``bench/results/`` (git-ignored)
and reused. Prints a table, writes ``bench/results/latest.json`` and rewrites
``bench/RESULTS.md`` with the numbers, the machine and each target met or not met.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson

from bench import http_runs, inprocess, load
from bench.generate import VERSION, generate, read_manifest
from bench.report import print_table, write_results
from bench.traversal import canonical_floor, one_field_floor
from clio.settings import Settings
from clio.snapshot_key import snapshot_key
from graph.snapshot import load_snapshot

RESULTS = Path(__file__).resolve().parent / "results"


def _data(size: int, seed: int, work: Path) -> Path:
    """The generated directory for a size, made on first use."""
    directory = work / f"data-{size}-seed{seed}"
    try:
        current = read_manifest(directory).version == VERSION
    except (OSError, TypeError, KeyError):
        current = False
    if not current:
        print(f"generating {size:,} events in {directory}", flush=True)
        generate(directory, size, seed)
    return directory


def bench_size(size: int, seed: int, work: Path, quick: bool = False) -> dict[str, Any]:
    """Every measurement for one size of data."""
    data_dir = _data(size, seed, work)
    manifest = read_manifest(data_dir)
    snapshot = work / f"data-{size}-seed{seed}.snapshot"
    print(f"{size:,} events: loading from JSON Lines", flush=True)
    from_json = load.measure("json", data_dir, save=snapshot)
    print(f"{size:,} events: loading from the snapshot", flush=True)
    from_snapshot = load.measure("snapshot", snapshot)
    kg = load_snapshot(snapshot, snapshot_key(Settings.from_env()).secret)
    print(f"{size:,} events: in-process traversal", flush=True)
    budget = 0.1 if quick else 3.0
    traversals = [
        asdict(inprocess.measure(kg, who, person.name, budget=budget))
        for who, person in (("hub", manifest.hub), ("median", manifest.median))
    ]
    # The one-field floor is checked here too, so that a broken plain endpoint cannot flatter GraphQL.
    assert one_field_floor(kg, manifest.median.name) == {"person": {"name": manifest.median.name}}
    assert canonical_floor(kg, manifest.median.name)["person"] is not None
    del kg
    print(f"{size:,} events: HTTP", flush=True)
    runs = http_runs.measure_all(snapshot, data_dir, work, quick)
    return {
        "size": size,
        "seed": seed,
        "hub": asdict(manifest.hub),
        "median": asdict(manifest.median),
        "load": [
            {**asdict(cost), "retained_per_unit": cost.retained_per_unit, "peak_per_unit": cost.peak_per_unit}
            for cost in (from_json, from_snapshot)
        ],
        "inprocess": traversals,
        "http": runs,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated event counts (default 10000,100000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=RESULTS, help="where generated data and snapshots go")
    parser.add_argument("--quick", action="store_true", help="short timings, for smoke tests")
    parser.add_argument("--no-report", action="store_true", help="don't rewrite bench/RESULTS.md")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    load_before = os.getloadavg()
    results: dict[str, Any] = {
        "sizes": [bench_size(size, args.seed, args.work, args.quick) for size in sizes]
    }
    results["seconds"] = time.perf_counter() - started
    # Other work on the machine skews every number; say how busy it was.
    results["load_average"] = {"before": load_before, "after": os.getloadavg()}
    (args.work / "latest.json").write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    print_table(results)
    if not args.no_report:
        write_results(results)


if __name__ == "__main__":
    main()
