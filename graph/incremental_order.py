"""Move events in the date order of a built graph: every structure numbered by position, permuted.

Events are numbered by their place in the date order (`KnowledgeGraph.event_position`),
and so are the rows of the posting lists, the text index and the search index's events.
A new date that moves an event from position ``a`` to ``b`` shifts every event between
them by one; no other moves. `moved_order` finds the new order (the moved events taken
out and put back by bisection on the date key, decoding a few records), and `reorder`
gives the new graph, copy-on-write, what that permutation reaches:

* the store's position array, its events in date order (`ids`, `id_list`), and the rows of
  events (a node's events, the people's passing mentions) of every node beside a moved
  event, each moved event taken out and put back where its new position sorts;
* the posting lists (`graph.queries.postings`): each field's rows by event gathered in the
  new order, its events by value renumbered (rows holding a moved event sorted again),
  and the year and date bounds of every event moved with it;
* the text index (`graph.queries.text_index`): the same for its tokens by event and events
  by token; a patched one's corrections follow their events. Token numbers stay in the
  order the index was built in (first met in the old date order): a whole build may number
  them otherwise, with the same answers, as every read is by word, never by token number;
* the PageRank of the moved events' categories and tags, summed over their events in date
  order (`graph.queries.ranking`): the last bits of a float sum follow its order;
* the search index (`graph.queries.word_index`): events are its first nodes, so node
  numbers, the names of each node in node order, the names by word, the tie-break ranks
  and the events' dates are permuted the same way.

Each is a few numpy passes over its arrays: linear in the index's size, not in the number
of events moved (see ``bench/apply.py``). A search index with renamed names patched in
(`PatchedWordIndex`, numbered by node) is not permuted: `reorder` returns False.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.compact import IdList, PatchedRows
from graph.incremental_links import _step
from graph.models import Event, Kind
from graph.queries.postings import Field, Postings
from graph.queries.ranking import rescored
from graph.queries.text_index import PatchedTextIndex, TextIndex
from graph.queries.word_index import WordIndex
from graph.queries.word_patch import PatchedWordIndex
from graph.store import KnowledgeGraph

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Move:
    """A permutation of the date order: ``before[new]`` is the old position, ``after[old]`` the new one."""

    before: npt.NDArray[np.int32]
    after: npt.NDArray[np.int32]
    low: int  # the first and last positions that changed
    high: int
    moved: list[str]  # the ids whose date key changed
    at: npt.NDArray[np.int32]  # and their old positions


class _Keys:
    """The date keys of events at positions ``seq`` of the old order, read as a sequence for `bisect`."""

    def __init__(self, kg: KnowledgeGraph, new: KnowledgeGraph, seq: npt.NDArray[np.int32]) -> None:
        self.ids, self.new, self.seq = kg.ids(Kind.EVENT), new, seq

    def __len__(self) -> int:
        return len(self.seq)

    def __getitem__(self, at: int) -> tuple[Any, ...]:
        return _key(self.new.record(self.ids[int(self.seq[at])]))


def _key(event: Event) -> tuple[Any, ...]:
    return (event.date.sort_key(), event.title, event.id)


def moved_order(old: KnowledgeGraph, new: KnowledgeGraph, events: Iterable[str]) -> Move:
    """The date order of ``new``'s records, from ``old``'s, where only ``events`` changed their keys."""
    size = len(old.ids(Kind.EVENT))
    moved = list(events)
    at = sorted(old.event_position(e) for e in moved)
    seq = np.delete(np.arange(size, dtype=np.int32), at)
    for event_id in sorted(moved, key=lambda e: _key(new.record(e))):
        place = bisect_left(_Keys(old, new, seq), _key(new.record(event_id)))
        seq = np.insert(seq, place, old.event_position(event_id))
    after = np.empty(size, dtype=np.int32)
    after[seq] = np.arange(size, dtype=np.int32)
    changed = np.flatnonzero(seq != np.arange(size))
    low, high = (int(changed[0]), int(changed[-1])) if len(changed) else (at[0], at[0])
    return Move(seq, after, low, high, moved, np.array(at, dtype=np.int32))


def reorder(old: KnowledgeGraph, kg: KnowledgeGraph, move: Move) -> bool:
    """Give ``kg`` (``old`` with its records changed, structures shared) the date order of ``move``.

    ``kg``'s structures are replaced, never changed in place. Returns False, with ``kg``
    left half-made (the caller drops it), when an index cannot be permuted.
    """
    memo = kg._memo
    search = memo.get("search")
    if search is not None and isinstance(search.words, PatchedWordIndex):
        return False
    with _step("date order: store positions and rows"):
        _store(old, kg, move)
    if "ranking.pagerank" in memo:
        with _step("date order: hub PageRank sums"):
            _hub_pagerank(kg, memo, move)
    if isinstance(memo.get("postings"), Postings):
        with _step("date order: posting lists"):
            memo["postings"] = _postings(memo["postings"], move)
    index = memo.get("text index")
    if isinstance(index, TextIndex):
        with _step("date order: text index"):
            memo["text index"] = _text_index(index, move)
    if search is not None:
        with _step("date order: search index"):
            search = copy.copy(search)
            search.kg, search.words = kg, _words(kg, search.words, move)
            memo["search"] = search
    return True


def _store(old: KnowledgeGraph, kg: KnowledgeGraph, move: Move) -> None:
    position = np.frombuffer(old._position, dtype=np.int32).copy()
    events = position >= 0
    position[events] = move.after[position[events]]
    kg._position = type(old._position)("i", position.tobytes())
    ids = old._by_kind[Kind.EVENT]
    span = [ids[int(p)] for p in move.before[move.low : move.high + 1]]
    by_kind = copy.copy(old._by_kind)  # a defaultdict, as the store's
    by_kind[Kind.EVENT] = [*ids[: move.low], *span, *ids[move.high + 1 :]]
    kg._by_kind = by_kind
    listed = old._id_lists[Kind.EVENT]
    id_lists = dict(old._id_lists)
    id_lists[Kind.EVENT] = _id_list(listed, np.frombuffer(listed._numbers, dtype=np.int32)[move.before])
    kg._id_lists = id_lists
    # A node's events (and passing mentions) in date order: only rows beside a moved event change.
    succ, pred = old.graph._succ, old.graph._pred  # type: ignore[attr-defined]
    rows: dict[int, Any] = {}
    passing: dict[int, Any] = {}
    numbers = {kg.number(e) for e in move.moved}
    for event_id in move.moved:
        for node_id in {**succ[event_id], **pred[event_id]}:
            number = kg.number(node_id)
            assert number is not None
            rows[number] = _sorted(kg._events_of.row(number), position, numbers)
            passing[number] = _sorted(kg._mentioned_in.row(number), position, numbers)
    kg._events_of = PatchedRows(kg._events_of, rows)
    kg._mentioned_in = PatchedRows(kg._mentioned_in, passing)


def _hub_pagerank(kg: KnowledgeGraph, memo: dict[str, Any], move: Move) -> None:
    """A category's or tag's PageRank summed again over its events in the new order (`graph.queries.ranking`).

    The sum is in date order: a moved event changes where its score is added, and so the
    last bits of its hubs' sums. Only the moved events' own hubs hold one.
    """
    scores = dict(memo["ranking.pagerank"])
    hubs = {hub for e in move.moved for hub in (kg.record(e).category, *kg.record(e).tags)}
    for hub in hubs:
        # A served PageRank may be the one before an event was created (`keep_stale_pagerank`):
        # that event counts nothing until it is computed again.
        scores[hub] = sum(scores.get(e, 0.0) for e in kg.event_ids_of(hub))
    memo["ranking.pagerank"] = scores
    for kind in (Kind.CATEGORY, Kind.TAG):
        name = f"ranking.{kind.value}.pagerank"
        if name in memo:
            of_kind = {kg.number(h): scores[h] for h in hubs if kg.kind_of(h) is kind}
            memo[name] = rescored(memo[name], of_kind)  # type: ignore[arg-type]


def _id_list(like: IdList, numbers: npt.NDArray[np.int32]) -> IdList:
    listed: IdList = object.__new__(IdList)
    listed._table = like._table
    listed._numbers = type(like._numbers)("i", numbers.astype(np.int32).tobytes())
    return listed


def _sorted(row: Any, position: Any, moved: set[int | None]) -> Any:
    """``row`` (event numbers) in the new date order: the moved events taken out and put back."""
    if not len(row) or not moved.intersection(row.tolist()):
        return row
    return row[np.argsort(position[row], kind="stable")].astype(np.int32)


def _rows(starts: Ints, values: Any, move: Move) -> tuple[Ints, Any]:
    """CSR rows by event gathered in the new order: new row ``i`` is old row ``move.before[i]``.

    Only the rows from ``move.low`` to ``move.high`` change place: the rest are copied as they are.
    """
    low, high = move.low, move.high + 1
    span = move.before[low:high].astype(np.int64)
    lengths = starts[span + 1] - starts[span]
    new_starts = starts.copy()
    np.cumsum(lengths, out=new_starts[low + 1 : high + 1])
    new_starts[low + 1 : high + 1] += starts[low]
    first, last = int(new_starts[low]), int(new_starts[high])
    offsets = np.repeat(starts[span] - new_starts[low:high], lengths) + np.arange(first, last, dtype=np.int64)
    new_values = values.copy()
    new_values[first:last] = values[offsets]
    return new_starts, new_values


def _renumbered(starts: Ints, values: Any, move: Move, after: Any, moved: Any) -> Any:
    """Ascending rows of positions renumbered by ``after``; a row holding a ``moved`` one sorted again.

    Only the positions from ``move.low`` to ``move.high`` are renumbered, and the permutation
    keeps the order of every unmoved one, so other rows stay sorted.
    """
    renumbered = values.copy()
    inside = np.flatnonzero((values >= move.low) & (values <= move.high))
    renumbered[inside] = after[values[inside]]
    holding = inside[np.isin(values[inside], moved)]
    for row in np.unique(np.searchsorted(starts, holding, side="right") - 1).tolist():
        start, end = int(starts[row]), int(starts[row + 1])
        renumbered[start:end] = np.sort(renumbered[start:end])
    return renumbered


def _postings(index: Postings, move: Move) -> Postings:
    moved = move.at  # the rest keep their order
    fields = {}
    for name, field in index.fields.items():
        indptr, values = _rows(field.indptr, field.values, move)
        owner = np.repeat(np.arange(len(indptr) - 1, dtype=np.int32), np.diff(indptr))
        fields[name] = Field(
            ids=field.ids,
            number=field.number,
            names=field.names,
            rank=field.rank,
            indptr=indptr,
            values=values,
            owner=owner,
            post_ptr=field.post_ptr,
            post=_renumbered(field.post_ptr, field.post, move, move.after, moved),
        )
    return Postings(
        index.events, index.year[move.before], index.earliest[move.before], index.latest[move.before], fields
    )


def _text_index(index: TextIndex, move: Move) -> TextIndex:
    under = index._base if isinstance(index, PatchedTextIndex) else index
    moved = move.at  # the rest keep their order
    built: TextIndex = object.__new__(TextIndex)
    built.__dict__.update(vars(under))
    built.token_start, built.tokens = _rows(under.token_start, under.tokens, move)
    built.post = _renumbered(under.post_start, under.post, move, move.after, moved)
    if not isinstance(index, PatchedTextIndex):
        return built
    texts = {int(move.after[at]): text for at, text in index.patched.items()}
    return PatchedTextIndex(built, texts)


def _words(kg: KnowledgeGraph, words: WordIndex, move: Move) -> WordIndex:
    """The search index with its event nodes (its first nodes, in date order) permuted."""
    events = len(move.before)
    nodes = len(words.tie_rank)
    node_after = np.arange(nodes, dtype=np.int32)
    node_after[:events] = move.after
    node_before = np.arange(nodes, dtype=np.int32)
    node_before[:events] = move.before
    copied: WordIndex = object.__new__(WordIndex)
    copied.__dict__.update(words.__dict__)
    # Names are listed node by node: a stable sort of those of the moved span on their new
    # nodes is a whole build's name order.
    low = int(np.searchsorted(words.name_node, move.low, side="left"))
    high = int(np.searchsorted(words.name_node, move.high, side="right"))
    name_node = node_after[words.name_node]
    name_before = np.arange(len(name_node), dtype=np.int32)
    name_before[low:high] = low + np.argsort(name_node[low:high], kind="stable")
    name_after = np.empty_like(name_before)
    name_after[name_before] = np.arange(len(name_before), dtype=np.int32)
    moved_names = np.flatnonzero(np.isin(words.name_node[low:high], move.at)) + low  # events: the first nodes
    names = Move(name_before, name_after, low, max(low, high - 1), [], moved_names.astype(np.int32))
    copied.name_node = name_node[name_before]
    copied.name_starts, copied.name_words = _rows(words.name_starts, words.name_words, names)
    copied.one_word_factor = words.one_word_factor[name_before]
    copied.postings = _renumbered(words.word_starts, words.postings, names, name_after, moved_names)
    copied.node_kind = words.node_kind[node_before]
    copied.tie_rank = words.tie_rank[node_before]
    copied.event_year = words.event_year[move.before]
    copied.event_month = words.event_month[move.before]
    copied.event_day = words.event_day[move.before]
    copied.date_order = node_after[words.date_order]
    ids = np.frombuffer(words.ids._numbers, dtype=np.int32)  # type: ignore[attr-defined]
    copied.ids = _id_list(words.ids, ids[node_before])  # type: ignore[arg-type]
    return copied


__all__ = ["Move", "moved_order", "reorder"]
