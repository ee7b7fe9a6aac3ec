"""Events deleted and merged, patched (`graph.incremental_deleted`), equal a whole build of the same records.

Seeded random ``deleteEvent`` and ``mergeEvents`` through `graph.edit_operations` (as
curators send them: busy events, the first and last in date order, events on a day or a
year only they have, so that calendar nodes go with them), one or two in a row, each
patched over the graph the one before made, on the tiny and the bundled data. The
patched graph, its dropped indexes built again, is compared with a graph built whole in
the same node order: the store's tables and the search index
(`tests.graph.test_added_people`), everything `tests.graph.test_redate` compares and
GraphQL answers about the records touched. An event created and then deleted gives the
graph back, array by array. The graph patched from is checked unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

import tests.graph.test_relink
from graph.edit_operations import apply_edit
from graph.edits import Workspace
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.models import Event, Kind, Source
from graph.store import KnowledgeGraph
from tests.graph.test_added_events import event
from tests.graph.test_added_people import base, store
from tests.graph.test_merged_people import stored
from tests.graph.test_redate import dated_answers, dated_state
from tests.graph.test_relink import answers, whole

__all__ = ["base"]


@pytest.fixture(autouse=True)
def few_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """`answers` asks the touched records only: the broad documents (3 s a graph on the bundled
    data) are the state machine's (`tests.graph.test_patch_sequences`), which deletes and merges too."""
    monkeypatch.setattr(tests.graph.test_relink, "documents", lambda kg: {})


def _pool(kg: KnowledgeGraph, rng: random.Random) -> list[str]:
    """Events worth deleting: the busiest, the first and last in date order, some at random."""
    events = list(kg.ids(Kind.EVENT))
    busy = sorted(events, key=lambda e: (-kg.links(e), e))
    return sorted({*busy[:3], events[0], events[-1], *rng.sample(events, min(3, len(events)))})


def _edited(
    kg: KnowledgeGraph, operation: str, given: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    ws = Workspace(kg.get, lambda i: kg.get(i) is not None)
    apply_edit(ws, operation, given, kg.event_ids_of)
    return dict(ws.changed), dict(ws.redirects)


def _touched(kg: KnowledgeGraph, ids: set[str]) -> set[str]:
    """``ids`` and the records their events link (the category, a person, a place)."""
    found = set(ids)
    for node_id in ids:
        record = kg.get(node_id)
        if isinstance(record, Event):
            found |= {record.category, *record.people[:1], *record.locations[:1]}
    return found


def _compare(kg: KnowledgeGraph, touched: set[str]) -> None:
    built = whole(kg)
    if kg._renamed is None:
        assert store(kg) == store(built)
    else:  # a renamed name's old spelling stays in the exact-name table, found by nothing
        assert stored(kg, built) == stored(built, kg)
    got, wanted = dated_state(kg), dated_state(built)
    for name in wanted:
        assert got[name] == wanted[name], f"{name} differs from a whole build"
    touched = {i for i in touched if kg.get(i) is not None}
    events = {i for i in touched if i.startswith("event:")}
    assert dated_answers(kg, events) == dated_answers(built, events)
    assert answers(kg, touched) == answers(built, touched)


@pytest.mark.parametrize("seed", range(1))  # the state machine's deleteEvent rule draws more
def test_deleted_events_patched_equal_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = dated_state(base)
    kg, touched = base, set[str]()
    for _ in range(rng.randint(1, 2)):
        gone = rng.choice(_pool(kg, rng))
        touched |= _touched(kg, {gone})
        records, _ = _edited(kg, "deleteEvent", {"id": gone})
        patched = patch(kg, records)
        assert patched is not None, gone
        build_indexes(patched)  # what the patch dropped
        assert patched.get(gone) is None and patched.number(gone) is None
        kg = patched
    _compare(kg, touched)
    assert dated_state(base) == before  # the graph patched from is as it was


@pytest.mark.parametrize("seed", range(1))  # the state machine's mergeEvents rule draws more
def test_merged_events_patched_equal_a_whole_build(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = dated_state(base)
    kg, touched = base, set[str]()
    for _ in range(rng.randint(1, 2)):
        survivor, gone = rng.sample(_pool(kg, rng), 2)
        touched |= _touched(kg, {survivor, gone})
        records, redirects = _edited(kg, "mergeEvents", {"survivorId": survivor, "mergedId": gone})
        assert redirects == {gone: survivor}
        patched = patch(kg, records)
        assert patched is not None, (survivor, gone)
        build_indexes(patched)
        assert patched.get(gone) is None
        kg = patched
    _compare(kg, touched)
    assert dated_state(base) == before


@pytest.mark.parametrize("seed", range(2))
def test_an_event_created_then_deleted_gives_the_graph_back(base: KnowledgeGraph, seed: int) -> None:
    # Its dates are drawn from years and month-days no event has too: their calendar nodes go with it.
    made = event(base, random.Random(seed), seed)
    if base.get(made.id) is not None:
        pytest.skip(f"{made.id} is in the graph already")
    grown = patch(base, {made.id: made})
    assert grown is not None
    build_indexes(grown)
    back = patch(grown, {made.id: None})
    assert back is not None
    build_indexes(back)
    assert store(back) == store(base)  # every array of the store and the search index
    assert dated_state(back) == dated_state(base)


def test_a_merge_whose_sources_name_a_day_of_the_survivor_is_patched(base: KnowledgeGraph) -> None:
    # A day page inside the survivor's span, cited by the merged event, links the survivor
    # to that day (`graph.daypages.told_days`): its links and its days both change.
    spans = [
        e
        for e in map(base.record, base.ids(Kind.EVENT))
        if e.end_date is not None
        and e.date.day
        and e.end_date.day
        and e.end_date.sort_key() > e.date.sort_key()
    ]
    if not spans:
        pytest.skip("no event spans days here")
    survivor, end = spans[0], spans[0].end_date
    assert end is not None
    other = next(e for e in map(base.record, base.ids(Kind.EVENT)) if e.id != survivor.id and e.people)
    page = Source("wikipedia", f"events/{end.month:02d}/{end.day:02d}.json")
    kg = patch(base, {other.id: dataclasses.replace(other, sources=(*other.sources, page))})
    assert kg is not None
    build_indexes(kg)
    records, _ = _edited(kg, "mergeEvents", {"survivorId": survivor.id, "mergedId": other.id})
    patched = patch(kg, records)
    assert patched is not None
    build_indexes(patched)
    assert f"day:{end.month:02d}-{end.day:02d}" in patched.graph._succ[survivor.id]  # type: ignore[attr-defined]
    _compare(patched, _touched(kg, {survivor.id, other.id}))


# The busiest event, and the last by links: alone on its day or year, whose calendar node goes.
@pytest.mark.parametrize("busy", [True, False], ids=["busy", "alone"])
def test_an_event_deleted_after_a_rename_is_patched(base: KnowledgeGraph, busy: bool) -> None:
    # A renamed person is scored apart in the search index (`PatchedWordIndex`, numbered by
    # node): the deletion leaves that index out, to be built again over the new graph.
    people = sorted(base.ids(Kind.PERSON), key=lambda p: (-len(base.event_ids_of(p)), p))
    renamed = base.record(people[0])
    kg = patch(base, {renamed.id: dataclasses.replace(renamed, name="Zanzibarish Obregon")})
    assert kg is not None
    build_indexes(kg)
    events = sorted(kg.ids(Kind.EVENT), key=lambda e: (-kg.links(e), e))
    gone = events[0] if busy else events[-1]
    records, _ = _edited(kg, "deleteEvent", {"id": gone})
    patched = patch(kg, records)
    assert patched is not None, gone
    build_indexes(patched)
    assert patched.get(gone) is None
    _compare(patched, _touched(kg, {gone, renamed.id}))
