"""People merged and patched (`graph.incremental_removed`) equal a whole build of the same records.

Seeded random merges through `graph.edit_operations` (``mergePeople``, as curators send
them: a survivor and a merged person, either linked by many events or by none, first or
last in id order), one or two in a row, each patched over the graph the one before made,
on the tiny and the bundled data. After each sequence the patched graph, its dropped
indexes built again, is compared with a graph built whole in the same node order: every
array of the store, the posting lists, the name orders, the people by life day,
everything `tests.graph.test_relink` compares, search, and a set of GraphQL answers. The
graph patched from is checked unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import numpy as np
import pytest

from clio.state.live import events_of
from graph.bundled import BUNDLED_DATA
from graph.edit_operations import apply_edit
from graph.edits import Workspace
from graph.incremental import patch
from graph.incremental_removed import removed
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Kind, Person
from graph.store import KnowledgeGraph
from tests.graph.test_added_people import person, store
from tests.graph.test_relink import answers, state, whole

TINY = "tests/data/tiny"


@pytest.fixture(scope="module", params=[TINY, BUNDLED_DATA], ids=["tiny", "bundled"])
def base(request: pytest.FixtureRequest) -> KnowledgeGraph:
    kg = load_graph(request.param)
    if len(kg.ids(Kind.PERSON)) < 3:  # the tiny data: namesakes to merge, one before and one after
        records = [r for n in kg.graph if (r := kg.record(n)) is not None]
        extra = [Person("person:aaron-stalin", "Aaron Stalin"), Person("person:zed", "Iosif Stalin")]
        kg = KnowledgeGraph.from_records([*records, *extra])
    build_indexes(kg)
    return kg


def merged(kg: KnowledgeGraph, rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    """The records a ``mergePeople`` of two random people changes (the merged one None), and its redirect."""
    people = list(kg.ids(Kind.PERSON))
    busy = sorted(people, key=lambda p: (-len(kg.event_ids_of(p)), p))
    pool = [*busy[:3], *busy[-3:], people[0], people[-1], *rng.sample(people, min(3, len(people)))]
    survivor, gone = rng.sample(sorted(set(pool)), 2)
    ws = Workspace(kg.get, lambda i: kg.get(i) is not None)
    apply_edit(ws, "mergePeople", {"survivorId": survivor, "mergedId": gone}, lambda i: events_of(kg, i))
    return dict(ws.changed), dict(ws.redirects)


def stored(kg: KnowledgeGraph, built: KnowledgeGraph) -> dict[str, Any]:
    """`store`, with ``find`` asked every name either graph's table lists (renamed names live apart).

    The survivor's new aliases are scored apart from the search arrays (`PatchedWordIndex`):
    search is compared by its answers (`searched`), the arrays by `test_a_person_added_then_removed`.
    """
    found = {k: v for k, v in store(kg).items() if not k.startswith("search ")}
    found["names"] = {name: kg.find(name) for name in {*kg._names, *built._names}}
    return found


def ordered(kg: KnowledgeGraph) -> dict[str, Any]:
    """`state`, the search tie-break read as an order (a renamed node is placed by a fraction)."""
    found = state(kg)
    found["tie ranks"] = np.argsort(np.asarray(found["tie ranks"]), kind="stable").tolist()
    return found


def searched(kg: KnowledgeGraph, words: set[str]) -> dict[str, Any]:
    index = kg._memo["search"]
    return {q: [(h.id, h.score) for h in index.search(q, first=20)] for q in sorted(words)}


@pytest.mark.parametrize("seed", range(2))  # the state machine's mergePeople rule draws more
def test_people_merged_and_patched_equal_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = (state(base), store(base))
    kg, touched, words = base, set[str](), {"stal", "of"}
    for _ in range(rng.randint(1, 2)):
        records, redirects = merged(kg, rng)
        for node_id in records:
            record = kg.record(node_id)
            words.update(record.name.lower().split()[:1] if hasattr(record, "name") else ())
        patched = patch(kg, records)
        assert patched is not None, sorted(records)
        build_indexes(patched)  # what the patch dropped
        assert all(patched.get(gone) is None for gone in redirects)
        kg, touched = patched, touched | set(records)
    built = whole(kg)
    assert stored(kg, built) == stored(built, kg)
    assert ordered(kg) == ordered(built)
    assert searched(kg, words) == searched(built, words)
    touched = {i for i in touched if kg.get(i) is not None}
    assert answers(kg, touched) == answers(built, touched)
    assert (state(base), store(base)) == before  # the graph patched from is as it was


@pytest.mark.parametrize("seed", range(3))
def test_a_person_added_then_removed_gives_the_graph_back(base: KnowledgeGraph, seed: int) -> None:
    new = person(base, random.Random(seed), seed)
    grown = patch(base, {new.id: new})
    assert grown is not None
    build_indexes(grown)
    back = removed(grown, [new.id])
    assert back is not None
    build_indexes(back)
    assert store(back) == store(base)  # every array of the store and the search index
    assert state(back) == state(base)


def test_a_date_patched_then_a_person_merged_keeps_every_day_list(base: KnowledgeGraph) -> None:
    # A date patch keeps its day lists apart, keyed by month-day (`_on_day`); taking out a
    # person whose node number is below a patched month-day's key once moved that list to
    # the day before (the tiny data's people are numbered 10-13, its day slots run to 372).
    event = next(e for e in base.ids(Kind.EVENT) if (d := base.node(e).date) is not None and d.day)
    record = base.record(event)
    day = record.date.day % 27 + 1  # type: ignore[union-attr]
    dated = patch(base, {event: dataclasses.replace(record, date=dataclasses.replace(record.date, day=day))})
    assert dated is not None
    records, _ = merged(dated, random.Random(3))
    kg = patch(dated, records)
    assert kg is not None
    built = whole(kg)
    days = [(m, d) for m in range(1, 13) for d in range(1, 32)]
    assert [kg.on_day_ids(m, d) for m, d in days] == [built.on_day_ids(m, d) for m, d in days]
