"""Apply changed records to a built graph without building it again: what most edits cost.

A full build of the full import (`KnowledgeGraph.from_records`, then every index of
`graph.indexes`) takes tens of seconds (`bench/apply.py`). Most corrections change words,
not links: a summary rewritten, a description added, a source cited. Such a change leaves
the nodes, edges, date order and names as they were, so `patch` makes the new graph from
the old one and shares everything the change cannot reach:

* the frozen adjacency, the id table, the rows of events and every array, shared as they are;
* the records: a `RecordTable` over the same blob with the new records in front of it
  (`RecordTable.with_records`), and a node dict whose changed nodes read that table;
* every index built from links, dates or names (search, hops, rankings, PageRank, postings,
  timelines, facets, name orders, days, slugs), shared as it is.

What the changed fields feed is updated apart: the events' folded texts (the dict copied,
the changed events folded again), the text index (`PatchedTextIndex`: the old arrays, with
the changed events matched on their new text at read time), and the Wikidata ids (built on
first use) are dropped when links or sources change.

Everything else (a new, deleted or merged record; a title, name or alias; a date, link,
category or role; a place's kind, parent, coordinates or dates; a person's life dates)
reaches structures built from the whole graph: `patch` returns None and the caller builds
the graph whole, as it also does once `MAX_PATCHED` events carry patched texts (a
compaction). The old graph is never changed: a request keeps the graph it started with.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.models import Event, Location, Organization, Person, Record
from graph.queries.text_index import PatchedTextIndex, TextIndex
from graph.record_table import NodeAttributes
from graph.store import KnowledgeGraph
from graph.text import fold

#: Fields a patch may change, by record class: none of them is read by the graph's links,
#: its date order, its names or any index but those `patch` updates itself.
PATCHABLE: dict[type, frozenset[str]] = {
    Event: frozenset(
        {"summary", "highlights", "what_happened", "why_it_matters", "links", "sources", "image"}
    ),
    Person: frozenset({"description", "links", "sources"}),
    Location: frozenset({"description", "sources"}),
    Organization: frozenset({"description", "sources"}),
}
#: Fields folded into an event's text (`KnowledgeGraph.search_text`, the text index).
TEXT_FIELDS = frozenset({"title", "summary"})
#: Memos read from the fields of `IDENTITY_FIELDS`, built on first use: dropped when those change.
IDENTITY_FIELDS = frozenset({"links", "sources"})
IDENTITY_MEMOS = ("wikidata-ids",)
#: Events with patched texts past which the next change builds the graph whole (a compaction):
#: each costs one substring test in every text filter until then.
MAX_PATCHED = 2_000


def changed_fields(old: Record, new: Record) -> set[str]:
    """The names of the fields whose values differ between two records of one class."""
    return {f.name for f in dataclasses.fields(old) if getattr(old, f.name) != getattr(new, f.name)}


def patch(kg: KnowledgeGraph, records: Mapping[str, Record | None]) -> KnowledgeGraph | None:
    """The graph of ``kg`` with ``records`` in place of its own, sharing all the rest; None if it cannot.

    Args:
        kg: the graph served now, with its indexes built (`graph.indexes.build_indexes`).
        records: id -> its record now (None: deleted), for every id changed since ``kg``.

    Returns:
        A new graph equal to a full build of the same records, or None when a change reaches
        what only a full build makes (see the module notes). ``version`` and ``redirects``
        are the caller's to set; ``kg`` is not changed.

    >>> import dataclasses
    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> beirut = kg.node("event:beirut-explosion")
    >>> new = patch(kg, {beirut.id: dataclasses.replace(beirut, summary="A blast in the port.")})
    >>> new.node(beirut.id).summary, kg.node(beirut.id).summary == beirut.summary
    ('A blast in the port.', True)
    >>> patch(kg, {beirut.id: dataclasses.replace(beirut, title="Port blast")}) is None
    True
    """
    new_records: dict[str, Record] = {}
    fields: set[str] = set()
    for node_id, record in records.items():
        old = kg.get(node_id) if node_id in kg._table else None
        if record is None or old is None or type(old) is not type(record) or old.id != node_id:
            return None  # created, deleted or merged: nodes and edges change
        differs = changed_fields(old, record)
        if not differs <= PATCHABLE.get(type(record), frozenset()):
            return None
        if differs:
            fields |= differs
            new_records[node_id] = record
    texts = (
        {node_id: r for node_id, r in new_records.items() if isinstance(r, Event)}
        if fields & TEXT_FIELDS
        else {}
    )
    patched = {kg.event_position(node_id) for node_id in texts} | set(
        getattr(kg._memo.get("text index"), "patched", ())
    )
    if len(patched) > MAX_PATCHED:
        return None
    return _derive(kg, new_records, texts, fields)


def _derive(
    kg: KnowledgeGraph, records: dict[str, Record], texts: dict[str, Event], fields: set[str]
) -> KnowledgeGraph:
    new = object.__new__(KnowledgeGraph)
    new.__dict__.update(kg.__dict__)
    new._table = kg._table.with_records(records.values())
    new.graph = _graph_over(kg.graph, new._table, records)
    new._memo_lock = threading.RLock()
    memo = dict(kg._memo)
    if fields & IDENTITY_FIELDS:
        for name in IDENTITY_MEMOS:
            memo.pop(name, None)
    for name, value in memo.items():
        if getattr(value, "kg", None) is kg:  # an index that reads records through its graph
            value = copy.copy(value)
            value.kg = new
            memo[name] = value
    if texts:
        folded = {node_id: fold(f"{event.title} {event.summary or ''}") for node_id, event in texts.items()}
        if kg._texts is not None:
            new._texts = {**kg._texts, **folded}
        index = memo.get("text index")
        if isinstance(index, TextIndex):
            memo["text index"] = PatchedTextIndex(
                index, {kg.event_position(node_id): text for node_id, text in folded.items()}
            )
    new._memo = memo
    return new


def _graph_over(g: nx.MultiDiGraph[str], table: Any, records: Mapping[str, Record]) -> nx.MultiDiGraph[str]:
    """The frozen graph ``g`` with its adjacency shared, and the changed nodes reading ``table``.

    A node's ``record`` attribute is read from a table (`NodeAttributes`); the unchanged
    nodes keep their attribute dicts, whose table holds the same records.
    """
    shared: dict[str, Any] = {
        name: value
        for name, value in g.__dict__.items()
        # NetworkX caches its views (``nodes``, ``adj``…) on the instance: they would read ``g``.
        if not type(value).__module__.startswith(
            ("networkx.classes.reportviews", "networkx.classes.coreviews")
        )
    }
    h: nx.MultiDiGraph[str] = object.__new__(type(g))
    h.__dict__.update(shared)
    h.__networkx_cache__ = {}
    nodes = dict(g._node)  # type: ignore[attr-defined]
    for node_id in records:
        attrs = nodes[node_id]
        nodes[node_id] = NodeAttributes(table, attrs._id, dict(attrs))
    h._node = nodes  # type: ignore[attr-defined]
    return h


__all__ = ["MAX_PATCHED", "PATCHABLE", "changed_fields", "patch"]
