"""Shortest simple paths between two nodes, found from both ends and stopped by a deadline.

`simple_paths` yields the simple paths from ``source`` to ``target`` cheapest first, up to
a cost bound, and stops (raising `TimeLimitExceeded`) when its deadline runs out, so a
caller keeps the paths it already has. How:

1. **Two balls that meet in the middle.** A breadth-first search grows from each end, one
   cost layer at a time, always the side whose next layer is smaller, until the two radii
   add up to the cost wanted. Every node of every path of that cost lies in one of the two
   balls (a node at cost ``c`` along a path of cost ``ℓ`` is within ``c`` of the source
   and within ``ℓ - c`` of the target, and one of those is within its ball's radius), so
   nothing outside them is ever looked at: a far pair costs two balls of half the radius
   instead of one ball of the whole, which is what makes hub-rich graphs tractable.
2. **Paths enumerated from the meeting layers.** Inside the balls, the exact distance to
   the target (``to_target``) is computed, and a depth-first walk from the source only
   takes a step that can still reach the target within the cost: each prefix it extends
   lies on a path of the cost being enumerated or of a lower one already given, so the
   walk does work in proportion to the paths it yields, not to the paths it could have
   tried. Costs are enumerated in increasing order; within one cost, paths come in the
   order of their node ids, so the same question always gets the same answer.
3. **Hub caps.** A node with more than ``hub_cap`` links is never walked through (it may
   still be an end): going through it would join everything to everything, and expanding
   it alone could use up the time limit.

Costs are integers (`graph.queries.paths` counts half-hops, so that two events on the same
day are one hop apart through their day node). Nodes are whatever the graph names them by:
`graph.queries.paths` walks node numbers (`graph.adjacency.HopGraph`), whose order is their
ids' order; `MappingWalk` walks a plain adjacency mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from graph.deadline import EVERY, Deadline, check

#: A node: any hashable, orderable value (an id, a node number).
Node = Any
#: Neighbours of a node: ``{neighbour: edge data}``, as ``nx.Graph.adj[node]`` gives them.
Adjacency = Mapping[Hashable, Mapping[Hashable, Mapping[str, Any]]]
#: The cost of one edge from its data, or None when the edge may not be walked.
EdgeCost = Callable[[Mapping[str, Any]], int | None]


class Walk(Protocol):
    """An undirected graph as the search reads it."""

    def steps(self, node: Node) -> Sequence[tuple[Node, int]]:
        """The neighbours that may be walked to, each with the cost of the edge."""
        ...

    def links(self, node: Node) -> int:
        """How many neighbours a node has, walkable or not (what the hub cap counts)."""
        ...


class MappingWalk:
    """A `Walk` over an adjacency mapping and an edge cost: ``MappingWalk(g.adj, cost)``."""

    def __init__(self, adj: Adjacency, cost: EdgeCost) -> None:
        self.adj = adj
        self.cost = cost

    def steps(self, node: Node) -> Sequence[tuple[Node, int]]:
        cost = self.cost
        return [(other, step) for other, data in self.adj[node].items() if (step := cost(data)) is not None]

    def links(self, node: Node) -> int:
        return len(self.adj[node])


class _Walkable:
    """A node's walkable neighbours with their costs, worked out once per search.

    The balls, the distances to the target (once per cost bound) and the walk each read the
    same neighbour lists; a hub's hundred thousand edges are priced once, not four times.
    """

    def __init__(self, graph: Walk) -> None:
        self.graph = graph
        self.links = graph.links
        self.known: dict[Node, tuple[tuple[Node, int], ...]] = {}

    def __call__(self, node: Node) -> tuple[tuple[Node, int], ...]:
        found = self.known.get(node)
        if found is None:
            # A tuple of (node, int) tuples, which the garbage collector stops tracking, where
            # a list would be walked by every full collection while the search runs.
            found = tuple(self.graph.steps(node))
            self.known[node] = found
        return found


class _Ball:
    """Nodes within ``radius`` of ``root``, grown one cost layer at a time (Dial's buckets)."""

    def __init__(self, root: Node, walkable: _Walkable, hub_cap: int | None) -> None:
        self.root = root
        self.other: _Ball | None = None  # the ball from the other end, once both exist
        self.meet: int | None = None  # the cheapest path through an edge between the balls, so far
        self.walkable = walkable
        self.hub_cap = hub_cap
        self.radius = -1
        self.dist: dict[Node, int] = {}  # settled: exact distance ≤ radius
        self.tentative: dict[Node, int] = {root: 0}
        self.buckets: dict[int, list[Node]] = {0: [root]}

    @property
    def done(self) -> bool:
        return not self.buckets

    def next_layer_size(self) -> int:
        layer = self.buckets.get(self.radius + 1)
        return len(layer) if layer is not None else 0

    def grow(self, deadline: Deadline | None) -> None:
        """Settle every node at distance ``radius + 1``, noting the cheapest edge to the other ball."""
        self.radius += 1
        assert self.other is not None
        across = self.other.dist
        layer = self.buckets.pop(self.radius, [])
        countdown = EVERY
        for node in layer:
            if node in self.dist or self.tentative.get(node) != self.radius:
                continue
            self.dist[node] = self.radius
            if node != self.root and self.hub_cap is not None and self.walkable.links(node) > self.hub_cap:
                continue  # a hub is reached, never walked through
            for other, step in self.walkable(node):
                reach = self.radius + step
                beyond = across.get(other)
                if beyond is not None and (self.meet is None or reach + beyond < self.meet):
                    self.meet = self.other.meet = reach + beyond
                if other in self.dist:
                    continue
                if reach < self.tentative.get(other, reach + 1):
                    self.tentative[other] = reach
                    self.buckets.setdefault(reach, []).append(other)
            countdown -= 1
            if not countdown:
                countdown = EVERY
                if deadline is not None:
                    deadline.check()


def _to_target(
    target: Node,
    balls: tuple[dict[Node, int], dict[Node, int]],
    walkable: _Walkable,
    hub_cap: int | None,
    bound: int,
    deadline: Deadline | None,
) -> dict[str, int]:
    """Exact distances to ``target`` through nodes settled in either of the ``balls``, up to ``bound``."""
    forward, backward = balls
    dist: dict[Node, int] = {}
    tentative = {target: 0}
    buckets: dict[int, list[Node]] = {0: [target]}
    countdown = EVERY
    for radius in range(bound + 1):
        for node in buckets.pop(radius, []):
            if node in dist or tentative[node] != radius:
                continue
            dist[node] = radius
            if node != target and hub_cap is not None and walkable.links(node) > hub_cap:
                continue
            for other, step in walkable(node):
                if other in dist or (other not in forward and other not in backward):
                    continue
                reach = radius + step
                if reach <= bound and reach < tentative.get(other, reach + 1):
                    tentative[other] = reach
                    buckets.setdefault(reach, []).append(other)
            countdown -= 1
            if not countdown:
                countdown = EVERY
                if deadline is not None:
                    deadline.check()
    return dist


def simple_paths(
    graph: Walk,
    source: Node,
    target: Node,
    max_cost: int,
    deadline: Deadline | None = None,
    hub_cap: int | None = None,
) -> Iterator[list[Node]]:
    """Simple paths from ``source`` to ``target`` of cost at most ``max_cost``, cheapest first.

    Args:
        graph: the undirected graph, each edge with its cost (a positive integer) or not walkable.
        source, target: two different nodes of it.
        max_cost: the highest path cost to enumerate.
        deadline: stop when it runs out (`TimeLimitExceeded` from the generator).
        hub_cap: nodes with more neighbours than this are ends only, never walked through.

    Yields:
        Node lists, source first; ties of cost in the order of their node ids.

    Raises:
        TimeLimitExceeded: the deadline ran out; the paths yielded so far stand.

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e"), ("a", "e")])
    >>> list(simple_paths(MappingWalk(g.adj, lambda data: 1), "a", "d", max_cost=3))
    [['a', 'b', 'd'], ['a', 'c', 'd'], ['a', 'e', 'd']]
    """
    walkable = _Walkable(graph)
    forward = _Ball(source, walkable, hub_cap)
    backward = _Ball(target, walkable, hub_cap)
    forward.other, backward.other = backward, forward
    forward.grow(deadline)
    backward.grow(deadline)  # both ends settled: every path has an edge between the balls
    for bound in range(1, max_cost + 1):
        check(deadline)
        while forward.radius + backward.radius < bound and not (forward.done and backward.done):
            if backward.done or (
                not forward.done and forward.next_layer_size() <= backward.next_layer_size()
            ):
                forward.grow(deadline)
            else:
                backward.grow(deadline)
        # A path of cost ``bound`` has an edge from a node of one ball to one of the other, and
        # every such edge has been seen by the ball that settled its second end.
        if forward.meet is None or forward.meet > bound:
            continue

        balls = (forward.dist, backward.dist)
        to_target = _to_target(target, balls, walkable, hub_cap, bound, deadline)
        if to_target.get(source, bound + 1) > bound:
            continue
        yield from _walk(source, target, walkable, bound, to_target, hub_cap, deadline)


def _walk(
    source: Node,
    target: Node,
    walkable: _Walkable,
    bound: int,
    to_target: dict[Node, int],
    hub_cap: int | None,
    deadline: Deadline | None,
) -> Iterator[list[Node]]:
    """Simple paths of cost exactly ``bound``, depth first, each step one that can still arrive."""
    path = [source]
    on_path = {source}
    # One iterator of candidate steps per node of the path: (next node, cost so far after the step).
    stack: list[Iterator[tuple[Node, int]]] = [_steps(walkable, source, 0, bound, to_target)]
    countdown = EVERY
    while stack:
        countdown -= 1
        if not countdown:
            countdown = EVERY
            if deadline is not None:
                deadline.check()
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        node, spent = step
        if node in on_path:
            continue
        if node == target:
            if spent == bound:
                yield [*path, target]
            continue
        if hub_cap is not None and walkable.links(node) > hub_cap:
            continue
        path.append(node)
        on_path.add(node)
        stack.append(_steps(walkable, node, spent, bound, to_target))


def _steps(
    walkable: _Walkable, node: Node, spent: int, bound: int, to_target: dict[Node, int]
) -> Iterator[tuple[Node, int]]:
    found = []
    for other, step in walkable(node):
        remaining = to_target.get(other)
        if remaining is not None and spent + step + remaining <= bound:
            found.append((other, spent + step))
    found.sort()
    return iter(found)


__all__ = ["Adjacency", "EdgeCost", "MappingWalk", "Node", "Walk", "simple_paths"]
