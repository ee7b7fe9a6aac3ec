"""A relinked graph (`graph.incremental_links`) equals a whole build of the same records.

Seeded random relinks (a person, mention, organisation, place or tag added or removed, a
person moved between ``people`` and ``mentions``, the category changed), one to four in a
row, each patched over the graph the one before made, on the tiny and the bundled data.
After each sequence every structure the patch touches is compared with a graph built
whole from the same records in the same node order (as `clio.state.live.LiveGraph` builds
one): the adjacency in order, the store's arrays and lists, every index's rows, ranks and
counts, and a set of GraphQL answers. The graph patched from is checked unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import numpy as np
import pytest

from clio.upstream import fast_schema
from graph.bundled import BUNDLED_DATA
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind
from graph.queries.neighborhood import hub_orders
from graph.queries.paths import hop_graph
from graph.queries.search import search
from graph.store import KnowledgeGraph
from tests.schema.unchanged import documents

SCHEMA = fast_schema([], 0)
TINY = "tests/data/tiny"


@pytest.fixture(scope="module", params=[TINY, BUNDLED_DATA], ids=["tiny", "bundled"])
def base(request: pytest.FixtureRequest) -> KnowledgeGraph:
    kg = load_graph(request.param)
    build_indexes(kg)
    return kg


def relinked(kg: KnowledgeGraph, rng: random.Random) -> Event:
    """One random relink of one random event: the event as it is after it."""
    event: Event = kg.record(rng.choice(list(kg.ids(Kind.EVENT))))
    people = list(kg.ids(Kind.PERSON))
    choice = rng.randrange(9)
    others = [p for p in people if p not in event.people and p not in event.mentions]
    if (choice == 0 or not event.people) and others:
        return dataclasses.replace(event, people=(*event.people, rng.choice(others)))
    if choice == 1 and event.people:
        gone = rng.choice(event.people)
        return dataclasses.replace(
            event,
            people=tuple(p for p in event.people if p != gone),
            roles=tuple(r for r in event.roles if r[0] != gone),
        )
    if choice == 2 and event.people:  # a participant now only mentioned
        moved = rng.choice(event.people)
        return dataclasses.replace(
            event,
            people=tuple(p for p in event.people if p != moved),
            roles=tuple(r for r in event.roles if r[0] != moved),
            mentions=(*event.mentions, moved),
        )
    places = [p for p in kg.ids(Kind.LOCATION) if p not in event.locations]
    if choice == 3 and places:
        return dataclasses.replace(event, locations=(*event.locations, rng.choice(places)))
    if choice == 4 and event.locations:
        return dataclasses.replace(event, locations=event.locations[1:])
    if choice == 5:
        tags = [t for t in kg.ids(Kind.TAG) if t not in event.tags]
        if tags:
            return dataclasses.replace(event, tags=(*event.tags, rng.choice(tags)))
    if choice == 6 and event.tags:
        return dataclasses.replace(event, tags=event.tags[:-1])
    if choice == 7:
        orgs = [o for o in kg.ids(Kind.ORGANIZATION) if o not in event.organizations]
        if orgs:
            return dataclasses.replace(event, organizations=(rng.choice(orgs), *event.organizations))
    categories = [c for c in kg.ids(Kind.CATEGORY) if c != event.category]
    if categories:
        return dataclasses.replace(event, category=rng.choice(categories))
    return dataclasses.replace(event, people=event.people[1:])


def whole(kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg``'s records built whole, in its node order, with every index."""
    records = [r for n in kg.graph if (r := kg.record(n)) is not None]
    built = KnowledgeGraph.from_records(records)
    build_indexes(built)
    return built


def _rows(rows: Any, size: int) -> list[list[int]]:
    return [rows.row(n).tolist() for n in range(size)]


def state(kg: KnowledgeGraph) -> dict[str, Any]:
    """Every structure a relink patches, as plain values (orders kept)."""
    size = len(kg.graph)
    succ, pred = kg.graph._succ, kg.graph._pred  # type: ignore[attr-defined]
    found: dict[str, Any] = {
        "succ": [(n, [(m, list(keys)) for m, keys in succ[n].items()]) for n in kg.graph],
        "pred": [(n, [(m, list(keys)) for m, keys in pred[n].items()]) for n in kg.graph],
        "edges": list(kg.graph.edges(keys=True)),
        "links": kg._links.tolist(),
        "counts": kg.counts(),
        "version": kg._fingerprint(),
        "events of": _rows(kg._events_of, size),
        "mentioned in": _rows(kg._mentioned_in, size),
        # A patched graph keeps the node order its relinks read besides every index a build makes.
        "memos": sorted(set(kg._memo) - {"node-order"}),
    }
    hops = hop_graph(kg)
    found["hops"] = [
        (hops.neighbours(n).tolist(), [hops.edge(n, m) for m in hops.neighbours(n).tolist()])
        for n in range(size)
    ]
    out = kg._memo["adjacency.out"]
    found["out edges"] = [[a.tolist() for a in out.of(n)] for n in range(size)]
    found["degrees"] = kg._memo["degree"].by_number.tolist()
    hubs = hub_orders(kg)
    found["hubs"] = [(n, hubs.order(n).tolist()) for n in range(size) if n in hubs]
    for name, value in kg._memo.items():
        if name.startswith("ranking.") and name != "ranking.pagerank":
            found[name] = (value.numbers.tolist(), value.scores.tolist())
    found["pagerank"] = kg._memo["ranking.pagerank"]
    found["tie ranks"] = kg._memo["search"].words.tie_rank.tolist()
    index = kg._memo["postings"]
    for name, field in index.fields.items():
        for part in ("indptr", "values", "owner", "post_ptr", "post"):
            found[f"postings {name} {part}"] = np.asarray(getattr(field, part)).tolist()
    found["precounts"] = kg._memo["aggregates:single"]
    found["facets"] = kg._memo["facets:all"]
    found["timelines"] = {n: v for n, v in kg._memo.items() if n.startswith("timeline:")}
    return found


def answers(kg: KnowledgeGraph, touched: set[str]) -> dict[str, Any]:
    # The documents of `tests.schema.unchanged` need a graph of more than five people.
    queries = dict(documents(kg)) if len(kg.ids(Kind.PERSON)) > 5 else {}
    for node_id in sorted(touched):
        kind = node_id.split(":")[0]
        if kind == "event":
            queries[node_id] = (
                f'{{ event(id: "{node_id}") {{ people {{ id }} locations {{ id }} tags {{ id }} }} }}'
            )
        if kind in ("person", "event", "location", "organization", "tag"):
            queries[f"hood {node_id}"] = (
                f'{{ neighborhood(id: "{node_id}", depth: 2, limit: 60) '
                "{ nodes { id degree } edges { id } } }"
            )
    for kind in ("EVENT", "PERSON", "LOCATION", "TAG", "CATEGORY", "ORGANIZATION"):
        for by in ("DEGREE", "PAGERANK"):
            queries[f"ranking {kind} {by}"] = (
                f"{{ ranking(kind: {kind}, by: {by}, first: 30) {{ id score }} }}"
            )
    result = {}
    for name, query in queries.items():
        executed = SCHEMA.execute_sync(query, context_value={"kg": kg})
        result[name] = (executed.data, sorted(str(e.message) for e in executed.errors or ()))
    return result


@pytest.mark.parametrize("seed", range(6))
def test_a_relinked_graph_equals_one_built_whole(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = state(base)
    kg, touched = base, set()
    for _ in range(rng.randint(1, 4)):
        event = relinked(kg, rng)
        was = kg.record(event.id)
        touched |= {event.id, *event.people, *event.locations, *event.tags, *was.people, *was.locations}
        patched = patch(kg, {event.id: event})
        assert patched is not None, f"seed {seed}: {event.id} was not patched"
        build_indexes(patched)  # what the patch dropped (PageRank, the unfiltered facets)
        kg = patched
    reference = whole(kg)
    got, wanted = state(kg), state(reference)
    for name in wanted:
        assert got[name] == wanted[name], f"seed {seed}: {name} differs from a whole build"
    assert answers(kg, touched) == answers(reference, touched), f"seed {seed}"
    assert state(base) == before, f"seed {seed}: the graph patched from was changed"


def test_a_place_parent_or_a_date_is_still_built_whole(base: KnowledgeGraph) -> None:
    event: Event = base.record(base.ids(Kind.EVENT)[0])
    other = next(c for c in base.ids(Kind.CATEGORY) if c != event.category)
    moved = dataclasses.replace(event, category=other, date=base.record(base.ids(Kind.EVENT)[-1]).date)
    assert patch(base, {event.id: moved}) is None


def _renamed(kg: KnowledgeGraph, node_id: str) -> Any:
    record = kg.record(node_id)
    if isinstance(record, Event):
        return dataclasses.replace(record, title=f"{record.title} Zanzibarish")
    return dataclasses.replace(record, name=f"{record.name} Zanzibarish")


def _searched(kg: KnowledgeGraph, node_ids: set[str]) -> dict[str, Any]:
    words = {"zanzibarish", "zanzib", "stalin"}
    for node_id in node_ids:
        record = kg.record(node_id)
        words.update((record.title if isinstance(record, Event) else record.name).split()[:2])
    return {word: [(h.id, h.score, h.label) for h in search(kg, word, first=25)] for word in sorted(words)}


@pytest.mark.parametrize("seed", range(4))
def test_a_rename_after_a_relink_answers_as_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    # The rename's search patch is laid over the relinked tie-break (`graph.incremental`).
    rng = random.Random(100 + seed)
    event = relinked(base, rng)
    kg = patch(base, {event.id: event})
    assert kg is not None
    build_indexes(kg)
    target = rng.choice([event.id, *event.people])
    renamed = patch(kg, {target: _renamed(kg, target)})
    if renamed is None:  # a new title may move its event among the events of its date
        renamed = whole(kg)
    build_indexes(renamed)
    touched = {event.id, target, *event.people}
    reference = whole(renamed)
    assert _searched(renamed, touched) == _searched(reference, touched), f"seed {seed}"
    assert answers(renamed, touched) == answers(reference, touched), f"seed {seed}"


@pytest.mark.parametrize("seed", range(6))
def test_relinks_over_patched_names_answer_as_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    # The renamed names are rebased on the relinked search index (`PatchedWordIndex.relinked`):
    # renames, relinks and both in one change, in a random sequence, each patched over the last.
    rng = random.Random(200 + seed)
    kg, touched = base, set()
    for step in range(rng.randint(2, 5)):
        event = relinked(kg, rng)
        was = kg.record(event.id)
        target = rng.choice([event.id, *event.people, *kg.ids(Kind.PERSON)[:3]])
        records: dict[str, Any] = {}
        if step == 0 or rng.random() < 0.6:
            records[target] = _renamed(kg, target)
        if rng.random() < 0.7:
            # A title in the same change as its own relink: the record carries both.
            records[event.id] = (
                dataclasses.replace(event, title=records[event.id].title) if event.id in records else event
            )
        touched |= {event.id, target, *event.people, *was.people, *event.locations, *was.locations}
        patched = patch(kg, records)
        if patched is None:  # a new title may move its event among the events of its date: skipped
            assert any(isinstance(r, Event) and r.title != kg.record(r.id).title for r in records.values())
            continue
        build_indexes(patched)
        kg = patched
    reference = whole(kg)
    got, wanted = state(kg), state(reference)
    for name in wanted:
        if name != "tie ranks":  # a patched index ranks renamed nodes by fractions: compared by answers
            assert got[name] == wanted[name], f"seed {seed}: {name} differs from a whole build"
    assert _searched(kg, touched) == _searched(reference, touched), f"seed {seed}"
    assert answers(kg, touched) == answers(reference, touched), f"seed {seed}"
