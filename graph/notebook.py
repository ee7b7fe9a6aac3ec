"""The graph from Python, without a server: what a notebook needs in a few calls.

>>> from graph import load_graph, notebook
>>> kg = load_graph("tests/data/tiny")
>>> stalin = notebook.find(kg, "stalin")
>>> [e.title for e in notebook.events_of(kg, stalin)]
['Establishment of Mexico-Soviet Diplomatic Relations']
>>> [e.title for e in notebook.same_date(kg, "event:mexico-soviet-relations")]
['Massive Explosion at Beirut Port Kills Hundreds']

Functions accept a record or its id wherever they take a node. DataFrames need pandas,
an optional extra (``pip install -e '.[pandas]'`` from the checkout); it is imported only when a
frame is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph import geo, identity, place_history, rdf, reconciliation
from graph.dates import HistoricalDate
from graph.errors import NotFound, raise_all
from graph.export import plain_graph
from graph.models import Event, Kind, Person, Record
from graph.node_table import node_table
from graph.queries.lookup import lookup
from graph.reconciliation import Candidate
from graph.reconciliation.batch import one_query
from graph.store import KnowledgeGraph

if TYPE_CHECKING:
    import pandas as pd


def _id(kg: KnowledgeGraph, node: str | Record) -> str:
    # An id a later import retired (merged into another record) names its survivor here too.
    return kg.redirects.get(node, node) if isinstance(node, str) else node.id


def find(kg: KnowledgeGraph, name: str, kind: Kind | None = None) -> Record:
    """The record of a name: the exact name or alias, else the one close match (``graph.queries.lookup``).

    Raises:
        NotFound: nothing comes close.
        Ambiguous: several records fit; the error lists them, to ask by id.

    >>> from graph.loader import load_graph
    >>> find(load_graph("tests/data/tiny"), "Obregon").name
    'Álvaro Obregón'
    """
    node_id = lookup(kg, name, kind)
    if node_id is None:
        raise NotFound(name)
    return kg.node(node_id)


def events_of(kg: KnowledgeGraph, node: str | Record) -> list[Event]:
    """Events of a person, place, organisation, tag or category, in date order."""
    node_id = _id(kg, node)
    if node_id not in kg.graph:
        raise NotFound(node_id)
    return kg.events_of(node_id)


def same_date(
    kg: KnowledgeGraph, event: str | Event, limit: int | None = None, offset: int = 0
) -> list[Event]:
    """Other events on the same month and day in any year, newest first: all, or ``limit`` from ``offset``.

    With ``limit``, only the page is read (`KnowledgeGraph.same_date_page`): a month-day holds
    thousands of events at a million, and a loop over a hub's events wants a few of each.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> [e.id for e in same_date(kg, "event:mexico-soviet-relations", limit=1)]
    ['event:beirut-explosion']
    >>> same_date(kg, "event:mexico-soviet-relations", limit=1, offset=1)
    []
    """
    if limit is None:
        ids = kg.same_date_ids(_id(kg, event))[offset:]
    else:
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be 0 or more, not limit={limit}, offset={offset}")
        ids = kg.same_date_page(_id(kg, event), limit, offset)
    return kg.records_of(ids)


def subgraph(
    kg: KnowledgeGraph, nodes: Iterable[str | Record], calendar: bool = False
) -> nx.MultiDiGraph[str]:
    """The graph on these nodes, with plain attributes (see `graph.export`), ready for NetworkX algorithms.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> g = subgraph(kg, [kg.node("person:joseph-stalin"), *kg.events_of("person:joseph-stalin")])
    >>> g.number_of_nodes(), g.number_of_edges()
    (2, 1)
    """
    return plain_graph(kg, (_id(kg, n) for n in nodes), calendar=calendar)


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "DataFrames need pandas: pip install -e '.[pandas]' from the checkout (make test installs it)",
            name="pandas",
        ) from error
    return pandas


def events_frame(kg: KnowledgeGraph, events: Iterable[str | Event] | None = None) -> pd.DataFrame:
    """One row per event (all, or those given), in date order when all.

    Columns: id, title, date (EDTF), year (historical, negative BC), month, day,
    precision, display, category, locations, people (who take part), mentions (named in
    passing), organizations, tags (lists of ids), summary.
    """
    pandas = _pandas()
    ids = kg.ids(Kind.EVENT) if events is None else [_id(kg, e) for e in events]
    rows = []
    for event_id in ids:
        event: Event = kg.node(event_id)  # type: ignore[assignment]
        rows.append(
            {
                "id": event.id,
                "title": event.title,
                "date": event.date.to_edtf(),
                "year": event.date.year,
                "month": event.date.month,
                "day": event.date.day,
                "precision": event.date.precision.value,
                "display": event.date.display,
                "category": event.category,
                "locations": list(event.locations),
                "people": list(event.people),
                "mentions": list(event.mentions),
                "organizations": list(event.organizations),
                "tags": list(event.tags),
                "summary": event.summary,
            }
        )
    columns = ["id", "title", "date", "year", "month", "day", "precision", "display", "category",
               "locations", "people", "mentions", "organizations", "tags", "summary"]  # fmt: skip
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns).astype({"month": "Int64", "day": "Int64"})
    return frame


def people_frame(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per person: id, name, born and died (EDTF), their years, and how many events."""
    pandas = _pandas()
    rows = []
    for person_id in kg.ids(Kind.PERSON):
        person: Person = kg.node(person_id)  # type: ignore[assignment]
        rows.append(
            {
                "id": person.id,
                "name": person.name,
                "born": person.born.to_edtf() if person.born else None,
                "died": person.died.to_edtf() if person.died else None,
                "born_year": person.born.year if person.born else None,
                "died_year": person.died.year if person.died else None,
                "events": kg.event_count_of(person_id),
                "description": person.description,
            }
        )
    columns = ["id", "name", "born", "died", "born_year", "died_year", "events", "description"]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns).astype(
        {"born_year": "Int64", "died_year": "Int64"}
    )
    return frame


def edges_frame(kg: KnowledgeGraph, calendar: bool = False) -> pd.DataFrame:
    """One row per edge: source, target, relation, and the kinds at both ends."""
    pandas = _pandas()
    nodes = node_table(kg)
    calendar_kinds = (Kind.DAY, Kind.YEAR)
    rows = [
        {
            "source": u,
            "target": v,
            "relation": key,
            "source_kind": nodes[u]["kind"].value,
            "target_kind": nodes[v]["kind"].value,
        }
        for u, v, key in kg.graph.edges(keys=True)
        if calendar or nodes[v]["kind"] not in calendar_kinds
    ]
    frame: pd.DataFrame = pandas.DataFrame(
        rows, columns=["source", "target", "relation", "source_kind", "target_kind"]
    )
    return frame


# -- linked data: Wikidata ids, places over time, geo, RDF (issue 15) ---------------------


def by_wikidata(kg: KnowledgeGraph, qid: str) -> Record:
    """The record a Wikidata item names (``"Q855"``), from its sources or curated links.

    Raises:
        NotFound: no record names the item.

    >>> from graph.loader import load_graph
    >>> by_wikidata(load_graph("tests/data/tiny"), "Q855").name
    'Joseph Stalin'
    """
    record = identity.by_wikidata(kg, qid)
    if record is None:
        raise NotFound(f"wikidata:{qid}")
    return record


def contained_in(kg: KnowledgeGraph, place: str | Record, as_of: str) -> list[Record]:
    """Every place a place lay in at an EDTF date, nearest first (`graph.place_history`).

    >>> from graph.loader import load_graph
    >>> [p.name for p in contained_in(load_graph("data"), "location:tbilisi", "1907")]
    ['Russian Empire']
    """
    ids = place_history.containers_at(kg, _id(kg, place), HistoricalDate.parse(as_of))
    return [kg.node(i) for i in ids]


def events_near(
    kg: KnowledgeGraph, lat: float, lon: float, radius_km: float, include_regions: bool = False
) -> list[tuple[Event, float]]:
    """Events within ``radius_km`` of a point, nearest first, each with its distance in km.

    Raises:
        ArgumentError: a latitude, longitude or radius out of range.

    >>> from graph.loader import load_graph
    >>> [(e.title, round(km)) for e, km in events_near(load_graph("data"), 41.98, 44.11, 80)]
    [('Tiflis bank robbery', 66), ('April 9 tragedy', 66)]
    """
    near = geo.Near(lat, lon, radius_km)
    raise_all(geo.near_problems("near", near))
    found = geo.event_index(kg).near(near, include_regions)
    ordered = sorted(found, key=lambda i: (found[i], kg.event_position(i)))
    return [(kg.node(i), found[i]) for i in ordered]  # type: ignore[misc]


def write_rdf(
    kg: KnowledgeGraph, path: str | Path, fmt: str = "turtle", base: str = "http://localhost:8000"
) -> None:
    """Write every place, person and event as RDF (``turtle``, ``ntriples`` or ``jsonld``, `graph.rdf`)."""
    with Path(path).open("w", encoding="utf-8") as out:
        rdf.write(kg, base, fmt, out)


def reconcile(
    kg: KnowledgeGraph, name: str, type_id: str | None = None, limit: int = 5, **properties: str | int
) -> list[Candidate]:
    """The records a name from a spreadsheet may mean, best first, as ``/reconcile`` answers.

    ``type_id`` is ``Person``, ``Event`` or ``Place``; ``properties`` weigh the candidates by
    the reconciliation properties (``birthDate``, ``deathDate``, ``startDate``, ``location``,
    ``containedInPlace``). A candidate's ``match`` is True only when it is clearly the one.

    Raises:
        BadBatch: an unknown type or property, or a value it cannot read.

    >>> from graph.loader import load_graph
    >>> [(c.id, c.match) for c in reconcile(load_graph("data"), "Ford", "Person", birthDate=1863)][:2]
    [('person:henry-ford', True), ('person:gerald-ford', False)]
    """
    query = one_query("query", name, type_id, limit, list(properties.items()))
    return reconciliation.reconcile(kg, query)


__all__ = [
    "by_wikidata",
    "contained_in",
    "edges_frame",
    "events_frame",
    "events_near",
    "events_of",
    "find",
    "people_frame",
    "reconcile",
    "same_date",
    "subgraph",
    "write_rdf",
]
