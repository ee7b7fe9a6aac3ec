"""A created person or place patched into a built graph: every node number after it moved up by one.

Nodes are numbered in id order (`graph.store`), and the search index numbers its nodes
kind by kind (`graph.queries.word_index`): a new node takes the number of the first id
after it, and every number from there on grows by one. That move is monotone, so every
order read from numbers (ids, ties, ranks) stays as it was, and each array of node
numbers is corrected by one vectorised pass (``numbers + (numbers >= k)``), each array
indexed by node number by one inserted row. The result has the numbers, rows and arrays
a whole build of the same records gives.

``createPerson`` makes a node with no edge (a person is linked by the events that name
them), so what reads links is unchanged but for the numbering:

* the store: the id table, the exact-name table, the record table (the new record in
  front of the shared blob, with an empty row of its own), the kind lists, the rows of
  events, positions and degrees, and the graph's node and adjacency dicts (copied, the
  new node last, where a build from `clio.state.live.LiveGraph`'s record order puts it);
* the search index (`add_to_word_index`): its node arrays renumbered, the person's names
  and any new words inserted where a build puts them, the tie-break ranks moved past the
  new node's place;
* the people's facet field of the posting lists (values renumbered, the person inserted
  in name order with no events); the name order of people and the people by life day
  (`graph.incremental_nodes`);
* the text index, the folded texts, the timelines, the other kinds' name orders and
  slugs, the places' history: shared, as no event moved.

The structures built from the adjacency by node number (hop graph, out edges, degrees,
hub orders, rankings and PageRank, the counts made at load) and the people's slugs are
left out: `graph.indexes.build_indexes` makes them again (about 5 s at the full import,
against a whole build's 50-90 s). A new place (``createLocation``) is added the
same way with no parent (its own container, a lone node of the place tree, the places'
facet field and name order, a set of its own among the places ever inside each container), and
`graph.incremental` then moves it under its parents. The same renumbering adds a bare
calendar node (`graph.incremental_calendar`) or event (`graph.incremental_events`,
``bare_node``). A record created beside other changes, or a graph whose search index or
names carry patched renames, is built whole (`added` returns None).
"""

from __future__ import annotations

import copy
import threading
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Any

import networkx as nx
import numpy as np

from graph.adjacency import HopGraph, OutEdges, PatchedHopGraph, PatchedOutEdges
from graph.compact import IdIndex, IdList, IdTable, PatchedRows, Rows
from graph.frozen_copy import shell
from graph.incremental_links import _step
from graph.incremental_nodes import NodeChange, _life_days, _name_order
from graph.incremental_places import with_place
from graph.models import Kind, Location, Person, Record
from graph.name_order import _SEPARATOR, NameOrder, _bisect, _name_at
from graph.queries.neighborhood import Degrees, HubOrders
from graph.queries.postings import Field, Postings
from graph.queries.ranking import RankTable, rescored
from graph.queries.word_index import SEARCHABLE, WordIndex, _group
from graph.queries.word_patch import PatchedWordIndex, _label, _label_of, _names, node_number
from graph.record_table import _CODE, NodeAttributes, RecordTable
from graph.slugs import _PLAIN
from graph.store import KnowledgeGraph
from graph.text import fold, search_words

_CALENDAR = frozenset({Kind.DAY, Kind.YEAR})
#: Memos a created person leaves as they are: none reads the people or a node number.
#: (The counts made at load list values counted at least once: a person of no event is in none.)
SHARED = ("text index", "timeline:", "slugs:event", "by-name:tag", "by-name:category", "facets:all",
          "aggregates:single")  # fmt: skip
#: Those a created person, or place, leaves besides: they read the other kind only.
SHARED_BESIDE = {
    Kind.PERSON: ("places-ever-inside", "places-with-dated-links", "slugs:location", "by-name:location"),
    Kind.LOCATION: ("slugs:person", "by-name:person", "life_days"),
}
#: The facet field of the posting lists whose values are a created node's kind.
FACET_FIELD = {Kind.PERSON: "people", Kind.LOCATION: "locations"}


def created(kg: KnowledgeGraph, records: Mapping[str, Record | None]) -> list[Person | Location] | None:
    """The records of ``records`` when every one is a new person or place, else None."""
    made: list[Person | Location] = []
    for node_id, record in records.items():
        if not isinstance(record, Person | Location) or record.id != node_id or node_id in kg._table:
            return None
        made.append(record)
    return made or None


def added(kg: KnowledgeGraph, people: Sequence[Person | Location]) -> KnowledgeGraph | None:
    """``kg`` with ``people`` (new, unlinked) added, equal to a whole build; None if it cannot.

    Args:
        kg: the graph served now, with its indexes built (`graph.indexes.build_indexes`).
        people: new people or places (ids not in ``kg``), as ``createPerson`` makes them;
            a place with no parent (`graph.incremental` moves it under one after).

    Returns:
        A new graph, the indexes left out still to be built (`graph.indexes.build_indexes`);
        ``kg`` is not changed.

    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> new = added(kg, [Person("person:lenin", "Vladimir Lenin")])
    >>> _ = build_indexes(new)
    >>> new.find("vladimir lenin"), new.number("person:lenin") == kg.number("person:nobody-else")
    (['person:lenin'], False)
    >>> [hit.id for hit in new._memo["search"].search("lenin")], kg.get("person:lenin") is None
    (['person:lenin'], True)
    """
    if kg._renamed is not None or isinstance(
        getattr(kg._memo.get("search"), "words", None), PatchedWordIndex
    ):
        return None  # renames patched in number their corrections: a compaction first
    for person in people:
        kg = _add(kg, person)
    return kg


def _at(table: IdTable, node_id: str) -> int:
    """How many ids of ``table`` (in id order) come before ``node_id``."""
    low, high = 0, len(table)
    while low < high:
        middle = (low + high) // 2
        if table[middle] < node_id:
            low = middle + 1
        else:
            high = middle
    return low


def _shift(numbers: Any, at: int, by: int = 1) -> Any:
    """``numbers`` (a numpy array) with every number from ``at`` on grown by ``by``."""
    # Two passes in the array's own type: `by * mask` would make a 64-bit array, added and
    # cast back (four passes, twice the memory); a fifth of a patched node's time at 100k.
    grown = numbers >= at
    step = grown if by == 1 else grown * numbers.dtype.type(by)
    return np.add(numbers, step, dtype=numbers.dtype)


def _shifted_array(numbers: array[int], at: int) -> array[int]:
    shifted = _shift(np.frombuffer(numbers, dtype=np.int32), at)
    return array("i", shifted.tobytes())


def _inserted(numbers: array[int], at: int, value: int) -> array[int]:
    """A copy of an ``array`` with ``value`` put in at ``at``."""
    copy = numbers[:at]
    copy.append(value)
    copy.extend(numbers[at:])
    return copy


def _id_table(table: IdTable, at: int, node_id: str, cls: type[IdTable] = IdTable) -> Any:
    """``table`` with ``node_id`` put in as number ``at``."""
    made = object.__new__(cls)
    starts = np.frombuffer(table._starts, dtype=np.int64)
    start = int(starts[at])
    made._text = table._text[:start] + node_id + table._text[start:]
    grown = np.concatenate([starts[: at + 1], starts[at:] + len(node_id)])
    made._starts = array("q", grown.tobytes())
    return made


def _index_with(index: IdIndex, at: int, key: str) -> IdIndex:
    """``index`` with ``key`` (not in it) put in as number ``at``: its hash slots renumbered, not built again.

    Only a table that must grow (`IdIndex` keeps its slots at most half full) is hashed again whole.
    """
    made: IdIndex = _id_table(index, at, key, IdIndex)
    if 1 << max(3, (2 * len(made)).bit_length()) != len(index._slots):
        made._build_slots()
        return made
    numbers = np.frombuffer(index._slots, dtype=np.int32)
    slots = array("i", _shift(numbers, at).tobytes())  # an empty slot (-1) stays empty
    hashes = array("q", index._hashes)
    hashed, mask = hash(key), index._mask
    place = hashed & mask
    while slots[place] >= 0:
        place = (place + 1) & mask
    slots[place], hashes[place] = at, hashed
    made._slots, made._hashes, made._mask = slots, hashes, mask
    return made


def _rows(rows: Rows, at: int | None, shift_from: int) -> Rows:
    """``rows`` with their values renumbered from ``shift_from``, and an empty row put in at ``at``."""
    starts = rows.starts
    if at is not None:
        starts = _inserted(starts, at, starts[at])
    made = Rows(starts, _shift(rows.values, shift_from))
    if isinstance(rows, PatchedRows):
        row = {n + (at is not None and n >= at): _shift(v, shift_from) for n, v in rows.patched.items()}
        return PatchedRows(made, row)
    return made


def _add(old: KnowledgeGraph, person: Person | Location) -> KnowledgeGraph:
    kind = Kind.PERSON if isinstance(person, Person) else Kind.LOCATION
    new, k = bare_node(old, person.id, kind, person)
    new._names, new._named = names_table(old, person, k)
    if isinstance(person, Location):
        # A place of its own: within itself only, a lone node of the place tree.
        assert person.part_of is None and not person.part_of_dated
        new._within = {**old._within, person.id: frozenset({person.id})}
        new._tree = with_place(old._place_tree(), person.id)
    new._memo = carry_order(new, _memos(old, new, person, k))
    new.version = new._fingerprint()
    return new


def bare_node(
    old: KnowledgeGraph,
    node_id: str,
    kind: Kind,
    record: Record | None,
    listed_at: int | None = None,
    **attrs: int,
) -> tuple[KnowledgeGraph, int]:
    """``old`` with a node of no edges added (``record`` None for a calendar node), and its number.

    The store's tables are renumbered and given the node's empty rows, the exact-name table
    only renumbered (a record's names are the caller's to put in), and no memo kept (the
    caller's to carry). A record's node goes after the other records' in the node dict, a
    calendar node last. Its kind's list is in id order, but for ``listed_at`` (an event's
    place in the date order, where the events are listed).
    """
    node_id = node_id.encode().decode()  # a string of its own, as `_Builder.add` makes
    k = _at(old._ids, node_id)
    new = object.__new__(KnowledgeGraph)
    new.__dict__.update(old.__dict__)
    new._memo_lock = threading.RLock()
    new._memo = {}
    new._ids = _id_table(old._ids, k, node_id)
    new._table = _record_table(old._table, k, node_id, kind, record)
    new.graph = _graph(old.graph, new._table, node_id, {"kind": kind, **attrs}, last=kind in _CALENDAR)
    if "node-order" in old._memo:  # the caller's `carry_order` gives it to the new graph's memo
        new._memo["node-order"] = _order_with(old._memo["node-order"], new.graph, node_id)
    new._named = Rows(old._named.starts, _shift(old._named.values, k))
    by_kind: defaultdict[Kind, list[str]] = defaultdict(list, old._by_kind)
    by_kind[kind] = list(old._by_kind[kind])
    if listed_at is None:
        listed_at = bisect_left(by_kind[kind], node_id)
    by_kind[kind].insert(listed_at, node_id)
    new._by_kind = by_kind
    lists = {}
    for listed, ids in {kind: IdList(old._ids, ()), **old._id_lists}.items():
        numbers = _shifted_array(ids._numbers, k)
        if listed is kind:
            numbers = _inserted(numbers, listed_at, k)
        lists[listed] = IdList(new._ids, ())
        lists[listed]._numbers = numbers
    new._id_lists = lists
    new._events_of = _rows(old._events_of, k, k)
    new._mentioned_in = _rows(old._mentioned_in, k, k)
    new._on_day = _rows(old._on_day, None, k)
    new._position = _inserted(old._position, k, -1)
    new._links = _inserted(old._links, k, 0)
    return new, k


def _record_table(
    table: RecordTable, at: int, node_id: str, kind: Kind, record: Record | None
) -> RecordTable:
    """``table`` with a row for a node at ``at``: empty in the shared blob, its record in front of it."""
    rows = _index_with(table._rows, at, node_id)
    kinds = table._kinds[:at] + bytes([_CODE[kind]]) + table._kinds[at:]
    made = RecordTable(rows, kinds, _inserted(table._offsets, at, table._offsets[at]), table._blob)
    made._changed = {**table._changed, node_id: record} if record is not None else dict(table._changed)
    return made


def _graph(
    g: nx.MultiDiGraph[str], table: RecordTable, node_id: str, attrs: dict[str, Any], last: bool
) -> nx.MultiDiGraph[str]:
    """The frozen graph ``g`` with a node of no edges added, its dicts copied (``g`` unchanged)."""
    h = shell(g)
    nodes: dict[str, Any] = g._node  # type: ignore[attr-defined]
    # A build adds every record's node, then the calendar nodes as events link them: a record's
    # node goes after the last record's, before the calendar nodes (all at the end); a calendar
    # node last, where `graph.incremental_dates` moves it once an event links it.
    calendar = 0
    if not last:
        for other in reversed(nodes):
            if nodes[other]["kind"] not in _CALENDAR:
                break
            calendar += 1
    at = len(nodes) - calendar
    h._node = _put(nodes, at, node_id, NodeAttributes(table, node_id, attrs))  # type: ignore[attr-defined]
    h._succ = h._adj = _put(g._succ, at, node_id, {})  # type: ignore[attr-defined]
    h._pred = _put(g._pred, at, node_id, {})  # type: ignore[attr-defined]
    return h


def _order_with(order: dict[str, int], g: nx.MultiDiGraph[str], node_id: str) -> dict[str, int]:
    """`graph.incremental_links.node_order` of ``g``, from ``order`` (its graph's without ``node_id``).

    The new node went in before the calendar nodes (or last): only those after it are
    numbered again, not every node.
    """
    made = dict(order)
    nodes: dict[str, Any] = g._node  # type: ignore[attr-defined]
    tail = []
    for node in reversed(nodes):
        tail.append(node)
        if node == node_id:
            break
    made.update(zip(reversed(tail), range(len(nodes) - len(tail), len(nodes)), strict=True))
    return made


def carry_order(new: KnowledgeGraph, kept: dict[str, Any]) -> dict[str, Any]:
    """``kept`` (the memos for ``new``) with the node order `bare_node` made, if it made one."""
    if "node-order" in new._memo:
        kept["node-order"] = new._memo["node-order"]
    return kept


def _put(table: dict[str, Any], at: int, key: str, value: Any) -> dict[str, Any]:
    """A copy of ``table`` with ``key`` put in as its ``at``-th entry."""
    # The whole dict copied at C speed, then the entries after ``at`` (the calendar nodes at
    # most) taken out and put back after the new one: not every entry moved through Python.
    made = dict(table)
    tail = [(k, made.pop(k)) for k, _ in islice(reversed(table.items()), len(table) - at)][::-1]
    made[key] = value
    made.update(tail)
    return made


def names_table(old: KnowledgeGraph, person: Record, k: int) -> tuple[IdIndex, Rows]:
    """The exact-name table (folded name -> node numbers) renumbered, with ``person``'s names in."""
    names = sorted({fold(n) for n in _names(person)})
    known = {name: old._names.number(name) for name in names}
    grown = sorted(at for at in known.values() if at is not None)
    fresh = [name for name, at in known.items() if at is None]
    starts = np.frombuffer(old._named.starts, dtype=np.int64)
    values = np.insert(_shift(old._named.values, k), [int(starts[at + 1]) for at in grown], k)
    sizes = np.diff(starts)
    sizes[grown] += 1
    sizes = np.concatenate([sizes, np.ones(len(fresh), dtype=np.int64)])
    values = np.concatenate([values, np.full(len(fresh), k, dtype=np.int32)]).astype(np.int32)
    ends = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    index = old._names
    for name in fresh:  # new names come last, as a build lists names it meets for the first time
        index = _index_with(index, len(index), name)
    return index, Rows(array("q", ends.tobytes()), values)


def carried(old: KnowledgeGraph, new: KnowledgeGraph, names: tuple[str, ...]) -> dict[str, Any]:
    """The memos of ``old`` named with one of ``names`` (prefixes) that ``new`` keeps as they are.

    An index that reads records through its graph is copied and pointed at ``new``; the
    rest is shared.
    """
    kept: dict[str, Any] = {}
    for name, value in old._memo.items():
        if name.startswith(names):
            if getattr(value, "kg", None) is old:
                value = copy.copy(value)
                value.kg = new
            kept[name] = value
    return kept


def _memos(old: KnowledgeGraph, new: KnowledgeGraph, person: Person | Location, k: int) -> dict[str, Any]:
    memo = old._memo
    kind = Kind.PERSON if isinstance(person, Person) else Kind.LOCATION
    kept = carried(old, new, (*SHARED, *SHARED_BESIDE[kind]))
    change = NodeChange(old, {person.id: person})
    if f"by-name:{kind.value}" in memo:
        order = memo[f"by-name:{kind.value}"]
        if type(order) is NameOrder:  # the others' order stands: the one name is put in
            kept[f"by-name:{kind.value}"] = order_with(order, fold(person.name), person.id)
        else:  # renames patched in: sorted again from its pairs
            kept[f"by-name:{kind.value}"] = _name_order(order, change, kind, new)
    if "life_days" in memo and kind is Kind.PERSON:
        kept["life_days"] = _life_days(new, memo["life_days"], change, [person.id])
    if kind is Kind.LOCATION:
        # The new place is its own container, with no place in it, and no dated link.
        if "places-ever-inside" in memo:
            kept["places-ever-inside"] = {**memo["places-ever-inside"], person.id: frozenset({person.id})}
        if "places-with-dated-links" in memo:
            kept["places-with-dated-links"] = memo["places-with-dated-links"]
    if "search" in memo:
        with _step("new node: search index"):
            search = copy.copy(memo["search"])
            search.kg, search.words = new, add_to_word_index(memo["search"].words, new, person, k)
        kept["search"] = search
    slugs = memo.get(f"slugs:{kind.value}")
    part = person.id.partition(":")[2]
    if slugs is not None and _PLAIN.fullmatch(part) and part not in slugs.by_slug:
        # A slug already: no other id's slug was given it, so none moves (`graph.slugs.assign`).
        kept[f"slugs:{kind.value}"] = slugs
    numbered(memo, kept, k, kind)
    if "postings" in memo:
        index: Postings = memo["postings"]
        field = FACET_FIELD[kind]
        fields = {**index.fields, field: _with_value(index.fields[field], person)}
        kept["postings"] = Postings(index.events, index.year, index.earliest, index.latest, fields)
    return kept


def order_with(order: NameOrder, name: str, node_id: str) -> NameOrder:
    """A name order built whole with ``node_id`` (folded name ``name``) put in where sorting puts it.

    The place is found by bisection (about 17 names read at 100k people); the ids, the
    names and where each starts are copied at C speed around it, not sorted again.
    """
    at = _bisect(lambda i: (_name_at(order, i), order.ids[i]), len(order.ids), (name, node_id))
    starts = np.frombuffer(order._starts, dtype=np.int64)
    made = object.__new__(NameOrder)
    made.ids = (*order.ids[:at], node_id, *order.ids[at:])
    step = len(name) + len(_SEPARATOR)
    if at < len(starts):  # the name and a separator before the one that was at its place
        start = int(starts[at])
        made._names = order._names[:start] + name + _SEPARATOR + order._names[start:]
        grown = np.concatenate([starts[: at + 1], starts[at:] + step])
    else:  # last: a separator after the name before it (none when the order was empty)
        joint = _SEPARATOR if order.ids else ""
        made._names = order._names + joint + name
        grown = np.concatenate([starts, [len(order._names) + len(joint)]])
    made._starts = array("q", grown.astype(np.int64).tobytes())
    return made


def numbered(memo: dict[str, Any], kept: dict[str, Any], k: int, kind: Kind = Kind.PERSON) -> None:
    """The indexes read from the adjacency by node number, renumbered from ``k``, an empty row there.

    The new node (of ``kind``) has no edge: it is no one's neighbour, no hub, of degree 0,
    and last among its kind's nodes of degree 0 that sort after it (the DEGREE ranking's
    ties go by id).
    """
    if "paths.hops" in memo:
        hops: Any = memo["paths.hops"]
        made = HopGraph(
            _inserted(hops.starts, k, hops.starts[k]), _shift(hops.neighbour, k), hops.relation, hops.forward
        )
        if isinstance(hops, PatchedHopGraph):
            rows = {n + (n >= k): (_shift(row[0], k), row[1], row[2]) for n, row in hops.rows.items()}
            made = PatchedHopGraph(made, rows)
        kept["paths.hops"] = made
    if "adjacency.out" in memo:
        out: Any = memo["adjacency.out"]
        edges = OutEdges(_inserted(out.starts, k, out.starts[k]), _shift(out.target, k), out.relation)
        if isinstance(out, PatchedOutEdges):
            targets = {n + (n >= k): (_shift(row[0], k), row[1]) for n, row in out.rows.items()}
            edges = PatchedOutEdges(edges, targets)
        kept["adjacency.out"] = edges
    if "degree" in memo:
        kept["degree"] = Degrees(_inserted(memo["degree"].by_number, k, 0))
    if "hood-order" in memo:
        hubs = memo["hood-order"]
        kept["hood-order"] = HubOrders(hubs.hubs[:k] + b"\0" + hubs.hubs[k:], _rows(hubs.rows, k, k))
    for name, table in memo.items():
        if name.startswith("ranking.") and name.endswith(".degree"):
            shifted = RankTable(_shift(table.numbers, k), table.scores)
            kept[name] = rescored(shifted, {k: 0.0}) if name == f"ranking.{kind.value}.degree" else shifted


def _with_value(field: Field, person: Person | Location) -> Field:
    """A facet field with ``person`` (no events) among its values, in id order."""
    v = bisect_left(field.ids, person.id)
    ids = (*field.ids[:v], person.id, *field.ids[v:])
    names = (*field.names[:v], person.name, *field.names[v:])
    key = (fold(person.name), person.id)
    order = np.argsort(field.rank, kind="stable")  # value numbers in rank order
    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        at = int(order[middle])
        if (fold(field.names[at]), field.ids[at]) < key:
            low = middle + 1
        else:
            high = middle
    rank = np.insert(_shift(field.rank, low), v, low).astype(np.int32)
    return Field(
        ids=ids,
        number={node_id: i for i, node_id in enumerate(ids)},
        names=names,
        rank=rank,
        indptr=field.indptr,
        values=_shift(field.values, v),
        owner=field.owner,
        post_ptr=np.insert(field.post_ptr, v, field.post_ptr[v]),
        post=field.post,
    )


def add_to_word_index(words: WordIndex, kg: KnowledgeGraph, person: Record, k: int) -> WordIndex:
    """The search index ``words`` with ``person`` added, as a build over ``kg`` makes it.

    ``kg`` is the graph with the person in; ``k`` its node number there.
    """
    made = object.__new__(type(words))
    made.__dict__.update(words.__dict__)
    s = node_number(kg, person.id)  # its number in the index: kinds in turn, then id order
    named = [w for w in map(search_words, _names(person)) if w]
    # New words go where the sorted vocabulary puts them; each old word moves past those before it.
    vocabulary = words.vocabulary
    new_words = sorted({w for name in named for w in name} - set(_known(words, named)))
    places = [bisect_left(vocabulary, w) for w in new_words]
    moved = np.arange(len(vocabulary), dtype=np.int64)
    if places:
        moved += np.searchsorted(np.array(places, dtype=np.int64), moved, side="right")
        grown = list(vocabulary)
        for word in reversed(new_words):
            grown.insert(bisect_left(grown, word), word)
        made.vocabulary = grown
        table = words._words
        for word in new_words:  # ascending: each put in at its place in the grown vocabulary
            table = _id_table(table, bisect_left(grown, word), word)
        made._words = table
    number = {w: bisect_left(made.vocabulary, w) for name in named for w in name}
    # Names are listed node by node: the person's come after those of every node before it.
    name_at = int(np.searchsorted(words.name_node, s))
    m = len(named)
    word_numbers = moved[words.name_words].astype(np.int32) if places else words.name_words
    starts = words.name_starts
    flat = np.array([number[w] for name in named for w in name], dtype=np.int32)
    made.name_words = np.insert(word_numbers, int(starts[name_at]), flat).astype(np.int32)
    lengths = np.array([len(name) for name in named], dtype=np.int64)
    made.name_starts = np.concatenate(
        [
            starts[:name_at],
            starts[name_at] + np.concatenate([[0], np.cumsum(lengths)]),
            starts[name_at + 1 :] + len(flat),
        ]
    ).astype(np.int64)
    made.name_node = np.insert(_shift(words.name_node, s), name_at, [s] * m).astype(np.int32)
    made.one_word_factor = np.insert(
        words.one_word_factor, name_at, [0.85 + 0.15 * 1 / len(name) for name in named]
    ).astype(np.float64)
    made.postings, made.word_starts = _word_postings(words, places, named, number, name_at)
    if places:
        made.word_length = np.insert(words.word_length, places, [len(w) for w in new_words]).astype(np.int64)
        letters = np.zeros((words.has_letter.shape[0], len(new_words)), dtype=np.uint8)
        for column, word in enumerate(new_words):
            for letter in word:
                letters[_group(letter), column] = 1
        made.has_letter = np.insert(words.has_letter, places, letters, axis=1)
    made.node_kind = np.insert(words.node_kind, s, SEARCHABLE.index(kg.kind_of(person.id))).astype(np.int8)
    made.tie_rank = _tie_ranks(words, kg, person, s)
    ids = IdList(kg._ids, ())
    ids._numbers = _inserted(_shifted_array(words.ids._numbers, k), s, k)  # type: ignore[attr-defined]
    made.ids = ids
    return made


def _known(words: WordIndex, named: list[list[str]]) -> list[str]:
    vocabulary = words.vocabulary
    found = []
    for name in named:
        for w in name:
            at = bisect_left(vocabulary, w)
            if at < len(vocabulary) and vocabulary[at] == w:
                found.append(w)
    return found


def _word_postings(
    words: WordIndex, places: list[int], named: list[list[str]], number: dict[str, int], name_at: int
) -> tuple[Any, Any]:
    """Each word's names (ascending), renumbered past the new names, with the new names in."""
    postings = _shift(words.postings, name_at, len(named))
    sizes = np.diff(words.word_starts)
    if places:
        sizes = np.insert(sizes, places, 0)  # the new words' rows, empty yet
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    entries: dict[int, list[int]] = defaultdict(list)
    for j, name in enumerate(named):
        for w in dict.fromkeys(name):  # a name is listed once under a word it repeats
            entries[number[w]].append(name_at + j)
    at, values = [], []
    for word, found in sorted(entries.items()):
        row = postings[starts[word] : starts[word + 1]]
        for value in found:
            at.append(int(starts[word] + np.searchsorted(row, value)))
            values.append(value)
        sizes[word] += len(found)
    postings = np.insert(postings, at, values).astype(np.int32)
    return postings, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


def _tie_ranks(words: WordIndex, kg: KnowledgeGraph, person: Record, s: int) -> Any:
    """The tie-break ranks with the new node put in by its key (no links, then label, then id)."""
    built = words.tie_rank
    order = np.empty(len(built), dtype=np.int64)
    order[built] = np.arange(len(built), dtype=np.int64)
    ids = words.ids
    key = (0, _label(person), person.id)

    def key_at(rank: int) -> tuple[int, str, str]:
        node_id = ids[int(order[rank])]
        return (-kg.links(node_id), _label_of(kg, node_id), node_id)

    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        if key_at(middle) < key:
            low = middle + 1
        else:
            high = middle
    return np.insert(_shift(built, low), s, low).astype(built.dtype)


__all__ = [
    "SHARED",
    "add_to_word_index",
    "added",
    "bare_node",
    "carried",
    "carry_order",
    "created",
    "names_table",
    "numbered",
]
