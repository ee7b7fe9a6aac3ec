"""A graph with renames patched in answers as one built whole from the same records.

Renames (an event's title, a person's or place's aliases and name) go through a
`LiveGraph` one at a time, as a worker applies them; a second `LiveGraph` replays them
and builds its graph whole. Search (on the old names, the new ones, their prefixes and
misspellings), exact-name lookups, the name orders and their scans, and the GraphQL
documents of `tests.state.test_incremental` must answer the same on both.
"""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clio.state.live import LiveGraph
from graph.bundled import BUNDLED_DATA
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind
from graph.queries.aggregates import _QUERY_FIELD, facets_of, precounts
from graph.queries.events import EventQuery
from graph.queries.search import search
from graph.store import KnowledgeGraph
from tests.state.test_incremental import WORDS, _change, _queries, answers

#: New names: some new words, some an old name's words again (ties with the node that keeps them).
NAMES = (*WORDS, "Joseph Stalin", "Battle", "Mexico", "Revolutionary treaty of Paris", "Zürich accord", "A")


@pytest.fixture(scope="module", params=["bundled", "tiny"])
def base(request: pytest.FixtureRequest) -> KnowledgeGraph:
    kg = load_graph(BUNDLED_DATA if request.param == "bundled" else "tests/data/tiny")
    build_indexes(kg)
    return kg


def renames(kg: KnowledgeGraph) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """One rename: mostly titles and aliases (patched), now and then a person's name (built whole)."""
    events = st.sampled_from(list(kg.ids(Kind.EVENT)))
    people = st.sampled_from(list(kg.ids(Kind.PERSON)))
    places = st.sampled_from(list(kg.ids(Kind.LOCATION)))
    names = st.sampled_from(NAMES)
    # A title a letter away from the old one keeps the event's place among events of its date.
    retouched = events.map(lambda e: ("updateEvent", {"id": e, "title": kg.record(e).title + "s"}))
    titled = st.tuples(events, names).map(lambda e: ("updateEvent", {"id": e[0], "title": e[1]}))
    aliased = st.tuples(st.one_of(people, places), st.lists(names, max_size=3, unique=True)).map(
        lambda e: (
            "updatePerson" if e[0].startswith("person:") else "updateLocation",
            {"id": e[0], "aliases": e[1]},
        )
    )
    named = st.tuples(people, names).map(lambda e: ("updatePerson", {"id": e[0], "name": e[1]}))
    return st.one_of(retouched, retouched, titled, aliased, aliased, named)


def _name_answers(kg: KnowledgeGraph, words: set[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for word in sorted(words):
        found[f"search {word}"] = [(h.id, h.score, h.label) for h in search(kg, word, first=25)]
        found[f"find {word}"] = kg.find(word)
        for kind in (Kind.PERSON, Kind.LOCATION, Kind.TAG):
            found[f"{kind.value} containing {word}"] = list(kg.ids_by_name(kind, word))
    for kind in (Kind.PERSON, Kind.LOCATION, Kind.TAG):
        found[f"{kind.value} by name"] = list(kg.ids_by_name(kind))
    return found


def _words_of(kg: KnowledgeGraph, node_ids: set[str]) -> set[str]:
    """What to look for: each touched node's names, their words, prefixes and a misspelling each."""
    texts = set(NAMES)
    for node_id in node_ids:
        record = kg.get(node_id)
        if record is not None:
            texts.update(
                [record.title]
                if isinstance(record, Event)
                else [record.name, *getattr(record, "aliases", ())]
            )
    words = set(texts)
    for text in texts:
        for word in text.split():
            words.update({word, word[:2], word[:4], word[1:], word + "x"})
    return {w for w in words if w.strip()}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_graph_with_renames_patched_answers_as_one_built_whole(
    base: KnowledgeGraph, data: st.DataObject
) -> None:
    sequence = data.draw(st.lists(renames(base), min_size=1, max_size=6), label="renames")
    live, reference = LiveGraph(base), LiveGraph(base)
    changes = [_change(seq, operation, given) for seq, (operation, given) in enumerate(sequence, start=1)]
    ways = []
    for change in changes:
        live.absorb([change])
        live.rebuild()
        ways.append(live.last_rebuild)
    reference.absorb(changes)
    reference.rebuild(whole=True)
    touched = {c.target for c in changes}
    words = _words_of(base, touched) | _words_of(reference.kg, touched)
    assert _name_answers(live.kg, words) == _name_answers(reference.kg, words), ways
    # The documents of `tests.schema.unchanged` need the bundled data's people.
    queries = _queries(reference.kg, touched) if len(base.ids(Kind.PERSON)) > 5 else {}
    for word in sorted(words)[:40]:
        text = json.dumps(word, ensure_ascii=False)
        queries[f"person {word}"] = f"{{ people(name: {text}, limit: 50) {{ id name }} }}"
    assert answers(live.kg, queries) == answers(reference.kg, queries), ways


def test_titles_and_aliases_are_patched(base: KnowledgeGraph) -> None:
    rng = random.Random(14)
    events = list(base.ids(Kind.EVENT))
    live = LiveGraph(base)
    for seq in range(1, 6):
        event = rng.choice(events)
        live.absorb(
            [_change(seq, "updateEvent", {"id": event, "title": base.record(event).title + " (revised)"})]
        )
        live.rebuild()
        assert live.last_rebuild == "patched", event
        assert live.kg.find(base.record(event).title + " (revised)") == [event]
        assert base.record(event).title not in {
            h.label for h in search(live.kg, base.record(event).title) if h.id == event
        }
    person = base.ids(Kind.PERSON)[0]
    live.absorb([_change(9, "updatePerson", {"id": person, "aliases": ["Qqxzv the Great"]})])
    live.rebuild()
    assert live.last_rebuild == "patched"
    assert live.kg.find("qqxzv the great") == [person]
    assert [h.id for h in search(live.kg, "qqxzv", first=1)] == [person]


def test_a_title_that_moves_the_event_among_its_date_is_built_whole() -> None:
    kg = load_graph(BUNDLED_DATA)
    build_indexes(kg)
    # Two events of one date are ordered by title: a title that changes their order moves positions.
    by_date: dict[Any, list[str]] = {}
    for event_id in kg.ids(Kind.EVENT):
        by_date.setdefault(kg.record(event_id).date.sort_key(), []).append(event_id)
    pair = next(ids for ids in by_date.values() if len(ids) > 1)
    first = kg.record(pair[0])
    assert patch(kg, {first.id: dataclasses.replace(first, title="\uffff last")}) is None


def test_facets_after_renames_match_a_whole_build(monkeypatch: pytest.MonkeyPatch) -> None:
    # Filters of a few events counted at load, as the full import counts those of thousands: the
    # renamed values meet the lists' cuts and ties.
    monkeypatch.setattr("graph.queries.aggregates.COMMON_MIN", 3)
    kg = load_graph(BUNDLED_DATA)
    build_indexes(kg)
    assert precounts(kg)
    rng = random.Random(12)
    linked = [p for p in kg.ids(Kind.PERSON) if kg.event_ids_of(p)]
    places = [p for p in kg.ids(Kind.LOCATION) if kg.event_ids_of(p)]
    tags = [t for t in kg.ids(Kind.TAG) if kg.event_ids_of(t)]
    patched = kg
    records: dict[str, Any] = {}
    for step, node_id in enumerate([*rng.sample(linked, 6), *rng.sample(places, 3), rng.choice(tags)]):
        record = patched.record(node_id)
        name = rng.choice(["A", "Zz top", "Mexico", record.name + " II", "Éamon"])
        records[node_id] = dataclasses.replace(record, name=name)
        after = patch(patched, {node_id: records[node_id]})
        assert after is not None, step
        patched = after
    whole = KnowledgeGraph.from_records(
        [records.get(n, r) for n in kg.graph if (r := kg.record(n)) is not None]
    )
    build_indexes(whole)
    assert precounts(patched).keys() == precounts(whole).keys()
    for field, node_id in precounts(whole):
        query = EventQuery(**{_QUERY_FIELD[field]: (node_id,)})  # type: ignore[arg-type]
        assert facets_of(patched, query, first=100) == facets_of(whole, query, first=100), node_id
    assert facets_of(patched, None, first=100) == facets_of(whole, None, first=100)
    for kind in (Kind.PERSON, Kind.LOCATION, Kind.TAG):
        assert list(patched.ids_by_name(kind)) == list(whole.ids_by_name(kind))


def test_ties_after_a_rename_go_by_the_new_labels() -> None:
    kg = load_graph(BUNDLED_DATA)
    build_indexes(kg)
    # Two people as connected as each other, renamed so that their labels swap order: a search
    # that scores both alike lists them by the new labels, as a whole build does.
    by_degree: dict[int, list[str]] = {}
    for person in kg.ids(Kind.PERSON):
        by_degree.setdefault(kg.graph.degree(person), []).append(person)
    first, second = next(sorted(ids)[:2] for ids in by_degree.values() if len(ids) > 1)
    records = {
        first: dataclasses.replace(kg.record(first), name="Qqxzv Zed"),
        second: dataclasses.replace(kg.record(second), name="Qqxzv Abe"),
    }
    patched = patch(kg, records)
    assert patched is not None
    whole = KnowledgeGraph.from_records(
        [records.get(n, r) for n in kg.graph if (r := kg.record(n)) is not None]
    )
    build_indexes(whole)
    found = [(hit.id, hit.score) for hit in search(patched, "qqxzv")]
    assert found == [(hit.id, hit.score) for hit in search(whole, "qqxzv")]
    assert [node_id for node_id, _ in found] == [second, first]
