"""The scale table: each exploration question at 10k, 100k and (on request) 1M events.

    python -m bench.scale                       # 10k and 100k
    python -m bench.scale --sizes 1000000       # a million, on request (minutes, GBs)
    python -m bench.scale --sizes 10000 --quick # the smoke run the tests make

Each size runs in a fresh child process that loads the generated graph, builds every index
as `clio.app.create_app` does, and records the resident memory (RSS). From 100,000 events
on, the graph comes from a snapshot that holds every index, as ``clio snapshot`` writes it:
a first child loads the JSON Lines, builds each index (its seconds and the memory it kept
are recorded beside the snapshot) and writes the snapshot; the measuring child loads it,
and its index step must then find everything built. The schema is warmed as the server
warms it (`clio.warmup`: ``{ __typename }`` and the allow-list, no resolver run). Then each
operation is called once, in that order: the *first call* column is that call, with
arguments no start-up step uses (the response cache is not involved: the schema is executed
directly). Then *warm median* is the median over repeated calls of the same text, and *new
text* the median over calls each sent as a text not seen before (a comment appended), so
that it pays the parse, limits and validation a first call pays. Operations go through
the schema as the server runs it (limits, parse and validation caches, a deadline per
call), except the notebook loop, which is the Python of ``docs/notebook.md``. *Growth* is
the warm median at a size divided by the one at the size ten times smaller.

A second fresh child per size measures the rows a frontend sends as a committed document
(``persisted/``, what the production profile accepts by hash; `_by_hash`): after the same
warm-up, which validated those documents, each one's first call with the row's variables,
then its warm median. That is a frontend's first call: a known document, new arguments.
"""

from __future__ import annotations

import argparse
import calendar
import gc
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

import orjson

from bench.generate import Manifest, read_manifest
from graph.models import Kind
from graph.store import KnowledgeGraph

RESULTS = Path(__file__).resolve().parent / "results"


def _documents(kg: KnowledgeGraph, manifest: Manifest, far: str) -> dict[str, str]:
    """Operation name -> GraphQL document, around the generated graph's hub and median person."""
    hub = manifest.hub.id
    tag = max(kg.ids(Kind.TAG), key=lambda t: len(kg.event_ids_of(t)))
    place = kg.node(kg.event_ids_of(manifest.median.id)[0]).locations[0]  # type: ignore[attr-defined]
    prefix = manifest.median.name[:4].lower()
    # A year and a day of the median person's events (or the hub's), as someone would type them:
    # the latest after Christ (a search box reads "-2360" as the word "2360", a year of no event).
    events = [*kg.event_ids_of(manifest.median.id)[::-1], *kg.event_ids_of(hub)[::-1]]
    dates = [d for d in (kg.node(e).date for e in events) if d.year > 0]  # type: ignore[attr-defined]
    day = next(d for d in dates if d.month_day is not None)
    # The generator's places are the same at every size: its busiest, counting the places inside
    # it, is a like-for-like place filter from size to size (the median's place is not).
    busiest = max(kg.ids(Kind.LOCATION), key=lambda p: sum(kg.event_count_of(q) for q in kg.places_within(p)))
    full_date = f"{day.day} {calendar.month_name[day.month]} {day.year}"
    counts = "total categories { id count } tags { id count } locations { id count } people { id count }"
    return {
        "search(a name's first 4 letters, first 10)": f'{{ search(text: "{prefix}", first: 10) {{ id }} }}',
        "search(a year, first 10)": f'{{ search(text: "{dates[0].year}", first: 10) {{ id }} }}',
        "search(a full date, first 10)": f'{{ search(text: "{full_date}", first: 10) {{ id }} }}',
        "connection far pair, maxHops 6, first 3": (
            f'{{ connection(from: "{manifest.median.id}", to: "{far}", maxHops: 6, first: 3) {{ length }} }}'
        ),
        "neighborhood depth 2, hub, limit 200": (
            f'{{ neighborhood(id: "{hub}", depth: 2, limit: 200) {{ nodes {{ id }} }} }}'
        ),
        "timeline no filter": "{ timeline(groupBy: DECADE) { label count } }",
        "timeline one filter (hub)": (
            f'{{ timeline(groupBy: DECADE, filter: {{ people: ["{hub}"] }}) {{ label count }} }}'
        ),
        "facets no filter": f"{{ facets {{ {counts} }} }}",
        "facets one filter (category)": (
            f'{{ facets(filter: {{ categories: ["category:politics-government"] }}) {{ {counts} }} }}'
        ),
        "facets two filters (hub, tag)": (
            f'{{ facets(filter: {{ people: ["{hub}"], tags: ["{tag}"] }}) {{ {counts} }} }}'
        ),
        "eventsConnection text filter": (
            '{ eventsConnection(first: 10, filter: { text: "treaty" }) { totalCount } }'
        ),
        "eventsConnection text filter, two words and a person": (
            f'{{ eventsConnection(first: 10, filter: {{ text: "of the", people: ["{hub}"] }}) '
            "{ totalCount } }"
        ),
        "eventsConnection place filter": (
            f'{{ eventsConnection(first: 10, filter: {{ locations: ["{place}"] }}) {{ totalCount }} }}'
        ),
        "eventsConnection place filter, the busiest place": (
            f'{{ eventsConnection(first: 10, filter: {{ locations: ["{busiest}"] }}) {{ totalCount }} }}'
        ),
        "ranking PAGERANK": "{ ranking(kind: PERSON, by: PAGERANK, first: 10) { id } }",
        "onThisDay(8,4)": "{ onThisDay(month: 8, day: 4, limit: 20) { id } }",
    }


def _by_hash(kg: KnowledgeGraph, manifest: Manifest, far: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Operation name -> (committed document in ``persisted/``, variables) for the rows a frontend sends.

    The explorer's own queries (``clio/static/explore``), as the allow-list holds them: under
    the production profile a client sends them by hash, so their first call is a document the
    start-up has validated, with arguments it has not seen. Their selections and fixed
    arguments are the explorer's, not the row's (the search asks 8 hits with labels; the
    connection has ``maxHops: 4``): each is compared with its own warm median.
    """
    documents = _documents(kg, manifest, far)
    hub = manifest.hub.id

    def text_of(row: str) -> str:
        # The search text the row's literal document asks, sent instead as a variable.
        return documents[row].split('text: "', 1)[1].split('"', 1)[0]

    searches = (
        "search(a name's first 4 letters, first 10)",
        "search(a year, first 10)",
        "search(a full date, first 10)",
    )
    rows: dict[str, tuple[str, dict[str, Any]]] = {
        row: ("suggest.graphql", {"text": text_of(row)}) for row in searches
    }
    rows["connection far pair, maxHops 6, first 3"] = (
        "connect.graphql",
        {"from": manifest.median.id, "to": far},
    )
    rows["neighborhood depth 2, hub, limit 200"] = (
        "neighborhood.graphql",
        {"id": hub, "depth": 2, "limit": 200},
    )
    rows["timeline no filter"] = ("timeline.graphql", {"groupBy": "DECADE"})
    rows["timeline one filter (hub)"] = (
        "timeline.graphql",
        {"groupBy": "DECADE", "filter": {"people": [hub]}},
    )
    rows["onThisDay(8,4)"] = ("today.graphql", {"month": 8, "day": 4})
    return rows


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def _timed(call: Callable[[], Any]) -> tuple[float, float]:
    """Milliseconds of one call: on the clock, and of its CPU time (which a loaded machine inflates less)."""
    started, cpu = time.perf_counter(), time.thread_time()
    call()
    return (time.perf_counter() - started) * 1e3, (time.thread_time() - cpu) * 1e3


def _median_ms(call: Callable[[], Any], budget: float, rounds: int) -> tuple[float, float]:
    times: list[tuple[float, float]] = []
    stop = time.perf_counter() + budget
    while len(times) < 3 or (len(times) < rounds and time.perf_counter() < stop):
        times.append(_timed(call))
    return median(t for t, _ in times), median(c for _, c in times)


def _build_each(kg: KnowledgeGraph) -> tuple[dict[str, float], dict[str, float]]:
    """Each index as `build_indexes` builds them, in its order: seconds, and MB of memory it kept."""
    from graph.indexes import BUILDERS

    took, kept = {}, {}
    for name, build in BUILDERS.items():
        gc.collect()
        before, began = _rss(), time.perf_counter()
        build(kg)
        took[name] = round(time.perf_counter() - began, 3)
        gc.collect()
        kept[name] = round((_rss() - before) / 1e6, 1)
    return took, kept


def _costs_file(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".indexes.json")


def prepare(data_dir: Path, snapshot: Path) -> dict[str, Any]:
    """Load the JSON Lines, build every index (measured) and write a snapshot holding them all."""
    from clio.settings import Settings
    from clio.snapshot_key import snapshot_key
    from graph.loader import load_graph
    from graph.snapshot import save_snapshot

    started = time.perf_counter()
    kg = load_graph(data_dir)
    loaded = time.perf_counter() - started
    took, kept = _build_each(kg)
    built = sum(took.values())
    rss = _rss()
    started = time.perf_counter()
    save_snapshot(kg, snapshot, snapshot_key(Settings.from_env()).secret)
    costs = {
        "json_load_s": loaded,
        "indexes_s": built,
        "indexes": took,
        "index_mb": kept,
        "rss_mb": rss / 1e6,
        "snapshot_write_s": time.perf_counter() - started,
        "snapshot_mb": snapshot.stat().st_size / 1e6,
    }
    _costs_file(snapshot).write_bytes(orjson.dumps(costs))
    return costs


def _snapshot_current(snapshot: Path) -> bool:
    from graph.snapshot import SnapshotError, code_version, read_header

    try:
        return read_header(snapshot).get("code") == code_version() and _costs_file(snapshot).exists()
    except SnapshotError:
        return False


def child(data_dir: Path, snapshot: Path | None, budget: float, by_hash: bool = False) -> dict[str, Any]:
    """Every measurement of one size, in this (fresh) process.

    With ``by_hash``, only the rows of `_by_hash`: each committed document's first call with
    the row's variables, then its warm median (a process of their own, so that no literal
    document has run a resolver before them).
    """
    from bench.inprocess import fast_schema, limit_extensions
    from clio.persisted import AllowList
    from clio.settings import Settings
    from clio.snapshot_key import snapshot_key
    from clio.warmup import warm_up
    from graph import notebook
    from graph.loader import load_graph
    from graph.snapshot import load_snapshot
    from schema.deadline import Deadline
    from schema.limits.table import QueryLimits

    manifest = read_manifest(data_dir)
    started = time.perf_counter()
    if snapshot is not None:
        kg = load_snapshot(snapshot, snapshot_key(Settings.from_env()).secret)
    else:
        kg = load_graph(data_dir)
    loaded = time.perf_counter() - started
    took, kept = _build_each(kg)  # from a snapshot: nothing left to build
    # The builders' own time: the collections between them (seconds each at 100k, before the
    # collector is frozen) are the bench's, not the server's.
    built = sum(took.values())
    rss = _rss()
    prepared: dict[str, Any] = {}
    if snapshot is not None:
        prepared = orjson.loads(_costs_file(snapshot).read_bytes())
    limits = QueryLimits()
    schema = fast_schema(limit_extensions(limits), limits.document_cache_size)
    # Two people of about the median's event count, five or six hops apart: the far pair.
    # The second is not the median itself, so no earlier step asked about them.
    far = kg.person_by_name(next(n for n in manifest.sample if n != manifest.median.name))
    assert far is not None
    documents = _documents(kg, manifest, far.id)

    def context() -> dict[str, Any]:
        return {"kg": kg, "deadline": Deadline(limits.time_limit_ms)}

    def run(document: str, new_text: bool = False) -> Callable[[], Any]:
        texts = (f"{document} # {n}" for n in itertools.count()) if new_text else itertools.repeat(document)

        def execute() -> Any:
            result = schema.execute_sync(next(texts), context_value=context())
            if result.errors:
                raise AssertionError(f"{document} failed: {result.errors}")
            return result.data

        return execute

    hub_events = kg.event_ids_of(manifest.hub.id)

    def notebook_loop() -> int:
        # docs/notebook.md: every event of a person, three same-date events of each.
        return sum(len(notebook.same_date(kg, event, limit=3)) for event in hub_events)

    allow_list = AllowList.read(Path(__file__).resolve().parent.parent / "persisted")
    if by_hash:
        return _child_by_hash(schema, context, allow_list, _by_hash(kg, manifest, far.id), budget)
    calls: dict[str, Callable[[], Any]] = {name: run(doc) for name, doc in documents.items()}
    calls["notebook same_date loop over the hub's events"] = notebook_loop
    # As `clio serve` does once the graph and its indexes are built: the collector leaves them be.
    gc.collect()
    gc.freeze()
    started_cpu, rss_before = time.process_time(), _rss()
    warm_up(schema, context, allow_list.documents.values())
    warm_up_ms, warm_up_mb = (time.process_time() - started_cpu) * 1e3, (_rss() - rss_before) / 1e6
    first = {name: _timed(call) for name, call in calls.items()}
    warm = {name: _median_ms(call, budget, 200) for name, call in calls.items()}
    new_text = {
        name: _median_ms(run(document, new_text=True), budget / 4, 50) for name, document in documents.items()
    }
    return {
        "size": manifest.events,
        "hub_events": len(hub_events),
        "load_s": loaded,
        "from_snapshot": snapshot is not None,
        "indexes_s": built,
        "indexes": took,
        "index_mb": kept,
        # Where the indexes were built before the snapshot was written, what that cost.
        "prepared": prepared,
        "rss_mb": rss / 1e6,
        "load_average": os.getloadavg(),
        "first_ms": {name: wall for name, (wall, _) in first.items()},
        "warm_ms": {name: wall for name, (wall, _) in warm.items()},
        "first_cpu_ms": {name: cpu for name, (_, cpu) in first.items()},
        "warm_cpu_ms": {name: cpu for name, (_, cpu) in warm.items()},
        "new_text_cpu_ms": {name: cpu for name, (_, cpu) in new_text.items()},
        "warm_up_ms": warm_up_ms,
        "warm_up_mb": warm_up_mb,
    }


def _child_by_hash(
    schema: Any,
    context: Callable[[], dict[str, Any]],
    allow_list: Any,
    rows: dict[str, tuple[str, dict[str, Any]]],
    budget: float,
) -> dict[str, Any]:
    """First calls and warm medians of the committed documents, after the server's warm-up."""
    from clio.warmup import warm_up

    folder = Path(__file__).resolve().parent.parent / "persisted"
    by_file = {name: (folder / name).read_text(encoding="utf-8") for name, _ in rows.values()}
    # Sent exactly as the allow-list holds them, as a request by hash runs them.
    assert all(text in allow_list.documents.values() for text in by_file.values())

    def run(name: str, variables: dict[str, Any]) -> Callable[[], Any]:
        def execute() -> Any:
            result = schema.execute_sync(by_file[name], variable_values=variables, context_value=context())
            if result.errors:
                raise AssertionError(f"{name} {variables} failed: {result.errors}")
            return result.data

        return execute

    calls = {row: run(name, variables) for row, (name, variables) in rows.items()}
    gc.collect()
    gc.freeze()
    warmed = warm_up(schema, context, allow_list.documents.values())
    assert all(text in warmed.validated for text in by_file.values()), "a document the warm-up skipped"
    first = {row: _timed(call) for row, call in calls.items()}
    warm = {row: _median_ms(call, budget, 200) for row, call in calls.items()}
    return {
        "first_hash_ms": {row: wall for row, (wall, _) in first.items()},
        "first_hash_cpu_ms": {row: cpu for row, (_, cpu) in first.items()},
        "hash_warm_ms": {row: wall for row, (wall, _) in warm.items()},
        "hash_warm_cpu_ms": {row: cpu for row, (_, cpu) in warm.items()},
        "hash_documents": {row: name for row, (name, _) in rows.items()},
    }


def _data(size: int, seed: int, work: Path) -> Path:
    from bench.run import _data as data

    return data(size, seed, work)


def measure(size: int, seed: int = 1, work: Path = RESULTS, quick: bool = False) -> dict[str, Any]:
    """Run one size in a fresh child process and return what it measured."""
    data_dir = _data(size, seed, work)
    # Loading a million events from JSON Lines takes minutes; from a snapshot, seconds.
    snapshot = work / f"data-{size}-seed{seed}.snapshot" if size >= 100_000 else None
    if snapshot is not None and not _snapshot_current(snapshot):
        print(f"{size:,} events: building every index and writing {snapshot}", flush=True)
        command = [
            sys.executable,
            "-m",
            "bench.scale",
            "--prepare",
            str(data_dir),
            "--snapshot",
            str(snapshot),
        ]
        done = subprocess.run(command, capture_output=True, check=False, timeout=3600)
        if done.returncode:
            raise RuntimeError(f"the {size:,}-event snapshot failed:\n{done.stderr.decode()[-3000:]}")
    command = [sys.executable, "-m", "bench.scale", "--child", str(data_dir)]
    command += ["--budget", "0.2" if quick else "2"]
    if snapshot is not None:
        command += ["--snapshot", str(snapshot)]
    result: dict[str, Any] = {}
    for extra in ([], ["--by-hash"]):
        done = subprocess.run(command + extra, capture_output=True, check=False, timeout=3600)
        if done.returncode:
            raise RuntimeError(f"the {size:,}-event run failed:\n{done.stderr.decode()[-3000:]}")
        result.update(orjson.loads(done.stdout.splitlines()[-1]))
    return result


def table(results: list[dict[str, Any]]) -> str:
    """The markdown scale table: warm median per size, growth per decade, first call at each size.

    *first/warm CPU, new document* is the first call's CPU time over the warm calls' median
    CPU time: on a loaded machine one call's clock time is mostly the wait for a core; its
    first call is a document no client sent before. *first/warm CPU, by hash* is the same
    for the committed document a frontend sends by hash (`_by_hash`), against its own warm
    median; blank for rows no frontend sends. *first/new text CPU* divides the first call by
    the median of calls each sent as a new text instead (`child`).
    """
    results = sorted(results, key=lambda r: r["size"])
    sizes = [f"{r['size']:,}" for r in results]
    head = ["operation", *(f"warm {s}" for s in sizes), *(f"first {s}" for s in sizes)]
    head += [f"first/warm CPU, new document {s}" for s in sizes]
    head += [f"first/warm CPU, by hash {s}" for s in sizes]
    head += [f"first/new text CPU {s}" for s in sizes]
    head += [f"growth {a}→{b}" for a, b in itertools.pairwise(sizes)]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for name in results[0]["warm_ms"]:
        warm = [r["warm_ms"][name] for r in results]
        first = [r["first_ms"][name] for r in results]
        ratio = [r["first_cpu_ms"][name] / max(r["warm_cpu_ms"][name], 1e-3) for r in results]
        # The notebook loop has no text: its row leaves the column blank.
        fresh = [
            f"{r['first_cpu_ms'][name] / max(r['new_text_cpu_ms'][name], 1e-3):.1f}×"
            if name in r.get("new_text_cpu_ms", {})
            else ""
            for r in results
        ]
        by_hash = [
            f"{r['first_hash_cpu_ms'][name] / max(r['hash_warm_cpu_ms'][name], 1e-3):.1f}×"
            if name in r.get("first_hash_cpu_ms", {})
            else ""
            for r in results
        ]
        growth = [f"{b / a:.1f}×" for a, b in itertools.pairwise(warm)]
        cells = [
            name,
            *(_ms(w) for w in warm),
            *(_ms(f) for f in first),
            *(f"{x:.1f}×" for x in ratio),
            *by_hash,
            *fresh,
            *growth,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        "| RSS after every index (MB) | "
        + " | ".join(f"{r['rss_mb']:,.0f}" for r in results)
        + " |" * (len(head) - len(results))
    )
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:.3g} ms" if value < 1000 else f"{value / 1000:.2f} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="short warm runs (the smoke test)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--snapshot", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=float, default=2.0, help=argparse.SUPPRESS)
    parser.add_argument("--by-hash", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare is not None:
        print(orjson.dumps(prepare(args.prepare, args.snapshot)).decode())
        return
    if args.child is not None:
        print(orjson.dumps(child(args.child, args.snapshot, args.budget, args.by_hash)).decode())
        return
    RESULTS.mkdir(exist_ok=True)
    results = []
    started = time.perf_counter()
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"{size:,} events…", flush=True)
        results.append(measure(size, args.seed, RESULTS, args.quick))
        (RESULTS / f"scale-{size}.json").write_bytes(orjson.dumps(results[-1], option=orjson.OPT_INDENT_2))
    print(table(results))
    for r in results:
        source = "snapshot" if r["from_snapshot"] else "JSON Lines"
        print(
            f"{r['size']:,}: loaded from {source} in {r['load_s']:.1f} s, "
            f"then indexes {r['indexes_s']:.1f} s, "
            f"RSS {r['rss_mb']:,.0f} MB, hub {r['hub_events']:,} events, "
            f"load average {', '.join(f'{a:.1f}' for a in r['load_average'])}"
        )
        print(f"  warm-up: {r['warm_up_ms']:.1f} ms of CPU, RSS {r['warm_up_mb']:+.1f} MB")
        made = r["prepared"] or r
        print(f"  indexes built in {made['indexes_s']:.1f} s: {made['indexes']}; MB kept {made['index_mb']}")
        if r["prepared"]:
            print(
                f"  (before the snapshot: JSON Lines loaded in {made['json_load_s']:.1f} s; "
                f"snapshot {made['snapshot_mb']:,.0f} MB written in {made['snapshot_write_s']:.1f} s)"
            )
    print(f"whole run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
