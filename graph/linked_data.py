"""schema.org descriptions of events, people and places, as JSON-LD.

One mapping for every consumer: the pages embed it, and a linked-data export writes the
same objects. A record's ``@id`` is the ``/id/<id>`` URI under the site's base; ``url``
is its page. Dates are given as ISO 8601 (astronomical years before Christ, as EDTF
writes them) only when they are a day, month or year: a decade or century has no ISO form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.dates import HistoricalDate, Precision
from graph.models import Event, Kind, Location, Person
from graph.slugs import slugs_of

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph

CONTEXT = "https://schema.org"

#: The path of each kind's pages, under the site's base.
PAGE_PATHS = {Kind.EVENT: "events", Kind.PERSON: "people", Kind.LOCATION: "places"}


def id_uri(base: str, node_id: str) -> str:
    """The URI that names a record: ``<base>/id/<id>``.

    >>> id_uri("https://clio.example/", "event:apollo-11")
    'https://clio.example/id/event:apollo-11'
    """
    return f"{base.rstrip('/')}/id/{node_id}"


def page_url(kg: KnowledgeGraph, base: str, node_id: str) -> str:
    """The page of an event, person or place: ``<base>/events/<slug>``."""
    kind = Kind(node_id.partition(":")[0])
    return f"{base.rstrip('/')}/{PAGE_PATHS[kind]}/{slugs_of(kg, kind).slug(node_id)}"


def iso_date(date: HistoricalDate | None) -> str | None:
    """The date as ISO 8601 wants it, or None when it has no ISO form.

    >>> iso_date(HistoricalDate(1924, 8, 4)), iso_date(HistoricalDate(-44)), iso_date(None)
    ('1924-08-04', '-0043', None)
    """
    if date is None or date.precision not in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        return None
    # EDTF's own marks for 'circa' and 'uncertain' are not ISO; the date itself is.
    return date.to_edtf().split("/")[0].rstrip("~?%")


def _ref(kg: KnowledgeGraph, base: str, node_id: str, kind: str) -> dict[str, Any]:
    record = kg.get(node_id)
    name = getattr(record, "name", None) or getattr(record, "title", node_id)
    return {"@type": kind, "@id": id_uri(base, node_id), "name": name, "url": page_url(kg, base, node_id)}


def _set(target: dict[str, Any], key: str, value: object) -> None:
    # Leave out what is unknown: an empty property says something false.
    if value not in (None, "", [], ()):
        target[key] = value


def _node(kg: KnowledgeGraph, base: str, kind: str, record_id: str, name: str) -> dict[str, Any]:
    """What every node of ours says first: its schema.org type, its ``/id/`` URI, name and page."""
    return {
        "@context": CONTEXT,
        "@type": kind,
        "@id": id_uri(base, record_id),
        "name": name,
        "url": page_url(kg, base, record_id),
    }


def event_jsonld(kg: KnowledgeGraph, base: str, event: Event) -> dict[str, Any]:
    """A schema.org ``Event``: where, when, who took part (``attendee``), its links as ``sameAs``."""
    data = _node(kg, base, "Event", event.id, event.title)
    _set(data, "startDate", iso_date(event.date))
    _set(data, "endDate", iso_date(event.end_date or event.date.end))
    _set(data, "description", event.summary)
    _set(data, "location", [_ref(kg, base, i, "Place") for i in event.locations])
    _set(data, "attendee", [_ref(kg, base, i, "Person") for i in event.people])
    category = kg.get(event.category)
    tags = [getattr(kg.get(t), "name", t) for t in event.tags]
    _set(data, "keywords", [getattr(category, "name", event.category), *tags])
    _set(data, "sameAs", [link.url for link in event.links])
    return data


def person_jsonld(kg: KnowledgeGraph, base: str, person: Person) -> dict[str, Any]:
    """A schema.org ``Person``: names, life dates, links as ``sameAs``."""
    data = _node(kg, base, "Person", person.id, person.name)
    _set(data, "alternateName", list(person.aliases))
    _set(data, "birthDate", iso_date(person.born))
    _set(data, "deathDate", iso_date(person.died))
    _set(data, "description", person.description)
    _set(data, "sameAs", [link.url for link in person.links])
    return data


def place_jsonld(kg: KnowledgeGraph, base: str, place: Location) -> dict[str, Any]:
    """A schema.org ``Place``: names, coordinates, the place it lies in."""
    data = _node(kg, base, "Place", place.id, place.name)
    _set(data, "alternateName", list(place.aliases))
    _set(data, "description", place.description)
    if place.coordinates is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": place.coordinates.lat,
            "longitude": place.coordinates.lon,
        }
    if place.part_of and kg.get(place.part_of) is not None:
        data["containedInPlace"] = _ref(kg, base, place.part_of, "Place")
    return data


def jsonld(kg: KnowledgeGraph, base: str, node_id: str) -> dict[str, Any] | None:
    """The schema.org object of an event, person or place by id; None for other kinds or no record."""
    record = kg.get(node_id)
    if isinstance(record, Event):
        return event_jsonld(kg, base, record)
    if isinstance(record, Person):
        return person_jsonld(kg, base, record)
    if isinstance(record, Location):
        return place_jsonld(kg, base, record)
    return None


__all__ = [
    "PAGE_PATHS",
    "event_jsonld",
    "id_uri",
    "iso_date",
    "jsonld",
    "page_url",
    "person_jsonld",
    "place_jsonld",
]
