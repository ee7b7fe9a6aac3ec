"""The graph as plain NetworkX, and written as GraphML, GEXF or node-link JSON for Gephi, Cytoscape, D3.

The store's nodes carry frozen records; other tools want flat attributes of a few plain
types. `plain_graph` flattens each record once, the same way for every format:

* strings, numbers and booleans stay as they are;
* a date becomes its EDTF text (``date = "-0043-03-15"``) plus its historical year as
  an integer (``date_year = -44``), so tools can both show and sort it;
* a tuple of ids or names becomes one string joined by ``"|"`` (``people =
  "person:a|person:b"``), since GraphML has no list type; links and sources keep
  their URLs and data set names the same way;
* coordinates become ``lat`` and ``lon``;
* a missing value (None, or an empty tuple) is left out rather than written: GraphML
  cannot hold None, and an empty string would read back as a value.

Every node has ``kind`` (event, person, location…) and ``label``; a place's or an
organisation's own kind (country, army…) is written as ``type``. Every edge has
``relation`` (also its key) and a
unique ``id``, which GEXF needs. Calendar nodes (days, years) are included unless
``calendar=False``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import networkx as nx

from graph.dates import HistoricalDate
from graph.models import Coordinates, Kind
from graph.store import KnowledgeGraph

FORMATS = ("graphml", "gexf", "json")
_CALENDAR = (Kind.DAY, Kind.YEAR)
_JOIN = "|"


def flatten(record: Any) -> dict[str, str | int | float | bool]:
    """A record's fields as plain attributes (see the module notes).

    >>> from graph.models import Person
    >>> died = HistoricalDate(-44, 3, 15)
    >>> caesar = Person("person:julius-caesar", "Julius Caesar", aliases=("Caesar",), died=died)
    >>> flatten(caesar)
    {'name': 'Julius Caesar', 'aliases': 'Caesar', 'died': '-0043-03-15', 'died_year': -44}
    """
    flat: dict[str, str | int | float | bool] = {}
    for field in fields(record):
        if field.name == "id":
            continue
        value = getattr(record, field.name)
        if value is None or value == ():
            continue
        if isinstance(value, HistoricalDate):
            flat[field.name] = value.to_edtf()
            flat[f"{field.name}_year"] = value.year
        elif isinstance(value, Coordinates):
            flat["lat"], flat["lon"] = value.lat, value.lon
        elif isinstance(value, tuple):
            flat[field.name] = _JOIN.join(_item_text(item) for item in value)
        elif isinstance(value, str | int | float | bool):
            flat[field.name] = value
        else:
            raise TypeError(f"{type(record).__name__}.{field.name}: no plain form for {type(value).__name__}")
    return flat


def _item_text(item: Any) -> str:
    if isinstance(item, str):
        return item
    url = getattr(item, "url", None)
    return str(url or getattr(item, "name", None) or getattr(item, "title", item))


def plain_graph(
    kg: KnowledgeGraph, nodes: Iterable[str] | None = None, calendar: bool = True
) -> nx.MultiDiGraph[str]:
    """A copy of the graph (or of the sub-graph on ``nodes``) with plain attributes only.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> g = plain_graph(kg, ["person:joseph-stalin", "event:mexico-soviet-relations"])
    >>> g.nodes["person:joseph-stalin"]["born"], list(g.edges(keys=True))
    ('1878-12-18', [('person:joseph-stalin', 'event:mexico-soviet-relations', 'involved')])
    """
    from graph.queries.paths import label_of

    source = kg.graph
    wanted = set(source.nodes if nodes is None else nodes)
    if not calendar:
        wanted = {n for n in wanted if source.nodes[n]["kind"] not in _CALENDAR}
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node_id in sorted(wanted, key=str):
        attrs = source.nodes[node_id]
        record = attrs["record"]
        plain = flatten(record) if record is not None else {}
        if "kind" in plain:
            plain["type"] = plain.pop("kind")
        g.add_node(node_id, kind=attrs["kind"].value, label=label_of(kg, node_id), **plain)
    for u, v, key in source.edges(keys=True):
        if u in wanted and v in wanted:
            g.add_edge(u, v, key=key, relation=key, id=f"{u}|{key}|{v}")
    return g


def write_graphml(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    nx.write_graphml(graph, path)


def write_gexf(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    nx.write_gexf(graph, path)


def node_link(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """D3's node-link form: ``{"nodes": [{"id", …}], "edges": [{"source", "target", "key", …}]}``."""
    data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    return data


def write_node_link(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    Path(path).write_text(json.dumps(node_link(graph), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def export(graph: nx.MultiDiGraph[str], format: str, path: str | Path) -> None:
    """Write a plain graph in one of `FORMATS`.

    Raises:
        ValueError: an unknown format.
    """
    writers = {"graphml": write_graphml, "gexf": write_gexf, "json": write_node_link}
    if format not in writers:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    writers[format](graph, path)


__all__ = [
    "FORMATS",
    "export",
    "flatten",
    "node_link",
    "plain_graph",
    "write_gexf",
    "write_graphml",
    "write_node_link",
]
