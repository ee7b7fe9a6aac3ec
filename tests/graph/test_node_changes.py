"""Records created, deleted or merged: what a whole build carries from the graph before is right.

Seeded random sequences of edits, applied through `graph.edit_operations.apply_edit` as a
served change is (``createEvent``, ``createPerson``, ``createLocation``, ``deleteEvent``,
``mergePeople``, ``mergeEvents``, mixed with ``linkEvent`` and summary, title, name and
life-date updates), on the tiny and the bundled data. The records are then built whole
twice, in `clio.state.live.LiveGraph`'s node order: once from nothing, once taking what
`graph.incremental.carry_over` (`graph.incremental_nodes.carry_nodes`) gives from the
graph before. Every carried or patched structure, and a set of GraphQL answers (lookups,
names, search, onThisDay, day pages, text filters, facets, timelines, rankings), must
be the same in both; the graph carried from is checked unchanged.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from clio.upstream import fast_schema
from graph.bundled import BUNDLED_DATA
from graph.edit_operations import apply_edit
from graph.edits import EditError, Workspace
from graph.incremental import carry_over, patch
from graph.indexes import NAMED_KINDS, build_indexes
from graph.loader import load_graph
from graph.models import Kind, Record
from graph.store import KnowledgeGraph
from tests.schema.unchanged import documents

SCHEMA = fast_schema([], 0)
TINY = "tests/data/tiny"
WORDS = ("treaty", "war", "moon", "port", "union", "revolution", "stal", "lenin", "new")


@pytest.fixture(scope="module", params=[TINY, BUNDLED_DATA], ids=["tiny", "bundled"])
def base(request: pytest.FixtureRequest) -> KnowledgeGraph:
    kg = load_graph(request.param)
    build_indexes(kg)
    return kg


def _date(rng: random.Random) -> str:
    year = rng.choice([rng.randint(1800, 2020), rng.randint(-300, 1500)])
    text = f"{year:05d}" if year < 0 else f"{year:04d}"
    if rng.random() < 0.7:
        text += f"-{rng.randint(1, 12):02d}-{rng.choice([4, 14, 28]):02d}"
    return text


def edit(
    ws: Workspace, kg: KnowledgeGraph, rng: random.Random, made: list[str]
) -> tuple[str, dict[str, Any]]:
    """One random edit's operation and input, over the records ``ws`` holds now."""

    def alive(kind: Kind) -> list[str]:
        ids = [*kg.ids(kind), *(i for i in made if i.startswith(f"{kind.value}:"))]
        return sorted({i for i in ids if ws.exists(i)})

    events, people = alive(Kind.EVENT), alive(Kind.PERSON)
    word = rng.choice(WORDS)
    choice = rng.randrange(10)
    if choice <= 1:
        return "createEvent", {
            "title": f"{word.title()} of {rng.choice(['Ulm', 'Stalin', 'the Port', 'Peace'])}",
            "date": _date(rng),
            "category": rng.choice(list(kg.ids(Kind.CATEGORY))),
            "summary": f"A {word} that happened.",
        }
    if choice == 2:
        given = {"name": f"{word.title()} {rng.choice(['Stalin', 'Anne', 'Zed', 'Aa'])}"}
        for field in ("born", "died"):
            if rng.random() < 0.6:
                given[field] = _date(rng)
        if "born" in given and "died" in given and given["born"] > given["died"]:
            del given["died"]
        return "createPerson", given
    if choice == 3:
        places = list(kg.ids(Kind.LOCATION))
        return "createLocation", {"name": f"New {word.title()}", "kind": "city", "partOf": rng.choice(places)}
    if choice == 4 and events:
        return "deleteEvent", {"id": rng.choice(events)}
    if choice == 5 and len(people) > 1:
        survivor, merged = rng.sample(people, 2)
        return "mergePeople", {"survivorId": survivor, "mergedId": merged}
    if choice == 6 and len(events) > 1:
        survivor, merged = rng.sample(events, 2)
        return "mergeEvents", {"survivorId": survivor, "mergedId": merged}
    if choice == 7 and events and people:
        return "linkEvent", {"eventId": rng.choice(events), "targetId": rng.choice(people)}
    if choice == 8 and people:
        return "updatePerson", {
            "id": rng.choice(people),
            "name": f"{word.title()} Renamed",
            "born": _date(rng),
        }
    if events:
        field = rng.choice(["summary", "title"])
        return "updateEvent", {"id": rng.choice(events), field: f"The {word} again"}
    return "createPerson", {"name": "Only Person"}


def built(base: KnowledgeGraph, changed: dict[str, Record | None]) -> KnowledgeGraph:
    """The graph of ``base`` with ``changed``, in `LiveGraph._whole`'s node order, before its indexes."""
    records = [changed[n] if n in changed else base.record(n) for n in base.graph]
    records += [r for i, r in changed.items() if r is not None and base.record(i) is None]
    return KnowledgeGraph.from_records([r for r in records if r is not None])


def carried_state(kg: KnowledgeGraph) -> dict[str, Any]:
    """The structures `carry_nodes` gives, as plain values."""
    found: dict[str, Any] = {"texts": kg._texts}
    for kind in NAMED_KINDS:
        found[f"by-name {kind.value}"] = kg.ids_by_name(kind)
        for needle in ("an", "st", "new", "renamed", "a"):
            found[f"by-name {kind.value} {needle}"] = kg.ids_by_name(kind, needle)
    found["life days"] = kg._memo["life_days"]
    for name in ("slugs:event", "slugs:person", "slugs:location"):
        found[name] = (kg._memo[name].by_slug, kg._memo[name].by_id)
    for name in ("places-ever-inside", "places-with-dated-links"):
        found[name] = kg._memo[name]
    index, in_order = kg._memo["text index"], kg.ids(Kind.EVENT)  # events in date order
    for word in WORDS:
        found[f"text {word}"] = [in_order[int(p)] for p in index.events_with([word])]
    return found


def answers(kg: KnowledgeGraph, touched: set[str]) -> dict[str, Any]:
    queries = dict(documents(kg)) if len(kg.ids(Kind.PERSON)) > 5 else {}
    for node_id in sorted(touched):
        kind = node_id.split(":")[0]
        if kind in ("event", "person", "location"):
            queries[node_id] = f'{{ node(id: "{node_id}") {{ id }} }}'
    for word in WORDS:
        queries[f"search {word}"] = f'{{ search(text: "{word}", first: 15) {{ id score }} }}'
        queries[f"people {word}"] = f'{{ people(name: "{word}", limit: 30) {{ id }} }}'
    for month, day in ((8, 4), (1, 14), (6, 28), (12, 4)):
        queries[f"day {month}-{day}"] = (
            f"{{ day(month: {month}, day: {day}) {{ births {{ id }} deaths {{ id }} }} "
            f"onThisDay(month: {month}, day: {day}, limit: 40) {{ id }} }}"
        )
    for kind in ("EVENT", "PERSON", "LOCATION"):
        queries[f"ranking {kind}"] = f"{{ ranking(kind: {kind}, by: DEGREE, first: 20) {{ id score }} }}"
    result = {}
    for name, query in queries.items():
        executed = SCHEMA.execute_sync(query, context_value={"kg": kg})
        result[name] = (executed.data, sorted(str(e.message) for e in executed.errors or ()))
    return result


@pytest.mark.parametrize("seed", range(8))
def test_a_build_carrying_from_the_graph_before_equals_one_from_nothing(
    base: KnowledgeGraph, seed: int
) -> None:
    rng = random.Random(seed)
    before = carried_state(base)
    ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
    made: list[str] = []
    for _ in range(rng.randint(1, 4)):
        op, given = edit(ws, base, rng, made)
        try:
            made.append(apply_edit(ws, op, given, lambda i: (*base.event_ids_of(i), *base.mentioned_in(i))))
        except EditError:
            continue  # a random input the rules refuse (a merge of linked records…): changes nothing
    changed = dict(ws.changed)
    fresh = built(base, changed)
    build_indexes(fresh)
    # Where the change is patched (a created record alone, merged people, deleted or merged
    # events with the events changed beside them), the patch equals the build from nothing.
    patched = patch(base, changed)
    if patched is not None:
        build_indexes(patched)
        assert carried_state(patched) == carried_state(fresh), (seed, "patched")
    carried = built(base, changed)
    names = carry_over(base, carried, changed)
    build_indexes(carried)
    assert carried_state(carried) == carried_state(fresh), (seed, names)
    assert answers(carried, set(changed) | set(made)) == answers(fresh, set(changed) | set(made))
    assert carried_state(base) == before  # the graph carried from is as it was


def test_a_created_person_carries_the_event_indexes(base: KnowledgeGraph) -> None:
    ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
    created = apply_edit(ws, "createPerson", {"name": "Anne Example", "born": "1901-08-04"}, lambda i: ())
    kg = built(base, dict(ws.changed))
    names = carry_over(base, kg, dict(ws.changed))
    assert {"texts", "text index", "by-name:person", "life_days", "slugs:event"} <= set(names)
    assert "slugs:person" not in names  # a new person's slug is settled among every person's
    build_indexes(kg)
    assert created in kg.ids_by_name(Kind.PERSON, "anne ex")
    assert created in kg._memo["life_days"][0][(8, 4)]


def test_a_deleted_event_leaves_the_text_index_to_the_build(base: KnowledgeGraph) -> None:
    ws = Workspace(base.record, lambda node_id: base.record(node_id) is not None)
    gone = base.ids(Kind.EVENT)[0]
    apply_edit(ws, "deleteEvent", {"id": gone}, lambda i: ())
    kg = built(base, dict(ws.changed))
    names = carry_over(base, kg, dict(ws.changed))
    assert "text index" not in names and "slugs:event" not in names
    assert {"texts", "by-name:person", "slugs:person"} <= set(names)
    assert kg._texts is not None and gone not in kg._texts
