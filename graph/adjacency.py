"""The graph's links as arrays of node numbers: what `connection` and `neighborhood` walk.

NetworkX keeps a node's links as dicts of dicts, and a forked worker that walks them
writes the reference count of every dict, key and value it reads: a `connection` search
that grows two balls of thousands of nodes made tens of megabytes of the parent's pages
its own (`bench/shared_pages.py`). Here the links are compressed sparse rows over node
numbers (`KnowledgeGraph.number`, in id order), relations as small ints, in numpy
arrays a read never writes to. Built once per graph, before the server forks.

- `HopGraph`: undirected, one entry per linked pair from each end, with the pair's
  relation and whether the stored edge leaves this end; the view `graph.queries.paths`
  searches (a pair linked twice keeps its last stored edge, as ``nx.Graph`` did).
- `OutEdges`: the stored edges as they are, from their source, one entry per relation,
  in NetworkX's order of neighbours, for the edges a neighbourhood draws.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.compact import Numbers
from graph.models import Relation
from graph.store import KnowledgeGraph

#: A relation's code in the arrays is its place here.
RELATIONS: tuple[Relation, ...] = tuple(Relation)
_CODE = {relation.value: code for code, relation in enumerate(RELATIONS)}
Codes = npt.NDArray[np.uint8]


def _starts(owners: Numbers, size: int) -> array[int]:
    """Where each row starts in entries sorted by owner."""
    counts = np.bincount(owners, minlength=size)
    starts = array("q", [0])
    starts.extend(np.cumsum(counts).tolist())
    return starts


def _pack(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.tobytes())
    if isinstance(value, array):
        return value.tobytes()
    return value


class HopGraph:
    """Each node's neighbours (ascending numbers), the pair's relation code and its direction.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> hops = HopGraph.build(kg)
    >>> stalin = kg.number("person:joseph-stalin")
    >>> kg.ids_of(hops.neighbours(stalin).tolist())
    ['event:mexico-soviet-relations']
    >>> hops.edge(stalin, hops.neighbours(stalin)[0])
    (<Relation.INVOLVED: 'involved'>, True)
    """

    __slots__ = ("forward", "neighbour", "relation", "starts")

    def __init__(self, starts: array[int], neighbour: Numbers, relation: Codes, forward: Codes) -> None:
        self.starts = starts  # row ``n`` is entries ``starts[n] : starts[n + 1]``
        self.neighbour = neighbour
        self.relation = relation
        self.forward = forward  # 1 where the stored edge runs from the row's node to the neighbour

    @classmethod
    def build(cls, kg: KnowledgeGraph) -> HopGraph:
        number = kg.number
        # The last stored edge of a pair is the pair's, as adding them to an `nx.Graph` left it.
        pairs: dict[tuple[int, int], tuple[int, int]] = {}
        for source, target, key in kg.graph.edges(keys=True):
            u, v = number(source), number(target)
            assert u is not None and v is not None
            pairs[(u, v) if u <= v else (v, u)] = (_CODE[key], u)
        size = len(kg.graph)
        owner: array[int] = array("i")
        other: array[int] = array("i")
        codes = bytearray()
        forward = bytearray()
        for (u, v), (code, start) in pairs.items():
            owner.append(u)
            other.append(v)
            codes.append(code)
            forward.append(start == u)
            if u != v:
                owner.append(v)
                other.append(u)
                codes.append(code)
                forward.append(start == v)
        owners = np.frombuffer(owner.tobytes(), dtype=np.int32)
        others = np.frombuffer(other.tobytes(), dtype=np.int32)
        order = np.lexsort((others, owners))
        return cls(
            _starts(owners, size),
            np.ascontiguousarray(others[order]),
            np.frombuffer(bytes(codes), dtype=np.uint8)[order],
            np.frombuffer(bytes(forward), dtype=np.uint8)[order],
        )

    def row(self, node: int) -> HopRow:
        """Node ``node``'s neighbours, relation codes and directions (views, no copy)."""
        start, end = self.starts[node], self.starts[node + 1]
        return self.neighbour[start:end], self.relation[start:end], self.forward[start:end]

    def links(self, node: int) -> int:
        """How many neighbours node ``node`` has."""
        starts = self.starts
        return starts[node + 1] - starts[node]

    def neighbours(self, node: int) -> Numbers:
        starts = self.starts
        return self.neighbour[starts[node] : starts[node + 1]]

    def steps(self, node: int, cost: npt.NDArray[np.int8]) -> list[tuple[int, int]]:
        """Neighbours walkable at ``cost[relation code]`` (0: not walkable), with that cost."""
        starts = self.starts
        start, end = starts[node], starts[node + 1]
        priced = cost[self.relation[start:end]]
        walkable = priced > 0
        return list(zip(self.neighbour[start:end][walkable].tolist(), priced[walkable].tolist(), strict=True))

    def edge(self, u: int, v: int) -> tuple[Relation, bool]:
        """The relation linking ``u`` and ``v``, and whether its stored edge runs from ``u``.

        Raises:
            KeyError: the two are not linked.
        """
        start, end = self.starts[u], self.starts[u + 1]
        at = start + int(np.searchsorted(self.neighbour[start:end], v))
        if at == end or self.neighbour[at] != v:
            raise KeyError((u, v))
        return RELATIONS[self.relation[at]], bool(self.forward[at])

    def __getstate__(self) -> dict[str, Any]:
        return {name: _pack(getattr(self, name)) for name in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.starts = array("q")
        self.starts.frombytes(state["starts"])
        for name in ("neighbour", "relation", "forward"):
            dtype, data = state[name]
            setattr(self, name, np.frombuffer(data, dtype=np.dtype(dtype)))


class OutEdges:
    """The stored edges from each node: (target number, relation code), one per relation.

    A node's targets come in the order NetworkX lists them, and a pair's relations by name,
    as ``kg.graph.out_edges(node, keys=True)`` with the keys sorted.
    """

    __slots__ = ("relation", "starts", "target")

    def __init__(self, starts: array[int], target: Numbers, relation: Codes) -> None:
        self.starts = starts
        self.target = target
        self.relation = relation

    @classmethod
    def build(cls, kg: KnowledgeGraph) -> OutEdges:
        number = kg.number
        succ: dict[str, dict[str, dict[str, Any]]] = kg.graph._succ  # type: ignore[attr-defined]
        starts = array("q", [0])
        target: array[int] = array("i")
        codes = bytearray()
        for node_id in kg.ids_of(range(len(kg.graph))):
            for other, keys in succ[node_id].items():
                other_number = number(other)
                for key in sorted(keys):
                    target.append(other_number)  # type: ignore[arg-type]
                    codes.append(_CODE[key])
            starts.append(len(target))
        return cls(
            starts,
            np.frombuffer(target.tobytes(), dtype=np.int32),
            np.frombuffer(bytes(codes), dtype=np.uint8),
        )

    def of(self, node: int) -> tuple[Numbers, Codes]:
        """The targets of node ``node``'s edges and their relation codes (views, no copy)."""
        start, end = self.starts[node], self.starts[node + 1]
        return self.target[start:end], self.relation[start:end]

    def __getstate__(self) -> dict[str, Any]:
        return {name: _pack(getattr(self, name)) for name in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.starts = array("q")
        self.starts.frombytes(state["starts"])
        for name in ("target", "relation"):
            dtype, data = state[name]
            setattr(self, name, np.frombuffer(data, dtype=np.dtype(dtype)))


def out_edges_of(kg: KnowledgeGraph) -> OutEdges:
    """The graph's `OutEdges`, built once (`graph.indexes` builds it at load)."""
    edges: OutEdges = kg.memo("adjacency.out", OutEdges.build)
    return edges


#: A node's row in a `HopGraph`: neighbours (ascending), relation codes, directions.
HopRow = tuple[Numbers, Codes, Codes]


def hop_row(kg: KnowledgeGraph, node_id: str, order: dict[str, int]) -> HopRow:
    """``node_id``'s row of `HopGraph.build` over ``kg``, from its own two adjacency dicts.

    ``order`` is each node's place in the graph's node order: of a pair stored both ways,
    the edge listed last by ``kg.graph.edges()`` (the later source) is the pair's.
    """
    succ: dict[str, dict[str, dict[str, Any]]] = kg.graph._succ  # type: ignore[attr-defined]
    pred: dict[str, dict[str, dict[str, Any]]] = kg.graph._pred  # type: ignore[attr-defined]
    here = order[node_id]
    found: dict[int, tuple[int, int, int]] = {}  # neighbour -> (source's place, code, forward)
    for other, keys in pred[node_id].items():
        found[kg.number(other)] = (order[other], _CODE[next(reversed(keys))], 0)  # type: ignore[index]
    for other, keys in succ[node_id].items():
        number = kg.number(other)
        known = found.get(number)  # type: ignore[arg-type]
        if known is None or known[0] <= here:
            found[number] = (here, _CODE[next(reversed(keys))], 1)  # type: ignore[index]
    ordered = sorted(found)
    return (
        np.array(ordered, dtype=np.int32),
        np.array([found[n][1] for n in ordered], dtype=np.uint8),
        np.array([found[n][2] for n in ordered], dtype=np.uint8),
    )


def hop_row_with(row: HopRow, other: int, entry: tuple[int, int] | None) -> HopRow:
    """``row`` with its entry for neighbour ``other`` set to (relation code, forward), or removed (None).

    What a link or an unlink does to the row of a node with many neighbours: one entry
    spliced in, by bisection, where `hop_row` would list them all again.
    """
    neighbour, relation, forward = row
    at = int(np.searchsorted(neighbour, other))
    there = at < len(neighbour) and neighbour[at] == other
    if entry is None:
        if not there:
            return row
        return np.delete(neighbour, at), np.delete(relation, at), np.delete(forward, at)
    if there:
        relation, forward = relation.copy(), forward.copy()
        relation[at], forward[at] = entry
        return neighbour, relation, forward
    return (
        np.insert(neighbour, at, other).astype(np.int32),
        np.insert(relation, at, entry[0]).astype(np.uint8),
        np.insert(forward, at, entry[1]).astype(np.uint8),
    )


class PatchedHopGraph(HopGraph):
    """A `HopGraph` with the rows of relinked nodes replaced, sharing the base arrays.

    Made by `graph.incremental_links` for a link or an unlink: only the nodes the edit
    touched get a row of their own (``rows``); a patched graph patched again merges them.
    """

    __slots__ = ("rows",)
    rows: dict[int, HopRow]

    def __init__(self, base: HopGraph, rows: dict[int, HopRow]) -> None:
        super().__init__(base.starts, base.neighbour, base.relation, base.forward)
        self.rows = {**base.rows, **rows} if isinstance(base, PatchedHopGraph) else rows

    def row(self, node: int) -> HopRow:
        found = self.rows.get(node)
        return super().row(node) if found is None else found

    def links(self, node: int) -> int:
        row = self.rows.get(node)
        return super().links(node) if row is None else len(row[0])

    def neighbours(self, node: int) -> Numbers:
        row = self.rows.get(node)
        return super().neighbours(node) if row is None else row[0]

    def steps(self, node: int, cost: npt.NDArray[np.int8]) -> list[tuple[int, int]]:
        row = self.rows.get(node)
        if row is None:
            return super().steps(node, cost)
        priced = cost[row[1]]
        walkable = priced > 0
        return list(zip(row[0][walkable].tolist(), priced[walkable].tolist(), strict=True))

    def edge(self, u: int, v: int) -> tuple[Relation, bool]:
        row = self.rows.get(u)
        if row is None:
            return super().edge(u, v)
        at = int(np.searchsorted(row[0], v))
        if at == len(row[0]) or row[0][at] != v:
            raise KeyError((u, v))
        return RELATIONS[row[1][at]], bool(row[2][at])

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("a patched hop graph is served, never stored: build the graph whole to save it")


def out_row(kg: KnowledgeGraph, node_id: str) -> tuple[Numbers, Codes]:
    """``node_id``'s row of `OutEdges.build` over ``kg``."""
    succ: dict[str, dict[str, dict[str, Any]]] = kg.graph._succ  # type: ignore[attr-defined]
    targets: list[int] = []
    codes: list[int] = []
    for other, keys in succ[node_id].items():
        for key in sorted(keys):
            targets.append(kg.number(other))  # type: ignore[arg-type]
            codes.append(_CODE[key])
    return np.array(targets, dtype=np.int32), np.array(codes, dtype=np.uint8)


class PatchedOutEdges(OutEdges):
    """`OutEdges` with the rows of relinked nodes replaced, sharing the base arrays."""

    __slots__ = ("rows",)
    rows: dict[int, tuple[Numbers, Codes]]

    def __init__(self, base: OutEdges, rows: dict[int, tuple[Numbers, Codes]]) -> None:
        super().__init__(base.starts, base.target, base.relation)
        self.rows = {**base.rows, **rows} if isinstance(base, PatchedOutEdges) else rows

    def of(self, node: int) -> tuple[Numbers, Codes]:
        row = self.rows.get(node)
        return super().of(node) if row is None else row

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("patched out edges are served, never stored: build the graph whole to save them")


__all__ = [
    "RELATIONS",
    "HopGraph",
    "HopRow",
    "OutEdges",
    "PatchedHopGraph",
    "PatchedOutEdges",
    "hop_row",
    "hop_row_with",
    "out_edges_of",
    "out_row",
]
