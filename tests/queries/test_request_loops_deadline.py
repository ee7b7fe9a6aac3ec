"""Every graph loop a request can drive takes the request's deadline, and stops when it has run out.

Each case is a walk a resolver starts with the client's arguments: ``people(name:)`` and
``tags(name:)`` walk every name, ``person(name:)`` scores every name when no exact one fits,
``Location.events`` unions every place inside a country, the id filters union every event
of the ids given. A deadline that ran out before the walk (``Deadline(0)``) must stop it; a
generous one must not change the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.deadline import Deadline, TimeLimitExceeded
from graph.models import Kind, Person, Tag
from graph.queries.events import EventQuery, events_at, filter_events
from graph.queries.lookup import lookup
from graph.queries.people import PersonQuery, filter_people
from graph.store import KnowledgeGraph
from graph.text import fold

Walk = Callable[[KnowledgeGraph, Deadline | None], Any]

WALKS = [
    # people(name:) and tags(name:): every name of the kind, folded, tested for the text.
    pytest.param(lambda kg, d: kg.ids_by_name(Kind.PERSON, "sta", d), id="people-name-filter"),
    pytest.param(lambda kg, d: kg.ids_by_name(Kind.TAG, "war", d), id="tags-name-filter"),
    # person(name:) with a typo: search's fuzzy match scores every name.
    pytest.param(lambda kg, d: kg.one_by_name("Stallin", Person, d), id="person-by-fuzzy-name"),
    pytest.param(lambda kg, d: kg.one_by_name("wr", Tag, d), id="tag-by-fuzzy-name"),
    pytest.param(lambda kg, d: lookup(kg, "Stallin", Kind.PERSON, d), id="lookup"),
    # Location.events(includeWithin: true): every place inside the country.
    pytest.param(lambda kg, d: events_at(kg, "location:russia", True, d), id="events-within-a-place"),
    # events(filter: {people: […]}): the union of the people's events, then the walk in date order.
    pytest.param(
        lambda kg, d: filter_events(kg, EventQuery(people=("person:joseph-stalin",)), d),
        id="events-of-people",
    ),
    pytest.param(
        lambda kg, d: filter_events(kg, EventQuery(locations=("location:russia",)), d),
        id="events-at-places",
    ),
    # people(filter: {events: […]}): the people of every event given.
    pytest.param(
        lambda kg, d: filter_people(kg, PersonQuery(events=tuple(kg.ids(Kind.EVENT)[:50])), d),
        id="people-of-events",
    ),
]


@pytest.mark.parametrize("walk", WALKS)
def test_a_walk_a_request_drives_stops_when_its_deadline_has_run_out(kg: KnowledgeGraph, walk: Walk) -> None:
    with pytest.raises(TimeLimitExceeded, match="time limit of 0 ms"):
        walk(kg, Deadline(0))


@pytest.mark.parametrize("walk", WALKS)
def test_a_deadline_with_time_left_does_not_change_the_answer(kg: KnowledgeGraph, walk: Walk) -> None:
    assert walk(kg, Deadline(60_000)) == walk(kg, None)


def test_the_whole_name_order_is_handed_out_without_a_walk(kg: KnowledgeGraph) -> None:
    # people without a name: the stored order itself, paged by the caller; nothing to stop.
    whole = kg.ids_by_name(Kind.PERSON, None, Deadline(0))
    assert whole is kg.ids_by_name(Kind.PERSON)
    assert list(whole) == sorted(whole, key=lambda i: (fold(kg.node(i).name), i))  # type: ignore[union-attr]
