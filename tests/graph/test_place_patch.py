"""A place's facts or a category's name patched (`graph.incremental_places`, `graph.incremental_names`)
equal a whole build of the same records.

Seeded random edits, one to four in a row, each patched over the graph the one before
made, on the tiny and the bundled data: a place moved under another place (or out of
every place), given dated links upward, a new kind, new coordinates or new dates; a
category renamed; and, between them, the relinks of `tests.graph.test_relink`. After each
sequence every structure a relink compares (`tests.graph.test_relink.state`), the
structures that read the place hierarchy and the geo indexes, and GraphQL answers
filtered by places, near points and categories are compared with a graph built whole
from the same records in the same node order. The graph patched from is checked unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from graph.bundled import BUNDLED_DATA
from graph.dates import HistoricalDate
from graph.geo import event_index, place_index
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Category, Coordinates, Kind, Location, PartOf, Record
from graph.place_history import _dated, _ever_inside, ever_inside
from graph.queries import aggregates
from graph.store import KnowledgeGraph
from tests.graph.test_relink import SCHEMA, answers, base, relinked, state, whole

__all__ = ["base"]  # the fixture, parametrized over the tiny and the bundled data

KINDS = ("city", "country", "region", "site", "historical-state", "body-of-water")


def moved(kg: KnowledgeGraph, rng: random.Random) -> Record:
    """One random edit of a place's own facts, or of a category's name."""
    choice = rng.randrange(7)
    if choice == 6:
        category: Category = kg.record(rng.choice(list(kg.ids(Kind.CATEGORY))))
        return dataclasses.replace(category, name=f"{rng.choice(['Aa', 'Mm', 'Zz'])} {category.name}")
    places = list(kg.ids(Kind.LOCATION))
    # Half the time the place with most events: it moves the counts of common place filters.
    busiest = max(places, key=lambda p: (len(kg.event_ids_of(p)), p))
    place: Location = kg.record(busiest if rng.random() < 0.5 else rng.choice(places))
    # Never inside itself: the import refuses a cycle, and so does an edit.
    outside = [p for p in kg.ids(Kind.LOCATION) if p not in kg.places_within(place.id)]
    if choice <= 1 and outside:
        return dataclasses.replace(place, part_of=rng.choice(outside), part_of_dated=())
    if choice == 2:
        return dataclasses.replace(place, part_of=None, part_of_dated=())
    if choice == 3 and outside:
        then, now = rng.choice(outside), rng.choice(outside)
        return dataclasses.replace(
            place,
            part_of=now,
            part_of_dated=(PartOf(then, end=HistoricalDate(1950)), PartOf(now, start=HistoricalDate(1950))),
        )
    if choice == 4:
        return dataclasses.replace(place, kind=rng.choice([k for k in KINDS if k != place.kind]))
    if choice == 5 and rng.random() < 0.5:
        return dataclasses.replace(place, start=HistoricalDate(1801), end=HistoricalDate(1999, 12, 31))
    return dataclasses.replace(
        place, coordinates=Coordinates(round(rng.uniform(-60, 60), 3), round(rng.uniform(-170, 170), 3))
    )


def hierarchy(kg: KnowledgeGraph) -> dict[str, Any]:
    """What reads the place hierarchy, the geo indexes and the names of categories, as plain values."""
    places = kg.ids(Kind.LOCATION)
    return {
        "within": {p: sorted(kg.places_within(p)) for p in places},
        "children": {p: kg.children(p) for p in places},
        "ever inside": {p: sorted(ever_inside(kg, p)) for p in places},
        "dated": sorted(kg.memo("places-with-dated-links", _dated)),
        "tree": (sorted(kg._place_tree().nodes), sorted(kg._place_tree().edges)),
        "tree parents": {p: sorted(kg._place_tree().succ[p]) for p in places},
        "tree children": {p: sorted(kg._place_tree().pred[p]) for p in places},
        "geo places": (place_index(kg).ids, place_index(kg).lat.tolist(), place_index(kg).fine.tolist()),
        "geo events": (event_index(kg).ids, event_index(kg).lat.tolist(), event_index(kg).fine.tolist()),
        "categories by name": kg.ids_by_name(Kind.CATEGORY),
        "places by name": kg.ids_by_name(Kind.LOCATION),
    }


def place_answers(kg: KnowledgeGraph, places: set[str]) -> dict[str, Any]:
    queries = {
        "categories": "{ categories { id name } }",
        "facets": "{ facets(first: 30) { total categories { id name count } locations { id name count } } }",
        "near": "{ events(filter: { near: { lat: 40, lon: 20, radiusKm: 4000 } }, limit: 100) { id } }",
        "near regions": (
            "{ events(filter: { near: { lat: 10, lon: 0, radiusKm: 9000 }, includeRegions: true }, "
            "limit: 100) { id } }"
        ),
        "boxed": (
            "{ events(filter: { within: { south: -60, west: -170, north: 60, east: 170 } }, limit: 100) "
            "{ id } }"
        ),
    }
    for c in kg.ids(Kind.CATEGORY)[:5]:
        queries[f"category {c}"] = (
            f'{{ category(id: "{c}") {{ name }} facets(filter: {{ categories: ["{c}"] }}) '
            "{ total categories { name count } } }"
        )
    for p in sorted(places):
        f = f'filter: {{ locations: ["{p}"] }}'
        queries[f"place {p}"] = (
            f'{{ location(id: "{p}") {{ kind parent {{ id }} containedIn {{ id }} '
            "children(limit: 100) { id } events(limit: 100) { id } } "
            f"eventsConnection(first: 50, {f}) {{ totalCount edges {{ node {{ id }} }} }} "
            f"facets(first: 20, {f}) {{ total locations {{ id count }} categories {{ id count }} }} "
            f"timeline(groupBy: CENTURY, {f}) {{ label count }} }}"
        )
    result = {}
    for name, query in queries.items():
        executed = SCHEMA.execute_sync(query, context_value={"kg": kg})
        result[name] = (executed.data, sorted(str(e.message) for e in executed.errors or ()))
    return result


def containers(kg: KnowledgeGraph, place: str) -> set[str]:
    return {c for c in kg.ids(Kind.LOCATION) if place in kg.places_within(c) or place in ever_inside(kg, c)}


@pytest.mark.parametrize("seed", range(8))
def test_a_moved_place_or_renamed_category_equals_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    check(base, seed)


@pytest.mark.parametrize("seed", range(4))
def test_the_counts_of_common_place_filters_follow_a_moved_place(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # The bundled data has no filter of more than `COMMON_MIN` events: with a lower bound, its
    # places with 20 events or more (in them or inside them) are counted at load, and a move
    # changes some of those counts.
    monkeypatch.setattr(aggregates, "COMMON_MIN", 20)
    kg = load_graph(BUNDLED_DATA)
    build_indexes(kg)
    assert any(key[0] == "locations" for key in kg._memo["aggregates:single"])
    check(kg, seed)


def check(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before_places = hierarchy(base)  # builds the geo indexes and places ever inside first
    before = state(base)
    kg, touched, places = base, set(), set()
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.25:  # a relink between place edits: each patches over the other
            event = relinked(kg, rng)
            touched |= {event.id, *event.people, *event.locations, *kg.record(event.id).locations}
            record: Record = event
        else:
            record = moved(kg, rng)
            if isinstance(record, Location):
                was: Location = kg.record(record.id)
                places |= containers(kg, record.id) | {record.id}
                touched |= {record.id, *(p for p in (was.part_of, record.part_of) if p)}
        patched = patch(kg, {record.id: record})
        assert patched is not None, f"seed {seed}: {record.id} was not patched"
        build_indexes(patched)  # what the patch dropped (PageRank, the unfiltered facets)
        kg = patched
        places |= {c for p in list(places) for c in containers(kg, p)}
    reference = whole(kg)
    got, wanted = state(kg), state(reference)
    # The patched graph also keeps what requests built on first use (geo, places ever inside…):
    # compared below through `hierarchy` and the answers.
    assert set(wanted.pop("memos")) <= set(got.pop("memos")), f"seed {seed}"
    for name in wanted:
        assert got[name] == wanted[name], f"seed {seed}: {name} differs from a whole build"
    assert hierarchy(kg) == hierarchy(reference), f"seed {seed}"
    assert answers(kg, touched) == answers(reference, touched), f"seed {seed}"
    assert place_answers(kg, places) == place_answers(reference, places), f"seed {seed}"
    after, before_memos = state(base), before.pop("memos")
    assert set(before_memos) <= set(after.pop("memos")), f"seed {seed}"
    assert after == before and hierarchy(base) == before_places, (
        f"seed {seed}: the graph patched from changed"
    )


@pytest.mark.parametrize("seed", range(4))
def test_places_ever_inside_after_places_moved_at_once_equal_a_pass_over_every_place(
    base: KnowledgeGraph, seed: int
) -> None:
    # `_ever_inside_moved` walks only the containers above the moved places, before or now,
    # and takes the others' sets from before: here against one pass over every place.
    rng = random.Random(seed)
    hierarchy(base)  # the memos corrected (places ever inside…) are built on first use
    records: dict[str, Record] = {}
    while len(records) < 3:
        record = moved(base, rng)
        if isinstance(record, Location) and record.part_of != base.record(record.id).part_of:
            records.setdefault(record.id, record)
    kg = patch(base, records)
    assert kg is not None, f"seed {seed}"
    assert kg._memo["places-ever-inside"] == _ever_inside(kg), f"seed {seed}"
    assert kg._memo["places-with-dated-links"] == _dated(kg), f"seed {seed}"
    assert hierarchy(kg) == hierarchy(whole(kg)), f"seed {seed}"


def test_a_place_moved_beside_a_relink_in_one_change_is_built_whole(base: KnowledgeGraph) -> None:
    place: Location = base.record(base.ids(Kind.LOCATION)[0])
    event = relinked(base, random.Random(1))
    assert (
        patch(base, {place.id: dataclasses.replace(place, part_of=None, kind="site"), event.id: event})
        is None
    )
