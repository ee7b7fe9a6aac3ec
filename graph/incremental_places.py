"""A place's own facts changed on a built graph: its parent, dated parents, kind, coordinates or dates.

`graph.incremental.patch` puts the new records in place and shares every structure; a
place's fields reach few of them, and `move_places` corrects those, copy-on-write:

* ``part_of`` (where the place lies today) is an edge: the place's ``part_of`` edge is
  taken from its old parent's row and put in its new parent's, where a whole build puts
  it (by node order, `graph.incremental_links._placed`). What reads the edges is then
  patched as a relink patches it, for the place and its two parents (`_memos` of
  `graph.incremental_links`: hops, out edges, degrees, hub orders, rankings by degree,
  the search index's tie-break; PageRank and the unfiltered facets dropped and computed
  again). The store's own structures that read the hierarchy are corrected here: the
  degree array and edge count, the place tree and the places within each container
  (``places_within``: only the old and new containers of the place are walked again);
* ``part_of`` and ``part_of_dated`` both feed `graph.place_history`'s places ever inside
  each container (walked again above the moved places only, before and now) and, with ``places_within``,
  the counts made at load of every common place filter (`graph.queries.aggregates`):
  a container whose places changed is counted again, the rest are shared;
* ``kind`` and ``coordinates`` feed the geo indexes (`graph.geo`: a place's point, and
  its precision by kind, which its events take): built again when built already;
* ``start``, ``end`` and ``iso_code`` are read from the record only.

A place moved in the same change as a relink, or once `MAX_ROWS` rows are patched over
the shared arrays, is built whole (None).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from graph.frozen_copy import shell
from graph.geo import _event_index, _place_index
from graph.incremental_links import MAX_ROWS, _link, _memos, _placed, _Relinker, _step
from graph.models import Location, Record, Relation
from graph.place_history import _dated, _ever_inside, _ever_inside_moved
from graph.queries.aggregates import _QUERY_FIELD, _precount, common_size
from graph.queries.events import EventQuery
from graph.queries.postings import matching
from graph.store import KnowledgeGraph

#: A place's fields this module corrects; the rest of a place's fields are patched elsewhere.
PLACE_FIELDS = frozenset({"part_of", "part_of_dated", "kind", "coordinates", "start", "end", "iso_code"})
#: Those read by the hierarchy (edges, ``places_within``, `graph.place_history`).
HIERARCHY_FIELDS = frozenset({"part_of", "part_of_dated"})
#: Those read by the geo indexes (`graph.geo`).
GEO_FIELDS = frozenset({"kind", "coordinates"})
GEO_MEMOS = ("geo-places", "geo-events")
_PART_OF = Relation.PART_OF.value


def placeable(old: Record, new: Record, changed: set[str]) -> bool:
    """Whether a record's change is a place's own facts `move_places` corrects."""
    return isinstance(old, Location) and type(new) is Location and bool(changed & PLACE_FIELDS)


class _PlaceMover(_Relinker):
    """`_Relinker`'s new adjacency, for places whose ``part_of`` edge moves."""

    def move(self, place_id: str) -> None:
        succ, pred = self.succ, self.pred
        parent = self.new.record(place_id).part_of
        before = succ[place_id]  # a place's only edges out are its part_of
        out: dict[str, dict[str, Any]] = {}
        if parent is not None:
            _link(out, parent, _PART_OF)
        for other in before.keys() - out.keys():
            self._row(pred, False, other).pop(place_id)
        for other, keys in out.items():
            if other not in before:
                pred[other] = _placed(pred[other], place_id, keys, self.order)  # a new dict
                self.copied.add((False, other))
        self.edges += len(out) - len(before)
        succ[place_id] = out
        self.touched[place_id] = None
        for other in {**before, **out}:
            self.touched[other] = None
            self.pairs.setdefault(other, {})[place_id] = None
            self.pairs.setdefault(place_id, {})[other] = None


def move_places(old: KnowledgeGraph, new: KnowledgeGraph, places: list[str]) -> KnowledgeGraph | None:
    """Correct ``new`` (``old`` with the changed place records in place) for ``places``; None: build whole.

    Args:
        old: the graph served now, with its indexes built.
        new: ``old``'s structures shared, the new records in place (`graph.incremental._derive`);
            its structures are replaced here, never changed in place.
        places: the ids of the places whose `PLACE_FIELDS` changed.

    Returns:
        ``new``, equal to a whole build but for the indexes dropped, which
        `graph.indexes.build_indexes` makes again (PageRank, the unfiltered facets).

    >>> import dataclasses
    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> from graph.incremental import patch
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> beirut = kg.node("location:beirut")
    >>> moved = patch(kg, {beirut.id: dataclasses.replace(beirut, part_of="location:mexico")})
    >>> beirut.id in moved.places_within("location:mexico"), beirut.id in kg.places_within("location:mexico")
    (True, False)
    """

    def differs(names: frozenset[str]) -> list[str]:
        return [
            p for p in places if any(getattr(old.record(p), f) != getattr(new.record(p), f) for f in names)
        ]

    reparented = [p for p in places if old.record(p).part_of != new.record(p).part_of]
    hierarchy = differs(HIERARCHY_FIELDS)
    memo = new._memo
    if reparented:
        patched_rows = sum(len(getattr(memo.get(n), "rows", ())) for n in ("paths.hops", "adjacency.out"))
        if patched_rows > MAX_ROWS:
            return None
        with _step("adjacency"):
            work = _PlaceMover(old, new)
            for place_id in reparented:
                work.move(place_id)
            g = new.graph
            g._succ = g._adj = work.succ  # type: ignore[attr-defined]
            g._pred = work.pred  # type: ignore[attr-defined]
            g.__networkx_cache__ = {}
        touched = list(work.touched)
        with _step("store arrays and places within"):
            _store(old, new, work, touched, reparented)
        new._memo = memo = _memos(old, new, touched, [], work)
        new.version = new._fingerprint()
    if hierarchy:
        with _step("places ever inside, common place filters"):
            _hierarchy_memos(old, new, memo, hierarchy)
    if differs(GEO_FIELDS):
        with _step("geo indexes"):
            for name, build in zip(GEO_MEMOS, (_place_index, _event_index), strict=True):
                if name in memo:
                    memo[name] = build(new)
    return new


def _store(
    old: KnowledgeGraph, kg: KnowledgeGraph, work: _Relinker, touched: list[str], moved: list[str]
) -> None:
    """The degree array, edge count, place tree and places within each container, for moved places.

    No event's links change: the events-of lists stay shared.
    """
    succ, pred = work.succ, work.pred
    links = kg._links[:]  # a copy: the old graph keeps its array
    for node_id in touched:
        number = kg.number(node_id)
        assert number is not None
        links[number] = sum(map(len, succ[node_id].values())) + sum(map(len, pred[node_id].values()))
    kg._links = links
    kg._edge_count += work.edges
    before: nx.DiGraph[str] = old._place_tree()
    containers: set[str] = set()
    for place_id in moved:
        containers |= nx.descendants(before, place_id)  # where it lay: an edge points to the parent
    tree = moved_tree(before, {place_id: kg.record(place_id).part_of for place_id in moved})
    for place_id in moved:
        containers |= nx.descendants(tree, place_id)
    kg._tree = tree
    within = dict(old._within)
    for container in containers:
        within[container] = frozenset(nx.ancestors(tree, container) | {container})
    kg._within = within


def moved_tree(tree: nx.DiGraph[str], parents: dict[str, str | None]) -> nx.DiGraph[str]:
    """The place tree ``tree`` with each place of ``parents`` under its new parent (or none), copy-on-write.

    ``tree.copy()`` makes every node and edge again (half a second at 4,600 places under
    load); here its dicts are copied at C speed and only the rows of the moved places and
    their old and new parents are made again. ``tree`` is not changed.
    """
    made = shell(tree)
    succ: dict[str, dict[str, Any]] = dict(tree._succ)  # type: ignore[attr-defined]
    pred: dict[str, dict[str, Any]] = dict(tree._pred)  # type: ignore[attr-defined]
    for place, parent in parents.items():
        for up in succ[place]:
            pred[up] = {child: data for child, data in pred[up].items() if child != place}
        succ[place] = {}
        if parent is not None:
            data: dict[str, Any] = {}
            succ[place] = {parent: data}
            pred[parent] = {**pred[parent], place: data}
    made._succ = made._adj = succ  # type: ignore[attr-defined]
    made._pred = pred  # type: ignore[attr-defined]
    return made


def with_place(tree: nx.DiGraph[str], place: str) -> nx.DiGraph[str]:
    """The place tree ``tree`` with a lone node ``place`` added, copy-on-write (``tree`` unchanged)."""
    made = shell(tree)
    made._node = {**tree._node, place: {}}  # type: ignore[attr-defined]
    made._succ = made._adj = {**tree._succ, place: {}}  # type: ignore[attr-defined]
    made._pred = {**tree._pred, place: {}}  # type: ignore[attr-defined]
    return made


def _hierarchy_memos(
    old: KnowledgeGraph, kg: KnowledgeGraph, memo: dict[str, Any], places: list[str]
) -> None:
    """`graph.place_history`'s memos and the common place filters' counts, for changed links upward.

    Both memos are corrected for ``places`` alone (`_ever_inside_moved`: only the containers
    above them, before or now, are walked again) when the graph before has them; else they
    are made whole, one pass over every place's record.
    """
    dated_before = old._memo.get("places-with-dated-links")
    ever_before = old._memo.get("places-ever-inside")
    if dated_before is not None and ever_before is not None:
        dated = dated_before - set(places) | {p for p in places if kg.record(p).part_of_dated}
        ever_now = _ever_inside_moved(kg, ever_before, dated, places)
    else:
        dated, ever_before, ever_now = _dated(kg), ever_before or _ever_inside(old), _ever_inside(kg)
    if "places-ever-inside" in memo:
        memo["places-ever-inside"] = ever_now
    if "places-with-dated-links" in memo:
        memo["places-with-dated-links"] = dated
    if "aggregates:single" not in memo:
        return
    # The containers whose places changed: their filters keep other events now. (A set the
    # patch shares is the same object: only those made again are compared.)
    changed = [
        c
        for c, now in ever_now.items()
        if (now is not ever_before.get(c) and now != ever_before.get(c))
        or (kg._within.get(c) is not old._within.get(c) and kg.places_within(c) != old.places_within(c))
    ]
    if not changed:
        return
    counts = dict(memo["aggregates:single"])
    common = common_size(kg)
    for container in changed:
        key = ("locations", container)
        counts.pop(key, None)
        query = EventQuery(**{_QUERY_FIELD["locations"]: (container,)})  # type: ignore[arg-type]
        events = matching(kg, query)
        assert events is not None  # one id is a filter
        if len(events) > common:
            counts[key] = _precount(kg, np.asarray(events))
    # A whole build lists them in the posting lists' order: dict equality ignores it, readers too.
    memo["aggregates:single"] = counts


__all__ = [
    "GEO_FIELDS",
    "HIERARCHY_FIELDS",
    "PLACE_FIELDS",
    "move_places",
    "moved_tree",
    "placeable",
    "with_place",
]
