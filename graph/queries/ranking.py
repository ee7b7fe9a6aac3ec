"""Who and what matters most in the graph: by degree, or by PageRank.

Both rankings are computed once per graph, at load (`graph.indexes`), and kept with it.

PageRank runs on the undirected graph of people, events, places and organisations,
with the calendar (days, years), categories and tags left out: those hubs tie every
event to hundreds of others, and would hand their weight to whatever they touch
regardless of history. Edges count both ways, since a person involved in an event
lends it weight as much as it lends the person weight. A category or tag is ranked by
the summed PageRank of its events: how much of the graph's attention its events hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.errors import LimitExceeded
from graph.models import Kind
from graph.node_table import node_table
from graph.queries.neighborhood import degree_of
from graph.queries.pagerank import pagerank
from graph.store import KnowledgeGraph

MAX_RANKED = 100
_CORE = frozenset({Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.ORGANIZATION})
_HUBS = frozenset({Kind.CATEGORY, Kind.TAG})


class RankBy(str, Enum):
    DEGREE = "degree"
    PAGERANK = "pagerank"


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    score: float
    id: str


def core_graph(kg: KnowledgeGraph) -> nx.Graph[str]:
    """People, events, places and organisations with the links between them, undirected."""
    nodes = node_table(kg)
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(n for n, attrs in nodes.items() if attrs["kind"] in _CORE)
    g.add_edges_from(
        (u, v) for u, v in kg.graph.edges() if nodes[u]["kind"] in _CORE and nodes[v]["kind"] in _CORE
    )
    return g


def _pagerank(kg: KnowledgeGraph) -> dict[str, float]:
    scores = pagerank(core_graph(kg))
    for kind in _HUBS:
        for hub in kg.ids(kind):
            scores[hub] = sum(scores[e] for e in kg.event_ids_of(hub))
    return scores


class RankTable:
    """A kind's nodes best first, as node numbers and scores in arrays (read without copying pages)."""

    __slots__ = ("numbers", "scores")

    def __init__(self, numbers: npt.NDArray[np.int32], scores: npt.NDArray[np.float64]) -> None:
        self.numbers = numbers
        self.scores = scores

    def __getstate__(self) -> dict[str, Any]:
        return {"numbers": self.numbers.tobytes(), "scores": self.scores.tobytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.numbers = np.frombuffer(state["numbers"], dtype=np.int32)
        self.scores = np.frombuffer(state["scores"], dtype=np.float64)


def _scores(kg: KnowledgeGraph, by: RankBy) -> dict[str, float]:
    if by is RankBy.PAGERANK:
        result: dict[str, float] = kg.memo("ranking.pagerank", _pagerank)
        return result
    return {n: float(degree_of(kg, n)) for kind in (*_CORE, *_HUBS) for n in kg.ids(kind)}


def ranking(kg: KnowledgeGraph, kind: Kind, by: RankBy = RankBy.DEGREE, first: int = 10) -> list[Ranked]:
    """The ``first`` nodes of a kind with the highest score, best first; ties by id.

    Args:
        kg: the graph.
        kind: which kind to rank (not the calendar kinds).
        by: DEGREE (links to non-calendar nodes) or PAGERANK (see the module notes).
        first: how many, at most 100.

    Raises:
        LimitExceeded: ``first`` out of range.

    >>> from graph.loader import load_graph
    >>> [(r.rank, r.id, r.score) for r in ranking(load_graph("tests/data/tiny"), Kind.LOCATION, first=2)]
    [(1, 'location:mexico', 2.0), (2, 'location:mexico-city', 2.0)]
    """
    if not 1 <= first <= MAX_RANKED:
        raise LimitExceeded("first", first, MAX_RANKED, minimum=1)
    if kind not in _CORE | _HUBS:
        return []

    def build(kg: KnowledgeGraph) -> RankTable:
        scores = _scores(kg, by)
        ranked = sorted(((n, scores.get(n, 0.0)) for n in kg.ids(kind)), key=lambda item: (-item[1], item[0]))
        return RankTable(
            np.array([kg.number(n) for n, _ in ranked], dtype=np.int32),
            np.array([score for _, score in ranked], dtype=np.float64),
        )

    table: RankTable = kg.memo(f"ranking.{kind.value}.{by.value}", build)
    ids = kg.ids_of(table.numbers[:first].tolist())
    scores = table.scores[:first].tolist()
    return [
        Ranked(position, score, node_id)
        for position, (node_id, score) in enumerate(zip(ids, scores, strict=True), start=1)
    ]


def rescored(table: RankTable, scores: dict[int, float]) -> RankTable:
    """``table`` with the nodes of ``scores`` (node number -> new score) moved to their new places.

    The order is the one `ranking` builds (score descending, then id, and node numbers are in
    id order): each moved node is taken out and put back where it now sorts, in one pass
    over the arrays, never a sort of the whole kind. The old table is not changed.
    """
    moved = np.fromiter(scores, dtype=np.int32, count=len(scores))
    keep = ~np.isin(table.numbers, moved)
    numbers, kept = table.numbers[keep], table.scores[keep]
    for number in sorted(scores, key=lambda n: (-scores[n], n)):
        score = scores[number]
        # First place whose (-score, number) sorts after the moved node's.
        low = int(np.searchsorted(-kept, -score, side="left"))
        high = int(np.searchsorted(-kept, -score, side="right"))
        at = low + int(np.searchsorted(numbers[low:high], number))
        numbers = np.insert(numbers, at, number)
        kept = np.insert(kept, at, score)
    return RankTable(numbers, kept)


def degree_scores(kg: KnowledgeGraph, node_ids: list[str]) -> dict[int, float]:
    """Node number -> the DEGREE ranking's score, for ``node_ids``."""
    return {kg.number(n): float(degree_of(kg, n)) for n in node_ids}  # type: ignore[misc]


__all__ = [
    "MAX_RANKED",
    "RankBy",
    "RankTable",
    "Ranked",
    "core_graph",
    "degree_scores",
    "ranking",
    "rescored",
]
