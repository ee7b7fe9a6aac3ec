"""What applying one edit costs a worker: the whole build step by step, and a patch.

    python -m bench.apply                     # the full import in build/audit (make audit)
    python -m bench.apply data --edits 20     # the bundled data

First the build an edit used to pay every time, step by step: reading the records back
from the graph, `KnowledgeGraph.from_records`, then each index of `graph.indexes`. Then
edits applied through a `LiveGraph` as a worker applies a committed change:

* a summary rewritten (`updateEvent`): patched (`graph.incremental.patch`), timed per edit,
  with a text filter read before and after (a patched text index corrects each read);
* an event linked to a place: built whole, with the indexes a link cannot reach carried
  over from the graph before (`graph.incremental.carry_over`), timed once;
* titles rewritten, people renamed and given aliases: patched (`graph.incremental_names`),
  timed per edit, then one of each step by step (`rename_steps`), with search and the name
  orders read before and after.

Times are wall clock on a shared machine: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import statistics
import time
from functools import partial
from pathlib import Path
from typing import Any

from clio.state.live import LiveGraph
from clio.state.store import Change
from graph.incremental import patch
from graph.incremental_names import NameTable, keeps_order, names_of
from graph.indexes import BUILDERS
from graph.loader import load_graph
from graph.models import Kind
from graph.name_order import PatchedNameOrder
from graph.queries.facet_patch import rename_facets
from graph.queries.search import search, search_index
from graph.queries.text_index import PatchedTextIndex, text_index
from graph.queries.word_patch import PatchedWordIndex
from graph.store import KnowledgeGraph
from graph.text import fold


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

    # As a server does once its graph is loaded (`clio/prefork.py`): the loaded objects are left
    # out of garbage collection, whose full passes over them would land on some edit's time.
    gc.collect()
    gc.freeze()
    live = LiveGraph(base)
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
    linked = set(base.graph.successors(event))  # its places, tags, category and days
    place = next(p for p in base.ids(Kind.LOCATION) if p not in linked)
    live.absorb([_change(args.edits + 1, "linkEvent", {"id": event, "eventId": event, "targetId": place})])
    relink = _timed(live.rebuild)
    assert live.last_rebuild == "whole"
    carried = ", ".join(live.carried)
    print(f"| an event linked to a place (x1) | whole, carrying {carried} | {relink:.3f} | {relink:.3f} |")
    print(
        f"\ntext filter 'treaty' on the built index: {before * 1000:.2f} ms; "
        f"with {args.edits} patched texts: {after * 1000:.2f} ms"
    )
    renames(live, args.edits, args.edits + 2, steps)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def renames(live: LiveGraph, edits: int, seq: int, steps: dict[str, float]) -> None:
    """Titles, names and aliases changed through ``live``, one at a time: how each was applied, how long."""
    kg = live.kg
    events, people = kg.ids(Kind.EVENT), [p for p in kg.ids(Kind.PERSON) if kg.event_ids_of(p)]
    searched = {"treaty": 0.0, "stal": 0.0}
    for text in searched:
        searched[text] = _timed(partial(search, live.kg, text, first=10))
    scanned = _timed(lambda: live.kg.ids_by_name(Kind.PERSON, "stal"))
    whole = sum(steps.values())
    print("\n| applied edit | patched / whole | median s | max s | x faster than the whole build |")
    print("|---|---|---:|---:|---:|")
    picked = {  # what is edited, where, and how: (operation, the nodes, their step, field, word)
        "title rewritten": ("updateEvent", events, 13, "title", " (revised)"),
        "person renamed": ("updatePerson", people, 17, "name", " II"),
        "aliases given": ("updatePerson", people, 19, "aliases", "Koba"),
    }
    for label, (operation, nodes, step, field, word) in picked.items():
        took, ways = [], []
        for n in range(edits):
            node_id = nodes[(n * 7919 + step) % len(nodes)]
            record = live.kg.record(node_id)
            value: Any = [f"{word} {n}"] if field == "aliases" else getattr(record, field) + word
            seq += 1
            live.absorb([_change(seq, operation, {"id": node_id, field: value})])
            took.append(_timed(live.rebuild))
            ways.append(live.last_rebuild)
        middle, most = statistics.median(took), max(took)
        how = f"{ways.count('patched')} / {ways.count('whole')}"
        print(f"| {label} (x{edits}) | {how} | {middle:.4f} | {most:.4f} | {whole / middle:,.0f} |")
    print(f"\nA whole build, steps summed, this run: {whole:.1f} s.")
    print("\n| read, after the renames above | built index ms | patched ms |\n|---|---:|---:|")
    for text, built in searched.items():
        now = _timed(partial(search, live.kg, text, first=10))
        print(f"| search {text!r} | {built * 1000:.2f} | {now * 1000:.2f} |")
    now = _timed(lambda: live.kg.ids_by_name(Kind.PERSON, "stal"))
    print(f"| people(name: 'stal') | {scanned * 1000:.2f} | {now * 1000:.2f} |")
    rename_steps(live.kg, events[len(events) // 3], people[len(people) // 3])


def rename_steps(kg: KnowledgeGraph, event_id: str, person_id: str) -> None:
    """One title and one name patched into ``kg``, each index's correction timed apart (ms)."""
    event, person = kg.record(event_id), kg.record(person_id)
    title = dataclasses.replace(event, title=event.title + " (again)")
    name = dataclasses.replace(person, name=person.name + " III")
    for label, record in (("title", title), ("name", name)):
        records = {record.id: record}
        took = {"whole patch (`patch`)": _timed(partial(patch, kg, records))}
        new = patch(kg, records)
        assert new is not None
        took["order kept? (`keeps_order`)"] = _timed(partial(keeps_order, kg, records))
        took["search index"] = _timed(partial(PatchedWordIndex, search_index(kg).words, kg, new, [record.id]))
        took["exact names"] = _timed(partial(NameTable(frozenset(), {}, {}).renamed, {0: names_of(record)}))
        if record is title:
            folded = fold(f"{title.title} {title.summary or ''}")
            positions = {kg.event_position(title.id): folded}
            took["text index"] = _timed(partial(PatchedTextIndex, text_index(kg), positions))
        else:
            names = {name.id: (fold(person.name), fold(name.name))}
            took["name order"] = _timed(partial(PatchedNameOrder, kg._memo["by-name:person"], names))
            facets = {"people": {name.id: name.name}}
            took["facets"] = _timed(partial(rename_facets, new, dict(kg._memo), facets))
        print(f"\n| {label} changed, step | ms |\n|---|---:|")
        for step, seconds in took.items():
            print(f"| {step} | {seconds * 1000:.2f} |")


if __name__ == "__main__":
    main()
