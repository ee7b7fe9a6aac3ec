"""What applying one edit costs a worker: the whole build step by step, and a patch.

    python -m bench.apply                     # the full import in build/audit (make audit)
    python -m bench.apply data --edits 20     # the bundled data

First the build an edit used to pay every time, step by step: reading the records back
from the graph, `KnowledgeGraph.from_records`, then each index of `graph.indexes`. Then
edits applied through a `LiveGraph` as a worker applies a committed change:

* a summary rewritten (`updateEvent`): patched (`graph.incremental.patch`), timed per edit,
  with a text filter read before and after (a patched text index corrects each read);
* an event linked to a place and a person, then unlinked from them: patched
  (`graph.incremental_links.relink`), each timed per step of the patch and per index
  `graph.indexes.build_indexes` makes again (PageRank, the unfiltered facets), then
  through a `LiveGraph` as a worker applies it;
* a title rewritten: built whole, with the indexes it cannot reach carried over from the
  graph before (`graph.incremental.carry_over`), timed once.

Times are wall clock on a shared machine: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import time
from pathlib import Path
from typing import Any

from clio.state.live import LiveGraph
from clio.state.store import Change
from graph.incremental import patch
from graph.incremental_links import STEPS
from graph.indexes import BUILDERS, build_indexes
from graph.loader import load_graph
from graph.models import Kind
from graph.queries.text_index import text_index
from graph.store import KnowledgeGraph


def _change(seq: int, operation: str, given: dict[str, Any]) -> Change:
    return Change(
        id=seq, author="bench", author_role="reviewer", client_key=None, request_hash=str(seq),
        created_at="2026-01-01T00:00:00Z", operation=operation, target=given["id"],
        subjects=f",{given['id']},", input=given, reason="benchmark", diff={}, expected_version=None,
        status="APPLIED", reviewer="bench", reviewed_at=None, review_comment=None, seq=seq,
    )  # fmt: skip


def _timed(step: Any) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def build_steps(kg: KnowledgeGraph) -> tuple[KnowledgeGraph, dict[str, float]]:
    """A whole build of ``kg``'s records, as `LiveGraph` makes one: seconds per step."""
    took: dict[str, float] = {}
    records: list[Any] = []
    took["records read back"] = _timed(lambda: records.extend(r for n in kg.graph if (r := kg.record(n))))
    built: list[KnowledgeGraph] = []
    took["from_records"] = _timed(lambda: built.append(KnowledgeGraph.from_records(records)))
    for name, build in BUILDERS.items():
        took[f"index: {name}"] = _timed(lambda build=build: build(built[0]))
    return built[0], took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="build/audit", type=Path)
    parser.add_argument("--edits", type=int, default=10, help="patched edits to time")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    loaded = load_graph(args.data)
    base, steps = build_steps(loaded)
    del loaded
    counts = base.counts()
    print(
        f"\n{args.data}: {counts['event']:,} events, {counts['person']:,} people, {counts['edges']:,} edges"
    )
    print("\n| whole build, step | seconds |\n|---|---:|")
    for name, seconds in steps.items():
        print(f"| {name} | {seconds:.3f} |")
    print(f"| **total** | **{sum(steps.values()):.3f}** |")

    live = LiveGraph(base, defer_pagerank=True)  # as `clio serve` makes it
    events = base.ids(Kind.EVENT)
    word = "zanzibarish"
    before = _timed(lambda: text_index(live.kg).events_matching("treaty"))
    patched = []
    for n in range(args.edits):
        event = events[(n * 7919) % len(events)]
        live.absorb([_change(n + 1, "updateEvent", {"id": event, "summary": f"Rewritten: {word} {n}."})])
        patched.append(_timed(live.rebuild))
        assert live.last_rebuild == "patched", live.last_rebuild
    found = text_index(live.kg).events_matching(word)
    assert len(found) == args.edits, len(found)
    after = _timed(lambda: text_index(live.kg).events_matching("treaty"))
    print("\n| applied edit | how | median s | max s |\n|---|---|---:|---:|")
    middle, most = statistics.median(patched), max(patched)
    print(f"| summary rewritten (x{args.edits}) | patched | {middle:.4f} | {most:.4f} |")
    event = events[len(events) // 2]
    record = base.record(event)
    place = next(p for p in base.ids(Kind.LOCATION) if p not in record.locations)
    person = next(p for p in base.ids(Kind.PERSON) if p not in record.people and p not in record.mentions)
    seq = args.edits
    fresh: list[float] = []
    for operation in ("linkEvent", "unlinkEvent"):
        taken = []
        for target in (place, person):
            seq += 1
            live.absorb([_change(seq, operation, {"id": event, "eventId": event, "targetId": target})])
            taken.append(_timed(live.rebuild))
            assert live.last_rebuild == "patched", live.last_rebuild
            fresh.append(_timed(live.refresh_pagerank))  # what the server does next, in the background
        verb = "linked to" if operation == "linkEvent" else "unlinked from"
        print(
            f"| an event {verb} a place, then a person | patched "
            f"| {statistics.median(taken):.4f} | {max(taken):.4f} |"
        )
    print(
        f"| its PageRank, computed after it (x{len(fresh)}) | background | {statistics.median(fresh):.4f} "
        f"| {max(fresh):.4f} |"
    )
    live.absorb([_change(seq + 1, "updateEvent", {"id": events[0], "title": "Rewritten title"})])
    whole = _timed(live.rebuild)
    assert live.last_rebuild == "whole"
    carried = ", ".join(live.carried) or "nothing"
    print(f"| title rewritten (x1) | whole, carrying {carried} | {whole:.3f} | {whole:.3f} |")
    print(
        f"\ntext filter 'treaty' on the built index: {before * 1000:.2f} ms; "
        f"with {args.edits} patched texts: {after * 1000:.2f} ms"
    )
    relink_steps(base, event, place, person, sum(steps.values()))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def relink_steps(base: KnowledgeGraph, event: str, place: str, person: str, whole: float) -> None:
    """A link and an unlink patched over ``base``, step by step, against a whole build's seconds."""
    record = base.record(event)
    edits = {
        "link (a place and a person)": (
            base,
            {
                event: dataclasses.replace(
                    record, locations=(*record.locations, place), people=(*record.people, person)
                )
            },
        ),
    }
    steps: dict[str, dict[str, float]] = {}
    linked = None
    for name in ("link (a place and a person)", "unlink (the same)"):
        kg, records = edits[name] if linked is None else (linked, {event: record})
        took: dict[str, float] = {}
        token = STEPS.set(took)
        started = time.perf_counter()
        new = patch(kg, records)
        patched = time.perf_counter() - started
        STEPS.reset(token)
        assert new is not None
        rebuilt = {f"rebuilt: {n}": s for n, s in build_indexes(new).items() if s > 0}
        took["words (records, texts; `graph.incremental`)"] = patched - sum(took.values())
        steps[name] = {**took, **rebuilt, "**total**": patched + sum(rebuilt.values())}
        linked = new
    print("\n| patched relink, step | link s | unlink s |\n|---|---:|---:|")
    names = dict.fromkeys(n for took in steps.values() for n in took)
    for n in names:
        cells = " | ".join(f"{took.get(n, 0.0):.4f}" for took in steps.values())
        print(f"| {n} | {cells} |")
    totals = [took["**total**"] for took in steps.values()]
    served = [t - took.get("rebuilt: rankings", 0.0) for t, took in zip(totals, steps.values(), strict=True)]
    print(
        f"\nwhole build {whole:.1f} s; patched link served after {served[0]:.3f} s "
        f"({whole / served[0]:,.0f}x faster), unlink {served[1]:.3f} s ({whole / served[1]:,.0f}x); "
        "with PageRank computed again: "
        f"{totals[0]:.3f} s ({whole / totals[0]:,.0f}x) and {totals[1]:.3f} s ({whole / totals[1]:,.0f}x)"
    )


if __name__ == "__main__":
    main()
