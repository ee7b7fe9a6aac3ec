"""What each index pays for one patched edit at the bench generator's sizes (issue 12, item 8).

    python -m bench.apply_scale 100000 300000          # generated on first use in bench/results
    python -m bench.apply_scale 100000 --edits 3
    python -m bench.apply_scale 1000000 --edits 2 --snapshot   # from the scale bench's snapshot

Each size is generated (`bench.generate`), loaded and every index built, each timed: that
is what a whole build costs, and what an index the patch drops costs to build again. With
``--snapshot`` the graph is loaded instead from the snapshot `bench.scale` wrote for that
size (``bench/results/data-SIZE-seed1.snapshot``, every index in it): a million events
load in seconds where the JSON Lines and the indexes take the best part of an hour; the
whole build's figures are then those measured when the snapshot was written. Then
each edit kind a worker patches (`graph.incremental.patch`) is applied to the built graph,
``--edits`` times on different nodes, each over the same built graph (the edits do not
pile up), and timed per step (`graph.incremental_links.STEPS`: each patch module names its
steps, one per index or structure it corrects); what the steps leave is the patch's own
bookkeeping (the graph object, the memo copied). After the first edit of each kind, the
indexes the patch dropped are built again (`graph.indexes.build_indexes`), each timed:
those are rebuilt whole (PageRank in the background, as `clio serve` does). The
unlink is patched over the linked graph. Medians in milliseconds, one run; the load average
is printed with them (the machine is shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.redate_scale import MOVES, timed_redates
from bench.run import _data
from bench.scale import _costs_file
from graph.geo import event_index, place_index
from graph.incremental import patch
from graph.incremental_links import STEPS
from graph.indexes import BUILDERS, build_indexes
from graph.loader import load_graph
from graph.models import Kind, Person, Record
from graph.snapshot import SnapshotError, load_snapshot
from graph.store import KnowledgeGraph

RESULTS = Path(__file__).resolve().parent / "results"
#: Steps that are not an index's correction: what `patch` pays whatever the edit.
REST = "patch: the rest (graph object, memo copied)"
Edit = Callable[[KnowledgeGraph, int], dict[str, Record | None]]


def _pick(ids: Sequence[str], n: int, step: int) -> str:
    return ids[(n * 7919 + step) % len(ids)]


def _word(kg: KnowledgeGraph, n: int) -> dict[str, Record | None]:
    event = kg.record(_pick(kg.ids(Kind.EVENT), n, 1))
    return {event.id: dataclasses.replace(event, summary=f"Rewritten: zanzibarish {n}.")}


def _title(kg: KnowledgeGraph, n: int) -> dict[str, Record | None]:
    event = kg.record(_pick(kg.ids(Kind.EVENT), n, 13))
    return {event.id: dataclasses.replace(event, title=event.title + " (revised)")}


def _linked_people(kg: KnowledgeGraph) -> list[str]:
    return [p for p in kg.ids(Kind.PERSON) if kg.event_ids_of(p)]


def _rename(kg: KnowledgeGraph, n: int) -> dict[str, Record | None]:
    person = kg.record(_pick(_linked_people(kg), n, 17))
    return {person.id: dataclasses.replace(person, name=person.name + " II")}


def _link(kg: KnowledgeGraph, n: int) -> dict[str, Record | None]:
    event = kg.record(_pick(kg.ids(Kind.EVENT), n, 23))
    places, people = kg.ids(Kind.LOCATION), kg.ids(Kind.PERSON)
    place = next(p for k in range(n, n + 50) if (p := _pick(places, k, 29)) not in event.locations)
    taken = (*event.people, *event.mentions)
    person = next(p for k in range(n, n + 50) if (p := _pick(people, k, 31)) not in taken)
    linked = dataclasses.replace(event, locations=(*event.locations, place), people=(*event.people, person))
    return {event.id: linked}


def _place_parent(kg: KnowledgeGraph, n: int) -> dict[str, Record | None]:
    places = [p for p in kg.ids(Kind.LOCATION) if kg.record(p).part_of]
    place = kg.record(_pick(places, n, 37))
    others = kg.ids(Kind.LOCATION)
    to = next(
        p
        for k in range(n, n + 200)
        if (p := _pick(others, k, 41)) not in (place.part_of, place.id)
        and place.id not in kg.places_within(p)
    )
    return {place.id: dataclasses.replace(place, part_of=to)}


def _new_person(kg: KnowledgeGraph, n: int) -> dict[str, Record | None]:
    return {f"person:anne-zanzibarish-{n}": Person(f"person:anne-zanzibarish-{n}", f"Anne Zanzibarish {n}")}


EDITS: dict[str, Edit] = {
    "word (summary)": _word,
    "title": _title,
    "rename (person)": _rename,
    "link (place + person)": _link,
    "place parent": _place_parent,
    "new person": _new_person,
}


def _patched(
    kg: KnowledgeGraph, records: dict[str, Record | None], rebuild: bool = True
) -> tuple[KnowledgeGraph | None, dict[str, float]]:
    """``records`` patched over ``kg``: the new graph (None: built whole) and ms per step.

    With ``rebuild``, the indexes the patch dropped are built and timed too (PageRank takes
    tens of seconds from 100k events on: once per edit kind is enough).
    """
    took: dict[str, float] = {}
    token = STEPS.set(took)
    started = time.perf_counter()
    new = patch(kg, records)
    seconds = time.perf_counter() - started
    STEPS.reset(token)
    if new is None:
        return None, {}
    ms = {step: s * 1000 for step, s in took.items()}
    ms[REST] = max(0.0, seconds * 1000 - sum(ms.values()))
    ms["**patch total**"] = seconds * 1000
    if not rebuild:
        return new, ms
    rebuilt = {f"rebuilt whole: {name}": s * 1000 for name, s in build_indexes(new).items() if s > 0}
    return new, {**ms, **rebuilt}


def _redates(kg: KnowledgeGraph, name: str, edits: int) -> Iterator[dict[str, float]]:
    done = 0
    for _event, after, seconds, took in timed_redates(kg, MOVES[name], edits * 40):
        if after is None:
            continue
        ms = {step: s * 1000 for step, s in took.items()}
        ms[REST] = max(0.0, seconds * 1000 - sum(ms.values()))
        ms["**patch total**"] = seconds * 1000
        if done == 0:
            ms |= {f"rebuilt whole: {n}": s * 1000 for n, s in build_indexes(after).items() if s > 0}
        yield ms
        done += 1
        if done == edits:
            return


def _built(size: int, seed: int) -> tuple[KnowledgeGraph, dict[str, float], dict[str, Any]]:
    """The generated graph loaded from JSON Lines and every index built, each step timed (s)."""
    data = _data(size, seed, RESULTS)
    started = time.perf_counter()
    kg = load_graph(data)
    whole = {"load (JSON Lines, from_records)": time.perf_counter() - started}
    for name, build in BUILDERS.items():
        started = time.perf_counter()
        build(kg)
        whole[f"index: {name}"] = time.perf_counter() - started
    return kg, whole, {}


def _loaded(size: int, seed: int) -> tuple[KnowledgeGraph, dict[str, float], dict[str, Any]]:
    """The graph from the scale bench's snapshot of ``size`` events, and the build it recorded.

    Raises:
        SnapshotError: no snapshot, or one this code cannot read (`python -m bench.scale
            --sizes SIZE` writes it again).
    """
    from clio.settings import Settings
    from clio.snapshot_key import snapshot_key

    snapshot = RESULTS / f"data-{size}-seed{seed}.snapshot"
    started = time.perf_counter()
    kg = load_snapshot(snapshot, snapshot_key(Settings.from_env()).secret)
    whole = {"load (snapshot, every index in it)": time.perf_counter() - started}
    # Each builder finds its index in the snapshot: the times say that nothing was left to build.
    for name, build in BUILDERS.items():
        started = time.perf_counter()
        build(kg)
        whole[f"index: {name}"] = time.perf_counter() - started
    costs = _costs_file(snapshot)
    prepared: dict[str, Any] = orjson.loads(costs.read_bytes()) if costs.exists() else {}
    return kg, whole, prepared


def measure(size: int, edits: int, seed: int = 1, snapshot: bool = False) -> dict[str, Any]:
    """The ``size`` graph built (``snapshot``: loaded), then each edit kind ``edits`` times: ms per step."""
    kg, whole, prepared = _loaded(size, seed) if snapshot else _built(size, seed)
    place_index(kg), event_index(kg)  # built on first use: as a server has them once asked
    gc.collect()
    gc.freeze()  # as a server does (`clio/prefork.py`): no full collection over the loaded graph
    runs: dict[str, list[dict[str, float]]] = {}
    declined: dict[str, int] = {}
    for label, edit in EDITS.items():
        for n in range(edits):
            new, ms = _patched(kg, edit(kg, n), rebuild=n == 0)
            if new is None:
                declined[label] = declined.get(label, 0) + 1
                continue
            runs.setdefault(label, []).append(ms)
            if label.startswith("link"):
                event_id = next(iter(edit(kg, n)))
                back, unlinked = _patched(new, {event_id: kg.record(event_id)}, rebuild=n == 0)
                if back is not None:
                    runs.setdefault("unlink (the same)", []).append(unlinked)
    for name in MOVES:
        runs[f"date: {name}"] = list(_redates(kg, name, edits))
    counts = kg.counts()
    return {
        "size": size,
        "events": counts["event"],
        "nodes": kg.graph.number_of_nodes(),
        "edges": counts["edges"],
        "whole_s": whole,
        # From a snapshot: the whole build measured when it was written (`bench.scale`).
        "prepared": prepared,
        "declined": declined,
        # A rebuilt index is timed on the first edit of each kind only: its one figure.
        "median_ms": {
            label: {
                step: statistics.median(r[step] for r in rows if step in r)
                for step in dict.fromkeys(s for r in rows for s in r)
            }
            for label, rows in runs.items()
            if rows
        },
        "edits": {label: len(rows) for label, rows in runs.items()},
        "load": os.getloadavg()[0],
    }


def table(result: dict[str, Any]) -> str:
    """Edit kind (columns) by step (rows), median ms; then the whole build per index."""
    by_edit: dict[str, dict[str, float]] = result["median_ms"]
    labels = list(by_edit)
    steps = list(dict.fromkeys(s for ms in by_edit.values() for s in ms if s != "**patch total**"))
    steps.sort(key=lambda s: (s.startswith("rebuilt"), s == REST))
    lines = [
        f"{result['size']:,} events ({result['nodes']:,} nodes, {result['edges']:,} edges), "
        f"load average {result['load']:.2f}; medians of {min(result['edits'].values())}"
        f"–{max(result['edits'].values())} edits each, ms",
        "",
        "| step (index corrected) | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    for step in [*steps[: len(steps)], "**patch total**"]:
        cells = [f"{ms[step]:.2f}" if step in ms else "" for ms in by_edit.values()]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    if result["declined"]:
        lines.append("\nbuilt whole instead (patch declined): " + str(result["declined"]))
    lines += ["", "| whole build, step | s |", "|---|---:|"]
    lines += [f"| {name} | {s:.2f} |" for name, s in result["whole_s"].items()]
    lines.append(f"| **total** | **{sum(result['whole_s'].values()):.1f}** |")
    prepared = result.get("prepared") or {}
    if prepared:
        lines += ["", "| whole build when the snapshot was written, step | s |", "|---|---:|"]
        lines.append(f"| load (JSON Lines) | {prepared['json_load_s']:.2f} |")
        lines += [f"| index: {name} | {s:.2f} |" for name, s in prepared["indexes"].items()]
        lines.append(f"| **total** | **{prepared['json_load_s'] + prepared['indexes_s']:.1f}** |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--edits", type=int, default=5, help="edits of each kind, on different nodes")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="load bench/results/data-SIZE-seed1.snapshot (written by `python -m bench.scale --sizes SIZE`)",
    )
    args = parser.parse_args(argv)
    for size in args.sizes:
        print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
        try:
            result = measure(size, args.edits, snapshot=args.snapshot)
        except SnapshotError as error:
            parser.exit(2, f"{error}\n(`python -m bench.scale --sizes {size}` writes it for this code)\n")
        (RESULTS / f"apply-scale-{size}.json").write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
        print(table(result), flush=True)
        del result
        gc.unfreeze()
        gc.collect()


if __name__ == "__main__":
    main()
