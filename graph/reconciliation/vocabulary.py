"""What a reconciliation client may ask for: the types (schema.org classes) and the properties.

Types and properties are named as the RDF export names them (`graph.rdf`), so an id a client
saw in one place means the same in the other: a person is a ``Person``, a place a ``Place``,
and a life's dates are ``birthDate`` and ``deathDate``. Each property weighs candidates of
one type only; the service's manifest and ``suggest`` list them.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.models import Kind

#: The schema every type and property id belongs to (the reconciliation manifest's ``schemaSpace``).
SCHEMA_SPACE = "http://schema.org/"


@dataclass(frozen=True, slots=True)
class RecordType:
    """A type a client reconciles against: its id, a name for people, and the graph kind it holds."""

    id: str
    name: str
    kind: Kind
    description: str


@dataclass(frozen=True, slots=True)
class Property:
    """A property a query may give to weigh candidates of one type; ``takes`` says what value."""

    id: str
    name: str
    type_id: str
    takes: str


TYPES: dict[str, RecordType] = {
    t.id: t
    for t in (
        RecordType("Person", "Person", Kind.PERSON, "a person, with the years of their life"),
        RecordType("Event", "Event", Kind.EVENT, "a historical event, with its date and places"),
        RecordType("Place", "Place", Kind.LOCATION, "a place: a city, a country, a historical state…"),
    )
}

#: The kind of graph record each type id holds, and back.
TYPE_OF_KIND: dict[Kind, RecordType] = {t.kind: t for t in TYPES.values()}

PROPERTIES: dict[str, Property] = {
    p.id: p
    for p in (
        Property("birthDate", "Date of birth", "Person", "a year (1878) or a date (1878-12-18)"),
        Property("deathDate", "Date of death", "Person", "a year (1953) or a date (1953-03-05)"),
        Property("startDate", "Date", "Event", "a year (1905) or a date (1905-01-22)"),
        Property("location", "Place", "Event", "a place's name (Moscow) or its id (location:moscow)"),
        Property(
            "containedInPlace",
            "Lies in",
            "Place",
            "the name or id of a place it lies or lay in (United States, location:soviet-union)",
        ),
    )
}


def type_ref(record_type: RecordType) -> dict[str, str]:
    """A type as the API writes it in candidates and the manifest: ``{"id", "name"}``."""
    return {"id": record_type.id, "name": record_type.name}


__all__ = ["PROPERTIES", "SCHEMA_SPACE", "TYPES", "TYPE_OF_KIND", "Property", "RecordType", "type_ref"]
