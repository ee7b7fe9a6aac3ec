"""Posting lists of events: which events each person, place, tag, category or organisation has.

Events are numbered by their place in the date order (`KnowledgeGraph.event_position`),
so a set of events is a sorted numpy array of those numbers. Each facet field keeps both
directions in compressed sparse rows: event -> the field's values (``indptr``/``values``,
what facets count) and value -> events (``post_ptr``/``post``, what filters intersect).
Combined filters intersect sorted arrays (`graph.queries.sorted_sets.intersect`); a timeline or facet count
then reads only the events kept, never every event of the graph.

Sorted int32 arrays rather than compressed bitmaps (pyroaring): on the bench graphs a
filter keeps either a few hundred events or a large share of all of them, numpy's
intersections and gathers of either are a few milliseconds at a million events, the
counts that follow need the positions as an array anyway, and numpy is already a
dependency (a bitmap package would be a new compiled one, for no answer numpy cannot give).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from graph.deadline import Deadline, check
from graph.errors import raise_all
from graph.models import Event, Kind
from graph.node_table import node_table
from graph.queries.sorted_sets import distinct, intersect
from graph.store import KnowledgeGraph
from graph.text import fold

if TYPE_CHECKING:
    from graph.queries.events import EventQuery

Ints = npt.NDArray[np.int64]
Positions = npt.NDArray[np.int32]

#: Facet fields of an event, and the kind of node each holds.
FIELDS: dict[str, Kind] = {
    "category": Kind.CATEGORY,
    "tags": Kind.TAG,
    "locations": Kind.LOCATION,
    "people": Kind.PERSON,
    "organizations": Kind.ORGANIZATION,
}


def _pack(record: Any) -> dict[str, Any]:
    """A slotted record's state with its numpy arrays as (dtype, shape, bytes).

    A snapshot holds the graph's built indexes, and its unpickler resolves only the graph's
    own classes (`graph.pickling`), never numpy's: the arrays are rebuilt from their bytes,
    read-only, as `graph.queries.word_index` does.
    """
    state = {}
    for name in record.__dataclass_fields__:
        value = getattr(record, name)
        state[name] = (
            (value.dtype.str, value.shape, value.tobytes()) if isinstance(value, np.ndarray) else value
        )
    return state


def _unpack(record: Any, state: dict[str, Any]) -> None:
    for name, value in state.items():
        if name in _ARRAY_FIELDS:
            dtype, shape, data = value
            value = np.frombuffer(data, dtype=np.dtype(dtype)).reshape(shape)
        object.__setattr__(record, name, value)


#: Events relinked at once up to which a field is spliced in place rather than merged whole.
_FEW_ROWS = 64

_ARRAY_FIELDS = frozenset(
    {"rank", "indptr", "values", "owner", "post_ptr", "post", "year", "earliest", "latest"}
)


@dataclass(frozen=True, slots=True)
class Field:
    """One facet field in both directions, its values numbered by their place in ``ids``."""

    ids: tuple[str, ...]  # value number -> node id
    number: dict[str, int]  # node id -> value number
    names: tuple[str, ...]  # value number -> display name
    rank: npt.NDArray[np.int32]  # value number -> place in (folded name, id) order: how ties go
    indptr: Ints  # event -> its values: values[indptr[e] : indptr[e + 1]], each once
    values: npt.NDArray[np.int32]
    owner: Positions  # entry -> its event: the inverse of indptr, for counting large sets
    post_ptr: Ints  # value -> its events: post[post_ptr[v] : post_ptr[v + 1]], ascending
    post: Positions

    def __getstate__(self) -> dict[str, Any]:
        return _pack(self)

    def __setstate__(self, state: dict[str, Any]) -> None:
        _unpack(self, state)

    def relinked(self, rows: dict[int, list[str]]) -> Field:
        """This field with the values of some events replaced: event position -> its value ids now.

        Equal to `_field` over the same events; the field itself is not changed. A few events
        (an edit) are spliced in place (`_spliced`): their rows replaced, each value gained
        or lost put in or taken out of that value's list by bisection, so the cost is a
        copy of each array at C speed. Many events are merged in one pass over the entries.
        """
        if len(rows) <= _FEW_ROWS:
            return self._spliced(rows)
        return self._merged(rows)

    def _spliced(self, rows: dict[int, list[str]]) -> Field:
        number, indptr, values, post_ptr, post = (
            self.number,
            self.indptr,
            self.values,
            self.post_ptr,
            self.post,
        )
        pieces, owners, lengths = [], [], np.diff(indptr)
        gained: list[tuple[int, int]] = []  # (value, event) pairs to put in the value's list
        lost: list[tuple[int, int]] = []
        start = 0
        for at in sorted(rows):
            was = values[indptr[at] : indptr[at + 1]]
            now = np.array(sorted({number[v] for v in rows[at]}), dtype=values.dtype)
            gained += [(v, at) for v in np.setdiff1d(now, was).tolist()]
            lost += [(v, at) for v in np.setdiff1d(was, now).tolist()]
            pieces += [values[start : indptr[at]], now]
            owners += [self.owner[start : indptr[at]], np.full(len(now), at, dtype=self.owner.dtype)]
            start = int(indptr[at + 1])
            lengths[at] = len(now)
        pieces.append(values[start:])
        owners.append(self.owner[start:])
        new_indptr = np.zeros(len(indptr), dtype=indptr.dtype)
        np.cumsum(lengths, out=new_indptr[1:])
        # Value -> events: the lost taken out where they stand, then the gained put where they sort.
        gone = [
            int(post_ptr[v]) + int(np.searchsorted(post[post_ptr[v] : post_ptr[v + 1]], at)) for v, at in lost
        ]
        kept = np.delete(post, np.array(gone, dtype=np.int64))
        sizes = np.diff(post_ptr)
        np.subtract.at(sizes, np.array([v for v, _ in lost], dtype=np.int64), 1)
        kept_ptr = np.zeros(len(post_ptr), dtype=post_ptr.dtype)
        np.cumsum(sizes, out=kept_ptr[1:])
        # By place, then value: the end of one value's list is where the next one's starts.
        placed = sorted(
            (int(kept_ptr[v]) + int(np.searchsorted(kept[kept_ptr[v] : kept_ptr[v + 1]], at)), v, at)
            for v, at in gained
        )
        np.add.at(sizes, np.array([v for v, _ in gained], dtype=np.int64), 1)
        new_ptr = np.zeros(len(post_ptr), dtype=post_ptr.dtype)
        np.cumsum(sizes, out=new_ptr[1:])
        return Field(
            ids=self.ids,
            number=number,
            names=self.names,
            rank=self.rank,
            indptr=new_indptr,
            values=np.concatenate(pieces).astype(values.dtype, copy=False),
            owner=np.concatenate(owners).astype(self.owner.dtype, copy=False),
            post_ptr=new_ptr,
            post=np.insert(
                kept,
                np.array([a for a, _, _ in placed], dtype=np.int64),
                np.array([e for _, _, e in placed], dtype=post.dtype),
            ),
        )

    def _merged(self, rows: dict[int, list[str]]) -> Field:
        size = max(len(self.ids), 1)
        events = len(self.indptr) - 1
        changed = np.fromiter(rows, dtype=np.int64, count=len(rows))
        added = distinct(
            np.array(
                [at * size + self.number[v] for at, values in rows.items() for v in values], dtype=np.int64
            )
        )
        # Event -> value entries, as owner * size + value: sorted, each pair once.
        pairs = self.owner.astype(np.int64) * size + self.values
        pairs = pairs[~np.isin(self.owner, changed)]
        pairs = np.insert(pairs, np.searchsorted(pairs, added), added)
        owner, values = pairs // size, (pairs % size).astype(np.int32)
        indptr = np.zeros(events + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=events), out=indptr[1:])
        # Value -> event entries, as value * events + event: sorted the same way.
        by_value = np.repeat(np.arange(len(self.ids), dtype=np.int64), np.diff(self.post_ptr)) * events
        by_value = (by_value + self.post)[~np.isin(self.post, changed)]
        turned = np.sort((added % size) * events + added // size)
        by_value = np.insert(by_value, np.searchsorted(by_value, turned), turned)
        post_ptr = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(by_value // events, minlength=len(self.ids)), out=post_ptr[1:])
        return Field(
            ids=self.ids,
            number=self.number,
            names=self.names,
            rank=self.rank,
            indptr=indptr,
            values=values,
            owner=owner.astype(np.int32),
            post_ptr=post_ptr,
            post=(by_value % events).astype(np.int32),
        )

    def events_of(self, node_id: str) -> Positions:
        """Positions of the events holding ``node_id`` in this field, ascending."""
        v = self.number[node_id]
        return self.post[self.post_ptr[v] : self.post_ptr[v + 1]]

    def count(self, events: Positions | None) -> Ints:
        """How many of ``events`` (None: all) hold each value: an array indexed by value number."""
        size = len(self.ids)
        if events is None:
            return np.diff(self.post_ptr)
        if len(events) * 8 > len(self.indptr):
            # Many events: a mask over all of them is cheaper than gathering their rows.
            keep = np.zeros(len(self.indptr) - 1, dtype=bool)
            keep[events] = True
            return np.bincount(self.values[keep[self.owner]], minlength=size)
        starts, ends = self.indptr[events], self.indptr[events + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(size, dtype=np.int64)
        # Entry numbers of every row asked for: each row's start, then one step per entry.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        return np.bincount(self.values[offsets], minlength=size)


@dataclass(frozen=True, slots=True)
class Postings:
    """Every event's year, date bounds and facet values, as arrays by date-order position."""

    events: int
    year: npt.NDArray[np.int32]  # historical year (negative before Christ), as timelines count it
    earliest: Ints  # first day the date can mean, as y * 10000 + m * 100 + d (Gregorian)
    latest: Ints  # last day the date can mean, the same way
    fields: dict[str, Field]

    def __getstate__(self) -> dict[str, Any]:
        return _pack(self)

    def __setstate__(self, state: dict[str, Any]) -> None:
        _unpack(self, state)


def day_key(day: tuple[int, int, int]) -> int:
    """One integer per day that sorts as the (year, month, day) it stands for.

    >>> day_key((1924, 8, 4)) < day_key((1924, 12, 1)) < day_key((1925, 1, 1))
    True
    >>> day_key((-43, 3, 15)) < day_key((-42, 1, 1))
    True
    """
    year, month, day_of_month = day
    return year * 10_000 + month * 100 + day_of_month


def _field(kg: KnowledgeGraph, events: list[Event], name: str, kind: Kind) -> Field:
    nodes = node_table(kg)
    ids = tuple(kg.ids(kind))
    number = {node_id: i for i, node_id in enumerate(ids)}
    size = max(len(ids), 1)
    if name == "category":
        lengths = np.ones(len(events), dtype=np.int64)
        raw = np.fromiter((number[e.category] for e in events), dtype=np.int64, count=len(events))
    else:
        lengths = np.fromiter((len(getattr(e, name)) for e in events), dtype=np.int64, count=len(events))
        raw = np.fromiter(
            (number[v] for e in events for v in getattr(e, name)), dtype=np.int64, count=int(lengths.sum())
        )
    owner = np.repeat(np.arange(len(events), dtype=np.int64), lengths)
    # Sorted by event, then value, each pair once: an event names a tag twice only by mistake.
    pairs = distinct(owner * size + raw)
    owner, values = pairs // size, (pairs % size).astype(np.int32)
    indptr = np.zeros(len(events) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=len(events)), out=indptr[1:])
    by_value = np.argsort(values, kind="stable")  # stable: each value's events stay in date order
    post_ptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(values, minlength=len(ids)), out=post_ptr[1:])
    names = tuple(nodes[i]["record"].name for i in ids)
    order = sorted(range(len(ids)), key=lambda v: (fold(names[v]), ids[v]))
    rank = np.empty(len(ids), dtype=np.int32)
    rank[order] = np.arange(len(ids), dtype=np.int32)
    return Field(
        ids=ids,
        number=number,
        names=names,
        rank=rank,
        indptr=indptr,
        values=values,
        owner=owner.astype(np.int32),
        post_ptr=post_ptr,
        post=owner[by_value].astype(np.int32),
    )


def build_postings(kg: KnowledgeGraph) -> Postings:
    """The arrays of every event of ``kg`` (at load: `graph.indexes`)."""
    nodes = node_table(kg)
    events: list[Event] = [nodes[i]["record"] for i in kg.ids(Kind.EVENT)]
    keys: dict[object, tuple[int, int, int]] = {}  # dates are shared objects: one key per distinct date
    for event in events:
        if event.date not in keys:
            keys[event.date] = (event.date.year, day_key(event.date.earliest()), day_key(event.date.latest()))
    bounds = np.array([keys[e.date] for e in events], dtype=np.int64).reshape(len(events), 3)
    return Postings(
        events=len(events),
        year=bounds[:, 0].astype(np.int32),
        earliest=bounds[:, 1].copy(),
        latest=bounds[:, 2].copy(),
        fields={name: _field(kg, events, name, kind) for name, kind in FIELDS.items()},
    )


def postings(kg: KnowledgeGraph) -> Postings:
    """The graph's posting lists, built once (`graph.indexes` builds them at load)."""
    return kg.memo("postings", build_postings)


def _union(lists: list[Positions]) -> Positions:
    if len(lists) == 1:
        return lists[0]
    return distinct(np.concatenate(lists)) if lists else np.empty(0, dtype=np.int32)


def matching(
    kg: KnowledgeGraph, query: EventQuery | None, deadline: Deadline | None = None
) -> Positions | None:
    """Positions of the events ``query`` keeps, ascending; None for every event (no query, or an empty one).

    The same events as `graph.queries.events.filter_events`, as positions; the text filter
    reads the text index (`graph.queries.text_index`).

    Raises:
        ArgumentError: (or ``ArgumentErrors``) as ``filter_events`` raises them.
    """
    from graph import place_history
    from graph.queries.events import located, placed, query_problems

    if query is None:
        return None
    raise_all(query_problems(kg, query))
    index = postings(kg)
    fields = index.fields
    kept: Positions | None = None
    by_date = bool(query.locations) and place_history.needs_dates(kg, query.locations)
    if by_date:
        # Places that changed hands: each event is judged at its own date (`graph.place_history`).
        events = located(kg, query.locations, query.as_of, deadline)
        kept = np.array(sorted(kg.event_position(e) for e in events), dtype=np.int32)
    chosen = [
        ("people", query.people),
        ("organizations", query.organizations),
        (
            "locations",
            () if by_date else tuple({p for loc in query.locations for p in kg.places_within(loc)}),
        ),
        ("category", query.categories),
        ("tags", query.tags),
    ]
    geo = placed(kg, query)
    if geo is not None:
        found_geo = np.array(sorted(kg.event_position(e) for e in geo), dtype=np.int32)
        kept = found_geo if kept is None else intersect(kept, found_geo)
    for name, node_ids in chosen:
        if not node_ids:
            continue
        lists = [fields[name].events_of(node_id) for node_id in node_ids]
        if name == "tags" and query.all_tags:
            found = lists[0]
            for other in lists[1:]:
                found = intersect(found, other)
        else:
            found = _union(lists)
        kept = found if kept is None else intersect(kept, found)
        check(deadline)
    if query.start is not None or query.end is not None:
        everything = kept is None
        selected = np.arange(index.events, dtype=np.int32) if kept is None else kept
        keep = np.ones(len(selected), dtype=bool)
        if query.start is not None:
            keep &= index.latest[selected] >= day_key(query.start.earliest())
        if query.end is not None:
            keep &= index.earliest[selected] <= day_key(query.end.latest())
        kept = selected if everything and keep.all() else selected[keep]
    if query.text:
        from graph.queries.text_index import text_index

        texts = text_index(kg)
        # Among the events the other filters kept: a common word is then checked on those alone.
        kept = texts.events_matching(query.text, deadline, within=kept)
    return kept


__all__ = ["FIELDS", "Field", "Postings", "build_postings", "day_key", "matching", "postings"]
