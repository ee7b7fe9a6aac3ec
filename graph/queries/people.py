"""Which people match: by name, by life dates, by the events they are in, by where.

Life dates compare precision-aware, like event dates: someone born "1878" was born
after "1870" and in the "187X" decade. A person with an unknown birth or death date is
kept only by filters that do not ask about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.arguments import id_problems, order_problems
from graph.dates import HistoricalDate
from graph.deadline import Deadline, paced
from graph.errors import raise_all
from graph.geo import Box, Near, box_problems, near_problems, place_index
from graph.models import Kind, Person
from graph.queries.events import EventQuery, filter_events, query_problems
from graph.store import KnowledgeGraph
from graph.text import fold


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """What to keep; empty fields keep everyone, and every given field must hold.

    ``born_after``/``born_before`` and ``died_after``/``died_before`` are inclusive and
    precision-aware. ``alive_in`` keeps people whose life overlaps that date (someone
    whose death is unknown counts as alive after birth). ``events`` keeps people in any
    of those events; ``in_events`` keeps people in any event matching that event query
    (places, dates, tags…); ``locations`` keeps people in events at those places or
    within them.
    """

    name: str | None = None
    born_after: HistoricalDate | None = None
    born_before: HistoricalDate | None = None
    died_after: HistoricalDate | None = None
    died_before: HistoricalDate | None = None
    alive_in: HistoricalDate | None = None
    events: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    in_events: EventQuery | None = None


def _people_in(kg: KnowledgeGraph, event_ids: Iterable[str], deadline: Deadline | None) -> set[str]:
    found: set[str] = set()
    for event_id in paced(event_ids, deadline):
        found.update(kg.record(event_id).people)
    return found


def _after(date: HistoricalDate | None, bound: HistoricalDate) -> bool:
    return date is not None and date.overlaps(bound, None)


def _before(date: HistoricalDate | None, bound: HistoricalDate) -> bool:
    return date is not None and date.overlaps(None, bound)


def _alive(person: Person, when: HistoricalDate) -> bool:
    if person.born is None:
        return False
    if person.born.earliest() > when.latest():
        return False
    return person.died is None or person.died.latest() >= when.earliest()


def filter_people(kg: KnowledgeGraph, query: PersonQuery, deadline: Deadline | None = None) -> list[str]:
    """Ids of the people that match, by folded name then id; checks ``deadline`` as it goes.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> filter_people(kg, PersonQuery(alive_in=HistoricalDate(1940)))
    ['person:joseph-stalin']
    >>> filter_people(kg, PersonQuery(locations=("location:mexico",)))
    ['person:alvaro-obregon', 'person:joseph-stalin']

    Raises:
        ArgumentError: (or ``ArgumentErrors``) ids of the wrong kind or not in the graph,
            life dates in an order nothing can match.
    """
    problems = order_problems("born_after", query.born_after, "born_before", query.born_before)
    problems += order_problems("died_after", query.died_after, "died_before", query.died_before)
    problems += id_problems(kg, "events", query.events, Kind.EVENT)
    problems += id_problems(kg, "locations", query.locations, Kind.LOCATION)
    if query.in_events is not None:
        problems += query_problems(kg, query.in_events, "in_events")
    raise_all(problems)
    candidates: set[str] | None = None
    if query.events:
        candidates = _people_in(kg, query.events, deadline)
    if query.locations:
        within = EventQuery(locations=query.locations)
        found = _people_in(kg, filter_events(kg, within, deadline), deadline)
        candidates = found if candidates is None else candidates & found
    if query.in_events is not None:
        found = _people_in(kg, filter_events(kg, query.in_events, deadline), deadline)
        candidates = found if candidates is None else candidates & found
    ids = kg.id_list(Kind.PERSON) if candidates is None else sorted(candidates)
    needle = fold(query.name) if query.name else None
    kept = []
    for person_id in paced(ids, deadline):
        person: Person = kg.record(person_id)
        if needle and not any(needle in fold(n) for n in (person.name, *person.aliases)):
            continue
        if query.born_after and not _after(person.born, query.born_after):
            continue
        if query.born_before and not _before(person.born, query.born_before):
            continue
        if query.died_after and not _after(person.died, query.died_after):
            continue
        if query.died_before and not _before(person.died, query.died_before):
            continue
        if query.alive_in and not _alive(person, query.alive_in):
            continue
        kept.append(person_id)
    return sorted(kept, key=lambda i: (fold(kg.record(i).name), i))


@dataclass(frozen=True, slots=True)
class LocationQuery:
    """Places to keep: by name (or alias) fragment, by kind, and inside a place."""

    name: str | None = None
    kinds: tuple[str, ...] = ()
    within: str | None = None
    near: Near | None = None
    box: Box | None = None
    include_regions: bool = False


def filter_locations(kg: KnowledgeGraph, query: LocationQuery, deadline: Deadline | None = None) -> list[str]:
    """Ids of the places that match, by folded name then id; ``within`` excludes the place itself.

    >>> from graph.loader import load_graph
    >>> filter_locations(load_graph("tests/data/tiny"), LocationQuery(within="location:mexico"))
    ['location:mexico-city']

    Raises:
        ArgumentError: ``within`` is not a place of the graph.
    """
    problems = id_problems(kg, "within", [query.within], Kind.LOCATION) if query.within is not None else []
    if query.near is not None:
        problems += near_problems("near", query.near)
    if query.box is not None:
        problems += box_problems("withinBox", query.box)
    raise_all(problems)
    ids: Sequence[str] = kg.id_list(Kind.LOCATION)
    if query.within is not None:
        ids = sorted(kg.places_within(query.within) - {query.within})
    if query.near is not None:
        close = place_index(kg).near(query.near, query.include_regions)
        ids = [i for i in ids if i in close]
    if query.box is not None:
        boxed = place_index(kg).within(query.box, query.include_regions)
        ids = [i for i in ids if i in boxed]
    needle = fold(query.name) if query.name else None
    kinds = set(query.kinds)
    kept = []
    for place_id in paced(ids, deadline):
        place = kg.record(place_id)
        if kinds and place.kind not in kinds:
            continue
        if needle and not any(needle in fold(n) for n in (place.name, *place.aliases)):
            continue
        kept.append(place_id)
    return sorted(kept, key=lambda i: (fold(kg.record(i).name), i))


__all__ = ["LocationQuery", "PersonQuery", "filter_locations", "filter_people"]
