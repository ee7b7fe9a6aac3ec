"""Calendar nodes a date brings, patched in: a year or month-day no event had until now.

A whole build makes a calendar node (``day:MM-DD``, ``year:N``) when the first event links
it (`graph.store._Builder.link_event`). A date change onto such a day would give the graph
a node, and every node number after it moves up by one, as for a new person: `with_calendar`
adds the bare node by `graph.incremental_added.bare_node` (the store's tables and arrays
renumbered, an empty row put in), and carries the memos over renumbered. Then
`graph.incremental_dates.redate` links the event to it as to any calendar node it joins,
and puts it in the calendar nodes' build order.

A calendar node is not searchable, named, slugged, faceted or ranked, so the memos that
read ids, names or positions are shared as they are; those read by node number (the search
index's node ids, hop rows, out edges, degrees, hub orders, the rank tables) are renumbered
in one vectorised pass each. The node order (`graph.incremental_links.node_order`) is
dropped: `redate` makes it again when it moves the calendar nodes.
"""

from __future__ import annotations

import copy
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from graph.compact import IdIndex, IdList, Rows
from graph.incremental_added import SHARED, _shift, _shifted_array, bare_node, carried, carry_order, numbered
from graph.incremental_removed import _deleted, _unshift, unnumbered, unranked
from graph.incremental_removed import _graph as _graph_without
from graph.incremental_removed import _id_table as _id_table_without
from graph.incremental_removed import _renamed as _renamed_without
from graph.incremental_removed import _rows as _rows_without
from graph.models import Kind
from graph.queries.ranking import RankTable
from graph.queries.word_index import WordIndex
from graph.queries.word_patch import PatchedWordIndex
from graph.record_table import RecordTable
from graph.store import KnowledgeGraph

#: Memos a calendar node leaves as they are (by name prefix): none reads a node number.
KEPT = (*SHARED, "by-name:", "life_days", "slugs:", "postings", "ranking.pagerank", "wikidata-ids",
        "geo-places", "places-ever-inside", "places-with-dated-links")  # fmt: skip


def calendar_attributes(node_id: str) -> tuple[Kind, dict[str, int]]:
    """A calendar node's kind and attributes, read from its id (`graph.store.day_node`, `year_node`).

    >>> calendar_attributes("day:08-04"), calendar_attributes("year:-43")
    ((<Kind.DAY: 'day'>, {'month': 8, 'day': 4}), (<Kind.YEAR: 'year'>, {'year': -43}))
    """
    kind, _, rest = node_id.partition(":")
    if kind == Kind.DAY.value:
        month, _, day = rest.partition("-")
        return Kind.DAY, {"month": int(month), "day": int(day)}
    return Kind.YEAR, {"year": int(rest)}


def numbers_renamed(kg: KnowledgeGraph) -> bool:
    """Whether renames patched in hold node numbers (the name table's corrections, `PatchedWordIndex`).

    They are not renumbered here: a compaction (a whole build) comes first, as for a new person.
    """
    return kg._renamed is not None or isinstance(
        getattr(kg._memo.get("search"), "words", None), PatchedWordIndex
    )


def with_calendar(kg: KnowledgeGraph, nodes: Iterable[str]) -> KnowledgeGraph | None:
    """``kg`` with the calendar ``nodes`` added, bare (no edge yet); None if it cannot.

    Args:
        kg: the graph served now, with its indexes built (`graph.indexes.build_indexes`).
        nodes: calendar node ids not in ``kg``.

    Returns:
        A new graph whose calendar nodes ``nodes`` have no event yet: only a step for
        `graph.incremental_dates.redate` to link them. ``kg`` is not changed. None while
        renamed names are patched in (`PatchedWordIndex`, the name table's corrections:
        numbered by node), as for a new person.

    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> new = with_calendar(kg, ["day:02-29"])
    >>> new.kind_of("day:02-29").value, new.event_ids_of("day:02-29"), kg.get("day:02-29")
    ('day', (), None)
    """
    nodes = list(nodes)
    if not nodes:
        return kg
    if kg._renamed is not None or isinstance(
        getattr(kg._memo.get("search"), "words", None), PatchedWordIndex
    ):
        return None
    for node_id in nodes:
        kg = _with(kg, node_id)
    return kg


def _with(old: KnowledgeGraph, node_id: str) -> KnowledgeGraph:
    kind, attrs = calendar_attributes(node_id)
    new, k = bare_node(old, node_id, kind, None, **attrs)
    new._names = old._names
    memo = old._memo
    kept = carried(old, new, KEPT)
    if "search" in memo:
        search = copy.copy(memo["search"])
        words = shallow_copy(search.words)
        ids = IdList(new._ids, ())
        ids._numbers = _shifted_array(words.ids._numbers, k)  # type: ignore[attr-defined]
        words.ids = ids
        search.kg, search.words = new, words
        kept["search"] = search
    numbered(memo, kept, k, kind)
    for name, table in memo.items():
        if name.startswith("ranking.") and name.endswith(".pagerank") and isinstance(table, RankTable):
            kept[name] = RankTable(_shift(table.numbers, k), table.scores)
    new._memo = carry_order(new, kept)
    # Its version is set once an event links it (`graph.incremental_dates.redate`).
    return new


def without_calendar(kg: KnowledgeGraph, nodes: Iterable[str]) -> KnowledgeGraph:
    """``kg`` with the calendar ``nodes`` (no edge left: their last event moved away) taken out.

    The inverse of `with_calendar`: every number after a taken node moves down by one, its
    rows are cut out of the arrays (a base row still holding the event the patch moved, as
    a patched row overrides it until then). ``kg`` is not changed.
    """
    for node_id in nodes:
        kg = _without(kg, node_id)
    return kg


def _without(old: KnowledgeGraph, node_id: str) -> KnowledgeGraph:
    k = old.number(node_id)
    assert k is not None
    kind = old.kind_of(node_id)
    new = object.__new__(KnowledgeGraph)
    new.__dict__.update(old.__dict__)
    new._memo_lock = threading.RLock()
    new._ids = _id_table_without(old._ids, k)
    new._table = _record_table_without(old._table, k)
    new.graph = _graph_without(old.graph, node_id)
    new._named = Rows(old._named.starts, _unshift(old._named.values, k))
    if old._renamed is not None:  # renamed names numbered by node, a person's or an event's
        new._renamed = _renamed_without(old._renamed, k)
    by_kind: defaultdict[Kind, list[str]] = defaultdict(list, old._by_kind)
    by_kind[kind] = [n for n in old._by_kind[kind] if n != node_id]
    new._by_kind = by_kind
    lists = {}
    for listed, ids in old._id_lists.items():
        numbers = np.frombuffer(ids._numbers, dtype=np.int32)
        lists[listed] = IdList(new._ids, ())
        lists[listed]._numbers = array("i", _unshift(numbers[numbers != k], k).tobytes())
    new._id_lists = lists
    new._events_of = _rows_without(old._events_of, k, k)
    new._mentioned_in = _rows_without(old._mentioned_in, k, k)
    new._on_day = _rows_without(old._on_day, None, k)
    new._position = _deleted(old._position, k)
    new._links = _deleted(old._links, k)
    new._memo = _memos_without(old, new, k)
    new.version = new._fingerprint()
    return new


def shallow_copy(words: WordIndex) -> WordIndex:
    """A copy of a search index sharing its arrays: `copy.copy` goes through its pickling,
    which checks the order of its whole vocabulary again."""
    made = object.__new__(type(words))
    made.__dict__.update(words.__dict__)
    return made


def _record_table_without(table: RecordTable, at: int) -> RecordTable:
    """``table`` without row ``at`` (a calendar node's: no record, nothing in the blob)."""
    rows: IdIndex = _id_table_without(table._rows, at, IdIndex)
    rows._build_slots()  # an open-addressing table: a key taken out means its probe runs hashed again
    kinds = table._kinds[:at] + table._kinds[at + 1 :]
    made = RecordTable(rows, kinds, _deleted(table._offsets, at), table._blob)
    made._changed = dict(table._changed)
    return made


def _memos_without(old: KnowledgeGraph, new: KnowledgeGraph, k: int) -> dict[str, Any]:
    memo = old._memo
    kept = carried(old, new, KEPT)
    if "search" in memo:
        search = copy.copy(memo["search"])
        words = shallow_copy(search.words)
        numbers = np.frombuffer(words.ids._numbers, dtype=np.int32)  # type: ignore[attr-defined]
        ids = IdList(new._ids, ())
        ids._numbers = array("i", _unshift(numbers, k).tobytes())
        words.ids = ids
        search.kg, search.words = new, words
        kept["search"] = search
    unnumbered(memo, kept, k)  # hops, out edges, degrees, hub orders
    unranked(memo, kept, k)  # a calendar node is in none: every ranking renumbered
    return kept


__all__ = [
    "KEPT",
    "calendar_attributes",
    "numbers_renamed",
    "shallow_copy",
    "with_calendar",
    "without_calendar",
]
