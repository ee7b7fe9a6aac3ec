"""How a query's properties weigh a candidate: the importer's own kinds of evidence.

The import tells namesakes apart by their life dates and an event's records apart by date and
place (`graph.importers.people_join`, `graph.importers.merge`); reconciliation weighs a
candidate the same way. Each property gives points: `AGREES` when the candidate's value fits
the query's, `DIFFERS` when it plainly does not (a different year of birth is another person),
`UNKNOWN` when the candidate has no value to compare (a small loss, so that a candidate whose
dates agree comes first). A date fits when the query's date and the candidate's can mean a
common day (1905 fits 1905-01-22); one year apart is `NEAR`, for a calendar's difference or
a source's slip. A place fits when the candidate lies in it at any date (an event in Tbilisi
is in Georgia, the Soviet Union and the Russian Empire).
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.dates import HistoricalDate
from graph.models import Event, Kind, Location, Person, Record
from graph.place_history import containers_at
from graph.reconciliation.batch import PlaceRef, PropertyValue, Value, read_date
from graph.store import KnowledgeGraph

AGREES = 6.0
#: Both dates name the same day: a little more than a year that fits.
SAME_DAY = 8.0
NEAR = -12.0
DIFFERS = -40.0
UNKNOWN = -3.0
#: A place the candidate has none of (a country is in nothing): less than a place it is not in.
NO_PLACE = -10.0
ELSEWHERE = -30.0


def date_evidence(query: HistoricalDate | None, found: HistoricalDate | None) -> float:
    """Points for a candidate's date against the query's (see the module doc).

    >>> date_evidence(HistoricalDate(1905), HistoricalDate(1905, 1, 22))
    6.0
    >>> date_evidence(HistoricalDate(1863), HistoricalDate(1913, 7, 14))
    -40.0
    """
    if query is None:
        return 0.0  # not a date: it says nothing either way
    if found is None:
        return UNKNOWN
    if query.earliest() <= found.latest() and found.earliest() <= query.latest():
        same_day = query.day is not None and found.day is not None and query.earliest() == found.earliest()
        return SAME_DAY if same_day else AGREES
    apart = min(abs(query.earliest()[0] - found.latest()[0]), abs(found.earliest()[0] - query.latest()[0]))
    return NEAR if apart <= 1 else DIFFERS


def places_named(kg: KnowledgeGraph, values: Iterable[Value]) -> set[str]:
    """The places the values name: an id as given (or its survivor), a name by its exact name or alias."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, PlaceRef):
            place_id = kg.redirects.get(value.id, value.id)
            if isinstance(kg.get(place_id), Location):
                found.add(place_id)
        else:
            found.update(kg.find(value, Kind.LOCATION))
    return found


def place_evidence(kg: KnowledgeGraph, wanted: set[str], places: Iterable[str]) -> float:
    """Points for a candidate lying (at any date) in one of the ``wanted`` places, from its own ``places``."""
    if not wanted:
        return 0.0  # the query named no place the graph knows: no evidence
    places = list(places)
    if not places:
        return NO_PLACE
    for place in places:
        if place in wanted or wanted.intersection(containers_at(kg, place, None)):
            return AGREES
    return ELSEWHERE


def weigh(kg: KnowledgeGraph, record: Record, prop: PropertyValue) -> float:
    """The points one property gives a candidate: the best of its values."""
    if prop.pid in ("location", "containedInPlace"):
        wanted = places_named(kg, prop.values)
        if isinstance(record, Event):
            return place_evidence(kg, wanted, record.locations)
        if isinstance(record, Location):
            return place_evidence(kg, wanted, containers_at(kg, record.id, None))
        return 0.0
    own = {
        "birthDate": record.born if isinstance(record, Person) else None,
        "deathDate": record.died if isinstance(record, Person) else None,
        "startDate": record.date if isinstance(record, Event) else None,
    }[prop.pid]
    dates = [read_date(v) for v in prop.values if isinstance(v, str)]
    return max((date_evidence(date, own) for date in dates), default=0.0)


__all__ = ["AGREES", "DIFFERS", "date_evidence", "place_evidence", "places_named", "weigh"]
