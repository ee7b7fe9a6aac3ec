"""Questions about events: which match a filter, which are related, who shares them.

Plain functions, graph first, as NetworkX writes its algorithms. They return ids in a
documented order so that callers (GraphQL, notebooks) can page without re-sorting.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from graph import place_history
from graph.arguments import id_problems, order_problems
from graph.dates import HistoricalDate
from graph.deadline import Deadline, paced
from graph.errors import ArgumentError, OutOfRange, raise_all
from graph.geo import Box, Near, box_problems, event_index, near_problems
from graph.models import Event, Kind
from graph.queries.event_positions import EventsAt
from graph.queries.postings import matching
from graph.store import KnowledgeGraph
from graph.text import fold


class EventOrder(str, Enum):
    DATE_ASC = "date_asc"
    DATE_DESC = "date_desc"
    TITLE = "title"
    RELEVANCE = "relevance"  # best text match first; date order when there is no text
    DISTANCE = "distance"  # nearest to the near filter's point first; date order without one


@dataclass(frozen=True, slots=True)
class EventQuery:
    """What to keep. Empty fields keep everything; lists of ids match any of them.

    Dates compare precision-aware: ``start=1920s`` keeps an event known only as 1924.
    ``locations`` match the places themselves and every place inside them at the event's
    date, or at ``as_of`` when given (`graph.place_history`): Tbilisi's events of 1907 are
    in the Russian Empire, those of 1924 in the Soviet Union.
    ``text`` keeps events whose folded title and summary hold every word of it, in
    any order ("beirut explosion" finds "Explosion at Beirut Port").
    """

    start: HistoricalDate | None = None
    end: HistoricalDate | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    all_tags: bool = False
    people: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    text: str | None = None
    as_of: HistoricalDate | None = None
    near: Near | None = None
    within: Box | None = None
    include_regions: bool = False


#: The most words a ``text`` filter reads. Every word is looked up in the text index and, for
#: a relevance order, scored against every event kept: 2,000 words took 2 to 5 s of a worker
#: per 8 kB request on the full import. A sentence pasted from a summary still fits.
MAX_TEXT_WORDS = 32

#: The ``EventQuery`` fields that hold ids, and the kind of node each takes.
ID_FIELDS: dict[str, Kind] = {
    "categories": Kind.CATEGORY,
    "tags": Kind.TAG,
    "people": Kind.PERSON,
    "locations": Kind.LOCATION,
    "organizations": Kind.ORGANIZATION,
}


def query_problems(kg: KnowledgeGraph, query: EventQuery, where: str = "") -> list[ArgumentError]:
    """What makes ``query`` unanswerable: a start after its end, ids of another kind or not in the graph.

    ``where`` prefixes each field's name (``filter`` gives ``filter.people``), so a caller
    names the argument as its own client wrote it.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> [str(p) for p in query_problems(kg, EventQuery(people=("event:beirut-explosion",)))]
    ["people: takes person ids, 'event:beirut-explosion' is an event id"]
    """
    prefix = f"{where}." if where else ""
    problems = order_problems(f"{prefix}start", query.start, f"{prefix}end", query.end)
    for field, kind in ID_FIELDS.items():
        problems += id_problems(kg, prefix + field, getattr(query, field), kind)
    if query.near is not None:
        problems += near_problems(f"{prefix}near", query.near)
    if query.within is not None:
        problems += box_problems(f"{prefix}within", query.within)
    if query.text is not None and len(words := fold(query.text).split()) > MAX_TEXT_WORDS:
        problems.append(OutOfRange(f"{prefix}text", len(words), 0, MAX_TEXT_WORDS, " words"))
    return problems


def placed(kg: KnowledgeGraph, query: EventQuery) -> set[str] | None:
    """Events the query's ``near`` and ``within`` keep (`graph.geo`); None when it has neither."""
    if query.near is None and query.within is None:
        return None
    index = event_index(kg)
    found: set[str] | None = None
    if query.near is not None:
        found = set(index.near(query.near, query.include_regions))
    if query.within is not None:
        boxed = index.within(query.within, query.include_regions)
        found = boxed if found is None else found & boxed
    return found


def _union(kg: KnowledgeGraph, node_ids: Iterable[str], deadline: Deadline | None = None) -> set[str]:
    found: set[str] = set()
    for node_id in paced(node_ids, deadline, every=64):
        found.update(kg.event_ids_of(node_id))
    return found


def located(
    kg: KnowledgeGraph, containers: Sequence[str], as_of: HistoricalDate | None, deadline: Deadline | None
) -> set[str]:
    """Events at a place that lay inside one of the containers at the event's date (or ``as_of``)."""
    if not place_history.needs_dates(kg, containers):
        return _union(kg, _places(kg, containers), deadline)
    candidates: set[str] = set()
    for container in containers:
        candidates |= place_history.ever_inside(kg, container)
    kept: set[str] = set()
    for event_id in paced(sorted(_union(kg, candidates, deadline)), deadline, every=64):
        event: Event = kg.record(event_id)
        date = as_of or event.date
        if any(place_history.inside_at(kg, p, c, date) for p in event.locations for c in containers):
            kept.add(event_id)
    return kept


def _places(kg: KnowledgeGraph, location_ids: Iterable[str]) -> set[str]:
    places: set[str] = set()
    for location_id in location_ids:
        places |= kg.places_within(location_id)
    return places


def events_at(
    kg: KnowledgeGraph, location_id: str, include_within: bool = True, deadline: Deadline | None = None
) -> list[str]:
    """Ids of the events at a place, in date order; with ``include_within``, also at places inside it.

    Inside it at each event's date, as the ``locations`` filter reads it (`located`).

    The union over the places inside (every town of a country) checks ``deadline``.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> events_at(kg, "location:mexico")
    ['event:obregon-in-capital', 'event:mexico-soviet-relations']
    """
    if not include_within:
        return list(kg.event_ids_of(location_id))
    return sorted(located(kg, (location_id,), None, deadline), key=kg.event_position)


def filter_events(kg: KnowledgeGraph, query: EventQuery, deadline: Deadline | None = None) -> list[str]:
    """Ids of the events that match ``query``, in date order; a text or date filter checks ``deadline``.

    Read event by event from the graph's links (sets of ids, sorted by date), where
    `matching_events` reads the posting lists: the reference those are held to
    (``tests/queries/test_counts.py`` compares the two on generated filters).

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> filter_events(kg, EventQuery(locations=("location:mexico",)))
    ['event:obregon-in-capital', 'event:mexico-soviet-relations']

    Raises:
        ArgumentError: (or ``ArgumentErrors``, for several) ids of the wrong kind or not
            in the graph, a start after its end: a query that could only find nothing.
    """
    raise_all(query_problems(kg, query))
    if query.text:
        return list(matching_events(kg, query, deadline))
    # Narrow with the most selective index first, then test the dates per event.
    candidates: set[str] | None = None
    for ids in (
        _union(kg, query.people, deadline) if query.people else None,
        _union(kg, query.organizations, deadline) if query.organizations else None,
        located(kg, query.locations, query.as_of, deadline) if query.locations else None,
        _union(kg, query.categories, deadline) if query.categories else None,
        _tagged(kg, query.tags, query.all_tags) if query.tags else None,
        placed(kg, query),
    ):
        if ids is not None:
            candidates = ids if candidates is None else candidates & ids
    ordered: Sequence[str] = kg.id_list(Kind.EVENT)
    if candidates is not None:
        ordered = (
            [i for i in paced(ordered, deadline) if i in candidates]
            if len(candidates) * 8 > len(ordered)
            else sorted(candidates, key=kg.event_position)
        )
    if query.start is None and query.end is None:
        return list(ordered)
    kept = []
    for event_id in paced(ordered, deadline):
        event: Event = kg.record(event_id)
        if event.date.overlaps(query.start, query.end):
            kept.append(event_id)
    return kept


def matching_events(kg: KnowledgeGraph, query: EventQuery, deadline: Deadline | None = None) -> Sequence[str]:
    """`filter_events`' answer, read from the posting lists, its events kept as positions until read.

    The posting lists and the text index (`graph.queries.postings`) answer as positions,
    already in date order; ids are read only for the events a caller reads (`EventsAt`).
    A set of ids per filter, sorted by date, cost every event kept: 36 ms for the place
    filter at a million events, where the page shows ten.

    Raises:
        ArgumentError: (or ``ArgumentErrors``) as ``filter_events`` raises them.
    """
    every = kg.id_list(Kind.EVENT)
    positions = matching(kg, query, deadline)
    return every if positions is None else EventsAt(every, positions)


def text_score(kg: KnowledgeGraph, event_id: str, text: str) -> float:
    """How well an event's title answers ``text``, 0 to 100.

    Words found in the title weigh more than words found only in the summary, and the
    closeness of the whole title (rapidfuzz's token set ratio) separates the rest.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> text_score(kg, "event:beirut-explosion", "beirut explosion")
    100.0
    >>> text_score(kg, "event:obregon-in-capital", "beirut explosion")
    0.0
    """
    words = fold(text).split()
    if not words:
        return 0.0
    title = fold(kg.record(event_id).title)
    body = kg.search_text(event_id)
    title_words = title.split()
    in_title = sum(any(w.startswith(word) for w in title_words) for word in words) / len(words)
    in_body = sum(word in body for word in words) / len(words)
    closeness = fuzz.token_set_ratio(" ".join(words), title) if in_body else 0.0
    return round(60 * in_title + 10 * in_body + 0.3 * closeness, 3)


def _tagged(kg: KnowledgeGraph, tags: Sequence[str], all_tags: bool) -> set[str]:
    sets = [set(kg.event_ids_of(tag)) for tag in tags]
    return set.intersection(*sets) if all_tags else set.union(*sets)


def order_events(
    kg: KnowledgeGraph,
    event_ids: Sequence[str],
    order: EventOrder,
    text: str | None = None,
    deadline: Deadline | None = None,
    near: Near | None = None,
) -> Sequence[str]:
    """Reorder date-ordered ids; RELEVANCE ranks by `text_score` and keeps date order among ties.

    DISTANCE puts the nearest to ``near`` first (events without coordinates last), date order
    among ties.
    """
    if order is EventOrder.DISTANCE:
        if near is None:
            return event_ids
        distances = event_index(kg).near(near, include_regions=True)
        return sorted(event_ids, key=lambda i: distances.get(i, math.inf))
    if order is EventOrder.RELEVANCE:
        # A text of accents or marks alone folds to no word: every score would be 0.
        words = fold(text).split() if text else []
        if text is None or not words:
            return event_ids
        # A score costs a pass over the title and summary per query word: pace the checks by
        # that work, not by events, or 64 events of a 2,000-word text run half a second unchecked.
        every = max(1, 512 // len(words))
        scores = {i: text_score(kg, i, text) for i in paced(event_ids, deadline, every=every)}
        # sorted() is stable: equal scores stay in date order.
        return sorted(event_ids, key=lambda i: -scores[i])
    if order is EventOrder.DATE_ASC:
        return event_ids
    if order is EventOrder.DATE_DESC:
        return event_ids[::-1]
    return sorted(event_ids, key=lambda i: (fold(kg.record(i).title), i))


def related_events(
    kg: KnowledgeGraph, event_id: str, hub_size: int = 500, deadline: Deadline | None = None
) -> list[str]:
    """Other events that share people, organisations, places or tags, most shared first.

    People and organisations weigh 3, places and tags 1. Places and tags linked to more
    than ``hub_size`` events are skipped: sharing "World War II" says little.
    Ties go to the event closest in time.
    """
    event = kg.typed(event_id, Event)
    if event is None:
        return []
    scores: Counter[str] = Counter()
    for weight, linked in (
        (3, event.people),
        (3, event.organizations),
        (1, event.locations),
        (1, event.tags),
    ):
        for node_id in linked:
            others = kg.event_ids_of(node_id)
            if weight == 1 and len(others) > hub_size:
                continue
            # A hub person takes part in thousands of events: check the deadline as they add up.
            for other in paced(others, deadline, every=4096):
                scores[other] += weight
    scores.pop(event_id, None)
    here = kg.event_position(event_id)
    return sorted(scores, key=lambda i: (-scores[i], abs(kg.event_position(i) - here), i))


def associates(
    kg: KnowledgeGraph, person_id: str, deadline: Deadline | None = None, include_mentions: bool = False
) -> list[tuple[str, int]]:
    """People who share events with a person, with how many, most shared first.

    Only participants count, unless ``include_mentions``: then the events that mention the
    person count too, and so do the people those events mention.

    >>> from graph.loader import load_graph
    >>> associates(load_graph("tests/data/tiny"), "person:joseph-stalin")
    [('person:alvaro-obregon', 1)]
    """
    counts: Counter[str] = Counter()
    events = kg.event_ids_of(person_id)
    if include_mentions:
        events = events + kg.mentioned_in(person_id)
    for event_id in paced(events, deadline):
        record = kg.record(event_id)
        linked = record.people + record.mentions if include_mentions else record.people
        counts.update(p for p in linked if p != person_id)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


__all__ = [
    "MAX_TEXT_WORDS",
    "EventOrder",
    "EventQuery",
    "associates",
    "filter_events",
    "matching_events",
    "order_events",
    "related_events",
    "text_score",
]
