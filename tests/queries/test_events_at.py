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


def test_a_state_holds_the_events_of_its_cities_of_its_own_time_only(kg: KnowledgeGraph) -> None:
    # Moscow lay in the Russian Empire to 1917, the Russian SFSR (in the Soviet Union from
    # 1922) to 1991, then Russia: each holds Moscow's events of its own time, none of another's.
    moscow = events_at(kg, "location:moscow", include_within=False)
    assert moscow, "the bundled data has events in Moscow"
    eras = {
        "location:russian-empire": (None, (1917, 9, 14)),
        "location:soviet-union": ((1922, 12, 30), (1991, 12, 26)),
        "location:russia": ((1991, 12, 25), None),
    }
    for state, (first, last) in eras.items():
        held = set(events_at(kg, state))
        for event_id in moscow:
            date = kg.node(event_id).date
            in_era = (first is None or date.earliest() >= first) and (last is None or date.latest() <= last)
            assert (event_id in held) == in_era or state in kg.node(event_id).locations, (state, event_id)
    assert any(kg.node(e).date.year < 1991 for e in moscow)
