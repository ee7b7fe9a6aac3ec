"""Places created and patched in (`graph.incremental_added`, `graph.incremental_places`) equal a whole build.

Seeded random places (names sharing words with the graph's places, new words, an alias,
a kind and coordinates, a parent and dated parents now and then), one to three in a row,
each patched over the graph the one before made, on the tiny and the bundled data. The
patched graph, its dropped indexes built again, is compared with a graph built whole in
the same node order: the store's tables and the search index (`tests.graph.test_added_people`),
everything `tests.graph.test_relink` compares, the places within each container and
GraphQL answers. The graph patched from is checked unchanged.
"""

from __future__ import annotations

import random

import pytest

from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.models import Coordinates, Kind, Location, PartOf
from graph.store import KnowledgeGraph
from tests.graph.test_added_people import base, store
from tests.graph.test_relink import answers, state, whole

__all__ = ["base", "place"]


def place(kg: KnowledgeGraph, rng: random.Random, n: int) -> Location:
    """A new place: words of a place's name and new ones, now and then an alias, a point, parents."""
    places = list(kg.ids(Kind.LOCATION))
    known = [kg.record(p).name for p in rng.sample(places, 2)]
    name = " ".join([*known[0].split()[:1], rng.choice(["Zanzibarish", "Ålborg", "Port", "Nueva"])])
    slug = "".join(c for c in name.lower() if c.isascii() and c.isalnum())
    node_id = rng.choice([f"location:{slug}-{n}", f"location:a{n}", f"location:zz{n}", f"location:{slug}"])
    parent = rng.choice(places) if rng.random() < 0.6 else None
    dated: tuple[PartOf, ...] = ()
    if parent is not None and rng.random() < 0.4:
        dated = (PartOf(rng.choice(places), end=HistoricalDate(1917)), PartOf(parent, HistoricalDate(1917)))
    return Location(
        node_id,
        name,
        rng.choice(["city", "country", "site", "region"]),
        aliases=(known[1],) if rng.random() < 0.4 else (),
        part_of=parent,
        part_of_dated=dated,
        coordinates=Coordinates(rng.uniform(-60, 60), rng.uniform(-170, 170)) if rng.random() < 0.5 else None,
    )


def within(kg: KnowledgeGraph) -> dict[str, object]:
    """The places within each container, and the places' slugs."""
    slugs = kg._memo["slugs:location"]
    found: dict[str, object] = {p: tuple(sorted(kg.places_within(p))) for p in kg.ids(Kind.LOCATION)}
    return {**found, "slugs": (slugs.by_slug, slugs.by_id)}


@pytest.mark.parametrize("seed", range(2))
def test_places_patched_in_equal_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = (state(base), store(base), within(base))
    kg, made = base, list[str]()
    for n in range(rng.randint(1, 3)):
        new = place(kg, rng, n)
        if kg.get(new.id) is not None:
            continue
        patched = patch(kg, {new.id: new})
        assert patched is not None, new
        build_indexes(patched)  # what the patch dropped
        kg, made = patched, [*made, new.id]
    built = whole(kg)
    assert store(kg) == store(built)
    assert state(kg) == state(built)
    assert within(kg) == within(built)
    touched = {*made, *(p for i in made if (p := kg.record(i).part_of) is not None)}
    assert answers(kg, touched) == answers(built, touched)
    assert (state(base), store(base), within(base)) == before  # the graph patched from is as it was
