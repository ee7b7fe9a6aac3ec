"""An event deleted from a built graph: the inverse of `graph.incremental_events`.

``deleteEvent`` (and ``mergeEvents``, which deletes the merged event) takes a node with
edges (its people, places, tags, category, calendar nodes) and a place in the date order
out of the graph. `graph.incremental.patch` undoes what creating it did, each step
another patch's:

1. its links taken away as a relink takes them (`graph.incremental_links.relink`, its
   category with them: `stripped`);
2. its calendar edges taken away as a redate moves them (`graph.incremental_dates.redate`,
   to a century with no day and no year node: `undated`), a calendar node no other event
   links taken out after (`graph.incremental_calendar.without_calendar`);
3. the node, now of no edge, taken out here (`removed_event`): the store's tables lose its
   row as a merged person's do (`graph.incremental_removed.without_node`: every node number
   after it down by one), and every position after its place in the date order moves down
   by one in what is numbered by position: the store's positions, the posting lists (its
   empty row cut), the text index (its tokens and its entries in each token's events cut),
   the search index (its names, node number and tie-break rank cut as a person's are, its
   date parts and its place in the date order cut), the folded texts; the hop rows, out
   edges, degrees, hub orders and rankings by degree lose its row.

The events' slugs (another event may take the slug it held), the unfiltered timelines and
facets (it counted there), PageRank and the Wikidata ids are left out:
`graph.indexes.build_indexes` makes them again. The common single filters' counts are
shared (it is in none now) unless the graph's size moves the threshold of a common filter.
A search index with renamed names patched in (`PatchedWordIndex`, numbered by node) is
not renumbered: `graph.incremental` leaves it out before the first step, and
`graph.indexes.build_indexes` builds it again (seconds at the full import), as a merged
person's removal does. Renamed names in the exact-name table (`NameTable`) are
renumbered with the node (`without_node`), but a calendar node is not taken out under
them (`graph.incremental_calendar`): such a deletion is built whole (None).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from graph.calendar import Precision
from graph.dates import HistoricalDate
from graph.incremental_added import carried
from graph.incremental_calendar import shallow_copy
from graph.incremental_events import KEPT
from graph.incremental_removed import _unshift, remove_from_word_index, unnumbered, unranked, without_node
from graph.models import Event, Kind, Record
from graph.queries.aggregates import common_size
from graph.queries.postings import Field, Postings
from graph.queries.text_index import PatchedTextIndex, TextIndex
from graph.queries.word_index import WordIndex
from graph.store import KnowledgeGraph


def deleted_events(kg: KnowledgeGraph, records: Mapping[str, Record | None]) -> list[str] | None:
    """The events ``records`` deletes, when it deletes some and each is an event of ``kg``; else None.

    The other records must be events of ``kg`` (a merge's survivor): a record created,
    or a person deleted, in the same change is built whole.
    """
    gone = [node_id for node_id, record in records.items() if record is None]
    if not gone or any(not isinstance(kg.get(node_id), Event) for node_id in gone):
        return None
    if any(not isinstance(kg.get(node_id), Event) for node_id in records):
        return None
    return gone


def stripped(event: Event) -> Event:
    """``event`` linked to nothing, its category too: what a relink leaves before it is removed."""
    return dataclasses.replace(
        event, category="", locations=(), people=(), organizations=(), tags=(), mentions=(), roles=()
    )


def undated(event: Event) -> Event:
    """``event`` dated to a century and citing nothing: linked to no calendar node (`calendar_of`).

    Its sources go too: a day page among them links a day (`graph.daypages.told_days`).
    """
    century = HistoricalDate(event.date.year // 100 * 100 or 100, precision=Precision.CENTURY)
    return dataclasses.replace(event, date=century, end_date=None, sources=())


def removed_event(old: KnowledgeGraph, event_id: str) -> KnowledgeGraph | None:
    """``old`` without the event ``event_id``, which has no edge left; None if it has one.

    Args:
        old: the graph with the event stripped and undated (`stripped`, `undated`) patched in.
        event_id: an event of ``old`` with no edge.

    Returns:
        A new graph equal to a whole build of the other records, the indexes left out
        still to be built (`graph.indexes.build_indexes`). ``old`` is not changed.

    >>> from graph.loader import load_graph
    >>> from graph.indexes import build_indexes
    >>> from graph.incremental import patch
    >>> kg = load_graph("tests/data/tiny"); _ = build_indexes(kg)
    >>> new = patch(kg, {"event:beirut-explosion": None}); _ = build_indexes(new)
    >>> new.get("event:beirut-explosion"), "event:beirut-explosion" in kg.on_day_ids(8, 4)
    (None, True)
    >>> removed_event(kg, "event:beirut-explosion") is None  # still linked
    True
    """
    k = old.number(event_id)
    if k is None or old.kind_of(event_id) is not Kind.EVENT or old._links[k] != 0:
        return None
    p = old.event_position(event_id)
    new, _ = without_node(old, event_id)
    position = np.frombuffer(new._position, dtype=np.int32)
    new._position = type(old._position)("i", _unshift(position, p).tobytes())
    if old._texts is not None:
        new._texts = {node_id: text for node_id, text in old._texts.items() if node_id != event_id}
    new._memo = _memos(old, new, event_id, k, p)
    new.version = new._fingerprint()
    return new


def _memos(old: KnowledgeGraph, new: KnowledgeGraph, event_id: str, k: int, p: int) -> dict[str, Any]:
    memo = old._memo
    kept = carried(old, new, KEPT)
    unnumbered(memo, kept, k)  # hops, out edges, degrees, hub orders
    unranked(memo, kept, k, ".degree")
    if isinstance(memo.get("postings"), Postings):
        kept["postings"] = _postings(memo["postings"], p)
    if "aggregates:single" in memo and common_size(old) == common_size(new):
        kept["aggregates:single"] = memo["aggregates:single"]  # it is in no filter now
    index = memo.get("text index")
    if isinstance(index, TextIndex):
        kept["text index"] = _text_index(index, p)
    if "search" in memo:
        words = remove_from_word_index(memo["search"].words, old, new, event_id)
        if words is not None:
            search = copy.copy(memo["search"])
            search.kg, search.words = new, _undated_words(words, p)
            kept["search"] = search
    return kept


def _postings(index: Postings, p: int) -> Postings:
    """The posting lists without the event at position ``p`` (of no value: its row is empty)."""
    fields = {}
    for name, field in index.fields.items():
        assert field.indptr[p] == field.indptr[p + 1], name  # `stripped` left it no value
        fields[name] = Field(
            ids=field.ids,
            number=field.number,
            names=field.names,
            rank=field.rank,
            indptr=np.delete(field.indptr, p),
            values=field.values,
            owner=_unshift(field.owner, p),
            post_ptr=field.post_ptr,
            post=_unshift(field.post, p),
        )
    return Postings(
        index.events - 1,
        np.delete(index.year, p),
        np.delete(index.earliest, p),
        np.delete(index.latest, p),
        fields,
    )


def _text_index(index: TextIndex, p: int) -> TextIndex:
    """The text index without row ``p``: its tokens cut, and it cut from each token's events.

    A token no other event holds keeps its number and an empty list: a whole build would
    not list it, with the same answers (every read is by word, `graph.incremental_order`).
    """
    under = index._base if isinstance(index, PatchedTextIndex) else index
    built: TextIndex = object.__new__(TextIndex)
    built.__dict__.update(vars(under))
    built.events = under.events - 1
    start, end = int(under.token_start[p]), int(under.token_start[p + 1])
    built.tokens = np.delete(under.tokens, np.s_[start:end])
    built.token_start = np.concatenate(
        [under.token_start[:p], under.token_start[p + 1 :] - (end - start)]
    ).astype(under.token_start.dtype)
    keep = under.post != p
    kept = np.concatenate([[0], np.cumsum(keep)])
    built.post_start = kept[under.post_start].astype(under.post_start.dtype)
    built.post = _unshift(under.post[keep], p)
    if not isinstance(index, PatchedTextIndex):
        return built
    patched = {at - (at > p): text for at, text in index.patched.items() if at != p}
    return PatchedTextIndex(built, patched) if patched else built


def _undated_words(words: WordIndex, p: int) -> WordIndex:
    """The search index's event dates without the event at ``p`` (its names cut already)."""
    made = shallow_copy(words)
    made.event_year = np.delete(words.event_year, p)
    made.event_month = np.delete(words.event_month, p)
    made.event_day = np.delete(words.event_day, p)
    keep = words.date_order != p
    made.date_order = _unshift(words.date_order[keep], p)
    made.date_keys = words.date_keys[keep]
    return made


__all__ = ["deleted_events", "removed_event", "stripped", "undated"]
