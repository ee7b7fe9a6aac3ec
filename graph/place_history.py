"""Which places a place lay in at a date: Tbilisi in the Russian Empire in 1907, in the Soviet Union in 1924.

A place's links upward are its ``part_of_dated`` list when it has one, else its undated
``part_of``, which holds at every date. A dated link holds at a date when every day the
date can mean falls inside the link's span (`holds_at`): a year-only "1921" lies in neither
the Democratic Republic of Georgia nor the Georgian SSR, so an event is never filed under
the wrong state, only sometimes under none. A link's open start or end is unbounded.

Walking up follows only the links that hold at the date, so the chain itself changes with
it: in 1924 Tbilisi is in the Georgian SSR, which was then in the Transcaucasian SFSR, in
the Soviet Union; in 1950 the Georgian SSR is in the Soviet Union directly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.dates import HistoricalDate
from graph.models import Kind, Location, PartOf

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph


def links_of(place: Location) -> tuple[PartOf, ...]:
    """The place's links upward: its dated list, else its undated ``part_of`` (or none)."""
    if place.part_of_dated:
        return place.part_of_dated
    return (PartOf(place.part_of),) if place.part_of else ()


def holds_at(link: PartOf, date: HistoricalDate) -> bool:
    """Whether a link holds on every day the date can mean.

    >>> link = PartOf("location:russian-empire", HistoricalDate(1801), HistoricalDate(1917, 9, 14))
    >>> holds_at(link, HistoricalDate(1907, 6, 26)), holds_at(link, HistoricalDate(1917))
    (True, False)
    >>> holds_at(PartOf("location:x"), HistoricalDate(-44))
    True
    """
    if link.start is not None and date.earliest() < link.start.earliest():
        return False
    return not (link.end is not None and date.latest() > link.end.latest())


def part_of_at(kg: KnowledgeGraph, place_id: str, date: HistoricalDate | None) -> list[str]:
    """The places a place lay directly in at a date; every place it ever lay in when date is None."""
    place = kg.get(place_id)
    if not isinstance(place, Location):
        return []
    links = links_of(place)
    found = [link.id for link in links if date is None or holds_at(link, date)]
    return list(dict.fromkeys(found))


def containers_at(kg: KnowledgeGraph, place_id: str, date: HistoricalDate | None) -> list[str]:
    """Every place a place lay in at a date, nearest first (breadth first; a cycle is walked once).

    >>> from graph.loader import load_graph
    >>> kg = load_graph("data")
    >>> containers_at(kg, "location:tbilisi", HistoricalDate(1924, 8, 4))
    ['location:georgian-ssr', 'location:transcaucasian-sfsr', 'location:soviet-union']
    """
    seen = {place_id}
    order: list[str] = []
    queue = deque([place_id])
    while queue:
        for parent in part_of_at(kg, queue.popleft(), date):
            if parent not in seen:
                seen.add(parent)
                order.append(parent)
                queue.append(parent)
    return order


def inside_at(kg: KnowledgeGraph, place_id: str, container_id: str, date: HistoricalDate) -> bool:
    """Whether a place is the container or lay inside it at the date."""
    return place_id == container_id or container_id in containers_at(kg, place_id, date)


def _ever_inside(kg: KnowledgeGraph) -> dict[str, frozenset[str]]:
    """Container -> every place that lay in it at some date (itself included), by any link."""
    children: dict[str, set[str]] = {}
    for place in kg.records(Kind.LOCATION):
        for link in links_of(place):
            children.setdefault(link.id, set()).add(place.id)
    found: dict[str, frozenset[str]] = {}
    for container in kg.ids(Kind.LOCATION):
        inside = {container}
        queue = deque([container])
        while queue:
            for child in children.get(queue.popleft(), ()):
                if child not in inside:
                    inside.add(child)
                    queue.append(child)
        found[container] = frozenset(inside)
    return found


def _ever_inside_moved(
    kg: KnowledgeGraph, before: dict[str, frozenset[str]], dated: frozenset[str], places: Iterable[str]
) -> dict[str, frozenset[str]]:
    """`_ever_inside` of ``kg``, from ``before`` (the graph's before ``places`` changed their links upward).

    Only a container that held one of ``places`` at some date, before or now, holds other
    places now: the rest are shared. Each of those is walked down again, through the links
    of ``kg`` (the place tree's ``part_of`` edges, and the dated links of the places in
    ``dated``, ``kg``'s places with any), and a container it meets that none of ``places``
    is in adds its set from ``before`` whole instead of being walked.
    """
    moved = frozenset(places)
    reached = {c for c, inside in before.items() if not inside.isdisjoint(moved)}  # above them before
    above: set[str] = set()
    queue = deque(moved)
    while queue:  # above them now
        place = queue.popleft()
        if place not in above:
            above.add(place)
            record = kg.record(place)
            assert isinstance(record, Location)
            queue.extend(link.id for link in links_of(record))
    reached |= above
    # Who lies directly in a reached container now, by the link `links_of` reads.
    undated = kg._place_tree()._pred  # type: ignore[attr-defined]
    children: dict[str, set[str]] = {c: {p for p in undated.get(c, ()) if p not in dated} for c in reached}
    for place in dated:
        record = kg.record(place)
        assert isinstance(record, Location)
        for link in links_of(record):
            if link.id in children:
                children[link.id].add(place)
    found = dict(before)
    for container in reached:
        inside = {container}
        walk = deque([container])
        while walk:
            for child in children.get(walk.popleft(), ()):
                if child in inside:
                    continue
                if child in children:
                    inside.add(child)
                    walk.append(child)
                else:  # none of the moved places under it: what it held before, it holds now
                    inside |= before.get(child, frozenset({child}))
        found[container] = frozenset(inside)
    return found


def _dated(kg: KnowledgeGraph) -> frozenset[str]:
    return frozenset(p.id for p in kg.records(Kind.LOCATION) if p.part_of_dated)


def ever_inside(kg: KnowledgeGraph, container_id: str) -> frozenset[str]:
    """The places that lay in a container at some date, the container included."""
    return kg.memo("places-ever-inside", _ever_inside).get(container_id, frozenset({container_id}))


def needs_dates(kg: KnowledgeGraph, container_ids: Iterable[str]) -> bool:
    """Whether any place under these containers has dated links: else today's nesting is every date's."""
    dated = kg.memo("places-with-dated-links", _dated)
    return any(not dated.isdisjoint(ever_inside(kg, c)) for c in container_ids)


__all__ = ["containers_at", "ever_inside", "holds_at", "inside_at", "links_of", "needs_dates", "part_of_at"]
