"""How two things are connected: shortest paths through people, events, places and days.

The paths run over an undirected view of the graph, built once per graph:

* every stored edge is one hop (a person *involved in* an event, an event *in* a
  place, a place *part of* another…), walkable both ways;
* ``SAME_DAY`` is virtual: two events on the same month-day are one hop apart. It runs
  through the day node (event → day → event) with each half weighing ½, so it costs one
  hop and the day never shows as a stop of its own;
* categories, tags, years and days as stops are hubs that join everything to
  everything; they are only walked when ``via`` asks for them.

Paths come shortest first, found from both ends at once (`graph.queries.path_search`), and
within one length in the order of their stops' ids. A search that runs out of time
answers with the paths it has, shortest first, or raises `TimeLimitExceeded` when it has
none; nodes with more than `HUB_CAP` links are never walked through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graph.adjacency import RELATIONS, HopGraph
from graph.dates import MONTH_NAMES, HistoricalDate
from graph.deadline import Deadline, TimeLimitExceeded
from graph.errors import LimitExceeded, NotFound
from graph.models import Event, Kind, Relation
from graph.queries.path_search import simple_paths
from graph.store import KnowledgeGraph

MAX_HOPS = 6
MAX_PATHS = 10
#: Nodes with more links than this are never walked through (they may still be an end):
#: a path through them says little, and expanding one alone could use up the time limit.
HUB_CAP = 20_000

#: Walked unless ``via`` says otherwise: relations between things, not calendar or label hubs.
#: ``MENTIONS`` is left out: a passing mention ("named after Lincoln") is no connection.
DEFAULT_VIA = frozenset(
    {Relation.INVOLVED, Relation.OCCURRED_IN, Relation.PART_OF, Relation.PARTICIPATED, Relation.SAME_DAY}
)

# How each relation reads along its stored direction, and against it.
_FORWARD = {
    Relation.INVOLVED: "involved in",
    Relation.MENTIONS: "mentioned in",
    Relation.OCCURRED_IN: "which happened in",
    Relation.PART_OF: "part of",
    Relation.PARTICIPATED: "took part in",
    Relation.IN_CATEGORY: "in the category",
    Relation.TAGGED: "tagged",
    Relation.ON_DAY: "on",
    Relation.IN_YEAR: "in",
    Relation.SAME_DAY: "same day as",
}
_BACKWARD = {
    Relation.INVOLVED: "which involved",
    Relation.MENTIONS: "which mentions",
    Relation.OCCURRED_IN: "scene of",
    Relation.PART_OF: "which contains",
    Relation.PARTICIPATED: "with",
    Relation.IN_CATEGORY: "which includes",
    Relation.TAGGED: "which tags",
    Relation.ON_DAY: "the day of",
    Relation.IN_YEAR: "the year of",
    Relation.SAME_DAY: "same day as",
}


@dataclass(frozen=True, slots=True)
class Hop:
    """One stop of a path; ``relation`` says how it is reached from the stop before (None first)."""

    id: str
    label: str
    kind: Kind
    relation: Relation | None = None
    forward: bool = True  # whether the relation runs in its stored direction


@dataclass(frozen=True, slots=True)
class Path:
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        """Number of hops (stops after the first)."""
        return len(self.hops) - 1

    @property
    def sentence(self) -> str:
        """The path read aloud: "Joseph Stalin, involved in …, same day as …"."""
        parts = [self.hops[0].label]
        for hop in self.hops[1:]:
            assert hop.relation is not None
            phrase = (_FORWARD if hop.forward else _BACKWARD)[hop.relation]
            parts.append(f"{phrase} {hop.label}")
        return ", ".join(parts)


def label_of(kg: KnowledgeGraph, node_id: str) -> str:
    """What a node is called: an event's title, a record's name, "August 4", "1924", "44 BC".

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> label_of(kg, "day:08-04"), label_of(kg, "year:1924"), label_of(kg, "person:joseph-stalin")
    ('August 4', '1924', 'Joseph Stalin')
    """
    record = kg.record(node_id)
    if isinstance(record, Event):
        return record.title
    if record is not None:
        return str(record.name)
    # A calendar node's id holds its numbers (`day_node`, `year_node`).
    kind, _, numbers = node_id.partition(":")
    if kind == Kind.DAY.value:
        month, day = numbers.split("-")
        return f"{MONTH_NAMES[int(month) - 1]} {int(day)}"
    astronomical = int(numbers)
    return HistoricalDate(astronomical if astronomical > 0 else astronomical - 1).display


def _hop_graph(kg: KnowledgeGraph) -> HopGraph:
    """Undirected, one entry per linked pair from each end, with the relation and its stored direction."""
    return HopGraph.build(kg)


def hop_graph(kg: KnowledgeGraph) -> HopGraph:
    """The graph's undirected hop graph over node numbers, built once per graph (at load by the app)."""
    base: HopGraph = kg.memo("paths.hops", _hop_graph)
    return base


def _edge_cost(via: frozenset[Relation]) -> npt.NDArray[np.int8]:
    """Half-hops per edge by relation code: 2 for the ``via`` relations, 1 for a day edge when
    SAME_DAY is walked, 0 for a relation not walked.

    Two events on one day are then one hop apart through their day node, as SAME_DAY says.
    """
    same_day = Relation.SAME_DAY in via
    stored = {r for r in via if r is not Relation.SAME_DAY}
    if same_day:
        stored.add(Relation.ON_DAY)
    return np.array(
        [(1 if same_day and r is Relation.ON_DAY else 2) if r in stored else 0 for r in RELATIONS],
        dtype=np.int8,
    )


class _HopWalk:
    """The hop graph as the path search walks it (`graph.queries.path_search.Walk`), at one cost table."""

    def __init__(self, hops: HopGraph, cost: npt.NDArray[np.int8]) -> None:
        self.hops = hops
        self.cost = cost
        self.links = hops.links

    def steps(self, node: int) -> list[tuple[int, int]]:
        return self.hops.steps(node, self.cost)


def check_limits(max_hops: int, first: int) -> None:
    """Refuse searches that could walk most of the graph."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise LimitExceeded("maxHops", max_hops, MAX_HOPS, minimum=1)
    if not 1 <= first <= MAX_PATHS:
        raise LimitExceeded("first", first, MAX_PATHS, minimum=1)


def connections(
    kg: KnowledgeGraph,
    source: str,
    target: str,
    max_hops: int = 4,
    first: int = 3,
    via: Iterable[Relation] | None = None,
    deadline: Deadline | None = None,
) -> list[Path] | None:
    """Up to ``first`` shortest paths from ``source`` to ``target``, shortest first.

    Args:
        kg: the graph.
        source, target: node ids.
        max_hops: longest path wanted (at most 6).
        first: how many paths (at most 10).
        via: relations that may be walked; default `DEFAULT_VIA`.
        deadline: when it runs out, the paths found so far are the answer.

    Returns:
        The paths, or None when none is within ``max_hops``.

    Raises:
        NotFound: an id that is not in the graph.
        LimitExceeded: ``max_hops`` or ``first`` above its cap.
        TimeLimitExceeded: the deadline ran out before the first path was found.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> paths = connections(kg, "person:joseph-stalin", "event:beirut-explosion")
    >>> for part in paths[0].sentence.split(", "):
    ...     print(part)
    Joseph Stalin
    involved in Establishment of Mexico-Soviet Diplomatic Relations
    same day as Massive Explosion at Beirut Port Kills Hundreds
    """
    check_limits(max_hops, first)
    ends = []
    for node_id in (source, target):
        number = kg.number(node_id)
        if number is None:
            raise NotFound(node_id)
        ends.append(number)
    allowed = frozenset(via) if via is not None else DEFAULT_VIA
    if source == target:
        return [Path((_first_hop(kg, source),))]
    hops = hop_graph(kg)
    same_day = Relation.SAME_DAY in allowed
    found: list[Path] = []
    # The search walks node numbers, whose order is their ids' order: ties go as they did by id.
    walks = simple_paths(
        _HopWalk(hops, _edge_cost(allowed)), ends[0], ends[1], 2 * max_hops, deadline, HUB_CAP
    )
    try:
        for numbers in walks:
            path = _path(kg, hops, numbers, collapse_days=same_day)
            if path.length > max_hops:
                break
            found.append(path)
            if len(found) == first:
                break
    except TimeLimitExceeded:
        if not found:
            raise
    return found or None


def _first_hop(kg: KnowledgeGraph, node_id: str) -> Hop:
    return Hop(node_id, label_of(kg, node_id), kg.kind_of(node_id))


def _path(kg: KnowledgeGraph, graph: HopGraph, numbers: Sequence[int], collapse_days: bool) -> Path:
    """Hops of a path of node numbers; with ``collapse_days``, a day between two events becomes one
    SAME_DAY hop.

    A day at an end of the path (asked for by id) stays a stop, reached ON_DAY.
    """
    nodes = kg.ids_of(numbers)
    hops = [_first_hop(kg, nodes[0])]
    position = 1
    while position < len(nodes):
        node_id = nodes[position]
        if collapse_days and kg.kind_of(node_id) is Kind.DAY and position + 1 < len(nodes):
            after = nodes[position + 1]
            hops.append(Hop(after, label_of(kg, after), kg.kind_of(after), Relation.SAME_DAY))
            position += 2
            continue
        relation, forward = graph.edge(numbers[position - 1], numbers[position])
        hops.append(Hop(node_id, label_of(kg, node_id), kg.kind_of(node_id), relation, forward))
        position += 1
    return Path(tuple(hops))


__all__ = [
    "DEFAULT_VIA",
    "HUB_CAP",
    "MAX_HOPS",
    "MAX_PATHS",
    "Hop",
    "Path",
    "check_limits",
    "connections",
    "hop_graph",
    "label_of",
]
