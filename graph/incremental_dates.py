"""Redate a built graph in milliseconds: an event's date changed, without building the graph again.

"This happened on the 14th, not the 20th": a new date moves the event to other calendar
nodes (``day:MM-DD``, its Gregorian day if Julian, ``year:N``), changes what is read from
the date, and may move the event in the date order. `redate` makes the new graph from
the old one, copy-on-write, updating only what the date reaches:

* the date order, when the event no longer sorts between its neighbours: every structure
  numbered by position is permuted (`graph.incremental_order`: the store's positions and
  rows of events, the posting lists, the text index, the search index, hub PageRank sums);
* the adjacency of the event and of the calendar nodes it leaves or joins (each calendar
  node's events in node order, as a whole build links them), and the node order of the
  calendar nodes when the event was or becomes the first to link one (a whole build makes
  a calendar node when its first event links it);
* the store's degree array and edge count (calendar edges count there), the events of
  each calendar node (`graph.compact.PatchedRows`) and the month-day lists behind
  ``onThisDay`` and ``sameDateEvents`` (newest first, then title, then id);
* the hop rows of the event and those calendar nodes (`PatchedHopGraph`) and the event's
  out edges (`PatchedOutEdges`);
* the posting lists' year and date bounds at the event's position, and the counts by year:
  the unfiltered timelines and those of every common single filter that holds the event,
  the event taken out of its old year's bucket and put in its new one's
  (`graph.queries.count_delta`, which also corrects a place filter's facets and total when
  a place that changed hands holds the event at one date and not the other);
* the search index's year, month and day of the event and its date order (spliced by
  bisection), and its tie-break by degree when the event's calendar edges grew or shrank.

Nothing else reads an event's date: degrees, neighbourhoods and rankings leave calendar
nodes out, PageRank runs over people, events, places and organisations, and slugs, names,
texts and facets by value read no date. The geographic event index is dropped (built on
first use), as is any memo this module does not know.

`redate` returns None, and the caller builds the graph whole, when a calendar node would
come or go (a year or month-day no other event has: node numbers would change), or when
the search index holds renamed names (`PatchedWordIndex`, numbered by node) that the
event's move or its tie-break would have to be placed over. A date changed together with
a title, a link or a rename is built whole by `graph.incremental.patch`.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

import numpy as np

from graph.adjacency import PatchedHopGraph, PatchedOutEdges, hop_row, out_row
from graph.compact import PatchedRows
from graph.daypages import told_days
from graph.incremental_calendar import shallow_copy, without_calendar
from graph.incremental_links import _step, node_order
from graph.incremental_order import moved_order, reorder
from graph.models import Event, Kind, Record, Relation
from graph.queries.count_delta import Change, corrected_precounts, corrected_timelines, every_event
from graph.queries.postings import Postings, day_key
from graph.queries.word_index import WordIndex, _date_keys, _date_parts
from graph.queries.word_patch import PatchedWordIndex
from graph.store import _SHARED_KEYS, KnowledgeGraph, _day_slot, day_node, year_node

_CALENDAR = frozenset({Kind.DAY, Kind.YEAR})
#: Memos a redate leaves as they are (by name prefix): none of them reads a date or a calendar edge.
KEPT = ("search", "text index", "by-name:", "life_days", "slugs:", "wikidata-ids", "places-ever-inside",
        "places-with-dated-links", "geo-places", "node-order", "degree", "hood-order", "ranking.",
        "facets:all", "postings", "aggregates:single", "paths.hops", "adjacency.out")  # fmt: skip


def calendar_of(event: Event) -> list[str]:
    """The calendar nodes a whole build links ``event`` to, in its order (`_Builder.link_event`)."""
    date = event.date
    days = dict.fromkeys((date.month_day, date.gregorian.month_day, *told_days(event)))
    found = [day_node(*month_day) for month_day in days if month_day is not None]
    if date.precision.value in ("day", "month", "year"):
        found.append(year_node(date.astronomical_year))
    return found


def new_calendar(kg: KnowledgeGraph, records: Iterable[Record]) -> list[str]:
    """The calendar nodes the events of ``records`` link that ``kg`` has not, in id order."""
    events = (r for r in records if isinstance(r, Event))
    return sorted({node for event in events for node in calendar_of(event) if node not in kg._table})


def redatable(old: Record, new: Event) -> bool:
    """Whether an event's change reaches its date or its calendar nodes: what `redate` patches.

    A source naming another day page inside the event's span links the event to that day
    (`graph.daypages.told_days`), as a new date does.
    """
    if not isinstance(old, Event):
        return False
    return old.date != new.date or calendar_of(old) != calendar_of(new)


def _key(event: Event) -> tuple[Any, ...]:
    return (event.date.sort_key(), event.title, event.id)


def keeps_place(kg: KnowledgeGraph, new: KnowledgeGraph, events: Iterable[str]) -> bool:
    """Whether the redated ``events`` (records in ``new``) sort between their neighbours in ``kg``'s order.

    The rest of the order is unchanged, so adjacent pairs in order mean every position stays.
    """
    order = kg.ids(Kind.EVENT)
    for event_id in events:
        at = kg.event_position(event_id)
        key = _key(new.record(event_id))
        if at > 0 and not _key(new.record(order[at - 1])) < key:
            return False
        if at + 1 < len(order) and not key < _key(new.record(order[at + 1])):
            return False
    return True


def redate(old: KnowledgeGraph, new: KnowledgeGraph, events: list[str]) -> KnowledgeGraph | None:
    """Give ``new`` the calendar edges and date-read indexes of its redated ``events``; None to build whole.

    Args:
        old: the graph served now, with its indexes built (`graph.indexes.build_indexes`).
        new: ``old`` with the changed records in place and its structures shared
            (`graph.incremental.patch` makes it); its structures are replaced here, never
            changed in place, so ``old`` stays as it was.
        events: the ids of the events whose date changed.

    Returns:
        ``new``, equal to a whole build of its records but for the memos dropped, which
        `graph.indexes.build_indexes` makes again (the timelines); None when the change
        reaches what only a whole build makes (see the module notes).

    >>> import dataclasses
    >>> from graph.dates import HistoricalDate
    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> from graph.incremental import patch
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> beirut = kg.node("event:beirut-explosion")
    >>> month_only = dataclasses.replace(beirut, date=HistoricalDate(2020, 8))
    >>> moved = patch(kg, {beirut.id: month_only})
    >>> beirut.id in moved.on_day_ids(8, 4), beirut.id in kg.on_day_ids(8, 4)
    (False, True)
    """
    if not keeps_place(old, new, events):
        with _step("date order: new order"):
            move = moved_order(old, new, events)
        if not reorder(old, new, move):
            return None
    nodes = old.graph._node  # type: ignore[attr-defined]
    succ: dict[str, dict[str, Any]] = dict(old.graph._succ)  # type: ignore[attr-defined]
    pred: dict[str, dict[str, Any]] = dict(old.graph._pred)  # type: ignore[attr-defined]
    order = node_order(old)
    new._memo["node-order"] = order  # built once per patch at most: redate, hop rows and calendar read it
    changed: dict[str, None] = {}  # calendar nodes an event left or joined
    grown: list[str] = []  # events whose number of edges changed
    edges = 0
    for event_id in events:
        record = new.record(event_id)
        calendar = calendar_of(record)
        if any(node not in nodes for node in calendar):
            return None  # a calendar node to add first (`graph.incremental_calendar.with_calendar`)
        row = succ[event_id]
        before = [n for n in row if nodes[n]["kind"] in _CALENDAR]
        if before == calendar:
            continue
        kept = {n: keys for n, keys in row.items() if nodes[n]["kind"] not in _CALENDAR}
        for node in calendar:
            kept[node] = _SHARED_KEYS[_relation(nodes[node]["kind"])]
        succ[event_id] = kept
        for node in before:
            if node not in calendar:
                pred[node] = {n: k for n, k in pred[node].items() if n != event_id}
                changed[node] = None
        for node in calendar:
            if node not in before:
                pred[node] = _placed(pred[node], event_id, kept[node], order)
                changed[node] = None
        if len(before) != len(calendar):
            grown.append(event_id)
            edges += len(calendar) - len(before)
    emptied = [node for node in changed if not pred[node]]  # taken out at the end (`without_calendar`)
    if emptied and isinstance(getattr(new._memo.get("search"), "words", None), PatchedWordIndex):
        return None  # its node numbers are not moved down (`without_calendar` moves the name table's)
    words = old._memo.get("search")
    if grown and words is not None and isinstance(words.words, PatchedWordIndex):
        return None  # the tie-break by degree would be placed over renamed names
    with _step("calendar: adjacency and node order"):
        g = new.graph
        g._succ = g._adj = succ  # type: ignore[attr-defined]
        g._pred = pred  # type: ignore[attr-defined]
        g.__networkx_cache__ = {}
        calendar_order = _calendar_order(new, changed, events)
        if calendar_order is not None:
            _reorder(new, calendar_order)
    with _step("calendar: degrees, events of, day lists"):
        _store(old, new, events, changed, edges)
    _memos(old, new, events, changed, grown, calendar_order)
    new.version = new._fingerprint()
    return without_calendar(new, emptied) if emptied else new


def _relation(kind: Kind) -> str:
    return Relation.ON_DAY.value if kind is Kind.DAY else Relation.IN_YEAR.value


def _placed(row: dict[str, Any], node: str, keys: Any, order: dict[str, int]) -> dict[str, Any]:
    """A copy of ``row`` with ``node`` among the rest by node order (the order a whole build links them)."""
    items = [(n, k) for n, k in row.items() if n != node]
    at = next((i for i, (n, _) in enumerate(items) if order[n] > order[node]), len(items))
    return dict([*items[:at], (node, keys), *items[at:]])


def _calendar_order(kg: KnowledgeGraph, changed: dict[str, None], events: list[str]) -> list[str] | None:
    """The calendar nodes in the order a whole build makes them, if it is not the graph's order now.

    A whole build adds every record's node, then makes each calendar node when the first
    event (in node order) links it: its place is that of (the event, the link among the
    event's calendar links). Only a node the redated ``events`` left or joined, or one they
    still link (its place among their calendar links may shift), can have moved: the rest
    keep their keys, and so their order, and each moved node is put back among them by
    bisection (about a dozen keys read, not one per calendar node).
    """
    if not changed:
        return None
    nodes = kg.graph._node  # type: ignore[attr-defined]
    succ, pred = kg.graph._succ, kg.graph._pred  # type: ignore[attr-defined]
    order = node_order(kg)
    calendar = calendar_nodes(nodes)

    def made(node: str) -> tuple[int, int]:
        if not pred[node]:
            return (len(order), 0)  # no event left: taken out after (`without_calendar`)
        first = next(iter(pred[node]))
        links = [n for n in succ[first] if nodes[n]["kind"] in _CALENDAR]
        return (order[first], links.index(node))

    moving = dict(changed)
    for event_id in events:
        moving.update((n, None) for n in succ[event_id] if nodes[n]["kind"] in _CALENDAR)
    rest = [n for n in calendar if n not in moving]
    # Ties (nodes no event links now) keep the order they had, as a stable sort keeps it.
    was = {n: i for i, n in enumerate(calendar) if n in moving}
    wanted: list[str] = []
    taken = 0
    for node in sorted(moving, key=lambda n: (made(n), was[n])):
        at = bisect_left(rest, made(node), taken, key=made)
        wanted += rest[taken:at]
        wanted.append(node)
        taken = at
    wanted += rest[taken:]
    return None if wanted == calendar else wanted


def calendar_nodes(nodes: dict[str, Any]) -> list[str]:
    """The calendar nodes of a node dict, in its order: all at its end, after every record's.

    Read from the end, so as not to walk the records' nodes.
    """
    found = []
    for node in reversed(nodes):
        if nodes[node]["kind"] not in _CALENDAR:
            break
        found.append(node)
    return found[::-1]


def _reorder(kg: KnowledgeGraph, calendar: list[str]) -> None:
    """Give ``kg``'s node, successor and predecessor dicts the calendar nodes in ``calendar``'s order."""
    g = kg.graph
    now = calendar_nodes(g._node)  # type: ignore[attr-defined]
    same = next((i for i, (a, b) in enumerate(zip(now, calendar, strict=True)) if a != b), len(now))

    def ordered(table: dict[str, Any]) -> dict[str, Any]:
        # Copied whole at C speed (a dict built entry by entry takes several times longer),
        # then the calendar nodes from the first that moved taken out and put back in order.
        made = dict(table)
        moved = [(n, made.pop(n)) for n in calendar[same:]]
        made.update(moved)
        return made

    g._node = ordered(g._node)  # type: ignore[attr-defined]
    g._succ = g._adj = ordered(g._succ)  # type: ignore[attr-defined]
    g._pred = ordered(g._pred)  # type: ignore[attr-defined]


def _store(
    old: KnowledgeGraph, kg: KnowledgeGraph, events: list[str], changed: dict[str, None], edges: int
) -> None:
    """The store's degree array, edge count, calendar nodes' events and month-day lists, patched."""
    succ, pred = kg.graph._succ, kg.graph._pred  # type: ignore[attr-defined]
    nodes = kg.graph._node  # type: ignore[attr-defined]
    links = old._links[:]  # a copy: the old graph keeps its array
    position = np.frombuffer(kg._position, dtype=np.int32)  # moved already (`graph.incremental_order`)
    events_of: dict[int, Any] = {}
    on_day: dict[int, Any] = {}
    for node_id in [*events, *changed]:
        number = kg.number(node_id)
        assert number is not None
        links[number] = sum(map(len, succ[node_id].values())) + sum(map(len, pred[node_id].values()))
    for node_id in changed:
        number = kg.number(node_id)
        assert number is not None
        row = kg._events_of.row(number)
        for event_id in events:
            at = kg.number(event_id)
            assert at is not None
            row = _with(row, position, at, event_id in pred[node_id])
        events_of[number] = row
    # A month-day lists its events newest first: one that stays on a day may move in its list.
    days = {
        n: None for n in [*changed, *(n for e in events for n in succ[e])] if nodes[n]["kind"] is Kind.DAY
    }
    moved = [number for e in events if (number := kg.number(e)) is not None]
    for node_id in days:
        attrs = nodes[node_id]
        slot = _day_slot(attrs["month"], attrs["day"])
        joins = [n for n, e in zip(moved, events, strict=True) if node_id in succ[e]]
        on_day[slot] = _day_with(kg, old._on_day.row(slot), moved, joins)
    kg._links = links
    kg._edge_count = old._edge_count + edges
    kg._events_of = PatchedRows(kg._events_of, events_of)
    kg._on_day = PatchedRows(old._on_day, on_day)


def _with(row: Any, position: Any, number: int, member: bool) -> Any:
    """``row`` (event numbers in date order) with event ``number`` in it or not, as ``member`` says."""
    at = int(np.searchsorted(position[row], position[number]))
    there = at < len(row) and row[at] == number
    if member and not there:
        return np.insert(row, at, number).astype(np.int32)
    if not member and there:
        return np.delete(row, at)
    return row


def _day_with(kg: KnowledgeGraph, row: Any, moved: list[int], joins: list[int]) -> Any:
    """A month-day's events (``row``: newest first, then by title and id), ``moved`` out, ``joins`` in.

    The events that stay keep their order; each joining event is put in by bisection (a
    dozen records read), not the whole day decoded and sorted again (a busy day of the full
    import holds hundreds of events).
    """
    kept = [n for n in row.tolist() if n not in moved]

    def key(number: int) -> tuple[Any, str, str]:
        event = kg.record(kg.id_of(number))
        return (event.date.sort_key(), event.title, event.id)

    for number in joins:
        date, title, event_id = key(number)
        low, high = 0, len(kept)
        while low < high:  # newest first, then by title and id
            middle = (low + high) // 2
            other_date, *rest = key(kept[middle])
            if other_date > date or (other_date == date and tuple(rest) < (title, event_id)):
                low = middle + 1
            else:
                high = middle
        kept.insert(low, number)
    return np.array(kept, dtype=np.int32)


def _memos(
    old: KnowledgeGraph,
    kg: KnowledgeGraph,
    events: list[str],
    changed: dict[str, None],
    grown: list[str],
    calendar_order: list[str] | None,
) -> None:
    memo = kg._memo
    kept = {name: value for name, value in memo.items() if name.startswith(KEPT)}
    kg._memo = kept
    if calendar_order is not None and "node-order" in memo:
        # Only the calendar nodes (all last) moved: their places given again, the records' kept.
        order = dict(memo["node-order"])
        records = len(order) - len(calendar_order)
        order.update(zip(calendar_order, range(records, len(order)), strict=True))
        kept["node-order"] = order
    elif "node-order" in memo:
        kept["node-order"] = memo["node-order"]
    index = memo.get("postings")
    if isinstance(index, Postings):
        year, earliest, latest = index.year.copy(), index.earliest.copy(), index.latest.copy()
        for event_id in events:
            date = kg.record(event_id).date
            at = kg.event_position(event_id)
            year[at], earliest[at], latest[at] = date.year, day_key(date.earliest()), day_key(date.latest())
        kept["postings"] = index = Postings(index.events, year, earliest, latest, index.fields)
        # The event leaves its old year's buckets and enters its new one's: corrected, not counted again.
        changes: list[Change] = [(old.record(e), kg.record(e)) for e in events]
        with _step("dates: timelines"):
            corrected_timelines(memo, kept, every_event(changes))
        if "aggregates:single" in memo:
            with _step("dates: common filters' counts"):
                kept["aggregates:single"] = corrected_precounts(
                    old, kg, memo["aggregates:single"], changes, index
                )
    touched = [*events, *changed]
    if "paths.hops" in memo:
        _hops(kg, memo, kept, touched)
    if "adjacency.out" in memo:
        out = {kg.number(n): out_row(kg, n) for n in events}
        kept["adjacency.out"] = PatchedOutEdges(memo["adjacency.out"], out)  # type: ignore[arg-type]
    if "search" in memo:
        with _step("dates: search index"):
            _search(kg, memo, kept, events, grown)


def _hops(kg: KnowledgeGraph, memo: dict[str, Any], kept: dict[str, Any], touched: list[str]) -> None:
    with _step("calendar: hop rows"):
        order = kept.get("node-order") or node_order(kg)
        rows = {kg.number(n): hop_row(kg, n, order) for n in touched}
        kept["paths.hops"] = PatchedHopGraph(memo["paths.hops"], rows)  # type: ignore[arg-type]


def _search(
    kg: KnowledgeGraph, memo: dict[str, Any], kept: dict[str, Any], events: list[str], grown: list[str]
) -> None:
    search = copy.copy(memo["search"])  # the old graph keeps its own
    search.kg = kg
    words: WordIndex = search.words.relinked(kg, grown) if grown else shallow_copy(search.words)
    if words is search.words:
        words = shallow_copy(words)
    _redated_words(kg, words, events)
    search.words = words
    kept["search"] = search


def _redated_words(kg: KnowledgeGraph, words: WordIndex, events: list[str]) -> None:
    """``words``'s year, month and day of each redated event, and its events in (year, month, day) order."""
    year, month, day = words.event_year.copy(), words.event_month.copy(), words.event_day.copy()
    date_order = words.date_order
    for event_id in events:
        at = kg.event_position(event_id)  # events are the first nodes, in date order
        year[at], month[at], day[at] = _date_parts(kg.record(event_id))
    keys = _date_keys(year, month, day)
    moved = np.array(sorted(kg.event_position(e) for e in events), dtype=np.int32)
    rest = date_order[~np.isin(date_order, moved)]
    for at in moved.tolist():
        # A stable sort: events of one key stay in node order.
        ranks = keys[rest]
        low = int(np.searchsorted(ranks, keys[at], side="left"))
        high = int(np.searchsorted(ranks, keys[at], side="right"))
        place = low + int(np.searchsorted(rest[low:high], at))
        rest = np.insert(rest, place, at).astype(np.int32)
    words.event_year, words.event_month, words.event_day = year, month, day
    words.date_order, words.date_keys = rest, keys[rest]


__all__ = [
    "KEPT",
    "calendar_nodes",
    "calendar_of",
    "keeps_place",
    "new_calendar",
    "redatable",
    "redate",
    "shallow_copy",
]
