"""Relink a built graph in milliseconds: an event's people, places, organisations, tags or category.

A link or an unlink (``linkEvent``, ``unlinkEvent``, an event's category or places changed)
adds or removes edges between nodes that exist: no node comes or goes, no date, title or
name moves. `relink` makes the new graph from the old one, copy-on-write, updating only
what the relinked events and their old and new neighbours (the *touched* nodes) reach:

* the NetworkX adjacency: the outer dicts copied, each touched node's inner dict replaced,
  its entries in the order a whole build inserts them (by the node order of the record
  that made each edge: `node_order`), so that every walk, sum and tie comes out the same;
* the store's degree array, edge count and events-of lists (`graph.compact.PatchedRows`);
* the hop graph and out edges (rows of the touched nodes over the shared arrays,
  `graph.adjacency.PatchedHopGraph`), neighbourhood degrees and the orders of every hub
  beside a node whose degree changed (`graph.queries.neighborhood`);
* the search index's tie-break by degree (`WordIndex.relinked`), the DEGREE rankings
  (each moved node put back in place, `graph.queries.ranking.rescored`);
* the posting lists of the fields that changed (`Field.relinked`, spliced in one pass), the
  unfiltered facets and the common single filters' counts that hold a relinked event
  before or after, each value gained or lost counted by one (`graph.queries.count_delta`).

PageRank cannot be updated locally: one link moves every score a little. It is dropped
and computed again over the patched graph (`graph.indexes` rebuilds what a patch drops),
exactly as a whole build computes it. That takes seconds at the full import, so a server may
serve the relinked graph first with the PageRank of the graph before it
(`keep_stale_pagerank`) and swap in `with_fresh_pagerank` once it is computed, in the
background (`clio.state.live.LiveGraph`): PageRank rankings are then one computation late.
Memos this module does not know are dropped too: built again on first use, never stale.

A place's parent is moved by `graph.incremental_places` with the same machinery; a new or
deleted node or a date builds the graph whole (`relinkable` says no). Once `MAX_ROWS` rows
are patched over the shared arrays, the next relink builds the graph whole too: a compaction.
"""

from __future__ import annotations

import copy
import threading
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

from graph.adjacency import _CODE, HopRow, PatchedHopGraph, PatchedOutEdges, hop_row, hop_row_with, out_row
from graph.compact import PatchedRows
from graph.models import Event, Kind, Record, Relation
from graph.queries.count_delta import Change, corrected_precounts, corrected_tops, every_event, values_of
from graph.queries.neighborhood import relinked_degrees, relinked_hub_orders
from graph.queries.postings import FIELDS, Postings
from graph.queries.ranking import RankTable, degree_scores, rescored
from graph.store import _NO_ATTRIBUTES, _SHARED_KEYS, KnowledgeGraph

#: An event's fields that only its edges read (and its record): what a relink may change.
LINK_FIELDS = frozenset({"people", "mentions", "organizations", "locations", "tags", "category", "roles"})
#: Memos a relink leaves as they are: built from names, dates, texts or places' own records.
KEPT = ("search", "text index", "by-name:", "life_days", "slugs:", "timeline:", "wikidata-ids",
        "places-ever-inside", "places-with-dated-links", "geo-places", "node-order")  # fmt: skip
#: Rows patched over the shared arrays past which the next relink builds the graph whole.
MAX_ROWS = 20_000
_CALENDAR = frozenset({Kind.DAY, Kind.YEAR})
#: Set to a dict to have `relink` note the seconds of each step in it (`bench/apply.py` reads them).
STEPS: ContextVar[dict[str, float] | None] = ContextVar("relink steps", default=None)


@contextmanager
def _step(name: str) -> Iterator[None]:
    steps = STEPS.get()
    started = time.perf_counter()
    yield
    if steps is not None:
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - started


Adjacency = dict[str, dict[str, dict[str, Any]]]


def relinkable(old: Record, new: Record, changed: set[str]) -> bool:
    """Whether a record's change is a relink `relink` applies: an event's links (and words)."""
    return isinstance(old, Event) and type(new) is Event and bool(changed & LINK_FIELDS)


def node_order(kg: KnowledgeGraph) -> dict[str, int]:
    """Each node's place in the graph's node order: the order a whole build made its edges in.

    A relink adds no node, so a patched graph shares its parent's: built on the first relink
    and kept in the patched graph's memo only (the graph patched from stays as it was).
    """
    order: dict[str, int] | None = kg._memo.get("node-order")
    return dict(zip(kg.graph, range(len(kg.graph)), strict=True)) if order is None else order


def _edges(event: Event) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(target, relation) of the event's edges out, and (source, relation) of those in, in build order."""
    out = [(p, Relation.OCCURRED_IN.value) for p in event.locations]
    out += [(t, Relation.TAGGED.value) for t in event.tags]
    if event.category:  # none only on an event being deleted (`graph.incremental_deleted`)
        out.append((event.category, Relation.IN_CATEGORY.value))
    into = [(p, Relation.INVOLVED.value) for p in event.people]
    into += [(p, Relation.MENTIONS.value) for p in event.mentions]
    into += [(o, Relation.PARTICIPATED.value) for o in event.organizations]
    return out, into


def _link(row: dict[str, dict[str, Any]], other: str, relation: str) -> None:
    """``_Builder.link`` on one side: a pair's first relation shares a key dict, a second copies it."""
    keys = row.get(other)
    if keys is None:
        keys = _SHARED_KEYS[relation]
    elif relation not in keys:
        keys = {**keys, relation: _NO_ATTRIBUTES}
    row[other] = keys


def _placed(row: dict[str, Any], node: str, keys: Any, order: dict[str, int]) -> dict[str, Any]:
    """A copy of ``row`` with ``node`` in it: where it was, or among the rest by node order."""
    if node in row:
        return {**row, node: keys}
    items = list(row.items())
    at = bisect_left([order[n] for n, _ in items], order[node])
    return dict([*items[:at], (node, keys), *items[at:]])


class _Relinker:
    """The new adjacency and everything read from it, made from ``old`` for some relinked events."""

    def __init__(self, old: KnowledgeGraph, new: KnowledgeGraph) -> None:
        self.old, self.new = old, new
        self.order = node_order(old)
        old_succ: Adjacency = old.graph._succ  # type: ignore[attr-defined]
        old_pred: Adjacency = old.graph._pred  # type: ignore[attr-defined]
        self.succ, self.pred = dict(old_succ), dict(old_pred)
        self.copied: set[tuple[bool, str]] = set()  # (succ side?, node) whose row is already a copy
        self.touched: dict[str, None] = {}
        #: Touched node -> the relinked events beside it, before or after: its rows change there only.
        self.pairs: dict[str, dict[str, None]] = {}
        self.edges = 0

    def relink(self, event_id: str) -> None:
        succ, pred, order = self.succ, self.pred, self.order
        record = self.new.record(event_id)
        # Calendar edges come from the date, which a relink leaves: kept as they were, after the rest.
        calendar = {n: k for n, k in succ[event_id].items() if self.new.kind_of(n) in _CALENDAR}
        out: dict[str, dict[str, Any]] = {}
        into: dict[str, dict[str, Any]] = {}
        going, coming = _edges(record)
        for target, relation in going:
            _link(out, target, relation)
        out.update(calendar)
        for source, relation in coming:
            _link(into, source, relation)
        before = {**succ[event_id], **pred[event_id]}
        self.edges += sum(map(len, out.values())) + sum(map(len, into.values()))
        self.edges -= sum(map(len, succ[event_id].values())) + sum(map(len, pred[event_id].values()))
        for other in succ[event_id].keys() - out.keys():
            self._row(pred, False, other).pop(event_id)
        for other in pred[event_id].keys() - into.keys():
            self._row(succ, True, other).pop(event_id)
        for other, keys in out.items():
            if other not in calendar:
                pred[other] = _placed(pred[other], event_id, keys, order)  # a new dict
                self.copied.add((False, other))
        for other, keys in into.items():
            succ[other] = _placed(succ[other], event_id, keys, order)
            self.copied.add((True, other))
        succ[event_id], pred[event_id] = out, into
        self.touched[event_id] = None
        for other in {**before, **out, **into}:
            if other not in calendar:
                self.touched[other] = None
                self.pairs.setdefault(other, {})[event_id] = None

    def _row(self, side: Adjacency, is_succ: bool, node: str) -> dict[str, Any]:
        """``side[node]``, copied once (the old graph keeps its own)."""
        if (is_succ, node) not in self.copied:
            side[node] = dict(side[node])
            self.copied.add((is_succ, node))
        return side[node]


def relink(old: KnowledgeGraph, new: KnowledgeGraph, events: Iterable[str]) -> KnowledgeGraph | None:
    """Give ``new`` the links of its relinked ``events``; None when the graph is to be built whole.

    Args:
        old: the graph served now, with its indexes built (`graph.indexes.build_indexes`).
        new: ``old`` with the changed records in place and its structures shared
            (`graph.incremental.patch` makes it); its structures are replaced here, never
            changed in place, so ``old`` stays as it was.
        events: the ids of the events whose `LINK_FIELDS` changed.

    Returns:
        ``new``, equal to a whole build of its records but for the indexes dropped, which
        `graph.indexes.build_indexes` makes again (PageRank, the unfiltered facets).

    >>> import dataclasses
    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> from graph.incremental import patch
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> beirut = kg.node("event:beirut-explosion")
    >>> linked = patch(kg, {beirut.id: dataclasses.replace(beirut, people=("person:joseph-stalin",))})
    >>> stalin = "person:joseph-stalin"
    >>> beirut.id in linked.event_ids_of(stalin), beirut.id in kg.event_ids_of(stalin)
    (True, False)
    """
    memo = old._memo
    patched_rows = sum(len(getattr(memo.get(name), "rows", ())) for name in ("paths.hops", "adjacency.out"))
    if patched_rows > MAX_ROWS:
        return None
    with _step("adjacency"):
        work = _Relinker(old, new)
        relinked = list(events)
        for event_id in relinked:
            work.relink(event_id)
        g = new.graph
        g._succ = g._adj = work.succ  # type: ignore[attr-defined]
        g._pred = work.pred  # type: ignore[attr-defined]
        g.__networkx_cache__ = {}
    touched = list(work.touched)
    with _step("store arrays and events-of lists"):
        _store(new, work, touched)
    new._memo = _memos(old, new, touched, relinked, work)
    new.version = new._fingerprint()
    return new


def _store(kg: KnowledgeGraph, work: _Relinker, touched: list[str]) -> None:
    """The store's own arrays, patched for ``touched``: degrees, edge count and events-of lists.

    A touched node's lists change only where a relinked event is (`_Relinker.pairs`): each
    such event is put in or taken out of the old row by bisection on the date order.
    """
    succ, pred = work.succ, work.pred
    links = kg._links[:]  # a copy: the old graph keeps its array
    position = np.frombuffer(kg._position, dtype=np.int32)
    events_of: dict[int, Any] = {}
    mentioned_in: dict[int, Any] = {}
    mentions = Relation.MENTIONS.value
    for node_id in touched:
        number = kg.number(node_id)
        assert number is not None
        links[number] = sum(map(len, succ[node_id].values())) + sum(map(len, pred[node_id].values()))
        if kg.kind_of(node_id) is Kind.EVENT:
            continue  # an event's own rows list no events
        row, passing = kg._events_of.row(number), kg._mentioned_in.row(number)
        for event_id in work.pairs.get(node_id, ()):
            at = kg.number(event_id)
            keys = succ[node_id].get(event_id, ())
            # As `KnowledgeGraph._index` lists them: events in, and events out unless only mentioned.
            listed = event_id in pred[node_id] or (bool(keys) and (mentions not in keys or len(keys) > 1))
            row = _with(row, position, at, listed)  # type: ignore[arg-type]
            passing = _with(passing, position, at, mentions in keys)  # type: ignore[arg-type]
        events_of[number] = row
        mentioned_in[number] = passing
    kg._links = links
    kg._edge_count += work.edges
    kg._events_of = PatchedRows(kg._events_of, events_of)
    kg._mentioned_in = PatchedRows(kg._mentioned_in, mentioned_in)


def _with(row: Any, position: Any, number: int, member: bool) -> Any:
    """``row`` (event numbers in date order) with event ``number`` in it or not, as ``member`` says."""
    at = int(np.searchsorted(position[row], position[number]))
    there = at < len(row) and row[at] == number
    if member and not there:
        return np.insert(row, at, number).astype(np.int32)
    if not member and there:
        return np.delete(row, at)
    return row


def _numbers(kg: KnowledgeGraph, ids: list[str]) -> Any:
    return np.array([kg.number(i) for i in ids], dtype=np.int32)


def _memos(
    old: KnowledgeGraph, kg: KnowledgeGraph, touched: list[str], events: list[str], work: _Relinker
) -> dict[str, Any]:
    """``kg``'s memo: the indexes a relink leaves, those it patches, and none of the rest."""
    order, pairs = work.order, work.pairs
    memo = kg._memo
    kept = {name: value for name, value in memo.items() if name.startswith(KEPT)}
    kg._memo = kept  # the patched indexes below read the new graph's, in this order
    kept["node-order"] = order
    numbers = [kg.number(n) for n in touched]
    if "paths.hops" in memo:
        with _step("hops"):
            kept["paths.hops"] = PatchedHopGraph(
                memo["paths.hops"], _hop_rows(kg, memo["paths.hops"], touched, pairs, order)
            )
    if "adjacency.out" in memo:
        with _step("out edges"):
            kept["adjacency.out"] = PatchedOutEdges(
                memo["adjacency.out"],
                {kg.number(n): out_row(kg, n) for n in touched},  # type: ignore[misc]
            )
    if "degree" in memo:
        with _step("degrees"):
            kept["degree"] = relinked_degrees(kg, memo["degree"], touched)
            now, then = kept["degree"].by_number, memo["degree"].by_number
            moved = [n for n, at in zip(touched, numbers, strict=True) if now[at] != then[at]]
        if "hood-order" in memo and "paths.hops" in kept:
            with _step("hub neighbours"):
                beside = {int(x) for n in moved for x in old._memo["paths.hops"].neighbours(kg.number(n))}
                beside |= {int(x) for n in moved for x in kept["paths.hops"].neighbours(kg.number(n))}
                kept["hood-order"] = relinked_hub_orders(kg, memo["hood-order"], touched, beside)
        with _step("rankings by degree"):
            for name, table in memo.items():
                if name.startswith("ranking.") and name.endswith(".degree"):
                    kind = Kind(name.split(".")[1])
                    of_kind = [n for n in moved if kg.kind_of(n) is kind]
                    kept[name] = rescored(table, degree_scores(kg, of_kind)) if of_kind else table
    if "search" in memo:
        with _step("search (tie-break by degree)"):
            search = copy.copy(memo["search"])  # the old graph keeps its own
            search.kg, search.words = kg, search.words.relinked(kg, touched)
            kept["search"] = search
    with _step("postings and precounted filters"):
        _postings(old, kg, memo, kept, events)
    return kept


def _hop_rows(
    kg: KnowledgeGraph,
    hops: Any,
    touched: list[str],
    pairs: dict[str, dict[str, None]],
    order: dict[str, int],
) -> dict[int, HopRow]:
    """The hop rows of ``touched``: an event's listed again, another node's spliced where its events moved.

    A relinked event's neighbour is never an event, so their pair is stored one way only.
    """
    succ, pred = kg.graph._succ, kg.graph._pred  # type: ignore[attr-defined]
    rows = {}
    for node_id in touched:
        number = kg.number(node_id)
        assert number is not None
        if kg.kind_of(node_id) is Kind.EVENT:
            rows[number] = hop_row(kg, node_id, order)
            continue
        row = hops.row(number)
        for event_id in pairs.get(node_id, ()):
            keys = succ[node_id].get(event_id) or pred[node_id].get(event_id)
            entry = None if keys is None else (_CODE[next(reversed(keys))], int(event_id in succ[node_id]))
            row = hop_row_with(row, kg.number(event_id), entry)  # type: ignore[arg-type]
        rows[number] = row
    return rows


def _postings(
    old: KnowledgeGraph, kg: KnowledgeGraph, memo: dict[str, Any], kept: dict[str, Any], events: list[str]
) -> None:
    if "postings" in memo:
        index: Postings = memo["postings"]
        by_event: set[str] = set()  # the events whose values changed
        fields = {}
        for name, field in index.fields.items():
            rows = {}
            for event_id in events:
                before, now = values_of(old.record(event_id), name), values_of(kg.record(event_id), name)
                if set(before) != set(now):
                    rows[kg.event_position(event_id)] = list(now)
                    by_event.add(event_id)
            fields[name] = field.relinked(rows) if rows else field
        kept["postings"] = index = Postings(index.events, index.year, index.earliest, index.latest, fields)
        # Each count an event takes part in moves by one: corrected, not counted again.
        changes: list[Change] = [(old.record(e), kg.record(e)) for e in events if e in by_event]
        if "aggregates:single" in memo:
            kept["aggregates:single"] = corrected_precounts(
                old, kg, memo["aggregates:single"], changes, index
            )
        if "facets:all" in memo:
            kept["facets:all"] = corrected_tops(memo["facets:all"], index, every_event(changes))


def _pagerank_memos(kg: KnowledgeGraph) -> list[str]:
    return [n for n in kg._memo if n.startswith("ranking.") and n.endswith("pagerank")]


def keep_stale_pagerank(old: KnowledgeGraph, new: KnowledgeGraph) -> bool:
    """Give ``new`` (relinked from ``old``, not served yet) ``old``'s PageRank; whether it had to.

    The scores and rankings are then those of the graph before the relink, until
    `with_fresh_pagerank` computes them over ``new``.
    """
    carried = [n for n in _pagerank_memos(old) if n not in new._memo]
    renumbered = len(old._ids) != len(new._ids)  # a node came or went: numbers name other nodes now
    for name in carried:
        table = old._memo[name]
        new._memo[name] = _by_id(old, new, table) if renumbered and isinstance(table, RankTable) else table
    return bool(carried)


def _by_id(old: KnowledgeGraph, new: KnowledgeGraph, table: RankTable) -> RankTable:
    """``old``'s ranking ``table`` in ``new``'s node numbers; a node ``new`` lacks is left out."""
    numbers = [new.number(node_id) for node_id in old.ids_of(table.numbers.tolist())]
    kept = np.array([n is not None for n in numbers], dtype=bool)
    found = np.array([n for n in numbers if n is not None], dtype=np.int32)
    return RankTable(found, table.scores[kept])


def with_fresh_pagerank(kg: KnowledgeGraph) -> KnowledgeGraph:
    """A copy of ``kg`` sharing everything but its PageRank, computed again over its links.

    ``kg`` is not changed (requests may be reading it); the copy's ``version`` is the caller's to set.
    """
    from graph.queries.ranking import RankBy, ranking

    fresh = object.__new__(KnowledgeGraph)
    fresh.__dict__.update(kg.__dict__)
    fresh._memo_lock = threading.RLock()
    stale = set(_pagerank_memos(kg))
    fresh._memo = {name: value for name, value in kg._memo.items() if name not in stale}
    for name in stale:
        kind = name.split(".")[1]
        if kind != "pagerank":
            ranking(fresh, Kind(kind), RankBy.PAGERANK, first=1)
    return fresh


__all__ = [
    "FIELDS",
    "KEPT",
    "LINK_FIELDS",
    "MAX_ROWS",
    "STEPS",
    "keep_stale_pagerank",
    "node_order",
    "relink",
    "relinkable",
    "with_fresh_pagerank",
]
