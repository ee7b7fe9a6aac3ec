"""A person removed from a built graph: every node number after it moved down by one.

The inverse of `graph.incremental_added`. Nodes are numbered in id order (`graph.store`):
a node that leaves frees its number, and every number after it shrinks by one. The move
is monotone, so every order read from numbers (ids, ties, ranks) stays as it was, and
each array of node numbers is corrected by one vectorised pass
(``numbers - (numbers > k)``), each array indexed by node number by one deleted row.

A node removed here has no edge left: ``mergePeople`` first moves the merged person's
links to the survivor (the events relinked by `graph.incremental_links.relink`, the
survivor's aliases and sources patched by `graph.incremental.patch`), and only then is
the merged person, now linked by nothing, taken out (`removed`). What reads links is then
unchanged but for the numbering:

* the store: the id table, the record table (the row and its bytes cut out of the blob),
  the exact-name table (the node's number taken out of every name's row, a name no other
  node has taken out), the renamed names
  (`graph.incremental_names.NameTable`), the kind lists, the rows of events, positions
  and degrees, and the graph's node and adjacency dicts (copied, the node left out);
* the name order of people and the people by life day (`graph.incremental_nodes`);
* the hop graph, out edges, degrees, hub orders and DEGREE rankings (a row or an entry
  deleted, the rest renumbered), the people's facet field of the posting lists (the
  value, of no event, taken out);
* the text index, the folded texts, the timelines, the counts made at load, the other
  kinds' name orders and slugs, the places' history: shared, as no event moved.

The search index loses the node's names (`remove_from_word_index`: each word's list of
names closed over the gap, a word no other name holds taken out of the vocabulary, the
node's number and tie-break rank taken out with every one after them moved down), unless
renamed nodes are scored apart in it (`PatchedWordIndex`): then it is built again.
The people's slugs and PageRank are left out: `graph.indexes.build_indexes` makes them
again over the new graph. So is every memo this module does not know.
An event (``deleteEvent``, ``mergeEvents``) leaves the date order and its calendar days,
which every position-keyed structure reads: `graph.incremental_deleted` takes it out with
the same store step (`without_node`) once its links and days are gone.
"""

from __future__ import annotations

import copy
import threading
from array import array
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np

from graph.adjacency import HopGraph, OutEdges, PatchedHopGraph, PatchedOutEdges
from graph.compact import IdIndex, IdList, IdTable, PatchedRows, Rows
from graph.frozen_copy import shell
from graph.incremental_added import SHARED, SHARED_BESIDE, carried
from graph.incremental_names import NameTable
from graph.incremental_nodes import NodeChange, _life_days, _name_order
from graph.models import Kind, Person, Record
from graph.name_order import _SEPARATOR, NameOrder
from graph.queries.neighborhood import Degrees, HubOrders
from graph.queries.postings import Field, Postings
from graph.queries.ranking import RankTable
from graph.queries.word_index import WordIndex
from graph.queries.word_patch import node_number
from graph.record_table import RecordTable
from graph.store import KnowledgeGraph


def removed_people(kg: KnowledgeGraph, records: Mapping[str, Record | None]) -> list[str] | None:
    """The ids ``records`` deletes (None), when there are some and each is a person of ``kg``; else None."""
    gone = [node_id for node_id, record in records.items() if record is None]
    if not gone or any(not isinstance(kg.get(node_id), Person) for node_id in gone):
        return None
    if any(node_id not in kg._table for node_id in records):
        return None  # a record created in the same change: `graph.incremental_added`'s, not combined
    return gone


def removable(kg: KnowledgeGraph, node_id: str) -> bool:
    """Whether ``removed`` takes ``node_id`` out: a person of ``kg`` that nothing links."""
    number = kg.number(node_id)
    return number is not None and kg.kind_of(node_id) is Kind.PERSON and kg._links[number] == 0


def removed(kg: KnowledgeGraph, node_ids: list[str]) -> KnowledgeGraph | None:
    """``kg`` with the people ``node_ids`` (linked by nothing) taken out, equal to a whole build.

    Args:
        kg: the graph served now (or patched from it), with its indexes built.
        node_ids: people of ``kg`` with no edge (`removable`).

    Returns:
        A new graph, the indexes left out still to be built (`graph.indexes.build_indexes`),
        or None when one of ``node_ids`` is not removable. ``kg`` is not changed.

    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> from graph.incremental_added import added
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> grown = added(kg, [Person("person:lenin", "Vladimir Lenin")]); _ = build_indexes(grown)
    >>> new = removed(grown, ["person:lenin"]); _ = build_indexes(new)
    >>> new.find("vladimir lenin"), new.get("person:lenin")
    ([], None)
    >>> list(new.ids(Kind.PERSON)) == list(kg.ids(Kind.PERSON))
    True
    >>> removed(kg, ["person:joseph-stalin"]) is None  # still linked by events
    True
    """
    if not all(removable(kg, node_id) for node_id in node_ids):
        return None
    for node_id in node_ids:
        kg = _remove(kg, node_id)
    return kg


def _unshift(numbers: Any, k: int) -> Any:
    """``numbers`` (a numpy array) with every number after ``k`` shrunk by one."""
    return np.subtract(numbers, numbers > k, dtype=numbers.dtype)  # two passes, in the array's own type


def _unshifted_array(numbers: array[int], k: int) -> array[int]:
    return array("i", _unshift(np.frombuffer(numbers, dtype=np.int32), k).tobytes())


def _deleted(numbers: array[int], at: int) -> array[int]:
    """A copy of an ``array`` without its entry at ``at``."""
    made = numbers[:at]
    made.extend(numbers[at + 1 :])
    return made


def _id_table(table: IdTable, at: int, cls: type[IdTable] = IdTable) -> Any:
    """``table`` without its id number ``at``."""
    made = object.__new__(cls)
    starts = np.frombuffer(table._starts, dtype=np.int64)
    start, end = int(starts[at]), int(starts[at + 1])
    made._text = table._text[:start] + table._text[end:]
    made._starts = array("q", np.concatenate([starts[:at], starts[at + 1 :] - (end - start)]).tobytes())
    return made


def _index_without(index: IdIndex, at: int) -> IdIndex:
    """``index`` without its key number ``at``: the slot freed by backward shifting, the rest renumbered.

    Only a table that must shrink (`IdIndex` sizes its slots by its length) is hashed again whole.
    """
    key = index[at]
    made: IdIndex = _id_table(index, at, IdIndex)
    if 1 << max(3, (2 * len(made)).bit_length()) != len(index._slots):
        made._build_slots()
        return made
    mask = index._mask
    slots = array("i", _unshift(np.frombuffer(index._slots, dtype=np.int32), at).tobytes())
    hashes = array("q", index._hashes)
    place = hash(key) & mask
    while index._slots[place] != at:
        place = (place + 1) & mask
    # Linear probing: a key further along the run moves back into the hole unless its home
    # slot lies cyclically after the hole and at or before where it sits.
    hole, j = place, place
    slots[hole] = -1
    while True:
        j = (j + 1) & mask
        if slots[j] < 0:
            break
        home = hashes[j] & mask
        if (home - hole - 1) & mask < (j - hole) & mask:
            continue  # home in (hole, j]: it stays
        slots[hole], hashes[hole] = slots[j], hashes[j]
        slots[j] = -1
        hole = j
    made._slots, made._hashes, made._mask = slots, hashes, mask
    return made


def _rows(rows: Rows, at: int | None, k: int) -> Rows:
    """``rows`` with their values renumbered past ``k``, and row ``at`` (if given) deleted."""
    starts = np.frombuffer(rows.starts, dtype=np.int64)
    values = rows.values
    if at is not None:
        start, end = int(starts[at]), int(starts[at + 1])
        values = np.concatenate([values[:start], values[end:]])
        starts = np.concatenate([starts[:at], starts[at + 1 :] - (end - start)])
    made = Rows(array("q", starts.astype(np.int64).tobytes()), _unshift(values, k))
    if isinstance(rows, PatchedRows):
        # Keyed by row: past the row taken out, one lower. Rows keyed by something other than
        # node numbers (``at`` None: the month-days of `_on_day`) keep their keys.
        patched = {
            n - (at is not None and n > at): _unshift(v, k) for n, v in rows.patched.items() if n != at
        }
        return PatchedRows(made, patched)
    return made


def _remove(old: KnowledgeGraph, node_id: str) -> KnowledgeGraph:
    new, k = without_node(old, node_id)
    new._memo = _memos(old, new, node_id, k)
    new.version = new._fingerprint()
    return new


def without_node(old: KnowledgeGraph, node_id: str) -> tuple[KnowledgeGraph, int]:
    """``old`` without the record node ``node_id`` (of no edge), and the number it had.

    The store's tables lose its row and are renumbered; no memo is kept and no version
    set (the caller's: a person here, an event in `graph.incremental_deleted`).
    """
    k = old.number(node_id)
    assert k is not None
    new = object.__new__(KnowledgeGraph)
    new.__dict__.update(old.__dict__)
    new._memo_lock = threading.RLock()
    new._ids = _id_table(old._ids, k)
    new._table = _record_table(old._table, k, node_id)
    new.graph = _graph(old.graph, node_id)
    new._names, new._named = _names_table(old._names, old._named, k)
    renamed = old.__dict__.get("_renamed")
    if renamed is not None:
        new._renamed = _renamed(renamed, k)
    kind = old.kind_of(node_id)
    by_kind: defaultdict[Kind, list[str]] = defaultdict(list, old._by_kind)
    by_kind[kind] = [i for i in old._by_kind[kind] if i != node_id]
    new._by_kind = by_kind
    lists = {}
    for each, ids in old._id_lists.items():
        numbers = np.frombuffer(ids._numbers, dtype=np.int32)
        if each is kind:
            numbers = numbers[numbers != k]
        lists[each] = IdList(new._ids, ())
        lists[each]._numbers = array("i", _unshift(numbers, k).tobytes())
    new._id_lists = lists
    new._events_of = _rows(old._events_of, k, k)
    new._mentioned_in = _rows(old._mentioned_in, k, k)
    new._on_day = _rows(old._on_day, None, k)
    new._position = _deleted(old._position, k)
    new._links = _deleted(old._links, k)
    new._memo = {}
    return new, k


def _record_table(table: RecordTable, at: int, node_id: str) -> RecordTable:
    """``table`` without row ``at``, the blob shared: the row before it reads its record from in front.

    Dropping the row's start leaves the row before spanning its own bytes and the removed
    row's; that row's record is put in front of the blob (as a patched record is), so its
    bytes are never read. Only when the row before holds no record is the blob cut.
    """
    offsets = np.frombuffer(table._offsets, dtype=np.uint64 if table._offsets.typecode == "Q" else np.int64)
    before = table._rows[at - 1] if at > 0 else None
    changed = {i: r for i, r in table._changed.items() if i != node_id}
    record = table.get(before) if before is not None else None
    blob = table._blob
    if record is not None:
        changed.setdefault(before, record)  # type: ignore[arg-type]
        moved = np.delete(offsets, at)
    else:
        start, end = int(offsets[at]), int(offsets[at + 1])
        blob = blob[:start] + blob[end:]
        moved = np.concatenate([offsets[:at], offsets[at + 1 :] - np.uint64(end - start)]).astype(
            offsets.dtype
        )
    kinds = table._kinds[:at] + table._kinds[at + 1 :]
    rows = _index_without(table._rows, at)
    made = RecordTable(rows, kinds, array(table._offsets.typecode, moved.tobytes()), blob)
    made._changed = changed
    return made


def _graph(g: nx.MultiDiGraph[str], node_id: str) -> nx.MultiDiGraph[str]:
    """The frozen graph ``g`` without ``node_id`` (of no edge), its dicts copied (``g`` unchanged)."""
    h = shell(g)
    for name in ("_node", "_succ", "_pred"):
        table = dict(getattr(g, name))
        del table[node_id]
        setattr(h, name, table)
    h._adj = h._succ  # type: ignore[attr-defined]
    return h


def _names_table(names: IdIndex, named: Rows, k: int) -> tuple[IdIndex, Rows]:
    """The exact-name table (folded name -> node numbers) without ``k``: a name it alone had leaves too."""
    values = np.asarray(named.values)
    keep = values != k
    kept = np.concatenate([[0], np.cumsum(keep)]).astype(np.int64)
    starts = kept[np.frombuffer(named.starts, dtype=np.int64)]
    before = np.diff(np.frombuffer(named.starts, dtype=np.int64))
    emptied = np.flatnonzero((np.diff(starts) == 0) & (before > 0))
    for at in sorted(emptied.tolist(), reverse=True):  # later names first: the earlier keep their numbers
        names = _index_without(names, at)
        starts = np.delete(starts, at)
    return names, Rows(array("q", starts.tobytes()), _unshift(values[keep], k))


def _renamed(table: NameTable, k: int) -> NameTable:
    """Renamed names (`NameTable`) without node ``k``, the numbers past it shrunk by one."""

    def moved(numbers: Any) -> frozenset[int]:
        return frozenset(n - (n > k) for n in numbers if n != k)

    return NameTable(
        moved(table.stale),
        {name: moved(found) for name, found in table.fresh.items()},
        {n - (n > k): names for n, names in table.names.items() if n != k},
    )


def _memos(old: KnowledgeGraph, new: KnowledgeGraph, node_id: str, k: int) -> dict[str, Any]:
    memo = old._memo
    kept = carried(old, new, (*SHARED, *SHARED_BESIDE[Kind.PERSON]))
    change = NodeChange(old, {node_id: None})
    if "by-name:person" in memo:
        order = memo["by-name:person"]
        if type(order) is NameOrder:  # the others' order stands: the one name is cut out
            kept["by-name:person"] = _order_without(order, node_id)
        else:  # renames patched in: sorted again from its pairs
            kept["by-name:person"] = _name_order(order, change, Kind.PERSON, new)
    if "life_days" in memo:
        kept["life_days"] = _life_days(new, memo["life_days"], change, [node_id])
    if "search" in memo:
        words = remove_from_word_index(memo["search"].words, old, new, node_id)
        if words is not None:
            search = copy.copy(memo["search"])
            search.kg, search.words = new, words
            kept["search"] = search
    unnumbered(memo, kept, k)
    unranked(memo, kept, k, ".degree")
    if "postings" in memo:
        index: Postings = memo["postings"]
        fields = {**index.fields, "people": _without_value(index.fields["people"], node_id)}
        kept["postings"] = Postings(index.events, index.year, index.earliest, index.latest, fields)
    return kept


def remove_from_word_index(
    words: WordIndex, old: KnowledgeGraph, new: KnowledgeGraph, node_id: str
) -> WordIndex | None:
    """The search index ``words`` of ``old`` without ``node_id``, as a build over ``new`` makes it.

    Its names leave (each word's list of names closed over the gap), a word no other name
    holds leaves the vocabulary, and the node's number and tie-break rank leave with every
    one after them moved down by one. None for an index with renamed nodes scored apart
    (`PatchedWordIndex`): the caller builds it again.
    """
    if type(words) is not WordIndex:
        return None
    s, k = node_number(old, node_id), old.number(node_id)
    assert k is not None
    a, b = (int(at) for at in np.searchsorted(words.name_node, [s, s + 1]))
    m = b - a
    made = object.__new__(WordIndex)
    made.__dict__.update(words.__dict__)
    starts = words.name_starts
    first, last = int(starts[a]), int(starts[b])
    name_words = np.concatenate([words.name_words[:first], words.name_words[last:]])
    made.name_starts = np.concatenate([starts[:a], starts[b:] - (last - first)]).astype(np.int64)
    made.name_node = _unshift(np.delete(words.name_node, np.s_[a:b]), s)
    made.one_word_factor = np.delete(words.one_word_factor, np.s_[a:b])
    postings = words.postings
    keep = (postings < a) | (postings >= b)
    kept = np.concatenate([[0], np.cumsum(keep)]).astype(np.int64)
    word_starts = kept[words.word_starts]
    gone = np.flatnonzero((np.diff(word_starts) == 0) & (np.diff(words.word_starts) > 0))
    made.postings = (postings[keep] - m * (postings[keep] >= b)).astype(np.int32)
    if len(gone):
        dropped = set(gone.tolist())
        made.vocabulary = [w for at, w in enumerate(words.vocabulary) if at not in dropped]
        made._words = IdTable(made.vocabulary)
        word_starts = np.delete(word_starts, gone)
        made.word_length = np.delete(words.word_length, gone)
        made.has_letter = np.delete(words.has_letter, gone, axis=1)
        name_words = name_words - np.searchsorted(gone, name_words)
    made.word_starts = word_starts.astype(np.int64)
    made.name_words = name_words.astype(np.int32)
    made.node_kind = np.delete(words.node_kind, s)
    made.tie_rank = _unshift(np.delete(words.tie_rank, s), int(words.tie_rank[s]))
    ids = IdList(new._ids, ())
    numbers = np.delete(np.frombuffer(words.ids._numbers, dtype=np.int32), s)  # type: ignore[attr-defined]
    ids._numbers = array("i", _unshift(numbers, k).tobytes())
    made.ids = ids
    return made


def _order_without(order: NameOrder, node_id: str) -> NameOrder:
    """A name order built whole without ``node_id``: its name cut out of the names, the rest in place."""
    at = order.ids.index(node_id)
    starts = np.frombuffer(order._starts, dtype=np.int64)
    made = object.__new__(NameOrder)
    made.ids = (*order.ids[:at], *order.ids[at + 1 :])
    if at + 1 < len(starts):
        start, end = int(starts[at]), int(starts[at + 1])  # the name and the separator after it
        made._names = order._names[:start] + order._names[end:]
        cut = np.concatenate([starts[:at], starts[at + 1 :] - (end - start)])
    else:  # the last name, and the separator before it
        made._names = order._names[: max(0, int(starts[at]) - len(_SEPARATOR))]
        cut = starts[:at]
    made._starts = array("q", cut.astype(np.int64).tobytes())
    return made


def unranked(memo: dict[str, Any], kept: dict[str, Any], k: int, suffix: str = "") -> None:
    """The rankings whose memo name ends in ``suffix``, without node ``k``, renumbered past it.

    A person or an event leaves its rankings by degree (PageRank is computed again); a
    calendar node is in no ranking, so for it every ranking is only renumbered.
    """
    for name, table in memo.items():
        if name.startswith("ranking.") and name.endswith(suffix) and isinstance(table, RankTable):
            keep = table.numbers != k
            kept[name] = RankTable(_unshift(table.numbers[keep], k), table.scores[keep])


def unnumbered(memo: dict[str, Any], kept: dict[str, Any], k: int) -> None:
    """The indexes read from the adjacency by node number, without row ``k``, renumbered past it.

    The hop graph, out edges, degrees and hub orders; the rankings are the caller's (a
    person is ranked by degree, a calendar node is not ranked).
    """
    if "paths.hops" in memo:
        hops: Any = memo["paths.hops"]
        starts = np.frombuffer(hops.starts, dtype=np.int64)
        start, end = int(starts[k]), int(starts[k + 1])
        cut = np.concatenate([starts[:k], starts[k + 1 :] - (end - start)]).astype(np.int64)
        made = HopGraph(
            array("q", cut.tobytes()),
            _unshift(np.delete(hops.neighbour, np.s_[start:end]), k),
            np.delete(hops.relation, np.s_[start:end]),
            np.delete(hops.forward, np.s_[start:end]),
        )
        if isinstance(hops, PatchedHopGraph):
            rows = {n - (n > k): (_unshift(r[0], k), r[1], r[2]) for n, r in hops.rows.items() if n != k}
            made = PatchedHopGraph(made, rows)
        kept["paths.hops"] = made
    if "adjacency.out" in memo:
        out: Any = memo["adjacency.out"]
        starts = np.frombuffer(out.starts, dtype=np.int64)
        start, end = int(starts[k]), int(starts[k + 1])
        cut = np.concatenate([starts[:k], starts[k + 1 :] - (end - start)]).astype(np.int64)
        edges = OutEdges(
            array("q", cut.tobytes()),
            _unshift(np.delete(out.target, np.s_[start:end]), k),
            np.delete(out.relation, np.s_[start:end]),
        )
        if isinstance(out, PatchedOutEdges):
            targets = {n - (n > k): (_unshift(r[0], k), r[1]) for n, r in out.rows.items() if n != k}
            edges = PatchedOutEdges(edges, targets)
        kept["adjacency.out"] = edges
    if "degree" in memo:
        kept["degree"] = Degrees(_deleted(memo["degree"].by_number, k))
    if "hood-order" in memo:
        hubs = memo["hood-order"]
        kept["hood-order"] = HubOrders(hubs.hubs[:k] + hubs.hubs[k + 1 :], _rows(hubs.rows, k, k))


def _without_value(field: Field, node_id: str) -> Field:
    """The people's facet field without ``node_id`` (of no event) among its values."""
    v = field.number[node_id]
    if field.post_ptr[v] != field.post_ptr[v + 1]:
        raise ValueError(f"{node_id!r} still has events")  # `removable` rules it out
    ids = (*field.ids[:v], *field.ids[v + 1 :])
    rank = field.rank
    r = int(rank[v])
    return Field(
        ids=ids,
        number={i: n for n, i in enumerate(ids)},
        names=(*field.names[:v], *field.names[v + 1 :]),
        rank=_unshift(np.delete(rank, v), r),
        indptr=field.indptr,
        values=_unshift(field.values, v),
        owner=field.owner,
        post_ptr=np.delete(field.post_ptr, v),
        post=field.post,
    )


__all__ = ["removable", "removed", "removed_people", "unnumbered", "unranked", "without_node"]
