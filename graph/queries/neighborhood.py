"""The neighbourhood of a node: what lies within a few links, ready to draw.

Links are walked both ways. Calendar nodes (days, years) are never part of a
neighbourhood: every event of August 4th being a neighbour of every other says nothing
a picture can show. Categories and tags join only when asked for, since they link
hundreds of events.

When ``limit`` cuts, the better connected neighbours are kept, ring by ring, within a
ring by degree, then id, so the same question always draws the same picture. At depth
``d`` each ring may first take an equal share of the room left (half of it for the first
of two rings), so a greater depth always draws the further rings; room a later ring leaves
unused goes back to the earlier rings' next best.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from graph.adjacency import RELATIONS, out_edges_of
from graph.compact import Numbers, PatchedRows, Rows
from graph.deadline import Deadline, paced
from graph.errors import LimitExceeded, NotFound
from graph.models import Kind
from graph.node_table import node_table
from graph.queries.paths import hop_graph, label_of
from graph.store import KnowledgeGraph

MAX_DEPTH = 3
MAX_NODES = 200
DEFAULT_KINDS = frozenset({Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.ORGANIZATION})
_CALENDAR = frozenset({Kind.DAY, Kind.YEAR})


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    label: str
    kind: Kind
    degree: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    id: str
    source: str
    target: str
    relation: str


@dataclass(frozen=True, slots=True)
class Neighborhood:
    center: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    truncated: bool

    def elements(self) -> dict[str, list[dict[str, Any]]]:
        """Cytoscape.js elements: ``{"nodes": [{"data": {…}}], "edges": [{"data": {…}}]}``."""
        return {
            "nodes": [
                {"data": {"id": n.id, "label": n.label, "kind": n.kind.value, "degree": n.degree}}
                for n in self.nodes
            ],
            "edges": [
                {"data": {"id": e.id, "source": e.source, "target": e.target, "relation": e.relation}}
                for e in self.edges
            ],
        }


class Degrees:
    """Each node's degree by node number, in an array (calendar nodes 0): read by every ring."""

    __slots__ = ("by_number",)

    def __init__(self, by_number: array[int]) -> None:
        self.by_number = by_number

    def __getstate__(self) -> bytes:
        return self.by_number.tobytes()

    def __setstate__(self, state: bytes) -> None:
        self.by_number = array("i")
        self.by_number.frombytes(state)


def _degrees(kg: KnowledgeGraph) -> Degrees:
    g = kg.graph
    nodes = node_table(kg)
    succ: dict[str, dict[str, Any]] = g._succ  # type: ignore[attr-defined]  # no view objects
    pred: dict[str, dict[str, Any]] = g._pred  # type: ignore[attr-defined]
    degree = array("i", [0]) * len(nodes)
    for node_id, attrs in nodes.items():
        if attrs["kind"] in _CALENDAR:
            continue
        degree[kg.number(node_id)] = sum(  # type: ignore[index]
            1 for n in succ[node_id] if kg.kind_of(n) not in _CALENDAR
        ) + sum(1 for n in pred[node_id] if kg.kind_of(n) not in _CALENDAR)
    return Degrees(degree)


def _degree_array(kg: KnowledgeGraph) -> array[int]:
    degrees: Degrees = kg.memo("degree", _degrees)
    return degrees.by_number


def degree_of(kg: KnowledgeGraph, node_id: str) -> int:
    """Links to people, events, places, organisations, categories and tags (calendar nodes left out).

    >>> from graph.loader import load_graph
    >>> degree_of(load_graph("tests/data/tiny"), "person:joseph-stalin")
    1
    """
    degrees = _degree_array(kg)  # built first: `graph.indexes` builds it by asking for any id
    number = kg.number(node_id)
    return 0 if number is None else degrees[number]


#: Nodes with more links than this keep their neighbours in drawing order, built at load.
HUB_LINKS = 256


def _by_degree(kg: KnowledgeGraph, numbers: Iterable[int]) -> list[int]:
    """Non-calendar node numbers, best connected first, ties by id: the order a ring is cut in.

    Node numbers are in id order, so a tie by number is a tie by id.
    """
    degrees = _degree_array(kg)
    kind_at = kg.kind_at
    kept = (n for n in numbers if kind_at(n) not in _CALENDAR)
    return sorted(kept, key=lambda n: (-degrees[n], n))


def _linked(kg: KnowledgeGraph, number: int) -> Numbers:
    """Every node linked to node ``number``, either way, once each."""
    return hop_graph(kg).neighbours(number)


class HubOrders:
    """Every hub's neighbours in drawing order, as rows of node numbers (empty for other nodes)."""

    __slots__ = ("hubs", "rows")

    def __init__(self, hubs: bytes, rows: Rows) -> None:
        self.hubs = hubs  # 1 at a hub's number
        self.rows = rows

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and 0 <= number < len(self.hubs) and bool(self.hubs[number])

    def order(self, number: int) -> Numbers | None:
        """The hub's neighbours in drawing order; None for a node that is not a hub."""
        return self.rows.row(number) if self.hubs[number] else None


def _hub_orders(kg: KnowledgeGraph) -> HubOrders:
    g = kg.graph
    succ: dict[str, dict[str, Any]] = g._succ  # type: ignore[attr-defined]
    pred: dict[str, dict[str, Any]] = g._pred  # type: ignore[attr-defined]
    nodes = node_table(kg)
    hubs = bytearray(len(nodes))
    for node in g:
        # Calendar nodes are never a centre nor a ring's member: their orders would go unread.
        if len(succ[node]) + len(pred[node]) > HUB_LINKS and nodes[node]["kind"] not in _CALENDAR:
            hubs[kg.number(node)] = 1  # type: ignore[index]
    rows = Rows.from_lists(
        _by_degree(kg, _linked(kg, number).tolist()) if hub else () for number, hub in enumerate(hubs)
    )
    return HubOrders(bytes(hubs), rows)


def relinked_degrees(kg: KnowledgeGraph, old: Degrees, touched: Iterable[str]) -> Degrees:
    """``old`` (a graph's `Degrees`) with the degrees of ``touched`` counted again in ``kg``.

    A link or an unlink changes the degree of its two ends only (`graph.incremental_links`).
    """
    succ: dict[str, dict[str, Any]] = kg.graph._succ  # type: ignore[attr-defined]
    pred: dict[str, dict[str, Any]] = kg.graph._pred  # type: ignore[attr-defined]
    degree = array("i", old.by_number)  # a copy: the old graph keeps its own
    for node_id in touched:
        kind = kg.kind_of(node_id)
        if kind in _CALENDAR:
            continue
        if kind is not Kind.EVENT:
            # Calendar nodes link events only: every neighbour of another node counts.
            degree[kg.number(node_id)] = len(succ[node_id]) + len(pred[node_id])  # type: ignore[index]
            continue
        degree[kg.number(node_id)] = sum(  # type: ignore[index]
            1 for n in succ[node_id] if kg.kind_of(n) not in _CALENDAR
        ) + sum(1 for n in pred[node_id] if kg.kind_of(n) not in _CALENDAR)
    return Degrees(degree)


def relinked_hub_orders(
    kg: KnowledgeGraph, old: HubOrders, touched: Iterable[str], beside: Iterable[int]
) -> HubOrders:
    """``old`` with the hubs a relink reaches ordered again in ``kg`` (its degrees and hops patched).

    ``touched`` are the relinked nodes: each may become or stop being a hub, and only their
    degrees and links changed. ``beside`` are the numbers of every node linked to one of them,
    before or after: a hub among them keeps its order but for the touched nodes, which are
    taken out and put back where their degree now sorts them (by bisection, never a sort of
    all its neighbours). A node that just became a hub is sorted whole.
    """
    succ: dict[str, dict[str, Any]] = kg.graph._succ  # type: ignore[attr-defined]
    pred: dict[str, dict[str, Any]] = kg.graph._pred  # type: ignore[attr-defined]
    hubs = bytearray(old.hubs)
    changed: dict[int, str] = {kg.number(n): n for n in touched}  # type: ignore[misc]
    for number, node in changed.items():
        calendar = kg.kind_of(node) in _CALENDAR
        hubs[number] = len(succ[node]) + len(pred[node]) > HUB_LINKS and not calendar
    degrees = np.frombuffer(_degree_array(kg), dtype=np.int32)
    size = len(degrees) + 1
    rows: dict[int, Numbers] = {}
    for number in {n for n in beside if hubs[n]} | set(changed):
        if not hubs[number]:
            rows[number] = np.zeros(0, dtype=np.int32)
            continue
        if not old.hubs[number]:
            rows[number] = np.array(_by_degree(kg, _linked(kg, number).tolist()), dtype=np.int32)
            continue
        order = old.order(number)
        assert order is not None
        moving = np.fromiter(changed, dtype=np.int32, count=len(changed))
        order = order[~np.isin(order, moving)]
        linked = _linked(kg, number)
        kept = [m for m in _by_degree(kg, moving[np.isin(moving, linked)].tolist())]
        if kept:
            # (-degree, number) as one sortable integer: the order `_by_degree` gives.
            keys = -degrees[order].astype(np.int64) * size + order
            places = np.searchsorted(keys, -degrees[kept].astype(np.int64) * size + kept)
            order = np.insert(order, places, kept)
        rows[number] = order.astype(np.int32)
    return HubOrders(bytes(hubs), PatchedRows(old.rows, rows))


def hub_orders(kg: KnowledgeGraph) -> HubOrders:
    """Every hub's neighbours in drawing order, built once (`graph.indexes` builds them at load)."""
    return kg.memo("hood-order", _hub_orders)


def _ordered(kg: KnowledgeGraph, number: int) -> Sequence[int]:
    found = hub_orders(kg).order(number)
    if found is not None:
        ordered: list[int] = found.tolist()
        return ordered
    return _by_degree(kg, _linked(kg, number).tolist())


def ordered_neighbours(kg: KnowledgeGraph, node_id: str) -> tuple[str, ...]:
    """Neighbours of a node, calendar nodes left out, best connected first (ties by id).

    A hub's are sorted once, at load (`graph.indexes`): a ring cut at ``limit`` then reads
    only the first few of a person's hundred thousand events instead of sorting them all.

    >>> from graph.loader import load_graph
    >>> ordered_neighbours(load_graph("tests/data/tiny"), "person:alvaro-obregon")
    ('event:mexico-soviet-relations', 'event:obregon-in-capital')
    """
    number = kg.number(node_id)
    if number is None:
        return ()
    return tuple(kg.ids_of(_ordered(kg, number)))


def _next_ring(
    kg: KnowledgeGraph,
    ring: list[int],
    seen: set[int],
    allowed: frozenset[Kind],
    room: int,
    deadline: Deadline | None,
) -> tuple[list[int], bool]:
    """The best ``room`` new neighbours of the ring in drawing order, and whether more were left out.

    The ring's neighbour lists are merged in drawing order and read only until ``room``
    plus one new node is found, so a hub's neighbours past the cut are never looked at.
    Nodes are numbers (`KnowledgeGraph.number`) throughout.
    """
    degrees = _degree_array(kg)
    kind_at = kg.kind_at
    # A hub's ring has thousands of members, each with its own neighbours.
    streams = [_ordered(kg, member) for member in paced(ring, deadline, every=16)]
    picked: list[int] = []
    taken: set[int] = set()
    merged = heapq.merge(*streams, key=lambda n: (-degrees[n], n)) if len(streams) > 1 else iter(streams[0])
    refused: set[int] = set()  # a category many members share is looked at once, not once each
    for node in paced(merged, deadline, every=4096):
        if node in seen or node in taken or node in refused:
            continue
        if kind_at(node) not in allowed:
            refused.add(node)
            continue
        if len(picked) == room:
            return picked, True
        taken.add(node)
        picked.append(node)
    return picked, False


def check_limits(depth: int, limit: int) -> None:
    """Refuse neighbourhoods too deep or too large to draw."""
    if not 1 <= depth <= MAX_DEPTH:
        raise LimitExceeded("depth", depth, MAX_DEPTH, minimum=1)
    if not 1 <= limit <= MAX_NODES:
        raise LimitExceeded("limit", limit, MAX_NODES, minimum=1)


def neighborhood(
    kg: KnowledgeGraph,
    node_id: str,
    depth: int = 1,
    limit: int = 50,
    kinds: Iterable[Kind] | None = None,
    deadline: Deadline | None = None,
) -> Neighborhood:
    """Nodes within ``depth`` links of ``node_id`` (at most ``limit``, centre included), and their edges.

    Args:
        kg: the graph.
        node_id: the centre.
        depth: rings of links to walk, 1 to 3.
        limit: most nodes to return, 1 to 200.
        kinds: kinds of node to include besides the centre; default events, people,
            places and organisations.
        deadline: checked while the rings are walked.

    Raises:
        NotFound: the centre is not in the graph.
        LimitExceeded: depth or limit out of range.

    >>> from graph.loader import load_graph
    >>> hood = neighborhood(load_graph("tests/data/tiny"), "person:alvaro-obregon")
    >>> [n.id for n in hood.nodes], hood.truncated
    (['person:alvaro-obregon', 'event:mexico-soviet-relations', 'event:obregon-in-capital'], False)
    """
    check_limits(depth, limit)
    centre = kg.number(node_id)
    if centre is None or kg.kind_at(centre) in _CALENDAR:
        raise NotFound(node_id)
    allowed = frozenset(kinds) if kinds else DEFAULT_KINDS
    allowed -= _CALENDAR
    kept = [centre]
    seen = {centre}
    ring = [centre]
    cut = False
    # Each ring past the first may take only its share of the room, or a hub's first ring
    # fills any limit and depth 2 draws the same star as depth 1.
    spare: list[list[int]] = []
    for level in range(depth):
        room = limit - len(kept)
        ordered, ring_cut = _next_ring(kg, ring, seen, allowed, room, deadline)
        share = room if level == depth - 1 else -(-room // (depth - level))
        ring, rest = ordered[:share], ordered[share:]
        kept.extend(ring)
        seen.update(ring)
        spare.append(rest)
        cut = cut or ring_cut
        if not ring:
            break
    # Later rings that stopped short of their share leave room: the next best of the
    # earlier rings fill it, nearest ring first.
    for rest in spare:
        for node in rest:
            if node in seen:
                continue
            if len(kept) == limit:
                cut = True
                break
            kept.append(node)
            seen.add(node)
    truncated = cut
    degrees = _degree_array(kg)
    members = np.zeros(len(degrees), dtype=bool)  # by node number: a mask is read in C
    members[kept] = True
    ids = dict(zip(kept, kg.ids_of(kept), strict=True))
    out = out_edges_of(kg)
    edges = []
    for source in kept:
        targets, relations = out.of(source)
        # A hub links to a hundred thousand events: the filter runs in numpy, in NetworkX's order.
        kept_at = np.flatnonzero(members[targets])
        for target, code in zip(targets[kept_at].tolist(), relations[kept_at].tolist(), strict=True):
            source_id, target_id = ids[source], ids[target]
            relation = RELATIONS[code].value
            edges.append(GraphEdge(f"{source_id}|{relation}|{target_id}", source_id, target_id, relation))
    return Neighborhood(
        center=node_id,
        nodes=tuple(GraphNode(ids[n], label_of(kg, ids[n]), kg.kind_at(n), degrees[n]) for n in kept),
        edges=tuple(edges),
        truncated=truncated,
    )


__all__ = [
    "DEFAULT_KINDS",
    "HUB_LINKS",
    "MAX_DEPTH",
    "MAX_NODES",
    "GraphEdge",
    "GraphNode",
    "Neighborhood",
    "check_limits",
    "degree_of",
    "hub_orders",
    "neighborhood",
    "ordered_neighbours",
    "relinked_degrees",
    "relinked_hub_orders",
]
