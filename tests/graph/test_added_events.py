"""Events created and patched in (`graph.incremental_events`) equal a whole build of the same records.

Seeded random events (titles sharing words with the graph's, dates on busy days, on days
and years no event had, BC and year-only; people, mentions, places, organisations and
tags drawn from the graph; a summary now and then), one to three in a row, each patched
over the graph the one before made, on the tiny and the bundled data. The patched graph,
its dropped indexes built again, is compared with a graph built whole in the same node
order: the store's tables and the search index (`tests.graph.test_added_people`),
everything `tests.graph.test_redate` compares (the date order, day lists, posting lists'
dates, the text index) and GraphQL answers. The graph patched from is checked unchanged.
"""

from __future__ import annotations

import random

import pytest

from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.models import Event, Kind
from graph.store import KnowledgeGraph
from tests.graph.test_added_people import base, store
from tests.graph.test_redate import dated_answers, dated_state
from tests.graph.test_relink import answers, whole

__all__ = ["base", "event"]

DATES = (
    *(HistoricalDate(1924, 8, 4), HistoricalDate(1990, 1, 2), HistoricalDate(1945)),
    *(HistoricalDate(777, 6, 30), HistoricalDate(-43, 3, 15), HistoricalDate(1111, 11, 11)),
)


def event(kg: KnowledgeGraph, rng: random.Random, n: int) -> Event:
    """A new event: words of a title and new ones, a date old or new, links drawn from the graph."""
    known = kg.record(rng.choice(list(kg.ids(Kind.EVENT)))).title
    title = " ".join([*known.split()[:2], rng.choice(["Zanzibarish", "treaty", "Ålborg", "war"])])
    slug = "".join(c for c in title.lower() if c.isascii() and c.isalnum())
    node_id = rng.choice([f"event:{slug}-{n}", f"event:a{n}", f"event:zz{n}", f"event:{slug}"])

    def some(kind: Kind, most: int) -> tuple[str, ...]:
        ids = list(kg.ids(kind))
        return tuple(rng.sample(ids, min(len(ids), rng.randint(0, most))))

    people = some(Kind.PERSON, 3)
    mentions = tuple(p for p in some(Kind.PERSON, 2) if p not in people)
    return Event(
        node_id,
        title,
        rng.choice(DATES),
        rng.choice(list(kg.ids(Kind.CATEGORY))),
        locations=some(Kind.LOCATION, 2),
        people=people,
        mentions=mentions,
        organizations=some(Kind.ORGANIZATION, 1),
        tags=some(Kind.TAG, 2),
        summary="Signed in the port." if rng.random() < 0.5 else None,
    )


@pytest.mark.parametrize("seed", range(2))
def test_events_patched_in_equal_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = dated_state(base)
    kg, made = base, list[Event]()
    for n in range(rng.randint(1, 3)):
        new = event(kg, rng, n)
        if kg.get(new.id) is not None:
            continue
        patched = patch(kg, {new.id: new})
        assert patched is not None, new
        build_indexes(patched)  # what the patch dropped
        kg, made = patched, [*made, new]
    built = whole(kg)
    assert store(kg) == store(built)
    got, wanted = dated_state(kg), dated_state(built)
    for name in wanted:
        assert got[name] == wanted[name], f"{name} differs from a whole build"
    ids = {e.id for e in made}
    touched = {*ids, *(i for e in made for i in (e.category, *e.people[:1], *e.locations[:1]))}
    assert dated_answers(kg, ids) == dated_answers(built, ids)
    assert answers(kg, touched) == answers(built, touched)
    assert dated_state(base) == before  # the graph patched from is as it was
