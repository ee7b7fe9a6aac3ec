"""Timelines and facets from posting lists give the answers of the scanning code they replace.

The scanning code (`filter_events`, then `timeline` and `facets` reading every event kept)
is the reference: for any filter, on the bundled data, the hand-made data before Christ
and a generated graph of 10,000 events, both ways must agree bucket for bucket and count
for count, ties in the same order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from graph.dates import HistoricalDate
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Kind
from graph.queries import aggregates
from graph.queries.aggregates import facets_of, precounts, single_filter, timeline_of
from graph.queries.counts import facet_counts, timeline_counts
from graph.queries.events import EventQuery, filter_events, matching_events
from graph.queries.facets import MAX_FACETS, facets
from graph.queries.postings import matching, postings
from graph.queries.timeline import TimeBucket, timeline
from graph.snapshot import load_snapshot, save_snapshot
from graph.store import KnowledgeGraph
from tests.conftest import BUNDLED_DATA, TEST_DATA

KEY = b"a key for the counts' snapshot test, long enough"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KnowledgeGraph]:
    generated = tmp_path_factory.mktemp("generated")
    generate(generated, 10_000, seed=5)
    return {
        "bundled": load_graph(BUNDLED_DATA),
        "ancient": load_graph(TEST_DATA / "ancient"),
        "generated": load_graph(generated),
    }


def _agree(kg: KnowledgeGraph, query: EventQuery | None) -> None:
    ids = list(kg.ids(Kind.EVENT)) if query is None else filter_events(kg, query)
    positions = matching(kg, query)
    if positions is None:
        assert len(ids) == len(kg.ids(Kind.EVENT))
    else:
        assert [kg.ids(Kind.EVENT)[p] for p in positions.tolist()] == ids
        # What `eventsConnection` and `events` page through: the posting lists' answer, as ids.
        assert list(matching_events(kg, query)) == ids
    for size in TimeBucket:
        expected = timeline(kg, ids, size)
        assert timeline_counts(kg, positions, size) == expected, size
        assert timeline_of(kg, query, size) == expected, size
    for first in (1, 3, MAX_FACETS):
        expected_facets = facets(kg, ids, first)
        assert facet_counts(kg, positions, first) == expected_facets, first
        assert facets_of(kg, query, first) == expected_facets, first


@pytest.mark.parametrize("name", ["bundled", "ancient", "generated"])
def test_unfiltered_counts_agree(graphs: dict[str, KnowledgeGraph], name: str) -> None:
    _agree(graphs[name], None)
    _agree(graphs[name], EventQuery())  # an empty filter keeps everything too


def test_posting_lists_are_the_graphs_event_lists(graphs: dict[str, KnowledgeGraph]) -> None:
    # Filters read the posting lists where they read `event_ids_of`: the same events, in date order.
    for kg in graphs.values():
        index = postings(kg)
        for field in index.fields.values():
            for node_id in field.ids:
                expected = [kg.event_position(e) for e in kg.event_ids_of(node_id)]
                assert field.events_of(node_id).tolist() == expected, node_id


def _queries(kg: KnowledgeGraph) -> st.SearchStrategy[EventQuery]:
    def some(kind: Kind) -> st.SearchStrategy[tuple[str, ...]]:
        ids = kg.ids(kind)
        if not ids:
            return st.just(())
        # Mostly the busiest nodes (hubs make the large sets), sometimes any node.
        busy = sorted(ids, key=lambda i: -len(kg.event_ids_of(i)))[:5]
        pick = st.sampled_from(busy) | st.sampled_from(list(ids))
        return st.lists(pick, max_size=3).map(tuple)

    years = st.integers(-600, 2030).filter(lambda y: y != 0)
    dates = st.one_of(
        st.none(),
        years.map(HistoricalDate),
        st.sampled_from(["192X", "19XX", "-05XX", "1914-07-28", "-0044-03"]).map(HistoricalDate.parse),
    )
    return st.builds(
        EventQuery,
        start=dates,
        end=dates,
        categories=some(Kind.CATEGORY),
        tags=some(Kind.TAG),
        all_tags=st.booleans(),
        people=some(Kind.PERSON),
        locations=some(Kind.LOCATION),
        organizations=some(Kind.ORGANIZATION),
        text=st.none() | st.sampled_from(["war", "treaty of", "the", "zzzq"]),
    ).filter(lambda q: q.start is None or q.end is None or q.start.earliest() <= q.end.latest())


@pytest.mark.parametrize("name", ["bundled", "ancient", "generated"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_filtered_counts_agree(graphs: dict[str, KnowledgeGraph], name: str, data: st.DataObject) -> None:
    kg = graphs[name]
    _agree(kg, data.draw(_queries(kg)))


@pytest.mark.parametrize(
    "query",
    [
        EventQuery(people=("person:joseph-stalin",)),  # one person: the posting list alone
        EventQuery(locations=("location:russia",)),  # a country and every place inside it
        EventQuery(start=HistoricalDate.parse("19XX")),  # dates only: every event, masked
        EventQuery(start=HistoricalDate(1950), end=HistoricalDate(1940)),  # nothing can match
    ],
    ids=["person", "country", "dates-only", "empty-range"],
)
def test_named_filters_agree_on_the_bundled_data(
    graphs: dict[str, KnowledgeGraph], query: EventQuery
) -> None:
    kg = graphs["bundled"]
    if query.start is not None and query.end is not None and query.start.earliest() > query.end.latest():
        with pytest.raises(Exception, match="start"):
            matching(kg, query)
        return
    _agree(kg, query)


def test_counts_of_no_events_are_empty(graphs: dict[str, KnowledgeGraph]) -> None:
    kg = graphs["generated"]
    positions = matching(kg, EventQuery(text="zzzq no such words"))
    assert positions is not None and len(positions) == 0
    assert timeline_counts(kg, positions, TimeBucket.YEAR) == []
    counted = facet_counts(kg, positions)
    assert counted.total == 0 and counted.people == () and counted.categories == ()


def test_generated_graph_is_large_enough_to_mean_something(graphs: dict[str, KnowledgeGraph]) -> None:
    assert len(graphs["generated"].ids(Kind.EVENT)) == 10_000


def test_counts_survive_a_snapshot(tmp_path: Path) -> None:
    # The arrays travel in the snapshot as bytes and come back read-only: counting never writes them.
    kg = load_graph(TEST_DATA / "ancient")
    build_indexes(kg)
    save_snapshot(kg, tmp_path / "ancient.snapshot", KEY)
    loaded = load_snapshot(tmp_path / "ancient.snapshot", KEY, data_version=kg.version)
    query = EventQuery(start=HistoricalDate(-500), locations=("location:rome",))
    for graph in (kg, loaded):
        assert postings(graph).fields["people"].post.flags.writeable is (graph is kg)
    assert facet_counts(loaded, matching(loaded, query)) == facet_counts(kg, matching(kg, query))
    assert timeline_counts(loaded, None, TimeBucket.CENTURY) == timeline_counts(kg, None, TimeBucket.CENTURY)


def test_common_single_filters_counted_at_load_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A low bar, so that many people, places, tags and categories of a small graph count as common.
    generate(tmp_path, 3_000, seed=9)
    kg = load_graph(tmp_path)
    monkeypatch.setattr(aggregates, "COMMON_MIN", 40)
    common = precounts(kg)
    assert {field for field, _ in common} == {"people", "locations", "category", "tags", "organizations"}
    for field, node_id in common:
        name = {"category": "categories"}.get(field, field)
        query = EventQuery(**{name: (node_id,)})  # type: ignore[arg-type]
        assert single_filter(query) == (field, node_id)
        _agree(kg, query)
