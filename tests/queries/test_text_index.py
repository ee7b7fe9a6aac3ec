"""The text index keeps exactly the events the event-by-event scan kept, in the same order.

The scan is the specification: an event is kept when its folded title and summary hold
every word of the text as a substring. Words are drawn from the events' own texts (whole
tokens, their middles, their prefixes), misspelt, or made up, on the bundled data and on
the bench generator's 10,000 events; whole filters (text with people, places, dates) are
compared with the filter as it was, through `filter_events` and the posting lists.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.loader import load_graph
from graph.models import Event, Kind
from graph.queries.events import EventQuery, filter_events
from graph.queries.postings import matching
from graph.queries.text_index import PatchedTextIndex, TextIndex, text_index
from graph.store import KnowledgeGraph
from graph.text import fold


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    out: Path = tmp_path_factory.mktemp("generated")
    generate(out, 10_000)
    return load_graph(out)


def scan(kg: KnowledgeGraph, text: str) -> list[str]:
    """The text filter as it was: every event's folded text, read one by one."""
    words = fold(text).split()
    return [i for i in kg.ids(Kind.EVENT) if all(word in kg.search_text(i) for word in words)]


def indexed(kg: KnowledgeGraph, text: str) -> list[str]:
    ids = kg.ids(Kind.EVENT)
    return [ids[p] for p in text_index(kg).events_matching(text).tolist()]


def _word(kg: KnowledgeGraph, data: st.DataObject) -> str:
    event = data.draw(st.sampled_from(kg.ids(Kind.EVENT)))
    token = data.draw(st.sampled_from(kg.search_text(event).split()))
    start = data.draw(st.integers(0, len(token) - 1))
    end = data.draw(st.integers(start + 1, len(token)))
    how = data.draw(st.sampled_from(["token", "part", "typo", "made up", "capitals"]))
    if how == "token":
        return token
    if how == "part":
        return token[start:end]
    if how == "typo":
        return token[:start] + token[start + 1 :] + "e"
    if how == "capitals":
        return token[start:end].upper()
    return data.draw(st.text("abcdeéilnorstu-'.", min_size=1, max_size=5))


def _text(kg: KnowledgeGraph, data: st.DataObject) -> str:
    return " ".join(_word(kg, data) for _ in range(data.draw(st.integers(1, 3))))


@pytest.mark.parametrize(
    "text",
    ["explosion", "beirut explosion", "plo", "e", "of", "the war", "ÁLVARO", "mexico–soviet", "qqxzv", "  "],
)
def test_chosen_texts_keep_what_the_scan_kept(
    kg: KnowledgeGraph, generated: KnowledgeGraph, text: str
) -> None:
    for graph in (kg, generated):
        assert indexed(graph, text) == scan(graph, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_texts_keep_what_the_scan_kept_on_bundled_data(
    kg: KnowledgeGraph, data: st.DataObject
) -> None:
    text = _text(kg, data)
    assert indexed(kg, text) == scan(kg, text), text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_texts_keep_what_the_scan_kept_on_a_generated_graph(
    generated: KnowledgeGraph, data: st.DataObject
) -> None:
    text = _text(generated, data)
    assert indexed(generated, text) == scan(generated, text), text


def scan_filter(kg: KnowledgeGraph, query: EventQuery) -> list[str]:
    """A whole filter as it was: every condition tested event by event, in date order."""
    within = {p for loc in query.locations for p in kg.places_within(loc)}
    kept = []
    for event_id in scan(kg, query.text or ""):
        event: Event = kg.record(event_id)
        if query.people and not set(query.people) & set(event.people):
            continue
        if query.locations and not within & set(event.locations):
            continue
        if (query.start or query.end) and not event.date.overlaps(query.start, query.end):
            continue
        kept.append(event_id)
    return kept


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whole_filters_keep_what_they_kept(generated: KnowledgeGraph, data: st.DataObject) -> None:
    kg = generated
    people = data.draw(st.lists(st.sampled_from(kg.ids(Kind.PERSON)), max_size=2, unique=True))
    places = data.draw(st.lists(st.sampled_from(kg.ids(Kind.LOCATION)), max_size=1))
    start = data.draw(st.none() | st.integers(1800, 2020).map(HistoricalDate))
    query = EventQuery(text=_text(kg, data), people=tuple(people), locations=tuple(places), start=start)
    expected = scan_filter(kg, query)
    assert filter_events(kg, query) == expected
    positions = matching(kg, query)
    assert positions is not None
    assert [kg.ids(Kind.EVENT)[p] for p in positions.tolist()] == expected


def test_the_index_survives_a_snapshot_round_trip(kg: KnowledgeGraph) -> None:
    import pickle

    index = TextIndex(kg)
    copy = pickle.loads(pickle.dumps(index))
    assert np.array_equal(copy.post, index.post)
    assert (
        copy.events_matching("beirut explosion").tolist()
        == index.events_matching("beirut explosion").tolist()
    )


def test_the_index_is_arrays_not_objects_per_event(generated: KnowledgeGraph) -> None:
    index = text_index(generated)
    tokens = sum(len(set(generated.search_text(i).split())) for i in generated.ids(Kind.EVENT))
    assert len(index.post) == len(index.tokens) == tokens
    # One int32 per distinct token of an event, both ways, and per gram of a token, and the offsets.
    assert index.nbytes <= 8 * tokens + 4 * len(index.gram_token) + 8 * (
        len(index.vocabulary) + len(index.grams) + index.events + 3
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_index_patched_for_rewritten_summaries_keeps_what_the_scan_keeps(
    kg: KnowledgeGraph, data: st.DataObject
) -> None:
    # Edits rewrite summaries in two rounds (a patch over a patch), with words of other events
    # and made-up ones; the patched index (`PatchedTextIndex`) must answer as a scan of the new texts.
    text_index(kg)
    patched = kg
    for _ in range(2):
        chosen = data.draw(st.lists(st.sampled_from(kg.ids(Kind.EVENT)), min_size=1, max_size=5, unique=True))
        records = {}
        for event_id in chosen:
            event = patched.typed(event_id, Event)
            assert event is not None
            records[event_id] = dataclasses.replace(event, summary=_text(kg, data) + " " + _text(kg, data))
        after = patch(patched, records)
        assert after is not None
        patched = after
    assert isinstance(text_index(patched), PatchedTextIndex)
    for _ in range(3):
        text = _text(kg, data)
        assert indexed(patched, text) == scan(patched, text), text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_text_among_some_events_keeps_what_the_scan_kept_among_them(
    generated: KnowledgeGraph, data: st.DataObject
) -> None:
    # A few events (one person's), many, or none: each word either lists its events or is
    # checked on the events' own tokens, by size; both ways must keep the scan's events.
    kg = generated
    ids = kg.ids(Kind.EVENT)
    how = data.draw(st.sampled_from(["person", "sample", "none", "all"]))
    if how == "person":
        person = data.draw(st.sampled_from(kg.ids(Kind.PERSON)))
        within = sorted(kg.event_position(e) for e in kg.event_ids_of(person))
    elif how == "sample":
        within = sorted(data.draw(st.sets(st.integers(0, len(ids) - 1), max_size=3000)))
    else:
        within = [] if how == "none" else list(range(len(ids)))
    text = _text(kg, data)
    kept = text_index(kg).events_matching(text, within=np.array(within, dtype=np.int32))
    allowed = {ids[p] for p in within}
    assert [ids[p] for p in kept.tolist()] == [i for i in scan(kg, text) if i in allowed], text


def test_a_common_pair_of_words_beside_the_hub_reads_the_hubs_events(generated: KnowledgeGraph) -> None:
    # "of the": two words nearly every event holds; beside one person the answer is that
    # person's events that hold both, whichever way each word was read.
    kg = generated
    hub = max(kg.ids(Kind.PERSON), key=lambda p: len(kg.event_ids_of(p)))
    within = np.array(sorted(kg.event_position(e) for e in kg.event_ids_of(hub)), dtype=np.int32)
    kept = text_index(kg).events_matching("Of THE", within=within)
    ids = kg.ids(Kind.EVENT)
    expected = [i for i in scan(kg, "of the") if i in set(kg.event_ids_of(hub))]
    assert len(expected) > 10
    assert [ids[p] for p in kept.tolist()] == expected
