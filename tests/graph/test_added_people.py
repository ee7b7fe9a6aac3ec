"""People created and patched in (`graph.incremental_added`) equal a whole build of the same records.

Seeded random people (names sharing words with the graph's, new words, aliases, life
dates on busy month-days), one to three in a row, each patched over the graph the one
before made (a relink in between now and then), on the tiny and the bundled data. After
each sequence the patched graph, its dropped indexes built again, is compared with a
graph built whole in the same node order: every array of the store and the search
index, the posting lists, the name orders, the people by life day, everything
`tests.graph.test_relink` compares, and a set of GraphQL answers. The graph patched
from is checked unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import numpy as np
import pytest

from graph.bundled import BUNDLED_DATA
from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.incremental_links import keep_stale_pagerank, with_fresh_pagerank
from graph.indexes import NAMED_KINDS, build_indexes
from graph.loader import load_graph
from graph.models import Kind, Person
from graph.queries.ranking import RankBy, ranking
from graph.store import KnowledgeGraph
from tests.graph.test_redate import carried_order
from tests.graph.test_relink import answers, relinked, state, whole

TINY = "tests/data/tiny"
WORD_ARRAYS = ("name_words", "name_starts", "name_node", "one_word_factor", "postings", "word_starts",
               "word_length", "has_letter", "node_kind", "tie_rank", "event_year", "date_order")  # fmt: skip


@pytest.fixture(scope="module", params=[TINY, BUNDLED_DATA], ids=["tiny", "bundled"])
def base(request: pytest.FixtureRequest) -> KnowledgeGraph:
    kg = load_graph(request.param)
    build_indexes(kg)
    return kg


def person(kg: KnowledgeGraph, rng: random.Random, n: int) -> Person:
    """A new person: words of existing names and new ones, an alias now and then, life dates."""
    known = [kg.record(p).name for p in rng.sample(list(kg.ids(Kind.PERSON)), 2)]
    words = [*known[0].split()[:1], rng.choice(["Zanzibarish", "Ålborg", "Qux", "Stalin", "of", "Ü"])]
    name = " ".join(rng.sample(words, len(words)))
    slug = "".join(c for c in name.lower() if c.isascii() and c.isalnum())
    node_id = rng.choice(
        [f"person:{slug}-{n}", f"person:a{n}", f"person:zz{n}", f"person:{slug}", f"person:Odd_{n}"]
    )
    aliases = (known[1],) if rng.random() < 0.4 else ()
    born = HistoricalDate(rng.randint(1800, 1950), 8, 4) if rng.random() < 0.6 else None
    died = HistoricalDate(1990, rng.choice([1, 8]), 4) if rng.random() < 0.5 else None
    return Person(node_id, name, aliases=aliases, born=born, died=died)


def store(kg: KnowledgeGraph) -> dict[str, Any]:
    """The store's own tables and the indexes a created person reaches, as plain values."""
    size = len(kg.graph)
    found: dict[str, Any] = {
        "ids": [kg.id_of(n) for n in range(size)],
        "numbers": {n: kg.number(n) for n in kg.graph},
        "records": {n: kg.record(n) for n in kg.graph},
        "kinds": {n: kg.kind_of(n) for n in kg.graph},
        "nodes": list(kg.graph),
        "position": kg._position.tolist(),
        "on day": [kg._on_day.row(n).tolist() for n in range(len(kg._on_day))],
        "by kind": {k.value: list(kg.ids(k)) for k in Kind},
        "id lists": {k.value: list(kg.id_list(k)) for k in Kind},
        "names": {name: kg.find(name) for name in kg._names},
        "life days": kg._memo["life_days"],
        "slugs": {
            k: (kg._memo[f"slugs:{k}"].by_slug, kg._memo[f"slugs:{k}"].by_id) for k in ("event", "person")
        },
    }
    for kind in NAMED_KINDS:
        found[f"by name {kind.value}"] = kg.ids_by_name(kind)
        found[f"by name {kind.value} st"] = kg.ids_by_name(kind, "st")
    words = kg._memo["search"].words
    for name in WORD_ARRAYS:
        found[f"search {name}"] = np.asarray(getattr(words, name)).tolist()
    found["search vocabulary"] = list(words.vocabulary)
    found["search ids"] = list(words.ids)
    for name, field in kg._memo["postings"].fields.items():
        found[f"field {name}"] = (field.ids, field.number, field.names, field.rank.tolist())
    return found


def searched(kg: KnowledgeGraph, people: list[Person]) -> dict[str, Any]:
    index = kg._memo["search"]
    queries = ["stal", "zanzibarish", "alborg", "of", "qux", *(p.name for p in people)]
    return {q: [(h.id, h.score) for h in index.search(q, first=20)] for q in queries}


@pytest.mark.parametrize("seed", range(8))
def test_people_patched_in_equal_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = (state(base), store(base))
    kg, made = base, list[Person]()
    for n in range(rng.randint(1, 3)):
        if rng.random() < 0.3:  # a relink first, patched over the graph the people were added to
            event = relinked(kg, rng)
            kg = patch(kg, {event.id: event}) or pytest.fail("a relink was built whole")
            build_indexes(kg)
        new = person(kg, rng, n)
        if kg.get(new.id) is not None:
            continue
        patched = patch(kg, {new.id: new})
        assert patched is not None, new
        build_indexes(patched)  # what the patch dropped
        assert carried_order(patched), "the node order carried past the new node is not the graph's"
        kg, made = patched, [*made, new]
    built = whole(kg)
    assert store(kg) == store(built)
    assert state(kg) == state(built)
    assert searched(kg, made) == searched(built, made)
    touched = {p.id for p in made}
    assert answers(kg, touched) == answers(built, touched)
    assert (state(base), store(base)) == before  # the graph patched from is as it was


def test_a_person_beside_another_change_is_built_whole(base: KnowledgeGraph) -> None:
    event = base.record(base.ids(Kind.EVENT)[0])
    lenin = Person("person:lenin-x", "Vladimir Lenin")
    assert patch(base, {lenin.id: lenin, event.id: dataclasses.replace(event, summary="x")}) is None


def test_a_served_person_keeps_the_pagerank_before_by_id_until_it_is_computed(base: KnowledgeGraph) -> None:
    lenin = Person("person:aaa-lenin", "Vladimir Lenin")  # first among the people: every number moves
    new = patch(base, {lenin.id: lenin})
    assert new is not None and "ranking.person.pagerank" not in new._memo
    assert keep_stale_pagerank(base, new)
    build_indexes(new)
    assert ranking(new, Kind.PERSON, RankBy.PAGERANK, first=20) == ranking(
        base, Kind.PERSON, RankBy.PAGERANK, first=20
    )
    fresh = with_fresh_pagerank(new)
    assert state(fresh) == state(whole(new))
