"""A created event patched into a built graph: a bare node in its place, then linked and dated.

``createEvent`` makes a node with edges (its people, places, tags, category, calendar
nodes) and a place in the date order. `added_event` composes what the other patches do:

1. its calendar nodes no event had, added bare (`graph.incremental_calendar.with_calendar`);
2. the event itself added bare (`graph.incremental_added.bare_node`): every node number
   after its id moved up by one, every position from its place in the date order
   (`graph.incremental_dates.keeps_place`'s key) moved up by one, and a row for it put in
   what is numbered by either: the store's tables, the posting lists (its values put in
   by `Field.relinked`), the text index (an empty row, its text read as a patched one's,
   `PatchedTextIndex`), the search index (its title as a new node's names, its date
   parts, `graph.incremental_added.add_to_word_index`), the hop rows, out edges, degrees
   and hub orders (empty rows) and the rankings by degree;
3. its links added as a relink adds them (`graph.incremental_links.relink`, which reads the
   edges there are, none yet, against the record's);
4. its calendar edges added as a redate adds them (`graph.incremental_dates.redate`), which
   also places it in the search index's date order.

The timelines, the unfiltered facets and the common filters' counts count the event in
when it is added bare (`graph.queries.count_delta`: one more event in its year's buckets
and under each of its values; a filter that grows past the bar is counted whole). PageRank
is left out: `graph.indexes.build_indexes` makes it again (a server computes it in the
background, `clio.state.live`). An event created beside other changes, or over renamed
names patched in (numbered by node), is built whole (None).
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from typing import Any

import numpy as np

from graph.incremental_added import (
    _shift,
    add_to_word_index,
    bare_node,
    carried,
    carry_order,
    names_table,
    numbered,
)
from graph.incremental_calendar import numbers_renamed
from graph.models import Event, Kind
from graph.queries.count_delta import (
    Change,
    corrected_precounts,
    corrected_timelines,
    corrected_tops,
    every_event,
)
from graph.queries.postings import Field, Postings, day_key
from graph.queries.text_index import PatchedTextIndex, TextIndex
from graph.queries.word_index import WordIndex, _date_parts
from graph.slugs import _PLAIN
from graph.store import KnowledgeGraph
from graph.text import fold

#: Memos a bare event leaves as they are (by name prefix): none reads an event, a position or a number.
KEPT = ("by-name:", "life_days", "slugs:person", "slugs:location", "places-ever-inside",
        "places-with-dated-links", "geo-places")  # fmt: skip


def _key(event: Event) -> tuple[Any, ...]:
    return (event.date.sort_key(), event.title, event.id)


class _Keys:
    """The date keys of ``kg``'s events in date order, read as a sequence for `bisect`."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.ids = kg.ids(Kind.EVENT)
        self.kg = kg

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, at: int) -> tuple[Any, ...]:
        return _key(self.kg.record(self.ids[at]))


def bare_event(old: KnowledgeGraph, event: Event) -> KnowledgeGraph | None:
    """``old`` with ``event`` added in its place in the date order, with no edge yet; None if it cannot."""
    if numbers_renamed(old):
        return None
    p = bisect_left(_Keys(old), _key(event))  # its place in the date order
    new, k = bare_node(old, event.id, Kind.EVENT, event, listed_at=p)
    position = np.frombuffer(new._position, dtype=np.int32)
    position = np.where(position >= p, position + 1, position).astype(np.int32)
    position[k] = p
    new._position = type(old._position)("i", position.tobytes())
    new._names, new._named = names_table(old, event, k)
    text = fold(f"{event.title} {event.summary or ''}")
    if old._texts is not None:
        new._texts = {**old._texts, event.id: text}
    new._memo = carry_order(new, _memos(old, new, event, k, p, text))
    return new  # its version is set once dated (`graph.incremental_dates.redate`)


def _memos(
    old: KnowledgeGraph, new: KnowledgeGraph, event: Event, k: int, p: int, text: str
) -> dict[str, Any]:
    memo = old._memo
    kept = carried(old, new, KEPT)
    slugs = memo.get("slugs:event")
    part = event.id.partition(":")[2]
    if slugs is not None and _PLAIN.fullmatch(part) and part not in slugs.by_slug:
        kept["slugs:event"] = slugs  # a slug already, given to no other id (`graph.slugs.assign`)
    numbered(memo, kept, k, Kind.EVENT)
    if isinstance(memo.get("postings"), Postings):
        kept["postings"] = grown = _postings(memo["postings"], event, p)
        new._memo = kept  # a filter that becomes common reads its events through the new lists
        _counts(old, new, memo, kept, event, grown)
    index = memo.get("text index")
    if isinstance(index, TextIndex):
        kept["text index"] = _text_index(index, p, text)
    if "search" in memo:
        search = copy.copy(memo["search"])
        words = add_to_word_index(memo["search"].words, new, event, k)
        search.kg, search.words = new, _dated_words(words, event, p)
        kept["search"] = search
    return kept


def _counts(
    old: KnowledgeGraph,
    new: KnowledgeGraph,
    memo: dict[str, Any],
    kept: dict[str, Any],
    event: Event,
    index: Postings,
) -> None:
    """The timelines and facets made at load, with the event counted in (`graph.queries.count_delta`)."""
    changes: list[Change] = [(None, event)]
    delta = every_event(changes)
    corrected_timelines(memo, kept, delta)
    if "facets:all" in memo:
        kept["facets:all"] = corrected_tops(memo["facets:all"], index, delta)
    if "aggregates:single" in memo:
        kept["aggregates:single"] = corrected_precounts(old, new, memo["aggregates:single"], changes, index)


def _postings(index: Postings, event: Event, p: int) -> Postings:
    """The posting lists with an event at position ``p``: its dates, and its values in each field."""
    date = event.date
    fields = {}
    for name, field in index.fields.items():
        grown = Field(
            ids=field.ids,
            number=field.number,
            names=field.names,
            rank=field.rank,
            indptr=np.insert(field.indptr, p, field.indptr[p]),
            values=field.values,
            owner=_shift(field.owner, p),
            post_ptr=field.post_ptr,
            post=_shift(field.post, p),
        )
        values = [event.category] if name == "category" else list(getattr(event, name))
        fields[name] = grown.relinked({p: values})
    return Postings(
        index.events + 1,
        np.insert(index.year, p, date.year).astype(index.year.dtype),
        np.insert(index.earliest, p, day_key(date.earliest())).astype(index.earliest.dtype),
        np.insert(index.latest, p, day_key(date.latest())).astype(index.latest.dtype),
        fields,
    )


def _text_index(index: TextIndex, p: int, text: str) -> TextIndex:
    """The text index with an empty row at ``p``, the event's text read as a patched one's."""
    under = index._base if isinstance(index, PatchedTextIndex) else index
    built: TextIndex = object.__new__(TextIndex)
    built.__dict__.update(vars(under))
    built.events = under.events + 1
    built.token_start = np.insert(under.token_start, p, under.token_start[p]).astype(under.token_start.dtype)
    built.post = _shift(under.post, p)
    patched = {at + (at >= p): t for at, t in getattr(index, "patched", {}).items()}
    return PatchedTextIndex(built, {**patched, p: text})


def _dated_words(words: WordIndex, event: Event, p: int) -> WordIndex:
    """The search index's event dates with the event's at ``p`` (its place in their order: `redate`'s)."""
    year, month, day = _date_parts(event)
    words.event_year = np.insert(words.event_year, p, year).astype(words.event_year.dtype)
    words.event_month = np.insert(words.event_month, p, month).astype(words.event_month.dtype)
    words.event_day = np.insert(words.event_day, p, day).astype(words.event_day.dtype)
    order = _shift(words.date_order, p)
    words.date_order = np.append(order, p).astype(order.dtype)  # moved into place by `redate`
    words.date_keys = np.append(words.date_keys, 0).astype(words.date_keys.dtype)
    return words


__all__ = ["KEPT", "bare_event"]
