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
* an event's day moved by up to six days, and its year moved across centuries: patched
  (`graph.incremental_dates`) when the event keeps its place in the date order, else built
  whole; how many of the sampled corrections patch, and the patch timed per step;
* titles rewritten, people renamed and given aliases: patched (`graph.incremental_names`),
  timed per edit, then one of each step by step (`rename_steps`), with search and the name
  orders read before and after;
* an event and a person created, an event deleted, two people and two events merged:
  built whole, step by step, with what `graph.incremental_nodes` carries from the graph
  before (`node_changes`; ``--nodes`` runs only these, after the whole build); then the
  person created, the people merged, the event deleted and the events merged patched
  (`graph.incremental_added`, `graph.incremental_removed`, `graph.incremental_deleted`),
  in the same run. ``--deleted`` runs only the event deleted and the events merged,
  whole and patched. ``--merges`` patches only a merge of a
  person of no event and one of a person of many events (no whole build).
* a place moved, given new coordinates or a new kind, a category renamed, and a person
  renamed and linked in one change, each patched over the built graph (`place_edits`).

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

from bench.redate_scale import MOVES, timed_redates
from clio.state.live import LiveGraph
from clio.state.store import Change
from graph.edit_operations import apply_edit
from graph.edits import Workspace
from graph.geo import event_index, place_index
from graph.incremental import carry_over, patch
from graph.incremental_links import STEPS
from graph.incremental_names import NameTable, keeps_order, names_of
from graph.incremental_removed import removed
from graph.indexes import BUILDERS, build_indexes
from graph.loader import load_graph
from graph.models import Coordinates, Event, Kind, Person
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
    parser.add_argument("--nodes", action="store_true", help="only records created, deleted, merged")
    parser.add_argument("--merges", action="store_true", help="only people merged, patched (no whole build)")
    parser.add_argument(
        "--deleted",
        action="store_true",
        help="only an event deleted and two events merged, whole and patched",
    )
    parser.add_argument(
        "--created", action="store_true", help="only created events and places, and dates onto new days"
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    if args.merges:
        merges(load_graph(args.data))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return
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
    if args.nodes or args.created or args.deleted:
        if args.deleted:
            node_changes(base, steps, ("deleteEvent", "mergeEvents"))
        else:
            (created_and_new_days if args.created else node_changes)(base, steps)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return

    # As a server does once its graph is loaded (`clio/prefork.py`): the loaded objects are left
    # out of garbage collection, whose full passes over them would land on some edit's time.
    gc.collect()
    gc.freeze()
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
    print(
        f"\ntext filter 'treaty' on the built index: {before * 1000:.2f} ms; "
        f"with {args.edits} patched texts: {after * 1000:.2f} ms"
    )
    relink_steps(base, event, place, person, sum(steps.values()))
    place_edits(base, sum(steps.values()))
    renames(live, args.edits, seq + 1, steps)
    node_changes(base, steps)
    redates(base, args.edits)
    created_and_new_days(base, steps)
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


def place_edits(base: KnowledgeGraph, whole: float) -> None:
    """A place moved, given new coordinates or a new kind, a category renamed, and a rename with a
    relink, each patched over ``base`` (`graph.incremental_places`, `graph.incremental_names`)."""
    place_index(base), event_index(base)  # built on first use: as a server has them once asked
    places = base.ids(Kind.LOCATION)
    place = max((p for p in places if base.record(p).part_of), key=lambda p: (len(base.event_ids_of(p)), p))
    record = base.record(place)
    to = next(p for p in places if p != record.part_of and place not in base.places_within(p))
    category = base.record(base.ids(Kind.CATEGORY)[0])
    event = base.record(base.ids(Kind.EVENT)[len(base.ids(Kind.EVENT)) // 3])
    person = next(p for p in base.ids(Kind.PERSON) if p not in event.people and p not in event.mentions)
    edits = {
        f"a place's parent ({len(base.places_within(place))} places, "
        f"{len(base.event_ids_of(place))} events)": {place: dataclasses.replace(record, part_of=to)},
        "a place's coordinates": {place: dataclasses.replace(record, coordinates=Coordinates(1.5, 2.5))},
        "a place's kind": {place: dataclasses.replace(record, kind="site")},
        "a category renamed": {category.id: dataclasses.replace(category, name=f"{category.name} (renamed)")},
        "a person renamed and linked in one change": {
            event.id: dataclasses.replace(event, people=(*event.people, person)),
            person: dataclasses.replace(base.record(person), name=f"{base.record(person).name} II"),
        },
    }
    print("\n| patched over the built graph | patch s | indexes built again s | x faster than whole |")
    print("|---|---:|---:|---:|")
    for label, records in edits.items():
        took: dict[str, float] = {}
        token = STEPS.set(took)
        started = time.perf_counter()
        new = patch(base, records)
        patched = time.perf_counter() - started
        STEPS.reset(token)
        if new is None:
            print(f"| {label} | built whole | | 1 |")
            continue
        rebuilt = sum(build_indexes(new).values())
        print(f"| {label} | {patched:.4f} | {rebuilt:.3f} | {whole / (patched + rebuilt):,.0f} |")
        if took:
            print("| " + "; ".join(f"{n} {s * 1000:.1f} ms" for n, s in took.items()) + " | | | |")
    print(f"\nA whole build, steps summed, this run: {whole:.1f} s.")


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


def node_changes(base: KnowledgeGraph, whole: dict[str, float], only: tuple[str, ...] = ()) -> None:
    """Records created, deleted and merged, each built whole carrying what it can: seconds per step.

    Each edit is applied to ``base`` as a worker applies it (`apply_edit`), then the graph
    is built as `LiveGraph` builds it: its records in ``base``'s node order, the created ones
    after, `carry_over` (`graph.incremental_nodes.carry_nodes`), then the indexes not carried.
    ``whole`` holds the steps of a build from nothing in the same run.
    """
    events, people = base.ids(Kind.EVENT), base.ids(Kind.PERSON)
    category = base.ids(Kind.CATEGORY)[0]
    edits = {
        "createEvent": {"title": "Zanzibarish treaty", "date": "1924-08-04", "category": category},
        "createPerson": {"name": "Anne Zanzibarish", "born": "1901-08-04", "died": "1960-03-14"},
        "deleteEvent": {"id": events[len(events) // 2]},
        "mergePeople": {"survivorId": people[len(people) // 3], "mergedId": people[len(people) // 2]},
        "mergeEvents": {"survivorId": events[len(events) // 3], "mergedId": events[len(events) // 4]},
    }
    if only:
        edits = {operation: edits[operation] for operation in only}
    table: dict[str, dict[str, float]] = {"whole (from nothing)": dict(whole)}
    carried_by: dict[str, list[str]] = {}
    for operation, given in edits.items():
        ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
        apply_edit(ws, operation, given, lambda i: (*base.event_ids_of(i), *base.mentioned_in(i)))
        table[operation], carried_by[operation] = _carried_build(base, dict(ws.changed))
        gc.collect()
    print("\n| record created, deleted or merged: step | " + " | ".join(table) + " |")
    print("|---|" + "---:|" * len(table))
    for step in dict.fromkeys(n for took in [*table.values()][::-1] for n in took):
        print(f"| {step} | " + " | ".join(f"{took.get(step, 0.0):.3f}" for took in table.values()) + " |")
    totals = [sum(took.values()) for took in table.values()]
    print("| **total** | " + " | ".join(f"**{t:.3f}**" for t in totals) + " |")
    for operation, carried in carried_by.items():
        print(f"\n{operation}: carried or patched from the graph before: {', '.join(carried) or 'nothing'}")
    for operation in ("deleteEvent", "mergeEvents"):
        if operation in edits:
            event_removed_patched(base, operation, edits[operation], sum(table[operation].values()))
    if only:
        return
    person_patched(base, sum(whole.values()))
    merge_patched(base, edits["mergePeople"], sum(table["mergePeople"].values()))


def event_removed_patched(base: KnowledgeGraph, operation: str, given: dict[str, Any], whole: float) -> None:
    """A ``deleteEvent`` or ``mergeEvents`` patched (`graph.incremental_deleted`), step by step.

    Against ``whole``: the same edit built whole in the same run (`node_changes`).

    The patch's steps are those `graph.incremental_links.STEPS` notes (the relink and redate
    that strip the event, the survivor's relink), the rest of the patch (the node taken out,
    the survivor's words) under "patch: other steps".
    """
    ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
    apply_edit(ws, operation, given, lambda i: (*base.event_ids_of(i), *base.mentioned_in(i)))
    made: list[KnowledgeGraph | None] = []
    steps: dict[str, float] = {}
    token = STEPS.set(steps)
    try:
        total_patch = _timed(lambda: made.append(patch(base, dict(ws.changed))))
    finally:
        STEPS.reset(token)
    new = made[0]
    assert new is not None, f"{operation} was not patched"
    took = {f"patch: {name}": seconds for name, seconds in steps.items()}
    took["patch: other steps (the node taken out, words)"] = max(0.0, total_patch - sum(steps.values()))
    took |= {f"built again: {name}": s for name, s in build_indexes(new).items() if s > 0}
    total, served = _step_table(f"{operation}, patched", took)
    print(
        f"\n{operation} built whole {whole:.1f} s; patched (patch {total_patch:.3f} s) and served after "
        f"{served:.3f} s ({whole / served:,.0f}x faster), with PageRank computed again {total:.3f} s "
        f"({whole / total:,.0f}x)"
    )


def merges(kg: KnowledgeGraph) -> None:
    """People merged and patched over the loaded graph: a merged person of no event, and one of many."""
    build_indexes(kg)
    people = kg.ids(Kind.PERSON)
    middle = people[len(people) // 3 : len(people) // 3 + 2000]
    busy = max(middle, key=lambda p: (len(kg.event_ids_of(p)) + len(kg.mentioned_in(p)), p))
    merge_patched(kg, {"survivorId": people[len(people) // 3], "mergedId": people[len(people) // 2]}, None)
    merge_patched(kg, {"survivorId": people[len(people) // 4], "mergedId": busy}, None)


def merge_patched(base: KnowledgeGraph, given: dict[str, Any], whole: float | None) -> None:
    """The same ``mergePeople`` patched (`graph.incremental_removed`), step by step, against a whole build."""
    ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
    apply_edit(ws, "mergePeople", given, lambda i: (*base.event_ids_of(i), *base.mentioned_in(i)))
    changed = dict(ws.changed)
    # As `graph.incremental.patch` does: the events relinked, the merged person removed, the survivor renamed.
    events = {node_id: record for node_id, record in changed.items() if isinstance(record, Event)}
    survivor = {node_id: record for node_id, record in changed.items() if isinstance(record, Person)}
    gone = [node_id for node_id, record in changed.items() if record is None]
    made: list[KnowledgeGraph | None] = [base]
    took = {"patch: events relinked": _timed(lambda: made.append(patch(base, events)))}
    took["patch: merged person removed (`removed`)"] = _timed(lambda: made.append(removed(made[-1], gone)))  # type: ignore[arg-type]
    took["patch: survivor's aliases and sources"] = _timed(lambda: made.append(patch(made[-1], survivor)))  # type: ignore[arg-type]
    new = made[-1]
    assert new is not None and all(step is not None for step in made)
    took |= {f"built again: {name}": s for name, s in build_indexes(new).items() if s > 0}
    total, served = _step_table(f"two people merged ({len(events)} events relinked), patched", took)
    if whole is None:
        print(
            f"\nmergePeople patched and served after {served:.3f} s, "
            f"with PageRank computed again {total:.3f} s"
        )
        return
    print(
        f"\nmergePeople built whole {whole:.1f} s; patched and served after {served:.3f} s "
        f"({whole / served:,.0f}x faster), with PageRank computed again {total:.3f} s ({whole / total:,.0f}x)"
    )


def person_patched(base: KnowledgeGraph, whole: float) -> None:
    """A created person patched in (`graph.incremental_added`), then the indexes it dropped built."""
    ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
    apply_edit(ws, "createPerson", {"name": "Anne Zanzibarish", "born": "1901-08-04"}, lambda i: ())
    made: list[KnowledgeGraph | None] = []
    took = {
        "patch (store, search, postings, names, life days)": _timed(
            lambda: made.append(patch(base, ws.changed))
        )
    }
    new = made[0]
    assert new is not None
    took |= {f"built again: {name}": s for name, s in build_indexes(new).items() if s > 0}
    total, served = _step_table("a person created, patched", took)
    print(
        f"\nwhole build {whole:.1f} s; a person patched in and served after {served:.3f} s "
        f"({whole / served:,.0f}x faster), with PageRank computed again {total:.3f} s ({whole / total:,.0f}x)"
    )


def _step_table(title: str, took: dict[str, float]) -> tuple[float, float]:
    """Print a patch's steps as a table; its total, and what a worker waits before serving it.

    PageRank ("built again: rankings") is computed in the background when served, so it is
    left out of the second figure.
    """
    print(f"\n| {title}: step | seconds |\n|---|---:|")
    for step, seconds in took.items():
        print(f"| {step} | {seconds:.3f} |")
    total = sum(took.values())
    print(f"| **total** | **{total:.3f}** |")
    return total, total - took.get("built again: rankings", 0.0)


def _carried_build(base: KnowledgeGraph, changed: dict[str, Any]) -> tuple[dict[str, float], list[str]]:
    """``base`` with ``changed`` built as `LiveGraph` builds it: seconds per step, and what was carried."""
    took: dict[str, float] = {}
    records: list[Any] = []

    def read() -> None:
        records.extend(r for n in base.graph if (r := changed[n] if n in changed else base.record(n)))
        records.extend(r for i, r in changed.items() if r is not None and base.record(i) is None)

    took["records read back"] = _timed(read)
    built: list[KnowledgeGraph] = []
    took["from_records"] = _timed(lambda: built.append(KnowledgeGraph.from_records(records)))
    carried: list[str] = []
    took["carry (`carry_nodes`)"] = _timed(lambda: carried.extend(carry_over(base, built[0], changed)))
    for name, build in BUILDERS.items():
        took[f"index: {name}"] = _timed(lambda build=build: build(built[0]))
    return took, carried


def redates(base: KnowledgeGraph, edits: int) -> None:
    """Day and century moves of sampled events: how many patch, what a patch costs, and its steps."""
    print("\n| date moved | sampled | patched | median patch s | max patch s | median indexes s |")
    print("|---|---:|---:|---:|---:|---:|")
    first_steps: dict[str, dict[str, float]] = {}
    for name, moved in MOVES.items():
        sampled, patches, indexes = 0, [], []
        for event, after, seconds, took in timed_redates(base, moved, edits * 20):
            sampled += 1
            if after is None:
                continue
            patches.append(seconds)
            rebuilt = {f"rebuilt: {n}": s for n, s in build_indexes(after).items() if s > 0}  # the timelines
            indexes.append(sum(rebuilt.values()))
            if name not in first_steps and base.event_position(event.id) != after.event_position(event.id):
                took["words and the rest (`graph.incremental`)"] = seconds - sum(took.values())
                first_steps[name] = {**took, **rebuilt, "**total**": seconds + sum(rebuilt.values())}
        if patches:
            print(
                f"| {name} | {sampled} | {len(patches)} | {statistics.median(patches):.4f} "
                f"| {max(patches):.4f} | {statistics.median(indexes):.4f} |"
            )
        else:
            print(f"| {name} | {sampled} | 0 | (built whole) | | |")
    print("\n| patched date that moves its event, step | " + " | ".join(f"{n} s" for n in first_steps) + " |")
    print("|---|" + "---:|" * len(first_steps))
    for step in dict.fromkeys(n for took in first_steps.values() for n in took):
        cells = " | ".join(f"{took.get(step, 0.0):.4f}" for took in first_steps.values())
        print(f"| {step} | {cells} |")


def created_and_new_days(base: KnowledgeGraph, whole: dict[str, float]) -> None:
    """Created events and places, and a date onto a year no event had: patched, or built whole carrying.

    Each edit goes through `apply_edit` as a worker applies it, then `patch`; where `patch`
    declines, the graph is built as `LiveGraph` builds it (`_carried_build`). A patched
    edit's time is the patch and the indexes it dropped built again (PageRank among them,
    which a server computes in the background: shown apart).
    """
    events, places = base.ids(Kind.EVENT), base.ids(Kind.LOCATION)
    category = base.ids(Kind.CATEGORY)[0]
    year = next(y for y in range(777, 2000) if f"year:{y}" not in base.graph)
    busy = base.record(events[len(events) // 2])
    edits: dict[str, tuple[str, dict[str, Any]]] = {
        "createEvent on a day other events have": (
            "createEvent",
            {"title": "Zanzibarish treaty", "date": "1924-08-04", "category": category},
        ),
        f"createEvent on a new year ({year})": (
            "createEvent",
            {"title": "Zanzibarish treaty", "date": f"{year:04d}-08-04", "category": category},
        ),
        "createLocation under a parent": (
            "createLocation",
            {"name": "Zanzibarish Port", "kind": "city", "partOf": places[len(places) // 2]},
        ),
        f"a date onto a new year ({year})": ("updateEvent", {"id": busy.id, "date": f"{year:04d}-06-30"}),
    }
    total = sum(whole.values())
    print(
        "\n| edit | how | patch s | indexes built again s | of which PageRank s | served after s | x faster |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, (operation, given) in edits.items():
        ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
        apply_edit(ws, operation, given, lambda i: (*base.event_ids_of(i), *base.mentioned_in(i)))
        changed = dict(ws.changed)
        made: list[KnowledgeGraph | None] = []
        patched = _timed(lambda made=made, changed=changed: made.append(patch(base, changed)))
        new = made[0]
        if new is None:
            took, carried = _carried_build(base, changed)
            built = sum(took.values())
            print(f"| {label} | whole, {len(carried)} carried | | | | {built:.2f} | {total / built:.1f} |")
        else:
            rebuilt = build_indexes(new)
            again, ranks = sum(rebuilt.values()), rebuilt.get("rankings", 0.0)
            served = patched + again - ranks
            print(
                f"| {label} | patched | {patched:.4f} | {again:.3f} | {ranks:.3f} | {served:.3f} "
                f"| {total / served:,.0f} |"
            )
        gc.collect()
    print(f"\nA whole build from nothing, steps summed, this run: {total:.1f} s.")


if __name__ == "__main__":
    main()
