"""The schema.org mapping the pages embed and a linked-data export will write."""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.linked_data import event_jsonld, jsonld, person_jsonld, place_jsonld
from graph.models import Category, Coordinates, Event, Link, Location, Person, Tag
from graph.store import KnowledgeGraph

BASE = "https://clio.example"


def small() -> KnowledgeGraph:
    return KnowledgeGraph.from_records(
        [
            Category("category:politics", "Politics"),
            Tag("tag:rome", "Rome"),
            Location("location:italy", "Italy", "country"),
            Location(
                "location:rome", "Rome", "city", part_of="location:italy", coordinates=Coordinates(41.9, 12.5)
            ),
            Person(
                "person:caesar",
                "Julius Caesar",
                aliases=("Caesar",),
                born=HistoricalDate(-100, 7, 12),
                died=HistoricalDate(-44, 3, 15),
                links=(Link("Wikipedia", "https://en.wikipedia.org/wiki/Julius_Caesar"),),
            ),
            Event(
                "event:ides",
                "Assassination of Julius Caesar",
                HistoricalDate(-44, 3, 15),
                "category:politics",
                locations=("location:rome",),
                people=("person:caesar",),
                tags=("tag:rome",),
                summary="Senators stab Caesar.",
            ),
            Event("event:roman-roads", "Roman roads", HistoricalDate.parse("-03XX"), "category:politics"),
        ]
    )


def test_an_event_says_where_when_and_who_with_ids_under_the_base() -> None:
    kg = small()
    assert event_jsonld(kg, BASE, kg.node("event:ides")) == {  # type: ignore[arg-type]
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": "https://clio.example/id/event:ides",
        "name": "Assassination of Julius Caesar",
        "url": "https://clio.example/events/ides",
        # ISO 8601 counts years astronomically, as EDTF does: 44 BC is -0043.
        "startDate": "-0043-03-15",
        "description": "Senators stab Caesar.",
        "location": [
            {
                "@type": "Place",
                "@id": "https://clio.example/id/location:rome",
                "name": "Rome",
                "url": "https://clio.example/places/rome",
            }
        ],
        "attendee": [
            {
                "@type": "Person",
                "@id": "https://clio.example/id/person:caesar",
                "name": "Julius Caesar",
                "url": "https://clio.example/people/caesar",
            }
        ],
        "keywords": ["Politics", "Rome"],
    }


def test_a_century_has_no_iso_date_and_unknowns_are_left_out() -> None:
    kg = small()
    data = event_jsonld(kg, BASE, kg.node("event:roman-roads"))  # type: ignore[arg-type]
    assert set(data) == {"@context", "@type", "@id", "name", "url", "keywords"}


def test_people_and_places() -> None:
    kg = small()
    person = person_jsonld(kg, BASE, kg.node("person:caesar"))  # type: ignore[arg-type]
    assert (person["birthDate"], person["deathDate"], person["alternateName"]) == (
        "-0099-07-12",
        "-0043-03-15",
        ["Caesar"],
    )
    assert person["sameAs"] == ["https://en.wikipedia.org/wiki/Julius_Caesar"]
    place = place_jsonld(kg, BASE, kg.node("location:rome"))  # type: ignore[arg-type]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 41.9, "longitude": 12.5}
    assert place["containedInPlace"]["@id"] == "https://clio.example/id/location:italy"
    assert jsonld(kg, BASE, "tag:rome") is None and jsonld(kg, BASE, "event:nope") is None
