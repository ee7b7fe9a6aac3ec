"""A graph patched edit by edit answers as one built whole from the same records.

Patched (`graph.incremental.patch`), or built whole with the indexes a change cannot reach
carried over (`graph.incremental.carry_over`): either way, the same answers.

Random sequences of edits (create, update, delete, link, unlink, merge; mostly the word
changes `graph.incremental.patch` applies without a rebuild) go through a `LiveGraph` over
the bundled data, one change at a time as a worker applies them. A second `LiveGraph`
replays the same changes and builds its graph whole. The two graphs must give the same
answers: a fixed set of GraphQL documents through the schema (every text filter, ranking,
timeline, facet and neighbourhood of `tests.schema.unchanged`, search, the records the
edits touched, text filters on the words the edits wrote) and the notebook API.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clio.state.live import EDIT_SOURCE, LiveGraph
from clio.state.store import Change
from clio.upstream import fast_schema
from graph import notebook
from graph.bundled import BUNDLED_DATA
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind
from graph.queries.events import events_at
from graph.queries.text_index import text_index
from graph.store import KnowledgeGraph
from tests.schema.unchanged import documents

#: Words the edits write, so that text filters and search meet them.
WORDS = ("zanzibar accord", "treaty of nowhere", "explosion", "Ωmega plo", "revolution", "qqxzv war")
#: Birth and death dates the edits write, and the month-days `day(…) { births deaths }` is asked for.
LIFE_DATES = ("1879-12-18", "1900-01-02", "1953-03-05", "1990-01-02", "1999")
LIFE_DAYS = ((12, 18), (1, 2), (3, 5), (8, 4))
SCHEMA = fast_schema([], 0)


@pytest.fixture(scope="module")
def base() -> KnowledgeGraph:
    kg = load_graph(BUNDLED_DATA)
    build_indexes(kg)
    return kg


def _event(kg: KnowledgeGraph, event_id: str) -> Event:
    event = kg.typed(event_id, Event)
    assert event is not None
    return event


def _change(seq: int, operation: str, given: dict[str, Any]) -> Change:
    target = given.get("id") or given.get("eventId") or given.get("survivorId") or ""
    return Change(
        id=seq, author="test", author_role="reviewer", client_key=None, request_hash=str(seq),
        created_at="2026-01-01T00:00:00Z", operation=operation, target=target, subjects=f",{target},",
        input=given, reason="differential test", diff={}, expected_version=None, status="APPLIED",
        reviewer="test", reviewed_at=None, review_comment=None, seq=seq,
    )  # fmt: skip


def edits(kg: KnowledgeGraph) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """One edit on the bundled data; word changes weigh most, as they do among curators' edits."""
    events = st.sampled_from(list(kg.ids(Kind.EVENT)))
    people = st.sampled_from(list(kg.ids(Kind.PERSON)))
    places = st.sampled_from(list(kg.ids(Kind.LOCATION)))
    tags = st.sampled_from(list(kg.ids(Kind.TAG)))
    words = st.sampled_from(WORDS)

    def op(operation: str, /, **fields: Any) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
        return st.tuples(st.just(operation), st.fixed_dictionaries(fields))

    text_field = st.sampled_from(["summary", "whatHappened", "whyItMatters"])
    word_edit = st.tuples(events, text_field, words).map(
        lambda e: ("updateEvent", {"id": e[0], e[1]: f"Now: {e[2]}."})
    )
    return st.one_of(
        word_edit,
        word_edit,
        word_edit,
        op("updatePerson", id=people, description=words),
        op("updatePerson", id=people, born=st.sampled_from(LIFE_DATES), died=st.sampled_from(LIFE_DATES[2:])),
        op("updateLocation", id=places, description=words),
        # A place moved (an edit that would put it inside itself is refused and skipped) or retyped.
        op("updateLocation", id=places, partOf=places),
        op("updateLocation", id=places, kind=st.sampled_from(["city", "region", "site", "country"])),
        op("updateEvent", id=events, title=words),
        op("updateEvent", id=events, date=st.sampled_from(["1917-11-07", "1066", "2001-09-11"])),
        op("updatePerson", id=people, name=words, born=st.just("1900-01-02")),
        op(
            "createEvent", title=words, date=st.just("1924-08-04"), category=st.just(kg.ids(Kind.CATEGORY)[0])
        ),
        # A new person is patched in (`graph.incremental_added`).
        op("createPerson", name=words, born=st.sampled_from(LIFE_DATES)),
        op("deleteEvent", id=events),
        op("linkEvent", eventId=events, targetId=st.one_of(people, places, tags)),
        op("unlinkEvent", eventId=events, targetId=st.one_of(people, places, tags)),
        op("mergePeople", survivorId=people, mergedId=people),
        op("mergeEvents", survivorId=events, mergedId=events),
    )


def _queries(kg: KnowledgeGraph, touched: set[str]) -> dict[str, str]:
    found = dict(documents(kg))
    for word in {w for phrase in WORDS for w in phrase.split()} | {"zanz", "of now", "plo"}:
        text = json.dumps(word, ensure_ascii=False)
        found[f"text {word}"] = f"{{ events(filter: {{ text: {text} }}, limit: 100) {{ id }} }}"
        found[f"search {word}"] = f"{{ search(text: {text}, first: 20) {{ id score label }} }}"
    fields = {
        "event": "id title summary whatHappened whyItMatters sources { name record } wikidataId",
        "person": "id name born { edtf } died { edtf } description sources { name record } eventCount",
        "location": (
            "id name kind description sources { name record } parent { id } containedIn { id } "
            "children(limit: 100) { id } events(limit: 100) { id }"
        ),
    }
    for node_id in sorted(touched):
        kind = node_id.split(":")[0]
        if kind in fields:
            found[f"node {node_id}"] = f'{{ {kind}(id: "{node_id}") {{ {fields[kind]} }} }}'
    for node_id in sorted(n for n in touched if n.startswith("location:")):
        where = f'filter: {{ locations: ["{node_id}"] }}'
        found[f"within {node_id}"] = (
            f"{{ eventsConnection(first: 50, {where}) {{ totalCount edges {{ node {{ id }} }} }} "
            f"facets(first: 20, {where}) {{ total locations {{ id count }} }} }}"
        )
    found["near"] = "{ events(filter: { near: { lat: 45, lon: 30, radiusKm: 5000 } }, limit: 100) { id } }"
    for month, day in LIFE_DAYS:
        found[f"day {month}-{day}"] = (
            f"{{ day(month: {month}, day: {day}) {{ births {{ id }} deaths {{ id }} }} }}"
        )
    found["rankings"] = "{ ranking(kind: EVENT, by: DEGREE, first: 20) { id score } }"
    return found


def answers(kg: KnowledgeGraph, queries: dict[str, str]) -> dict[str, Any]:
    """Every document's answer (data and error messages) and the notebook API's frames."""
    result: dict[str, Any] = {}
    for name, query in queries.items():
        executed = SCHEMA.execute_sync(query, context_value={"kg": kg})
        result[name] = (executed.data, sorted(str(e.message) for e in executed.errors or ()))
    result["notebook events"] = notebook.events_frame(kg).to_dict(orient="list")
    result["notebook people"] = notebook.people_frame(kg).to_dict(orient="list")
    result["notebook edges"] = notebook.edges_frame(kg).to_dict(orient="list")
    hub = max(kg.ids(Kind.PERSON), key=lambda p: (len(kg.event_ids_of(p)), p))
    sub = notebook.subgraph(kg, [hub, *kg.event_ids_of(hub)])
    result["notebook subgraph"] = sorted((n, sorted(a.items())) for n, a in sub.nodes(data=True))
    return result


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_patched_graph_answers_as_one_built_whole(base: KnowledgeGraph, data: st.DataObject) -> None:
    sequence = data.draw(st.lists(edits(base), min_size=1, max_size=6), label="edits")
    live, reference = LiveGraph(base), LiveGraph(base)
    changes = [_change(seq, operation, given) for seq, (operation, given) in enumerate(sequence, start=1)]
    ways = []
    for change in changes:  # one at a time, as a worker applies them
        live.absorb([change])
        live.rebuild()
        ways.append(live.last_rebuild)
    reference.absorb(changes)
    reference.rebuild(whole=True)
    assert live.version == reference.version
    assert live.kg.counts() == reference.kg.counts()
    touched = {c.target for c in changes} | {i for i in reference.overlay.changed}
    # A moved place's old and new parents: their places within changed.
    touched |= {c.input["partOf"] for c in changes if "partOf" in c.input}
    touched |= {
        p for c in changes if "partOf" in c.input and (p := getattr(base.get(c.target), "part_of", None))
    }
    queries = _queries(reference.kg, touched)
    assert answers(live.kg, queries) == answers(reference.kg, queries), ways


def test_a_place_moved_or_retyped_is_patched(base: KnowledgeGraph) -> None:
    place = next(p for p in base.ids(Kind.LOCATION) if base.event_ids_of(p) and base.record(p).part_of)
    was = base.record(place).part_of
    parent = next(p for p in base.ids(Kind.LOCATION) if p != was and place not in base.places_within(p))
    event = base.event_ids_of(place)[0]
    live = LiveGraph(base)
    live.absorb([_change(1, "updateLocation", {"id": place, "partOf": parent, "kind": "site"})])
    live.rebuild()
    assert live.last_rebuild == "patched"
    assert event in events_at(live.kg, parent) and event not in events_at(base, parent)
    assert place in live.kg.places_within(parent) and place not in live.kg.places_within(was)
    assert place in base.places_within(was)  # the served graph is never changed
    for name in ("search", "text index", "postings", "by-name:location", "timeline:year"):
        assert name in live.kg._memo, name


def test_word_edits_are_patched_and_others_built_whole(base: KnowledgeGraph) -> None:
    event = base.ids(Kind.EVENT)[0]
    live = LiveGraph(base)
    live.absorb([_change(1, "updateEvent", {"id": event, "summary": "Now: zanzibar accord."})])
    live.rebuild()
    assert live.last_rebuild == "patched"
    assert [base.ids(Kind.EVENT)[p] for p in text_index(live.kg).events_matching("zanzib")] == [event]
    assert _event(live.kg, event).sources[-1].name == EDIT_SOURCE
    assert _event(base, event).summary != "Now: zanzibar accord."  # the served graph is never changed
    # NetworkX's own view of a node reads the record of its graph: the new one in the new graph only.
    assert live.kg.graph.nodes[event]["record"].summary == "Now: zanzibar accord."
    assert base.graph.nodes[event]["record"].summary != "Now: zanzibar accord."
    live.absorb([_change(2, "updateEvent", {"id": event, "date": "1066"})])  # the date order moves
    live.rebuild()
    assert live.last_rebuild == "patched"  # a year no event had, too (`graph.incremental_calendar`)
    assert live.kg.record(event).date.to_edtf() == "1066"
    change = {"id": event, "date": "1067", "title": "Another title"}  # a date and a title at once
    live.absorb([_change(3, "updateEvent", change)])
    live.rebuild()
    assert live.last_rebuild == "whole"
    assert live.kg.record(event).date.to_edtf() == "1067"


def test_a_relink_is_patched_sharing_the_indexes_it_cannot_reach(base: KnowledgeGraph) -> None:
    event = base.ids(Kind.EVENT)[0]
    place = next(p for p in base.ids(Kind.LOCATION) if p not in _event(base, event).locations)
    live = LiveGraph(base)
    live.absorb([_change(1, "linkEvent", {"eventId": event, "targetId": place})])
    live.rebuild()
    assert live.last_rebuild == "patched"
    for name in ("by-name:person", "life_days", "slugs:event", "timeline:year"):
        assert live.kg._memo[name] is base._memo[name], name
    assert event in live.kg.event_ids_of(place)
    assert event not in base.event_ids_of(place)  # the served graph is never changed


def test_a_date_to_a_date_the_graph_has_is_patched(base: KnowledgeGraph) -> None:
    # `graph.incremental_dates`: the event moves in the date order, no calendar node comes or goes.
    dates = [_event(base, e).date.to_edtf() for e in base.ids(Kind.EVENT)]
    event = next(e for e, d in zip(base.ids(Kind.EVENT), dates, strict=True) if dates.count(d) > 1)
    moved = next(d for d in dates if d != _event(base, event).date.to_edtf())
    live = LiveGraph(base)
    live.absorb([_change(1, "updateEvent", {"id": event, "date": moved})])
    live.rebuild()
    assert live.last_rebuild == "patched"
    assert live.kg.record(event).date.to_edtf() == moved
    assert live.kg.event_position(event) != base.event_position(event)


def test_a_date_in_a_year_without_events_is_patched(base: KnowledgeGraph) -> None:
    # A year node comes with the date: the node numbers after it move (`graph.incremental_calendar`).
    dates = [_event(base, e).date.to_edtf() for e in base.ids(Kind.EVENT)]
    event = next(e for e, d in zip(base.ids(Kind.EVENT), dates, strict=True) if dates.count(d) > 1)
    assert "year:-8999" not in base.graph
    live = LiveGraph(base)
    live.absorb([_change(1, "updateEvent", {"id": event, "date": "-8999"})])
    live.rebuild()
    assert live.last_rebuild == "patched"
    assert live.kg.event_ids_of("year:-8999") == (event,) and "year:-8999" not in base.graph


def test_past_the_patch_limit_the_graph_is_built_whole(
    base: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("graph.incremental.MAX_PATCHED", 3)
    events = list(base.ids(Kind.EVENT))[:4]
    kg = base
    for event in events[:3]:
        patched = patch(kg, {event: dataclasses.replace(_event(kg, event), summary="patched")})
        assert patched is not None
        kg = patched
    again = patch(kg, {events[0]: dataclasses.replace(_event(kg, events[0]), summary="patched again")})
    assert again is not None  # the same three events: no more patched texts
    assert patch(kg, {events[3]: dataclasses.replace(_event(kg, events[3]), summary="a fourth")}) is None


def test_a_relink_may_serve_the_pagerank_before_it_until_the_fresh_one_is_computed(
    base: KnowledgeGraph,
) -> None:
    event = base.ids(Kind.EVENT)[0]
    person = next(p for p in base.ids(Kind.PERSON) if p not in _event(base, event).people)
    change = _change(1, "linkEvent", {"eventId": event, "targetId": person})
    live, reference = LiveGraph(base, defer_pagerank=True), LiveGraph(base)
    for graph in (live, reference):
        graph.absorb([change])
    live.rebuild()
    reference.rebuild(whole=True)
    assert (live.last_rebuild, live.pagerank_pending) == ("patched", True)
    assert live.kg._memo["ranking.pagerank"] is base._memo["ranking.pagerank"]  # one behind
    assert live.version == f"{reference.version}.pagerank-pending"  # cached apart from the fresh one
    assert event in live.kg.event_ids_of(person)
    live.refresh_pagerank()
    assert not live.pagerank_pending and live.version == reference.version
    query = "{ ranking(kind: PERSON, by: PAGERANK, first: 50) { id score } }"
    ranked = [SCHEMA.execute_sync(query, context_value={"kg": g.kg}).data for g in (live, reference)]
    assert ranked[0] == ranked[1]
    assert live.kg._memo["ranking.pagerank"] == reference.kg._memo["ranking.pagerank"]


class _RefreshAtTheSwap:
    """``LiveGraph.lock`` with one step between a rebuild's reading and its swap: PageRank refreshed.

    A rebuild takes the lock twice (to read the overlay and the graph it starts from, then to
    swap the new graph in) and patches between, outside it, where the background refresh may
    swap in the fresh PageRank of the graph the patch started from. This lock makes that
    happen, in the rebuilding thread itself (the lock is reentrant), every time.
    """

    def __init__(self, live: LiveGraph) -> None:
        self.live, self.inner, self.entries = live, live.lock, 0

    def __enter__(self) -> None:
        self.inner.acquire()
        self.entries += 1
        if self.entries == 2:  # the rebuild's swap, after its patch
            self.live.refresh_pagerank()

    def __exit__(self, *_: object) -> None:
        self.inner.release()


def test_a_patch_from_a_graph_whose_pagerank_was_one_behind_is_still_one_behind(
    base: KnowledgeGraph,
) -> None:
    event = base.ids(Kind.EVENT)[0]
    person = next(p for p in base.ids(Kind.PERSON) if p not in _event(base, event).people)
    relink = _change(1, "linkEvent", {"eventId": event, "targetId": person})
    words = _change(2, "updateEvent", {"id": event, "summary": "Words only, no links."})
    live, reference = LiveGraph(base, defer_pagerank=True), LiveGraph(base)
    reference.absorb([relink, words])
    live.absorb([relink])
    live.rebuild()
    assert live.pagerank_pending  # served with the PageRank before the link, refreshed next
    live.absorb([words])
    live.lock = _RefreshAtTheSwap(live)  # type: ignore[assignment]
    live.rebuild()
    reference.rebuild(whole=True)

    # The words were patched onto the graph with the PageRank before the link, while the
    # refresh served fresh ranks: the flag, read at the swap, said fresh, and the ranks
    # before the link were then served for good under the fresh data version.
    assert live.pagerank_pending and live.version.endswith(".pagerank-pending")
    live.refresh_pagerank()
    assert live.kg._memo["ranking.pagerank"] == reference.kg._memo["ranking.pagerank"]
