"""Apply changed records to a built graph without building it again: what most edits cost.

A full build of the full import (`KnowledgeGraph.from_records`, then every index of
`graph.indexes`) takes tens of seconds (`bench/apply.py`). Most corrections change words,
not links: a summary rewritten, a description added, a source cited. Such a change leaves
the nodes, edges, date order and names as they were, so `patch` makes the new graph from
the old one and shares everything the change cannot reach:

* the frozen adjacency, the id table, the rows of events and every array, shared as they are;
* the records: a `RecordTable` over the same blob with the new records in front of it
  (`RecordTable.with_records`), and a node dict whose changed nodes read that table;
* every index built from links, dates or names (search, hops, rankings, PageRank, postings,
  timelines, facets, name orders, days, slugs), shared as it is.

What the changed fields feed is updated apart: the events' folded texts (the dict copied,
the changed events folded again), the text index (`PatchedTextIndex`: the old arrays, with
the changed events matched on their new text at read time), the people born and dead on
each month-day (`graph.days`: only the month-days a changed person left or joined are
listed again), and the Wikidata ids (built on first use) are dropped when links or sources
change.

An event's title, and the name or aliases of a person, place, organisation or tag, reach
the indexes built from names: `graph.incremental_names` corrects those (search, exact
names, name orders, facets), unless a new title moves its event among events of the
same date. An event's links (people, mentions, organisations, places, tags, category,
roles) are patched too, by `graph.incremental_links.relink`, over the graph the word patch
makes, also in one change with a rename or while renamed names are patched in the search
index (`PatchedWordIndex.relinked` rebases the renamed names on the relinked index).

An event's date (with its words at most) is patched by `graph.incremental_dates.redate`:
its calendar edges, day lists and dated indexes, and, when it moves in the date order,
every structure numbered by position (`graph.incremental_order`); a year or month-day no
event had gets its calendar node first, and one no event is left on is taken out
(`graph.incremental_calendar`). New people and places (``createPerson``,
``createLocation``, and nothing else in the change) are patched in by
`graph.incremental_added`, which moves the node numbers after each one up by one (a
place then put under its parents as `move_places` moves one). A new event (``createEvent``,
alone in the change) is added bare in its place in the date order
(`graph.incremental_events`), then linked by `relink` and dated by `redate`. A place's
parent, dated parents, kind, coordinates or dates are patched by
`graph.incremental_places.move_places` (not in one change with a relink or a date), and a
category's name as a rename.

A merge of people (``mergePeople``: the merged person deleted, the events that named them
relinked to the survivor, the survivor's aliases and sources rewritten) is patched in two
steps: the relink and rename as above, then the merged person, linked by nothing now, is
taken out by `graph.incremental_removed`, which moves every node number after it down by one.

A deleted event (``deleteEvent``), and the merged event of ``mergeEvents``, is taken out by
undoing what creating it did (`graph.incremental_deleted`): its links taken away by
`relink`, its calendar edges by `redate` (to a century, which links no calendar node), then
the node of no edge removed, every node number and date position after it moved down by
one; a merge's survivor is then patched as any changed event (its links, then its sources).

Everything else (a record created beside other changes, a deletion that empties a
calendar node while renamed names are patched into the exact-name table) reaches
structures built from the whole graph: `patch` returns None and the caller builds the
graph whole (carrying
what `carry_over` and `graph.incremental_nodes` allow), as it also does once
`MAX_PATCHED` events carry patched texts or `MAX_PATCHED` nodes patched names (a
compaction). The old graph is never changed: a request keeps the graph it started with.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.frozen_copy import shell
from graph.incremental_added import added, created
from graph.incremental_calendar import with_calendar
from graph.incremental_dates import new_calendar, redatable, redate
from graph.incremental_deleted import deleted_events, removed_event, stripped, undated
from graph.incremental_events import bare_event
from graph.incremental_links import LINK_FIELDS, _step, relink, relinkable
from graph.incremental_names import RENAMES, renamable, rename
from graph.incremental_nodes import carry_nodes
from graph.incremental_places import PLACE_FIELDS, move_places, placeable
from graph.incremental_removed import removed, removed_people
from graph.models import Event, Location, Organization, Person, Record
from graph.queries.text_index import PatchedTextIndex, TextIndex
from graph.queries.word_patch import PatchedWordIndex
from graph.record_table import NodeAttributes
from graph.store import KnowledgeGraph
from graph.text import fold

#: Fields a patch may change, by record class: none of them is read by the graph's links,
#: its date order, its names or any index but those `patch` updates itself.
PATCHABLE: dict[type, frozenset[str]] = {
    Event: frozenset(
        {"summary", "highlights", "what_happened", "why_it_matters", "links", "sources", "image"}
    ),
    Person: frozenset({"born", "died", "description", "links", "sources"}),
    Location: frozenset({"description", "sources"}),
    Organization: frozenset({"description", "sources"}),
}
#: Fields folded into an event's text (`KnowledgeGraph.search_text`, the text index).
TEXT_FIELDS = frozenset({"title", "summary"})
#: A person's life dates: `graph.days` lists people by the month-day of each (``life_days``).
LIFE_FIELDS = ("born", "died")
#: Memos read from the fields of `IDENTITY_FIELDS`, built on first use: dropped when those change.
IDENTITY_FIELDS = frozenset({"links", "sources"})
IDENTITY_MEMOS = ("wikidata-ids",)
#: Events with patched texts past which the next change builds the graph whole (a compaction):
#: each costs one substring test in every text filter until then.
MAX_PATCHED = 2_000


def changed_fields(old: Record, new: Record) -> set[str]:
    """The names of the fields whose values differ between two records of one class."""
    return {f.name for f in dataclasses.fields(old) if getattr(old, f.name) != getattr(new, f.name)}


def patch(kg: KnowledgeGraph, records: Mapping[str, Record | None]) -> KnowledgeGraph | None:
    """The graph of ``kg`` with ``records`` in place of its own, sharing all the rest; None if it cannot.

    Args:
        kg: the graph served now, with its indexes built (`graph.indexes.build_indexes`).
        records: id -> its record now (None: deleted), for every id changed since ``kg``.

    Returns:
        A new graph equal to a full build of the same records, or None when a change reaches
        what only a full build makes (see the module notes). ``version`` and ``redirects``
        are the caller's to set; ``kg`` is not changed.

    >>> import dataclasses
    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> beirut = kg.node("event:beirut-explosion")
    >>> new = patch(kg, {beirut.id: dataclasses.replace(beirut, summary="A blast in the port.")})
    >>> new.node(beirut.id).summary, kg.node(beirut.id).summary == beirut.summary
    ('A blast in the port.', True)
    >>> patch(kg, {beirut.id: dataclasses.replace(beirut, title="Port blast")}).node(beirut.id).title
    'Port blast'
    >>> patch(kg, {beirut.id: None}).get(beirut.id) is None  # a deleted event: taken out
    True
    >>> made = Event("event:zz-pact", "Port pact", beirut.date, beirut.category)
    >>> made.id in patch(kg, {made.id: made}).on_day_ids(8, 4)  # created: patched in
    True
    """
    # -- created records (`graph.incremental_added`, `graph.incremental_events`) ------------
    made = created(kg, records)  # new people and places, nothing else
    if made is not None:
        return _created(kg, made)
    if len(records) == 1:
        (node_id, record), *_ = records.items()
        if isinstance(record, Event) and record.id == node_id and node_id not in kg._table:
            return _created_event(kg, record)
    # -- removed records (`graph.incremental_removed`) ----------------------------------------
    gone = removed_people(kg, records)  # merged people
    if gone is not None:
        return _merged(kg, records, gone)
    # -- deleted events (`graph.incremental_deleted`) -------------------------------------------
    gone = deleted_events(kg, records)  # deleted or merged events
    if gone is not None:
        return _deleted(kg, records, gone)
    # -- changed records ------------------------------------------------------------------
    new_records: dict[str, Record] = {}
    fields: set[str] = set()
    relinked: list[str] = []
    redated: list[str] = []  # `graph.incremental_dates`: a date, with words at most
    placed: list[str] = []  # `graph.incremental_places`: a place's parent, kind, coordinates, dates
    for node_id, record in records.items():
        old = kg.get(node_id) if node_id in kg._table else None
        if record is None or old is None or type(old) is not type(record) or old.id != node_id:
            return None  # created, deleted or merged: nodes and edges change
        differs = changed_fields(old, record)
        if isinstance(record, Event) and differs <= PATCHABLE[Event] | {"date"} and redatable(old, record):
            redated.append(node_id)  # its date, or sources that name another day page (`told_days`)
        elif not differs <= PATCHABLE.get(type(record), frozenset()) | RENAMES.get(type(record), frozenset()):
            if placeable(old, record, differs):
                # A place's own facts (`graph.incremental_places`): its words and names patched here.
                if not differs <= PLACE_FIELDS | PATCHABLE[Location] | RENAMES[Location]:
                    return None
                placed.append(node_id)
                fields |= differs
                new_records[node_id] = record
                continue
            # A relink (`graph.incremental_links`): its words patched here, its links there.
            if not relinkable(old, record, differs) or not differs <= PATCHABLE[Event] | LINK_FIELDS:
                return None
            if isinstance(record, Event) and redatable(old, record):
                return None  # sources naming another day page too (a merge's): a relink keeps the days
            relinked.append(node_id)
        if differs:
            fields |= differs
            new_records[node_id] = record
    texts = (
        {node_id: r for node_id, r in new_records.items() if isinstance(r, Event)}
        if fields & TEXT_FIELDS
        else {}
    )
    patched = {kg.event_position(node_id) for node_id in texts} | set(
        getattr(kg._memo.get("text index"), "patched", ())
    )
    if len(patched) > MAX_PATCHED:
        return None
    renamed = renamable(kg, new_records, MAX_PATCHED)  # titles, names, aliases: `graph.incremental_names`
    if renamed is None:
        return None
    if placed and relinked:
        return None
    if redated and (relinked or renamed or placed):
        return None
    if redated:
        # A date onto a year or month-day no event had: its calendar node added first.
        with_days = with_calendar(kg, new_calendar(kg, [new_records[e] for e in redated]))
        if with_days is None:
            return None
        return redate(with_days, _derive(with_days, new_records, texts, fields - {"date"}, renamed), redated)
    new = _derive(kg, new_records, texts, fields - {"date"}, renamed)
    if placed:
        return move_places(kg, new, placed)
    return relink(kg, new, relinked) if relinked else new


# -- Records removed: `graph.incremental_removed` ------------------------------------------


def _merged(
    kg: KnowledgeGraph, records: Mapping[str, Record | None], gone: list[str]
) -> KnowledgeGraph | None:
    """``mergePeople``: the links moved and the survivor's names patched, then the merged people removed.

    The merge rewrites every event that linked a merged person to link the survivor (a
    relink, patched first), and the survivor's aliases and sources (a rename, patched
    last). In between, the merged people, linked by nothing then, leave the graph
    (`removed`): before the rename, so that the search index they leave is still the one
    built whole, not one scoring renamed names apart. A deleted person still linked after
    the relink (a change the edits never make) is built whole.
    """
    events = {node_id: record for node_id, record in records.items() if isinstance(record, Event)}
    rest = {
        node_id: record for node_id, record in records.items() if record is not None and node_id not in events
    }
    moved = patch(kg, events) if events else kg
    if moved is None:
        return None
    left = removed(moved, gone)
    if left is None or not rest:
        return left
    return patch(left, rest)


# -- Events deleted: `graph.incremental_deleted` ------------------------------------------


def _deleted(
    kg: KnowledgeGraph, records: Mapping[str, Record | None], gone: list[str]
) -> KnowledgeGraph | None:
    """``deleteEvent``, ``mergeEvents``: each deleted event taken out, then the survivor patched.

    A merge rewrites the survivor (the merged event's links, sources and words joined to
    its own): patched as changes of an event (a relink, then its sources, which may redate
    it), once the merged event is gone, so that no index holds both.
    """
    for event_id in gone:
        left = _deleted_event(kg, event_id)
        if left is None:
            return None
        kg = left
    rest = {node_id: record for node_id, record in records.items() if record is not None}
    if not rest:
        return kg
    # The survivor's links and words first, then its sources: a day page among the merged
    # event's sources links the survivor to that day (a redate), which a relink does not.
    linked = patch(kg, {i: dataclasses.replace(r, sources=kg.record(i).sources) for i, r in rest.items()})
    return None if linked is None else patch(linked, rest)


def _deleted_event(kg: KnowledgeGraph, event_id: str) -> KnowledgeGraph | None:
    """A deleted event: its links taken away, then its calendar edges, then itself.

    Each step is another patch's (`graph.incremental_deleted` has the order and why).
    """
    if isinstance(getattr(kg._memo.get("search"), "words", None), PatchedWordIndex):
        # Renamed names scored apart are numbered by node: the search index is left out, and
        # built again (`graph.indexes`), as a merged person's removal leaves it.
        kg = _derive(kg, {}, {}, set(), [])
        del kg._memo["search"]
    bare = stripped(kg.record(event_id))
    linked = relink(kg, _derive(kg, {event_id: bare}, {}, set(), []), [event_id])
    if linked is None:
        return None
    dated = redate(linked, _derive(linked, {event_id: undated(bare)}, {}, {"sources"}, []), [event_id])
    return None if dated is None else removed_event(dated, event_id)


# -- Records created: `graph.incremental_added`, `graph.incremental_events` ---------------


def _created(kg: KnowledgeGraph, records: list[Person | Location]) -> KnowledgeGraph | None:
    """New people and places added bare (`graph.incremental_added`), then each place put in its parents.

    A new place is added with no parent, then moved under its parents as a place whose
    parent changed (`graph.incremental_places.move_places`).
    """
    bare = [
        dataclasses.replace(r, part_of=None, part_of_dated=()) if isinstance(r, Location) else r
        for r in records
    ]
    new = added(kg, bare)
    if new is None:
        return None
    placed: dict[str, Record] = {
        r.id: r for r in records if isinstance(r, Location) and (r.part_of or r.part_of_dated)
    }
    if not placed:
        return new
    return move_places(new, _derive(new, placed, {}, set(PLACE_FIELDS), []), list(placed))


def _created_event(kg: KnowledgeGraph, event: Event) -> KnowledgeGraph | None:
    """A new event: its new calendar nodes, then itself added bare, then linked, then dated.

    Each step is another patch's (`graph.incremental_events` has the order and why).
    """
    if len(getattr(kg._memo.get("text index"), "patched", ())) >= MAX_PATCHED:
        return None  # its text is read as a patched one's: a compaction first
    with_days = with_calendar(kg, new_calendar(kg, [event]))
    bare = None if with_days is None else bare_event(with_days, event)
    if bare is None:
        return None
    linked = relink(bare, _derive(bare, {event.id: event}, {}, set(), []), [event.id])
    if linked is None:
        return None
    return redate(linked, _derive(linked, {event.id: event}, {}, set(), []), [event.id])


def _derive(
    kg: KnowledgeGraph,
    records: dict[str, Record],
    texts: dict[str, Event],
    fields: set[str],
    renamed: list[str],
) -> KnowledgeGraph:
    new = object.__new__(KnowledgeGraph)
    new.__dict__.update(kg.__dict__)
    with _step("words: records and graph"):
        new._table = kg._table.with_records(records.values())
        new.graph = _graph_over(kg.graph, new._table, records)
    new._memo_lock = threading.RLock()
    memo = dict(kg._memo)
    if fields & IDENTITY_FIELDS:
        for name in IDENTITY_MEMOS:
            memo.pop(name, None)
    for name, value in memo.items():
        if getattr(value, "kg", None) is kg:  # an index that reads records through its graph
            value = copy.copy(value)
            value.kg = new
            memo[name] = value
    if texts:
        with _step("words: texts and text index"):
            folded = {
                node_id: fold(f"{event.title} {event.summary or ''}") for node_id, event in texts.items()
            }
            if kg._texts is not None:
                new._texts = {**kg._texts, **folded}
            index = memo.get("text index")
            if isinstance(index, TextIndex):
                memo["text index"] = PatchedTextIndex(
                    index, {kg.event_position(node_id): text for node_id, text in folded.items()}
                )
    lives = [r for r in records.values() if isinstance(r, Person)]
    if lives and fields.intersection(LIFE_FIELDS) and "life_days" in memo:
        with _step("words: life days"):
            before = [kg.get(person.id) for person in lives]
            memo["life_days"] = _life_days(new, memo["life_days"], [*before, *lives], lives)
    if renamed:
        rename(kg, new, memo, renamed)
    new._memo = memo
    return new


def _life_days(
    kg: KnowledgeGraph, tables: tuple[dict[Any, tuple[str, ...]], ...], seen: list[Any], now: list[Person]
) -> tuple[dict[Any, tuple[str, ...]], ...]:
    """`graph.days`'s people by month-day of birth and of death, with the changed people moved.

    Only the month-days a changed person left (``seen``: before and after) or joins (``now``)
    are listed again, in `graph.days`'s order (the date's sort key, then the id).
    """
    moved = {person.id for person in now}
    patched = []
    for field, table in zip(LIFE_FIELDS, tables, strict=True):
        table = dict(table)
        dates = [getattr(person, field) for person in seen]
        for day in {date.month_day for date in dates if date is not None} - {None}:
            ids = [i for i in table.get(day, ()) if i not in moved]
            ids += [p.id for p in now if getattr(p, field) is not None and getattr(p, field).month_day == day]
            people: list[Any] = [kg.get(i) for i in ids]
            people.sort(key=lambda p: (getattr(p, field).sort_key(), p.id))
            if people:
                table[day] = tuple(p.id for p in people)
            else:
                table.pop(day, None)
        patched.append(table)
    return tuple(patched)


#: What a whole build may take from the graph before it when no record was added or removed
#: (the same nodes, so the same node numbers and slugs), by the fields whose change rules it out.
CARRIED: dict[str, frozenset[str]] = {
    "text index": frozenset({"date", "title", "summary"}),  # positions in the date order, and texts
    "by-name:person": frozenset({"name"}),
    "by-name:location": frozenset({"name"}),
    "by-name:tag": frozenset({"name"}),
    "by-name:category": frozenset({"name"}),
    "life_days": frozenset(LIFE_FIELDS),
    "slugs:event": frozenset(),
    "slugs:person": frozenset(),
    "slugs:location": frozenset(),
}


def carry_over(old: KnowledgeGraph, new: KnowledgeGraph, records: Mapping[str, Record | None]) -> list[str]:
    """Give ``new`` (built whole, before its indexes) those of ``old`` the change leaves as they were.

    ``records`` are the ids changed since ``old``, as in `patch`. A link, a category or a
    place's parent changes the adjacency, and so the graph is built again, but the text
    index, the name orders, the people by life day and the slugs read none of it: at the
    full import they are about 19 of a whole build's 50 s. Nothing is carried when a record
    was added, removed or merged. Returns the names of the indexes carried.
    """
    fields: set[str] = set()
    for node_id, record in records.items():
        before = old.get(node_id) if node_id in old._table else None
        if record is None or before is None or type(before) is not type(record) or before.id != node_id:
            # Created, deleted or merged: nodes came or went (`graph.incremental_nodes`).
            return carry_nodes(old, new, records)
        fields |= changed_fields(before, record)
    if len(old._table) != len(new._table) or any(node_id not in old._table for node_id in new._table):
        return []  # a calendar node came or went with a date
    carried = [name for name, reads in CARRIED.items() if name in old._memo and not fields & reads]
    for name in carried:
        new._memo[name] = old._memo[name]
    if "text index" in carried and old._texts is not None:
        new._texts = old._texts
    return carried


def _graph_over(g: nx.MultiDiGraph[str], table: Any, records: Mapping[str, Record]) -> nx.MultiDiGraph[str]:
    """The frozen graph ``g`` with its adjacency shared, and the changed nodes reading ``table``.

    A node's ``record`` attribute is read from a table (`NodeAttributes`); the unchanged
    nodes keep their attribute dicts, whose table holds the same records.
    """
    h = shell(g)
    nodes = dict(g._node)  # type: ignore[attr-defined]
    for node_id in records:
        attrs = nodes[node_id]
        nodes[node_id] = NodeAttributes(table, attrs._id, dict(attrs))
    h._node = nodes  # type: ignore[attr-defined]
    return h


__all__ = ["CARRIED", "MAX_PATCHED", "PATCHABLE", "carry_over", "changed_fields", "patch"]
