"""`KnowledgeGraph`: the NetworkX multi-digraph of history, with the indexes queries need.

Nodes are ids (``"person:joseph-stalin"``) with two attributes, ``kind`` and ``record``
(the frozen domain record, kept serialised in a `RecordTable` and decoded when read).
Edges carry their `Relation` value as the multigraph key,
so ``G.has_edge(u, v, key="involved")`` reads as it means. Calendar nodes (``day:08-04``,
``year:1924``) join events that share a month-day or a year.

Everything a request might ask often (a person's events in date order, the events on
a month-day, the place tree) is computed once here, at load: the graph never changes
after that, and is frozen (`nx.freeze`) so that nothing can change it.

Memory matters at a million events (tens of millions of objects), and so does what a
forked worker copies of it: the records live serialised in one bytes blob (`RecordTable`),
decoded for each reader, and the build shares what NetworkX would copy: each id is one
string object wherever it appears (adjacency and indexes alike), and edges share their
key dicts (below). Pickled snapshots keep both. The lists requests read (a node's events,
a month-day's events, event positions) are rows of node numbers in buffers
(`graph.compact`): nodes are numbered in id order, and an id is sliced out of one shared
string when asked for (`number`, `id_of`), so reading them writes nothing a worker shares.
"""

from __future__ import annotations

import hashlib
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import networkx as nx

from graph.compact import IdIndex, IdList, IdTable, Rows
from graph.daypages import told_days
from graph.deadline import Deadline
from graph.errors import NotFound, WrongKind
from graph.models import (
    Category,
    Event,
    Kind,
    Location,
    Organization,
    Person,
    Record,
    Relation,
    Tag,
)
from graph.name_order import NameOrder
from graph.record_table import NodeAttributes, RecordTable
from graph.text import fold

R = TypeVar("R", bound=Record)
T = TypeVar("T")

_KIND_OF_CLASS: dict[type, Kind] = {
    Event: Kind.EVENT,
    Person: Kind.PERSON,
    Location: Kind.LOCATION,
    Organization: Kind.ORGANIZATION,
    Category: Kind.CATEGORY,
    Tag: Kind.TAG,
}


# NetworkX gives every edge of a multigraph two dicts of its own: {key: {attributes}}.
# Our edges have no attributes and (between two given nodes) one relation, so every edge
# of a relation shares one key dict. Safe because the graph is frozen once built; a pair
# of nodes with two relations gets a dict of its own (see `_Builder.link`).
_NO_ATTRIBUTES: dict[str, Any] = {}
_SHARED_KEYS: dict[str, dict[str, dict[str, Any]]] = {r.value: {r.value: _NO_ATTRIBUTES} for r in Relation}


#: A multi-digraph's plain successor or predecessor dict: node -> neighbour -> key -> attributes.
Adjacency = dict[str, dict[str, dict[str, dict[str, Any]]]]


def _adjacency(g: nx.MultiDiGraph[str]) -> tuple[Adjacency, Adjacency]:
    """The dicts behind ``g.succ`` and ``g.pred``, with no view objects (private in NetworkX, untyped)."""
    return g._succ, g._pred  # type: ignore[attr-defined]


def day_node(month: int, day: int) -> str:
    """The calendar node of a month-day: ``day_node(8, 4) == 'day:08-04'``."""
    return f"day:{month:02d}-{day:02d}"


def year_node(astronomical_year: int) -> str:
    """The calendar node of a year, in astronomical numbering (44 BC is ``year:-43``)."""
    return f"year:{astronomical_year}"


#: A month-day's row in the on-this-day lists: 31 rows a month, the unused ones empty.
_DAY_SLOTS = 12 * 31


def _day_slot(month: int, day: int) -> int:
    return (month - 1) * 31 + (day - 1)


def _names_of(record: Record) -> Iterable[str]:
    if isinstance(record, Event):
        yield record.title
        return
    yield record.name
    yield from getattr(record, "aliases", ())


class KnowledgeGraph:
    """The loaded graph and its indexes. Build it with `KnowledgeGraph.from_records`."""

    def __init__(self, graph: nx.MultiDiGraph[str], records: dict[str, Record] | None = None) -> None:
        """Index ``graph``; its records are ``records`` by id, or else its nodes' ``record`` attributes."""
        self.graph = graph
        nodes: dict[str, dict[str, Any]] = graph._node  # type: ignore[attr-defined]
        if records is None:
            records = {i: attrs["record"] for i, attrs in nodes.items() if attrs.get("record") is not None}
        # Nodes are numbered in id order, so that numbers compare as their ids do (`number`).
        numbered = sorted(nodes)
        #: Every node's kind and record: the one place requests read records from (`get`).
        self._table = RecordTable.build((i, nodes[i]["kind"], records.get(i)) for i in numbered)
        #: Node number -> id, decoded when asked (`id_of`): lists of nodes are kept as numbers.
        self._ids = IdTable(numbered)
        for node_id, attrs in nodes.items():
            nodes[node_id] = NodeAttributes(
                self._table, node_id, {k: v for k, v in attrs.items() if k != "record"}
            )
        self._names = IdIndex(())
        self._named = Rows.from_lists(())
        self._edge_count = 0
        self._by_kind: dict[Kind, list[str]] = defaultdict(list)
        self._id_lists: dict[Kind, IdList] = {}
        # Lists of events as rows of node numbers (`graph.compact`): a request reads numbers in
        # a buffer, never the shared objects a tuple of ids would make it write to.
        self._events_of = Rows.from_lists(())
        self._mentioned_in = Rows.from_lists(())
        self._on_day = Rows.from_lists(())  # by `_day_slot`
        self._within: dict[str, frozenset[str]] = {}
        self._position = array("i")  # node number -> place in the date order of events; -1 for others
        self._links = array("i")  # node number -> its edges, both ways (the multigraph's degree)
        self._texts: dict[str, str] | None = None
        self._memo: dict[str, Any] = {}
        self._memo_lock = threading.RLock()  # builders may use other memos
        #: Corrections to the name table for renames patched in (`graph.incremental_names`).
        self._renamed: Any = None
        #: Retired id -> the id its record lives under now (`graph.redirects`); `get` follows it.
        self.redirects: dict[str, str] = {}
        self._index(records)
        self.version = self._fingerprint()

    # A snapshot holds the graph as it is; the arrays travel as bytes (the snapshot's
    # unpickler admits no array reconstructor, `graph.pickling`).
    _ARRAYS = ("_position", "_links")

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in self._ARRAYS:
            state[name] = state[name].tobytes()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in self._ARRAYS:
            numbers = array("i")
            numbers.frombytes(state[name])
            state[name] = numbers
        self.__dict__.update(state)

    # -- building -------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Sequence[Record]) -> KnowledgeGraph:
        """Build the multi-digraph from records whose references were already checked.

        The graph keeps one string per id, wherever the id appears (adjacency and indexes):
        a million events would otherwise keep millions of copies of the same few thousand
        ids. The records go into the graph's `RecordTable`; the objects given are not kept.
        """
        builder = _Builder()
        for record in records:
            builder.add(record)
        for record in records:
            if isinstance(record, Event):
                builder.link_event(record)
            elif isinstance(record, Location) and record.part_of:
                builder.link(builder.ids[record.id], builder.ids[record.part_of], Relation.PART_OF.value)
        return cls(nx.freeze(builder.graph), builder.records)

    def _index(self, records: dict[str, Record]) -> None:
        """Build the indexes from the records still in memory (the table decodes each anew)."""
        g = self.graph
        nodes = self.graph._node  # type: ignore[attr-defined]
        names: dict[str, list[str]] = defaultdict(list)
        for node_id, attrs in nodes.items():
            self._by_kind[attrs["kind"]].append(node_id)
            record = records.get(node_id)
            if record is not None:
                for name in {fold(n) for n in _names_of(record)}:
                    names[name].append(node_id)
        # Folded name -> node numbers, in arrays: a dict's id values were the graph's shared
        # strings, and a request that read one wrote its count (`graph.compact`).
        self._names = IdIndex(list(names))
        self._named = Rows.from_lists([self._table.row(i) for i in found] for found in names.values())  # type: ignore[misc]
        self._edge_count = g.number_of_edges()
        events = self._by_kind[Kind.EVENT]
        events.sort(key=lambda eid: self._event_key(records[eid]))  # type: ignore[arg-type]
        order = {eid: i for i, eid in enumerate(events)}
        rows = self._table

        def number(node_id: str) -> int:
            row = rows.row(node_id)
            assert row is not None  # every id here is a node's
            return row

        size = len(self._ids)
        position = array("i", [-1]) * size
        for event_id, at in order.items():
            position[number(event_id)] = at
        self._position = position
        event_kind = Kind.EVENT  # an enum member lookup per neighbour adds up over millions
        mentions = Relation.MENTIONS.value
        succ, pred = _adjacency(g)
        links = array("i", [0]) * size
        for node_id in nodes:
            links[number(node_id)] = sum(map(len, succ[node_id].values())) + sum(
                map(len, pred[node_id].values())
            )
        self._links = links
        events_of: dict[str, tuple[str, ...]] = {}
        mentioned_in: dict[str, tuple[str, ...]] = {}
        for kind in (
            Kind.PERSON,
            Kind.LOCATION,
            Kind.ORGANIZATION,
            Kind.CATEGORY,
            Kind.TAG,
            Kind.DAY,
            Kind.YEAR,
        ):
            self._by_kind[kind].sort()
            for node_id in self._by_kind[kind]:
                # A person's events are those they take part in; an event that only mentions
                # them is found through `mentioned_in`.
                linked = {n for n in pred[node_id] if nodes[n]["kind"] is event_kind}
                linked.update(
                    n
                    for n, keys in succ[node_id].items()
                    if nodes[n]["kind"] is event_kind and (mentions not in keys or len(keys) > 1)
                )
                events_of[node_id] = tuple(sorted(linked, key=order.__getitem__))
                if kind is Kind.PERSON:
                    passing = [n for n, keys in succ[node_id].items() if mentions in keys]
                    if passing:
                        mentioned_in[node_id] = tuple(sorted(passing, key=order.__getitem__))
        on_day: dict[int, list[int]] = {}
        for node_id in self._by_kind[Kind.DAY]:
            attrs = nodes[node_id]
            # Newest first as the 'On This Day' pages list them; same-day ties keep title order
            # (a reverse sort is stable, so titles stay ascending within a date).
            by_title = sorted(events_of[node_id], key=lambda i: (records[i].title, i))  # type: ignore[union-attr]
            newest_first = sorted(by_title, key=lambda i: records[i].date.sort_key(), reverse=True)  # type: ignore[union-attr]
            on_day[_day_slot(attrs["month"], attrs["day"])] = [number(i) for i in newest_first]
        in_order = self._ids
        self._events_of = Rows.from_lists(
            [number(e) for e in events_of.get(node_id, ())] for node_id in in_order.ids(range(size))
        )
        self._mentioned_in = Rows.from_lists(
            [number(e) for e in mentioned_in.get(node_id, ())] for node_id in in_order.ids(range(size))
        )
        self._on_day = Rows.from_lists(on_day.get(slot, ()) for slot in range(_DAY_SLOTS))
        self._id_lists = {kind: IdList(in_order, map(number, ids)) for kind, ids in self._by_kind.items()}
        for place in self._by_kind[Kind.LOCATION]:
            self._within[place] = frozenset(nx.ancestors(self._place_tree(), place) | {place})

    def _place_tree(self) -> nx.DiGraph[str]:
        if not hasattr(self, "_tree"):
            tree: nx.DiGraph[str] = nx.DiGraph()
            tree.add_nodes_from(self._by_kind[Kind.LOCATION])
            succ, part_of = _adjacency(self.graph)[0], Relation.PART_OF.value
            # From the places' own edges: walking every edge of the graph would take seconds.
            tree.add_edges_from(
                (u, v) for u in self._by_kind[Kind.LOCATION] for v, keys in succ[u].items() if part_of in keys
            )
            self._tree = tree
        return self._tree

    @staticmethod
    def _event_key(event: Event) -> tuple[Any, ...]:
        return (event.date.sort_key(), event.title, event.id)

    def _fingerprint(self) -> str:
        """A short id of the data, for response caches and cursors: changes when the data does."""
        digest = hashlib.sha256()
        for kind in Kind:
            digest.update(f"{kind.value}:{len(self._by_kind[kind])};".encode())
        digest.update(str(self._edge_count).encode())
        for event_id in self._by_kind[Kind.EVENT][:: max(1, len(self._by_kind[Kind.EVENT]) // 1000)]:
            digest.update(event_id.encode())
        return digest.hexdigest()[:12]

    def memo(self, name: str, build: Callable[[KnowledgeGraph], T]) -> T:
        """A derived structure (search index, rankings…) built once, then shared (at load: `graph.indexes`).

        The graph never changes after load, so whatever is derived from it stays valid;
        the lock keeps two first requests from building it twice.
        """
        if name not in self._memo:
            with self._memo_lock:
                if name not in self._memo:
                    self._memo[name] = build(self)
        value: T = self._memo[name]
        return value

    # -- lookups --------------------------------------------------------------------

    def get(self, node_id: str) -> Record | None:
        """The record of a node, or None when there is no such node (or it is a calendar node).

        An id a later import merged into another record is followed to it (`redirects`).
        """
        record: Record | None = self._table.get(node_id)
        if record is None and node_id in self.redirects:
            record = self._table.get(self.redirects[node_id])
        return record

    def record(self, node_id: str) -> Any:
        """The record of a node this graph handed out (an id from its own indexes), decoded now.

        The one reader queries use; ``get`` adds the redirects and the None of a missing id.
        """
        return self._table.get(node_id)

    def number(self, node_id: str) -> int | None:
        """The number of a node (its place among all ids in order), None when there is no such node.

        Lists of nodes are kept as numbers (`graph.compact`); `id_of` turns one back into its id.

        >>> from graph.loader import load_graph
        >>> kg = load_graph("tests/data/tiny")
        >>> kg.id_of(kg.number("person:joseph-stalin"))
        'person:joseph-stalin'
        """
        return self._table.row(node_id)

    def id_of(self, number: int) -> str:
        """The id of node ``number``: a new string, not the graph's own."""
        return self._ids[number]

    def ids_of(self, numbers: Iterable[int]) -> list[str]:
        """The ids of node ``numbers``, in their order."""
        return self._ids.ids(numbers)

    def kind_at(self, number: int) -> Kind:
        """The kind of node ``number``."""
        return self._table.kind_at(number)

    def links(self, node_id: str) -> int:
        """How many edges a node has, both ways (``kg.graph.degree(node_id)``, read from an array)."""
        number = self._table.row(node_id)
        return 0 if number is None else self._links[number]

    def kind_of(self, node_id: str) -> Kind:
        """The kind of a node (calendar nodes included).

        Raises:
            NotFound: there is no such node.
        """
        kind = self._table.kind(node_id)
        if kind is None:
            raise NotFound(node_id)
        return kind

    def replace(self, record: Record) -> None:
        """Change a record in this process's graph only: a forked worker's own copy.

        The new record takes the old one's place wherever it is read (`get`, the schema);
        links and indexes stay as they were, so only fields no index reads may change
        (a description, a summary, sources). Changing links or names is a relink, which
        rebuilds what depends on them.

        Raises:
            NotFound: no record has this id.
            WrongKind: the node holds a record of another kind.
        """
        kind = self._table.kind(record.id)
        if kind is None or self._table.get(record.id) is None:
            raise NotFound(record.id)
        if kind is not _KIND_OF_CLASS[type(record)]:
            raise WrongKind("record", record.id, kind.value)
        self._table.put(record)

    def node(self, node_id: str) -> Record:
        """The record of a node.

        Raises:
            NotFound: no record has this id.
        """
        record = self.get(node_id)
        if record is None:
            raise NotFound(node_id)
        return record

    def typed(self, node_id: str, cls: type[R]) -> R | None:
        """The record of a node if it is of class ``cls``, else None."""
        record = self.get(node_id)
        return record if isinstance(record, cls) else None

    def ids(self, kind: Kind) -> Sequence[str]:
        """Ids of every node of a kind; events in date order, the rest by id."""
        return self._by_kind.get(kind, [])

    def id_list(self, kind: Kind) -> Sequence[str]:
        """``ids(kind)`` as a request reads it: each id a new string, not the graph's own.

        The list `ids` returns holds the strings the graph's indexes share; a request that
        paged it wrote their reference counts, copying the parent's pages into its worker.

        >>> from graph.loader import load_graph
        >>> kg = load_graph("tests/data/tiny")
        >>> list(kg.id_list(Kind.PERSON)) == list(kg.ids(Kind.PERSON))
        True
        """
        return self._id_lists.get(kind, ())

    def id_list_of(self, ids: Iterable[str]) -> Sequence[str]:
        """``ids`` kept as node numbers, each read back as a new string (as `id_list`): for indexes."""
        number = self._table.row
        return IdList(self._ids, (number(i) for i in ids))  # type: ignore[misc]

    def records(self, kind: Kind) -> list[Any]:
        return self.records_of(self.ids(kind))

    def records_of(self, ids: Iterable[str]) -> list[Any]:
        """The records of ``ids``, in their order: ids this graph handed out, so each has one.

        >>> from graph.loader import load_graph
        >>> kg = load_graph("tests/data/tiny")
        >>> [person.name for person in kg.records_of(["person:joseph-stalin"])]
        ['Joseph Stalin']
        """
        get = self._table.get
        return [get(i) for i in ids]

    def ids_by_name(
        self, kind: Kind, containing: str | None = None, deadline: Deadline | None = None
    ) -> Sequence[str]:
        """Ids of every node of a kind in name order; with ``containing``, those whose name holds it.

        Names compare folded (case, accents and spacing ignored); the order is built once per
        graph (`graph.name_order`), and the whole order is handed out as it is, for the caller to
        page. The scan for ``containing`` checks ``deadline``: a request drives it (``people(name:)``).

        >>> from graph.loader import load_graph
        >>> kg = load_graph("tests/data/tiny")
        >>> kg.ids_by_name(Kind.PERSON, "STAL")
        ['person:joseph-stalin']
        """
        by_name = self.memo(f"by-name:{kind.value}", lambda kg: kg._name_order(kind))
        if not containing:
            return by_name.ids
        return by_name.containing(fold(containing), deadline)

    def _name_order(self, kind: Kind) -> NameOrder:
        """The ids of a kind in the order of their folded names."""
        get = self._table.get
        return NameOrder((fold(get(i).name), i) for i in self.ids(kind))

    def find(self, name: str, kind: Kind | None = None) -> list[str]:
        """Ids whose name or alias equals ``name``, ignoring case, accents and spacing; in id order."""
        folded = fold(name)
        at = self._names.number(folded)
        numbers = [] if at is None else sorted(self._named.row(at).tolist())
        renamed = self.__dict__.get("_renamed")  # a snapshot of an older build has none
        if renamed is not None:
            numbers = renamed.found(folded, numbers)
        if kind is not None:
            numbers = [n for n in numbers if self._table.kind_at(n) is kind]
        return self._ids.ids(numbers)

    def one_by_name(self, name: str, cls: type[R], deadline: Deadline | None = None) -> R | None:
        """The one record of a class with this name (``graph.queries.lookup``'s rule), None when none fits.

        ``deadline`` is checked while the fuzzy match scores names.

        Raises:
            Ambiguous: several records fit the name; the error lists them.
        """
        # Search, which the rule falls back on, is built on the store: it is reached at call time.
        from graph.queries.lookup import lookup

        node_id = lookup(self, name, _KIND_OF_CLASS[cls], deadline)
        return None if node_id is None else self.typed(node_id, cls)

    def person_by_name(self, name: str) -> Person | None:
        """The person of this name or alias, or the one close match ("Stallin"); see ``one_by_name``."""
        return self.one_by_name(name, Person)

    def describe(self, node_id: str) -> str:
        """A label that tells namesakes apart: a person's name with the years of their life."""
        record = self.node(node_id)
        if isinstance(record, Person) and (record.born or record.died):
            born = record.born.display if record.born else "?"
            died = record.died.display if record.died else "?"
            return f"{record.name}, {born} – {died}"
        if isinstance(record, Event):
            return f"{record.title}, {record.date.display}"
        return getattr(record, "name", node_id)

    # -- traversals used everywhere ------------------------------------------------

    def _row_ids(self, rows: Rows, node_id: str) -> tuple[str, ...]:
        number = self._table.row(node_id)
        if number is None:
            return ()
        return tuple(self._ids.ids(rows.row(number).tolist()))

    def event_ids_of(self, node_id: str) -> tuple[str, ...]:
        """Events linked to a person, place, organisation, tag, category or calendar node, in date order."""
        return self._row_ids(self._events_of, node_id)

    def event_count_of(self, node_id: str) -> int:
        """``len(event_ids_of(node_id))``, without decoding the ids."""
        number = self._table.row(node_id)
        return 0 if number is None else self._events_of.length(number)

    def mentioned_in(self, person_id: str) -> tuple[str, ...]:
        """Events that name a person only in passing (`Relation.MENTIONS`), in date order."""
        return self._row_ids(self._mentioned_in, person_id)

    def events_of(self, node_id: str) -> list[Event]:
        return self.records_of(self.event_ids_of(node_id))

    def on_day_ids(self, month: int, day: int) -> tuple[str, ...]:
        """Events on a month-day in any year, newest first. Year-only dates are never here."""
        return tuple(self._ids.ids(self._on_day_numbers(month, day).tolist()))

    def on_day_page(self, month: int, day: int, limit: int, offset: int = 0) -> list[str]:
        """``on_day_ids(month, day)[offset : offset + limit]``, without listing the whole day.

        A month-day holds about 2,700 events at a million; an "On This Day" page shows 20.
        """
        numbers = self._on_day_numbers(month, day)
        return self._ids.ids(numbers[offset : offset + limit].tolist())

    def _on_day_numbers(self, month: int, day: int) -> Any:
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return self._on_day.values[:0]
        return self._on_day.row(_day_slot(month, day))

    def _event(self, event_id: str) -> Event:
        """The event of this id; NotFound when there is none, WrongKind for a node of another kind."""
        record = self.node(event_id)
        if not isinstance(record, Event):
            raise WrongKind("event", event_id, Kind.EVENT.value)
        return record

    def same_date_ids(self, event_id: str) -> list[str]:
        """Other events on the same month and day, newest first; none for dates without a day."""
        event = self._event(event_id)
        month_day = event.date.month_day
        if month_day is None:
            return []
        return [i for i in self.on_day_ids(*month_day) if i != event_id]

    def same_date_count(self, event_id: str) -> int:
        """How many other events share the event's month and day: the length of ``same_date_ids``."""
        month_day = self._event(event_id).date.month_day
        if month_day is None:
            return 0
        return len(self._on_day_numbers(*month_day)) - 1  # the event is on its own day

    def same_date_page(self, event_id: str, limit: int, offset: int = 0) -> list[str]:
        """``same_date_ids(event_id)[offset : offset + limit]``, without listing the whole day.

        A month-day holds thousands of events at a million; a page needs only its own slice.
        """
        event = self._event(event_id)
        month_day = event.date.month_day
        if month_day is None:
            return []
        numbers = self._on_day_numbers(*month_day)
        itself = self._table.row(event_id)
        # The event itself is not its own same-date event: once it is passed, the rest move up one.
        start = offset + 1 if itself in numbers[:offset] else offset
        page = [n for n in numbers[start : start + limit + 1].tolist() if n != itself][:limit]
        return self._ids.ids(page)

    def event_position(self, event_id: str) -> int:
        """Where an event stands in the date order of all events.

        Raises:
            KeyError: no event has this id.
        """
        number = self._table.row(event_id)
        at = -1 if number is None else self._position[number]
        if at < 0:
            raise KeyError(event_id)
        return at

    def search_text(self, event_id: str) -> str:
        """Folded title and summary of an event, for substring filters.

        Built for all events once; the app builds it at load (`graph.indexes`), so no request does.
        """
        if self._texts is None:
            ids = self.ids(Kind.EVENT)
            fields = self._table.plain_fields(ids, Kind.EVENT, ("title", "summary"))
            self._texts = {
                i: fold(f"{title} {summary or ''}") for i, (title, summary) in zip(ids, fields, strict=True)
            }
        return self._texts[event_id]

    def places_within(self, location_id: str) -> frozenset[str]:
        """A place and every place inside it (Moscow is within Russia)."""
        return self._within.get(location_id, frozenset())

    def children(self, location_id: str) -> list[str]:
        """Places directly inside a place."""
        return sorted(
            u for u, _, key in self.graph.in_edges(location_id, keys=True) if key == Relation.PART_OF.value
        )

    def counts(self) -> dict[str, int]:
        """Nodes by kind and edges, as `/health` reports them."""
        result = {kind.value: len(self._by_kind.get(kind, [])) for kind in Kind}
        result["edges"] = self._edge_count  # counted once: NetworkX walks every node to count
        return result


class _Builder:
    """Builds the frozen multi-digraph, sharing ids, dates and key dicts (see the module doc)."""

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self.ids: dict[str, str] = {}  # every node id, mapped to its one shared string
        self.records: dict[str, Record] = {}
        self._succ, self._pred = _adjacency(self.graph)

    def add(self, record: Record) -> None:
        # A copy of the id made now, one after another: the ids a request touches lie together
        # on a few pages instead of one each among the parsed records (a forked worker copies
        # every page whose objects it reads).
        node_id = record.id.encode().decode()
        self.ids[node_id] = node_id
        self.records[node_id] = record
        self.graph.add_node(node_id, kind=_KIND_OF_CLASS[type(record)])

    def link(self, u: str, v: str, relation: str) -> None:
        """Add the edge u -> v keyed by ``relation``, as `MultiDiGraph.add_edge` would."""
        keys = self._succ[u].get(v)
        if keys is None:
            keys = _SHARED_KEYS[relation]
        elif relation not in keys:
            keys = {**keys, relation: _NO_ATTRIBUTES}  # a second relation: this pair's own dict
        self._succ[u][v] = self._pred[v][u] = keys

    def _calendar(self, node: str, kind: Kind, **attrs: int) -> str:
        known = self.ids.get(node)
        if known is None:
            self.ids[node] = known = node
            self.graph.add_node(node, kind=kind, record=None, **attrs)
        return known

    def link_event(self, event: Event) -> None:
        # Every id through `ids`: the adjacency holds each node's one string, never a record's copy.
        ids, event_id, date = self.ids, self.ids[event.id], event.date
        for person in event.people:
            self.link(ids[person], event_id, Relation.INVOLVED.value)
        for person in event.mentions:
            self.link(ids[person], event_id, Relation.MENTIONS.value)
        for org in event.organizations:
            self.link(ids[org], event_id, Relation.PARTICIPATED.value)
        for place in event.locations:
            self.link(event_id, ids[place], Relation.OCCURRED_IN.value)
        for tag in event.tags:
            self.link(event_id, ids[tag], Relation.TAGGED.value)
        self.link(event_id, ids[event.category], Relation.IN_CATEGORY.value)
        # A Julian date is on its stated day and on its Gregorian day, as readers of either look for it;
        # an event of several days is also on the day of each day page that told it (`graph.daypages`).
        for month_day in dict.fromkeys((date.month_day, date.gregorian.month_day, *told_days(event))):
            if month_day is not None:
                node = self._calendar(day_node(*month_day), Kind.DAY, month=month_day[0], day=month_day[1])
                self.link(event_id, node, Relation.ON_DAY.value)
        if date.precision.value in ("day", "month", "year"):
            year = date.astronomical_year
            self.link(event_id, self._calendar(year_node(year), Kind.YEAR, year=year), Relation.IN_YEAR.value)


__all__ = ["KnowledgeGraph", "day_node", "year_node"]
