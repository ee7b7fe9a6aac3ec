"""The neighbourhood of a node: what lies within a few links, ready to draw.

Links are walked both ways. Calendar nodes (days, years) are never part of a
neighbourhood: every event of August 4th being a neighbour of every other says nothing
a picture can show. Categories and tags join only when asked for, since they link
hundreds of events.

When ``limit`` cuts, the better connected neighbours are kept, ring by ring: all of the
first ring is considered before the second, and within a ring nodes go by degree, then
id, so the same question always draws the same picture.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.deadline import Deadline, paced
from graph.errors import LimitExceeded, NotFound
from graph.models import Kind
from graph.node_table import node_table
from graph.queries.paths import label_of
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


def _degrees(kg: KnowledgeGraph) -> dict[str, int]:
    g = kg.graph
    nodes = node_table(kg)
    degree: dict[str, int] = {}
    for node_id, attrs in nodes.items():
        if attrs["kind"] in _CALENDAR:
            continue
        degree[node_id] = sum(1 for n in g.succ[node_id] if kg.kind_of(n) not in _CALENDAR) + sum(
            1 for n in g.pred[node_id] if kg.kind_of(n) not in _CALENDAR
        )
    return degree


def degree_of(kg: KnowledgeGraph, node_id: str) -> int:
    """Links to people, events, places, organisations, categories and tags (calendar nodes left out).

    >>> from graph.loader import load_graph
    >>> degree_of(load_graph("tests/data/tiny"), "person:joseph-stalin")
    1
    """
    degrees: dict[str, int] = kg.memo("degree", _degrees)
    return degrees.get(node_id, 0)


def _neighbours(kg: KnowledgeGraph, node_id: str) -> set[str]:
    g = kg.graph
    return set(g.succ[node_id]) | set(g.pred[node_id])


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
    if node_id not in kg.graph or kg.kind_of(node_id) in _CALENDAR:
        raise NotFound(node_id)
    allowed = frozenset(kinds) if kinds else DEFAULT_KINDS
    allowed -= _CALENDAR
    kept = [node_id]
    seen = {node_id}
    ring = [node_id]
    truncated = False
    for _ in range(depth):
        found: set[str] = set()
        # A hub's ring has thousands of members, each with its own neighbours.
        for member in paced(ring, deadline, every=16):
            found |= {n for n in _neighbours(kg, member) if n not in seen and kg.kind_of(n) in allowed}
        ordered = sorted(found, key=lambda n: (-degree_of(kg, n), n))
        room = limit - len(kept)
        if len(ordered) > room:
            ordered, truncated = ordered[:room], True
        kept.extend(ordered)
        seen.update(ordered)
        ring = ordered
        if truncated or not ring:
            break
    members = set(kept)
    edges = []
    for source in kept:
        for target, keys in kg.graph.succ[source].items():
            if target in members:
                for relation in sorted(keys):
                    edges.append(GraphEdge(f"{source}|{relation}|{target}", source, target, relation))
    return Neighborhood(
        center=node_id,
        nodes=tuple(GraphNode(n, label_of(kg, n), kg.kind_of(n), degree_of(kg, n)) for n in kept),
        edges=tuple(edges),
        truncated=truncated,
    )


__all__ = [
    "DEFAULT_KINDS",
    "MAX_DEPTH",
    "MAX_NODES",
    "GraphEdge",
    "GraphNode",
    "Neighborhood",
    "check_limits",
    "degree_of",
    "neighborhood",
]
