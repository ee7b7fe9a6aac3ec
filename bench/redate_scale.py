"""What a date correction costs at the bench generator's sizes: a patch, step by step.

    python -m bench.generate 100000 /tmp/clio-100k
    python -m bench.redate_scale /tmp/clio-100k --edits 5
    python -m bench.redate_scale bench/results/data-100000-seed1.snapshot

A data directory is loaded and every index built (the whole build an edit used to pay,
timed); a snapshot (written by `bench.scale` with this code) holds every index already.
Sampled events with a day have it moved by up to six days and, apart, their year moved
across centuries; each change is patched over the loaded graph (`graph.incremental.patch`)
and timed per step (`graph.incremental_links.STEPS`), then the indexes the patch dropped
are built (`graph.indexes.build_indexes`: the timelines). Changes built whole (a calendar
node would come or go) are counted, not timed. Medians per step, one run.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from clio.settings import Settings
from clio.snapshot_key import snapshot_key
from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.incremental_links import STEPS
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind
from graph.snapshot import load_snapshot
from graph.store import KnowledgeGraph

Move = Callable[[HistoricalDate, int], HistoricalDate]
MOVES: dict[str, Move] = {
    "a day, by 1 to 6 days": lambda d, n: dataclasses.replace(
        d, day=min(28, max(1, (d.day or 1) + n % 13 - 6))
    ),
    "a year, across centuries": lambda d, n: dataclasses.replace(d, year=d.year + 100 * (1 + n % 3)),
}


def timed_redates(
    kg: KnowledgeGraph, move: Move, tries: int
) -> Iterator[tuple[Event, KnowledgeGraph | None, float, dict[str, float]]]:
    """Each sampled date change of one kind patched over ``kg``: (event, new graph, seconds, steps).

    Events with a day, no end and a Gregorian date are drawn in a fixed stride; the new
    graph is None where `patch` declines (the change is built whole).
    """
    events = kg.ids(Kind.EVENT)
    for n in range(tries):
        event: Event = kg.record(events[(n * 7919) % len(events)])
        date = event.date
        if date.day is None or date.end is not None or date.calendar != "gregorian":
            continue
        try:
            new = dataclasses.replace(event, date=move(date, n))
        except ValueError:
            continue
        if new.date == date:
            continue
        took: dict[str, float] = {}
        token = STEPS.set(took)
        started = time.perf_counter()
        after = patch(kg, {event.id: new})
        seconds = time.perf_counter() - started
        STEPS.reset(token)
        yield event, after, seconds, took


def measure(kg: KnowledgeGraph, move: Move, edits: int) -> tuple[int, int, dict[str, list[float]]]:
    """(sampled, patched, seconds by step) for up to ``edits`` patched changes of one kind."""
    steps: dict[str, list[float]] = {}
    sampled = patched = 0
    for event, after, seconds, took in timed_redates(kg, move, edits * 40):
        if patched == edits:
            break
        sampled += 1
        if after is None:
            continue
        patched += 1
        took["words and the rest (`graph.incremental`)"] = seconds - sum(took.values())
        took["**patch**"] = seconds
        rebuilt = build_indexes(after)
        took["rebuilt after (timelines)"] = sum(rebuilt.values())
        took["moved in the date order (count)"] = float(
            kg.event_position(event.id) != after.event_position(event.id)
        )
        for name, value in took.items():
            steps.setdefault(name, []).append(value)
        del after
    return sampled, patched, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--edits", type=int, default=5, help="patched changes of each kind to time")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    if args.snapshot.is_dir():
        kg = load_graph(args.snapshot)
        loaded = time.perf_counter() - started
        built = sum(build_indexes(kg).values())
        print(f"{args.snapshot}: loaded in {loaded:.1f} s, every index built in {built:.1f} s")
    else:
        kg = load_snapshot(args.snapshot, snapshot_key(Settings.from_env()).secret)
        print(f"{args.snapshot}: loaded in {time.perf_counter() - started:.1f} s")
    print(f"{len(kg.ids(Kind.EVENT)):,} events, {kg.counts()['edges']:,} edges")
    gc.collect()
    gc.freeze()  # as a server does once loaded (`clio/prefork.py`)
    found: dict[str, Any] = {name: measure(kg, move, args.edits) for name, move in MOVES.items()}
    print("\n| median seconds, step | " + " | ".join(found) + " |")
    print("|---|" + "---:|" * len(found))
    print("| sampled / patched | " + " | ".join(f"{s} / {p}" for s, p, _ in found.values()) + " |")
    names = dict.fromkeys(n for _, _, steps in found.values() for n in steps)
    for name in names:
        cells = []
        for _, _, steps in found.values():
            values = steps.get(name, [])
            if name.endswith("(count)"):
                cells.append(f"{int(sum(values))}")
            else:
                cells.append(f"{statistics.median(values):.4f}" if values else "")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
