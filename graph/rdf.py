"""Events, people and places as RDF triples, written as N-Triples, Turtle or JSON-LD, record by record.

The triples come from the pages' schema.org mapping (`graph.linked_data`): each record's
JSON-LD object is read key by key into triples, so the pages and the export cannot say two
different things. What plain JSON-LD on a page leaves loose is made exact here:

* ``schema:startDate``/``schema:endDate`` are typed by precision, ``xsd:date`` (a day),
  ``xsd:gYearMonth`` (a month) or ``xsd:gYear`` (a year), only when the date is exact
  (neither approximate nor uncertain). Years before Christ are XSD 1.1's astronomical years,
  as EDTF writes them: 44 BC is ``"-0043"^^xsd:gYear``. Every date is also given as its EDTF
  text typed ``<http://id.loc.gov/datatypes/edtf/EDTF>``, which says decades, spans and
  "circa" as well;
* ``prov:wasDerivedFrom`` names each source: its URL where it has one, else a ``#source-N``
  node of the record with the data set, file and record as its label;
* ``owl:sameAs`` names the Wikidata items and GeoNames features `graph.identity` reads from
  the sources; ``schema:sameAs`` keeps the pages' links (Wikipedia articles);
* a reference to another record is its ``/id/<id>`` URI only: that record's own triples
  carry its name.

Writers take one record at a time and never hold the graph's triples, so an export's memory
does not grow with the graph: N-Triples and Turtle write a subject's lines and move on,
JSON-LD writes one expanded node object per record inside one ``@graph`` array.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from rdflib import OWL, RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import PROV, NamespaceManager
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

from graph import identity
from graph.dates import HistoricalDate, Precision
from graph.linked_data import id_uri, jsonld
from graph.models import Event, Kind, Person, Record

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph

SCHEMA = Namespace("https://schema.org/")
EDTF = URIRef("http://id.loc.gov/datatypes/edtf/EDTF")
FORMATS = ("ntriples", "turtle", "jsonld")
#: The kinds an export holds, in the order it writes them.
KINDS = (Kind.LOCATION, Kind.PERSON, Kind.EVENT)
#: The predicates that link one exported record to another: the export's "links".
LINKS = (SCHEMA.location, SCHEMA.attendee, SCHEMA.containedInPlace)
PREFIXES = {"rdf": RDF, "schema": SCHEMA, "prov": PROV, "owl": OWL, "xsd": XSD, "rdfs": RDFS}
_DATE_TYPES = {Precision.DAY: XSD.date, Precision.MONTH: XSD.gYearMonth, Precision.YEAR: XSD.gYear}
# Keys whose text values are addresses, not words.
_IRI_KEYS = {"url", "sameAs"}
# Keys of the mapping that are said another way here, or are JSON-LD's own.
_SKIP = {"@context", "@type", "@id", "startDate", "endDate", "birthDate", "deathDate", "geo"}

Triple = tuple[URIRef, URIRef, Node]


_UNREAD_LITERAL = f"Failed to convert Literal lexical form to value. Datatype={XSD}"


class _BeforeChristDates(logging.Filter):
    """Drop rdflib's warning for an XSD 1.1 date before year 1 (``-0043-03-15``).

    rdflib reads a typed literal into a Python value as it is made, and Python's dates stop
    at year 1: for every such date it logs a warning with a traceback, although the literal
    it keeps is the right XSD 1.1 text. An export of a graph with many dates before Christ
    printed one traceback per date; only that warning is dropped.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (
            record.getMessage().startswith(_UNREAD_LITERAL)
            and isinstance(error, ValueError)
            and "'-" in str(error)
        )


logging.getLogger("rdflib.term").addFilter(_BeforeChristDates())


def date_literals(date: HistoricalDate) -> list[Literal]:
    """The typed literals of a date: its XSD value where it is exact, and its EDTF text.

    >>> [str(d) for d in date_literals(HistoricalDate(-44))]
    ['-0043', '-0043']
    >>> [d.datatype.split("#")[-1] for d in date_literals(HistoricalDate(1924, 8, 4))]
    ['date', 'http://id.loc.gov/datatypes/edtf/EDTF']
    >>> [str(d) for d in date_literals(HistoricalDate.parse("192X"))]
    ['192X']
    """
    found: list[Literal] = []
    datatype = _DATE_TYPES.get(date.precision)
    if datatype is not None and not date.approximate and not date.uncertain and date.end is None:
        found.append(Literal(date.to_edtf(), datatype=datatype))
    found.append(Literal(date.to_edtf(), datatype=EDTF))
    return found


def _dates(record: Record) -> Iterator[tuple[URIRef, HistoricalDate]]:
    if isinstance(record, Event):
        yield SCHEMA.startDate, record.date
        end = record.end_date or record.date.end
        if end is not None:
            yield SCHEMA.endDate, end
    elif isinstance(record, Person):
        if record.born is not None:
            yield SCHEMA.birthDate, record.born
        if record.died is not None:
            yield SCHEMA.deathDate, record.died


def _objects(key: str, value: Any) -> Iterator[Node]:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            yield URIRef(item["@id"])
        elif key in _IRI_KEYS:
            yield URIRef(str(item))
        elif isinstance(item, bool):
            yield Literal(item)
        elif isinstance(item, int | float):
            yield Literal(float(item))
        else:
            yield Literal(str(item))


def _source_label(name: str, file: str | None, record: str | None) -> str:
    return ", ".join(part for part in (name, file, record) if part)


def triples(kg: KnowledgeGraph, base: str, record: Record) -> list[Triple]:
    """The triples of one event, person or place; empty for other kinds.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> stalin = kg.node("person:joseph-stalin")
    >>> names = sorted(p.split("/")[-1].split("#")[-1] for _, p, _ in triples(kg, "https://c.x", stalin))
    >>> " ".join(names)
    'alternateName birthDate birthDate deathDate deathDate name sameAs sameAs type url'
    """
    data = jsonld(kg, base, record.id)
    if data is None:
        return []
    subject = URIRef(id_uri(base, record.id))
    found: list[Triple] = [(subject, RDF.type, SCHEMA[data["@type"]])]
    for key, value in data.items():
        if key not in _SKIP:
            found.extend((subject, SCHEMA[key], obj) for obj in _objects(key, value))
    for predicate, date in _dates(record):
        found.extend((subject, predicate, literal) for literal in date_literals(date))
    geo = data.get("geo")
    if geo is not None:
        point = URIRef(f"{subject}#geo")
        found += [
            (subject, SCHEMA.geo, point),
            (point, RDF.type, SCHEMA.GeoCoordinates),
            (point, SCHEMA.latitude, Literal(float(geo["latitude"]))),
            (point, SCHEMA.longitude, Literal(float(geo["longitude"]))),
        ]
    for number, source in enumerate(getattr(record, "sources", ()), start=1):
        if source.url:
            found.append((subject, PROV.wasDerivedFrom, URIRef(source.url)))
        else:
            origin = URIRef(f"{subject}#source-{number}")
            found += [
                (subject, PROV.wasDerivedFrom, origin),
                (origin, RDFS.label, Literal(_source_label(source.name, source.file, source.record))),
            ]
    for url in identity.same_as(record):
        # Wikipedia articles are about the thing, not the thing: they stay schema:sameAs.
        if "wikipedia.org/" not in url:
            found.append((subject, OWL.sameAs, URIRef(url)))
    return found


def records_in_order(kg: KnowledgeGraph) -> Iterator[Record]:
    """Every place, person and event, in that order, each decoded only when it is written."""
    for kind in KINDS:
        for node_id in kg.ids(kind):
            yield kg.record(node_id)


def _namespaces() -> NamespaceManager:
    from rdflib import Graph

    manager = NamespaceManager(Graph(bind_namespaces="none"))
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace)
    return manager


def write_ntriples(rows: Iterable[list[Triple]], out: IO[str]) -> None:
    for group in rows:
        out.write("".join(_nt_row(triple) for triple in group))


def write_turtle(rows: Iterable[list[Triple]], out: IO[str]) -> None:
    manager = _namespaces()
    out.writelines(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())
    for group in rows:
        subjects: dict[URIRef, list[tuple[URIRef, Node]]] = {}
        for s, p, o in group:
            subjects.setdefault(s, []).append((p, o))
        for subject, pairs in subjects.items():
            lines = ";\n    ".join(f"{p.n3(manager)} {o.n3(manager)}" for p, o in pairs)
            out.write(f"\n{subject.n3()}\n    {lines} .\n")


def _expanded(node: Node) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"@id": str(node)}
    assert isinstance(node, Literal)
    value: dict[str, str] = {"@value": str(node)}
    if node.datatype is not None:
        value["@type"] = str(node.datatype)
    elif node.language:
        value["@language"] = node.language
    return value


def write_jsonld(rows: Iterable[list[Triple]], out: IO[str]) -> None:
    """Expanded JSON-LD: full IRIs, no remote context to fetch, one node object a subject."""
    out.write('{"@graph": [')
    first = True
    for group in rows:
        subjects: dict[URIRef, dict[str, Any]] = {}
        for s, p, o in group:
            node = subjects.setdefault(s, {"@id": str(s)})
            if p == RDF.type:
                node.setdefault("@type", []).append(str(o))
            else:
                node.setdefault(str(p), []).append(_expanded(o))
        for node in subjects.values():
            out.write(("\n" if first else ",\n") + json.dumps(node, ensure_ascii=False))
            first = False
    out.write("\n]}\n")


WRITERS = {"ntriples": write_ntriples, "turtle": write_turtle, "jsonld": write_jsonld}


def write(
    kg: KnowledgeGraph, base: str, fmt: str, out: IO[str], records: Iterable[Record] | None = None
) -> None:
    """Write the records (every place, person and event by default) in one of `FORMATS`.

    Raises:
        ValueError: an unknown format.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown RDF format {fmt!r}: use one of {', '.join(FORMATS)}")
    chosen = records_in_order(kg) if records is None else records
    WRITERS[fmt]((triples(kg, base, record) for record in chosen), out)


__all__ = [
    "EDTF",
    "FORMATS",
    "KINDS",
    "LINKS",
    "SCHEMA",
    "date_literals",
    "records_in_order",
    "triples",
    "write",
]
