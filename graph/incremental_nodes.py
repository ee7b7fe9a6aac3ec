"""What a whole build may take from the graph before it when records came or went.

A created record (``createEvent``, ``createPerson``, ``createLocation``), a deleted one
(``deleteEvent``) or a merge (the merged record gone, its links moved to the survivor)
adds or removes nodes. Nodes are numbered in id order, events in date order, and the
search index numbers its nodes kind by kind: a new node moves the numbers of every node
after it, and every array indexed by them (the adjacency arrays, the hop graph, the
search index, the posting lists, the rankings…). `graph.incremental.patch` therefore
builds such a change whole.

A whole build need not make again what reads none of what moved, though. By what each
index reads, this module takes from the graph served before (``carry_nodes``):

* the name order of a kind (``by-name:<kind>``): its (folded name, id) pairs, read from
  the order before, with the kind's changed, created and deleted records put in or taken
  out, sorted again: no record is decoded (the whole build decodes and folds every one);
* the people by life day (``life_days``): only the month-days a created, deleted, merged
  or changed person was or is on are listed again;
* the folded event texts: the dict copied, the deleted events left out, the created and
  retitled events folded;
* the text index, when no event came or went and no event's date, title or summary changed
  (its rows are positions in the date order);
* the slugs of a kind none of whose records came or went (collisions are settled among
  the kind's ids);
* the places' history (``places-ever-inside``, ``places-with-dated-links``), when no place
  record changed at all.

Everything else is built whole, as before: the graph, the store's arrays, the search
index, the hop graph, degrees, out edges, rankings, PageRank, postings and the counts.
Each carried or patched structure equals the one a whole build makes
(``tests/graph/test_node_changes.py`` compares them after random creations, deletions and
merges).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.models import Event, Kind, Person, Record
from graph.name_order import _SEPARATOR, NameOrder, PatchedNameOrder, _name_at
from graph.store import _KIND_OF_CLASS, KnowledgeGraph
from graph.text import fold

#: The kinds listed by name (`KnowledgeGraph.ids_by_name`), and the field each is ordered by.
NAMED = {Kind.PERSON: "name", Kind.LOCATION: "name", Kind.TAG: "name", Kind.CATEGORY: "name"}
#: Kinds with slugs (`graph.slugs.SLUGGED`).
SLUGGED = (Kind.EVENT, Kind.PERSON, Kind.LOCATION)
#: An event's fields the text index reads (with the date order: ``date`` and ``title``).
TEXT_INDEX_FIELDS = frozenset({"date", "title", "summary"})
LIFE_FIELDS = ("born", "died")
PLACE_HISTORY = ("places-ever-inside", "places-with-dated-links")


class NodeChange:
    """The records of a change, sorted by what happened to them.

    ``came`` and ``went`` hold the ids created and deleted (a merged record is deleted),
    by kind; ``changed`` the ids kept with a new record, by kind, and ``fields`` the
    names of the fields that changed in them, by kind.
    """

    def __init__(self, old: KnowledgeGraph, records: Mapping[str, Record | None]) -> None:
        self.records = records
        self.came: dict[Kind, list[str]] = {}
        self.went: dict[Kind, list[str]] = {}
        self.changed: dict[Kind, list[str]] = {}
        self.fields: dict[Kind, set[str]] = {}
        self.before: dict[str, Record] = {}
        self.understood = True
        for node_id, record in records.items():
            before = old.record(node_id) if node_id in old._table else None
            if before is not None:
                self.before[node_id] = before
            if record is not None and (record.id != node_id or type(record) not in _KIND_OF_CLASS):
                self.understood = False
            elif before is None and record is None:
                continue  # created and deleted again since the graph before: nothing to do
            elif before is None:
                self.came.setdefault(_KIND_OF_CLASS[type(record)], []).append(node_id)
            elif record is None:
                self.went.setdefault(_KIND_OF_CLASS[type(before)], []).append(node_id)
            elif type(before) is not type(record):
                self.understood = False
            else:
                kind = _KIND_OF_CLASS[type(record)]
                self.changed.setdefault(kind, []).append(node_id)
                differs = {name for name in _fields(record) if getattr(before, name) != getattr(record, name)}
                self.fields.setdefault(kind, set()).update(differs)

    def moved(self, kind: Kind) -> bool:
        """Whether a node of ``kind`` came or went."""
        return bool(self.came.get(kind) or self.went.get(kind))

    def touched(self, kind: Kind) -> list[str]:
        """Every id of ``kind`` the change holds: created, deleted or changed."""
        return [*self.came.get(kind, ()), *self.went.get(kind, ()), *self.changed.get(kind, ())]


def _fields(record: Record) -> Iterable[str]:
    return record.__dataclass_fields__


def carry_nodes(old: KnowledgeGraph, new: KnowledgeGraph, records: Mapping[str, Record | None]) -> list[str]:
    """Give ``new`` (built whole, before its indexes) what of ``old`` a node change leaves or patches.

    Args:
        old: the graph served before, with its indexes built.
        new: the graph of the same records with ``records`` applied, built whole by
            `KnowledgeGraph.from_records`, its indexes not built yet (`graph.indexes`
            builds those not given here).
        records: id -> its record now (None: deleted or merged away), for every id changed
            since ``old``.

    Returns:
        The names of the structures taken or patched from ``old``.

    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> from graph.models import Person
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> lenin = Person("person:lenin", "Vladimir Lenin")
    >>> new = KnowledgeGraph.from_records([*(kg.record(i) for i in kg.graph if kg.record(i)), lenin])
    >>> carry_nodes(kg, new, {lenin.id: lenin})  # doctest: +NORMALIZE_WHITESPACE
    ['texts', 'text index', 'by-name:person', 'by-name:location', 'by-name:tag', 'by-name:category',
     'life_days', 'slugs:event', 'slugs:location', 'places-ever-inside', 'places-with-dated-links']
    >>> new.ids_by_name(Kind.PERSON, "lenin")
    ['person:lenin']
    """
    change = NodeChange(old, records)
    if not change.understood:
        return []
    carried: list[str] = []
    memo = old._memo
    if old._texts is not None:
        new._texts = _texts(old._texts, change)
        carried.append("texts")
    event_fields = change.fields.get(Kind.EVENT, set())
    if "text index" in memo and not change.moved(Kind.EVENT) and not event_fields & TEXT_INDEX_FIELDS:
        new._memo["text index"] = memo["text index"]
        carried.append("text index")
    for kind, field in NAMED.items():
        name = f"by-name:{kind.value}"
        if name not in memo:
            continue
        if not change.moved(kind) and field not in change.fields.get(kind, set()):
            new._memo[name] = memo[name]
        else:
            new._memo[name] = _name_order(memo[name], change, kind, new)
        carried.append(name)
    if "life_days" in memo:
        people = change.touched(Kind.PERSON)
        if people and (change.moved(Kind.PERSON) or change.fields.get(Kind.PERSON, set()) & set(LIFE_FIELDS)):
            new._memo["life_days"] = _life_days(new, memo["life_days"], change, people)
        else:
            new._memo["life_days"] = memo["life_days"]
        carried.append("life_days")
    for kind in SLUGGED:
        name = f"slugs:{kind.value}"
        if name in memo and not change.moved(kind):
            new._memo[name] = memo[name]
            carried.append(name)
    if not change.touched(Kind.LOCATION):
        for name in PLACE_HISTORY:
            if name in memo:
                new._memo[name] = memo[name]
                carried.append(name)
    return carried


def _texts(texts: dict[str, str], change: NodeChange) -> dict[str, str]:
    """The folded texts of every event (`KnowledgeGraph.search_text`), with the change's events redone."""
    texts = dict(texts)
    for node_id in change.went.get(Kind.EVENT, ()):
        texts.pop(node_id, None)
    for node_id in (*change.came.get(Kind.EVENT, ()), *change.changed.get(Kind.EVENT, ())):
        event = change.records[node_id]
        assert isinstance(event, Event)
        texts[node_id] = fold(f"{event.title} {event.summary or ''}")
    return texts


def _pairs(order: NameOrder) -> list[tuple[str, str]]:
    """The (folded name, id) pairs an order was made of, its renames applied."""
    if isinstance(order, PatchedNameOrder):
        under, fresh = order._base, order.fresh
        return [
            (fresh[node_id][1] if node_id in fresh else _name_at(under, at), node_id)
            for at, node_id in enumerate(under.ids)
        ]
    return list(zip(order._names.split(_SEPARATOR), order.ids, strict=True)) if order.ids else []


def _name_order(order: NameOrder, change: NodeChange, kind: Kind, new: KnowledgeGraph) -> NameOrder:
    """The name order of ``kind``: the change's records of that kind taken out, then put in as they are."""
    gone = set(change.touched(kind))
    pairs = [pair for pair in _pairs(order) if pair[1] not in gone]
    pairs += [
        (fold(new.record(node_id).name), node_id) for node_id in gone if new.record(node_id) is not None
    ]
    return NameOrder(pairs)


def _life_days(
    new: KnowledgeGraph,
    tables: tuple[dict[Any, tuple[str, ...]], ...],
    change: NodeChange,
    people: list[str],
) -> tuple[dict[Any, tuple[str, ...]], ...]:
    """`graph.days`'s people by month-day of birth and of death, with ``people`` listed again.

    Only the month-days one of ``people`` was on (before) or is on (now) are sorted again,
    in `graph.days`'s order (the date's sort key, then the id).
    """
    moved = set(people)
    before = [r for r in (change.before.get(i) for i in people) if isinstance(r, Person)]
    now = [r for r in (change.records.get(i) for i in people) if isinstance(r, Person)]
    patched = []
    for field, table in zip(LIFE_FIELDS, tables, strict=True):
        table = dict(table)
        days = {getattr(p, field).month_day for p in (*before, *now) if getattr(p, field) is not None}
        for day in days - {None}:
            found: list[Any] = [new.record(i) for i in table.get(day, ()) if i not in moved]
            found += [p for p in now if getattr(p, field) is not None and getattr(p, field).month_day == day]
            found.sort(key=lambda p: (getattr(p, field).sort_key(), p.id))
            if found:
                table[day] = tuple(p.id for p in found)
            else:
                table.pop(day, None)
        patched.append(table)
    return tuple(patched)


__all__ = ["NodeChange", "carry_nodes"]
