"""The RDF export and `/id/<id>`: every format parses with rdflib and holds the graph's records and links."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from clio.cli import main as clio_main
from graph import rdf
from graph.dates import HistoricalDate
from graph.models import Event, Kind, Location
from graph.store import KnowledgeGraph

BASE = "https://clio.example"
RDFLIB_FORMATS = {"ntriples": "nt", "turtle": "turtle", "jsonld": "json-ld"}


def exported(kg: KnowledgeGraph, fmt: str) -> Graph:
    out = io.StringIO()
    rdf.write(kg, BASE, fmt, out)
    return Graph().parse(data=out.getvalue(), format=RDFLIB_FORMATS[fmt])


def graph_links(kg: KnowledgeGraph) -> int:
    """Place, participant and part-of links between exported records, counted on the graph itself."""
    count = 0
    for event in kg.records(Kind.EVENT):
        assert isinstance(event, Event)
        count += len(set(event.locations)) + len(set(event.people))
    for place in kg.records(Kind.LOCATION):
        assert isinstance(place, Location)
        count += place.part_of is not None and kg.get(place.part_of) is not None
    return count


@pytest.mark.parametrize("fmt", rdf.FORMATS)
def test_every_export_parses_and_counts_equal_the_graphs(kg: KnowledgeGraph, fmt: str) -> None:
    parsed = exported(kg, fmt)
    for cls, kind in (("Event", Kind.EVENT), ("Person", Kind.PERSON), ("Place", Kind.LOCATION)):
        typed = set(parsed.subjects(RDF.type, rdf.SCHEMA[cls]))
        assert typed == {URIRef(f"{BASE}/id/{i}") for i in kg.ids(kind)}, cls
    links = sum(1 for p in rdf.LINKS for _ in parsed.triples((None, p, None)))
    assert links == graph_links(kg)


def test_the_three_formats_hold_the_same_triples(kg: KnowledgeGraph) -> None:
    graphs = [exported(kg, fmt) for fmt in rdf.FORMATS]
    assert len(graphs[0]) > 5000
    assert set(graphs[0]) == set(graphs[1]) == set(graphs[2])


def test_dates_are_typed_by_precision_with_bc_as_negative_years_and_edtf(linked_kg: KnowledgeGraph) -> None:
    parsed = exported(linked_kg, "turtle")
    zela = URIRef(f"{BASE}/id/event:battle-of-zela-67-bc-0066-bc")
    assert set(parsed.objects(zela, rdf.SCHEMA.startDate)) == {
        Literal("-0066", datatype=XSD.gYear),  # 67 BC, XSD 1.1 astronomical year
        Literal("-0066", datatype=rdf.EDTF),
    }
    assert set(parsed.objects(zela, OWL.sameAs)) == {URIRef("http://www.wikidata.org/entity/Q2464364")}
    assert set(parsed.objects(zela, PROV.wasDerivedFrom)) >= {
        URIRef("http://www.wikidata.org/entity/Q2464364")
    }


def test_a_day_is_an_xsd_date_and_a_source_without_url_is_a_labelled_node(kg: KnowledgeGraph) -> None:
    event = kg.node("event:tiflis-bank-robbery")
    found = rdf.triples(kg, BASE, event)
    subject = URIRef(f"{BASE}/id/event:tiflis-bank-robbery")
    assert (subject, rdf.SCHEMA.startDate, Literal("1907-06-26", datatype=XSD.date)) in found
    assert (subject, rdf.SCHEMA.startDate, Literal("1907-06-26", datatype=rdf.EDTF)) in found
    assert (subject, rdf.SCHEMA.location, URIRef(f"{BASE}/id/location:tbilisi")) in found


def test_an_approximate_year_has_only_its_edtf_literal() -> None:
    from graph.dates import HistoricalDate

    assert rdf.date_literals(HistoricalDate.parse("1900~")) == [Literal("1900~", datatype=rdf.EDTF)]
    assert rdf.date_literals(HistoricalDate.parse("1917-03")) == [
        Literal("1917-03", datatype=XSD.gYearMonth),
        Literal("1917-03", datatype=rdf.EDTF),
    ]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_clio_export_writes_rdf_under_the_base(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"clio.{fmt}"
    assert clio_main(["export", fmt, "--base", BASE, "--out", str(out)]) == 0
    parsed = Graph().parse(out, format=RDFLIB_FORMATS[fmt])
    assert (URIRef(f"{BASE}/id/person:joseph-stalin"), RDF.type, rdf.SCHEMA.Person) in parsed


@pytest.mark.parametrize(
    ("accept", "media_type", "parser"),
    [
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("text/turtle", "text/turtle", "turtle"),
        ("text/turtle;q=0.9, text/html;q=0.5", "text/turtle", "turtle"),
    ],
)
def test_the_id_uri_answers_rdf_by_accept(
    client: TestClient, accept: str, media_type: str, parser: str
) -> None:
    response = client.get("/id/person:joseph-stalin", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"].split(", ")
    parsed = Graph().parse(data=response.text, format=parser)
    stalin = URIRef("http://testserver/id/person:joseph-stalin")
    assert (stalin, RDF.type, rdf.SCHEMA.Person) in parsed
    assert (stalin, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q855")) in parsed
    if parser == "json-ld":
        assert isinstance(json.loads(response.text)["@graph"], list)


@pytest.mark.parametrize("accept", ["text/html,application/xhtml+xml,*/*;q=0.8", "*/*", ""])
def test_a_browser_is_sent_to_the_page(client: TestClient, accept: str) -> None:
    response = client.get("/id/person:joseph-stalin", headers={"Accept": accept}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        "http://testserver/people/joseph-stalin",
    )


def test_a_wikidata_uri_leads_to_the_records_own(client: TestClient) -> None:
    response = client.get("/id/wikidata:Q855", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        "http://testserver/id/person:joseph-stalin",
    )
    assert client.get("/id/wikidata:Q1", follow_redirects=False).status_code == 404


def test_a_day_before_christ_is_written_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    # rdflib cannot read "-0043-03-15" into a Python date and logged a traceback for each one:
    # an export of many such dates printed one per date. The literal itself is right XSD 1.1.
    with caplog.at_level(logging.WARNING):
        literals = rdf.date_literals(HistoricalDate.parse("-0043-03-15"))
    assert [str(literal) for literal in literals] == ["-0043-03-15", "-0043-03-15"]
    assert literals[0].datatype == XSD.date
    assert caplog.records == []
