"""`events_at`, behind `Location.events`, agrees with the location filter of `filter_events`."""

from __future__ import annotations

from graph.models import Kind
from graph.queries.events import EventQuery, events_at, filter_events
from graph.store import KnowledgeGraph


def test_events_at_a_place_are_those_the_location_filter_keeps(kg: KnowledgeGraph) -> None:
    # Every place of the bundled data: the schema once had its own copy of this union.
    for location_id in kg.ids(Kind.LOCATION):
        within = events_at(kg, location_id)
        assert within == filter_events(kg, EventQuery(locations=(location_id,))), location_id
        assert set(events_at(kg, location_id, include_within=False)) <= set(within), location_id


def test_a_country_holds_the_events_of_its_cities(kg: KnowledgeGraph) -> None:
    moscow = events_at(kg, "location:moscow", include_within=False)
    assert moscow, "the bundled data has events in Moscow"
    assert set(moscow) < set(events_at(kg, "location:russia"))
