"""Renames applied to a built graph: an event's title; a person's, place's, tag's or category's name.

`graph.incremental.patch` shares every structure a change cannot reach. A rename reaches
the structures built from names, and each is corrected here rather than built again:

* the search index (`graph.queries.word_patch.PatchedWordIndex`: the renamed nodes scored
  on their new names at read time, their tie-break ranks placed again);
* the exact-name table behind ``find`` and ``lookup`` (`NameTable`: the renamed nodes'
  old names forgotten, their new ones listed apart);
* the name orders of ``people``, ``locations``, ``tags`` and ``categories``
  (`graph.name_order.PatchedNameOrder`);
* the facets' value names and their tie order, in the posting lists and the counts made
  at load (`graph.queries.facet_patch`), for a person's, place's, organisation's, tag's or
  category's name;
* the text index, for a title, as `graph.incremental` does for a summary.

An event's title is also the second key of the date order, and of the order of the
events on each month-day: a new title that moves the event past another of the same
date is not patched (`keeps_order`): the caller builds the graph whole then. A category's
name reaches the same structures but search, which lists no category.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.incremental_links import _step
from graph.models import Category, Event, Kind, Location, Organization, Person, Record, Tag
from graph.name_order import NameOrder, PatchedNameOrder
from graph.queries.facet_patch import rename_facets
from graph.queries.postings import FIELDS
from graph.queries.word_index import SEARCHABLE
from graph.queries.word_patch import PatchedWordIndex
from graph.store import KnowledgeGraph
from graph.text import fold

#: Fields whose change this module corrects, by record class.
RENAMES: dict[type, frozenset[str]] = {
    Event: frozenset({"title"}),
    Person: frozenset({"name", "aliases"}),
    Location: frozenset({"name", "aliases"}),
    Organization: frozenset({"name", "aliases"}),
    Tag: frozenset({"name", "aliases"}),
    Category: frozenset({"name"}),
}
#: The facet field whose values are the records of a kind (`graph.queries.postings.FIELDS`).
FACET_OF = {kind: field for field, kind in FIELDS.items()}


def names_of(record: Record) -> set[str]:
    """The folded names ``find`` knows a record by (`graph.store`'s ``_names_of``)."""
    if isinstance(record, Event):
        return {fold(record.title)}
    return {fold(name) for name in (record.name, *getattr(record, "aliases", ()))}


class NameTable:
    """Corrections to a graph's exact-name table (folded name -> node numbers) for renamed nodes."""

    def __init__(
        self, stale: frozenset[int], fresh: dict[str, frozenset[int]], names: dict[int, set[str]]
    ) -> None:
        self.stale = stale  # renamed nodes: their numbers are dropped from the table built whole
        self.fresh = fresh  # folded name -> renamed nodes called so now
        self.names = names  # renamed node -> its folded names now

    def found(self, folded: str, numbers: Iterable[int]) -> list[int]:
        """The node numbers called ``folded``: ``numbers`` from the table built whole, corrected."""
        return sorted({n for n in numbers if n not in self.stale} | self.fresh.get(folded, frozenset()))

    def renamed(self, now: dict[int, set[str]]) -> NameTable:
        """This table with the nodes of ``now`` (number -> folded names now) renamed too."""
        names = {**self.names, **now}
        fresh: dict[str, set[int]] = {}
        for number, called in names.items():
            for name in called:
                fresh.setdefault(name, set()).add(number)
        return NameTable(
            self.stale | frozenset(now), {name: frozenset(found) for name, found in fresh.items()}, names
        )


def keeps_order(before: KnowledgeGraph, records: dict[str, Record]) -> bool:
    """Whether the retitled events of ``records`` keep their places in the date order and on their days."""
    titled = [r for r in records.values() if isinstance(r, Event) and before.record(r.id).title != r.title]
    if not titled:
        return True

    def now(event_id: str) -> Event:
        record = records.get(event_id)
        return record if isinstance(record, Event) else before.record(event_id)

    def date_key(event: Event) -> tuple[Any, ...]:
        return (event.date.sort_key(), event.title, event.id)

    order = before.ids(Kind.EVENT)
    for event in titled:
        at = before.event_position(event.id)
        key = date_key(event)
        if at > 0 and not date_key(now(order[at - 1])) < key:
            return False
        if at + 1 < len(order) and not key < date_key(now(order[at + 1])):
            return False
        for day in _days_of(before, event.id):
            row = before.on_day_ids(*day)
            at = row.index(event.id)
            if at > 0 and not _newer_first(now(row[at - 1]), event):
                return False
            if at + 1 < len(row) and not _newer_first(event, now(row[at + 1])):
                return False
    return True


def _newer_first(a: Event, b: Event) -> bool:
    """Whether ``a`` comes before ``b`` on a month-day's list: newest first, then title, then id."""
    first, second = a.date.sort_key(), b.date.sort_key()
    return first > second or (first == second and (a.title, a.id) < (b.title, b.id))


def _days_of(kg: KnowledgeGraph, event_id: str) -> list[tuple[int, int]]:
    nodes = kg.graph.nodes
    return [
        (nodes[n]["month"], nodes[n]["day"])
        for n in kg.graph.successors(event_id)
        if nodes[n]["kind"] is Kind.DAY
    ]


def renamable(before: KnowledgeGraph, records: dict[str, Record], most: int) -> list[str] | None:
    """The ids of ``records`` renamed since ``before``; None when a rename cannot be patched.

    Args:
        before: the graph served now.
        records: id -> its record now, each of an id ``before`` has, of the same class.
        most: how many renamed nodes the patched indexes may hold (then a whole build compacts them).
    """
    renamed = [
        node_id
        for node_id, record in records.items()
        if type(record) in RENAMES and names_differ(before.record(node_id), record)
    ]
    if not renamed:
        return renamed
    if not keeps_order(before, records):
        return None
    if patched_count(before) + len(renamed) > most:
        return None
    return renamed


def names_differ(old: Record, new: Record) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in RENAMES[type(new)])


def rename(before: KnowledgeGraph, after: KnowledgeGraph, memo: dict[str, Any], renamed: list[str]) -> None:
    """Correct ``memo`` (``after``'s indexes, as ``before``'s) and ``after``'s name table for ``renamed``."""
    index = memo.get("search")
    searched = [i for i in renamed if after.kind_of(i) in SEARCHABLE]  # a category is not searched
    if index is not None and searched:
        with _step("names: search index"):
            index.words = PatchedWordIndex(index.words, before, after, searched)
    with _step("names: exact names"):
        table = before.__dict__.get("_renamed") or NameTable(frozenset(), {}, {})
        numbers = after._table.row
        now: dict[int, set[str]] = {}
        for node_id in renamed:
            number = numbers(node_id)
            assert number is not None  # a node of ``before``, and so of ``after``
            now[number] = names_of(after.record(node_id))
        after._renamed = table.renamed(now)
    facets: dict[str, dict[str, str]] = {}
    for node_id in renamed:
        field = FACET_OF.get(after.kind_of(node_id))
        if field is not None and before.record(node_id).name != after.record(node_id).name:
            facets.setdefault(field, {})[node_id] = after.record(node_id).name
    if facets:
        with _step("names: facets"):
            rename_facets(after, memo, facets)
    for kind in (Kind.PERSON, Kind.LOCATION, Kind.TAG, Kind.CATEGORY):
        order = memo.get(f"by-name:{kind.value}")
        changed = {
            i: (fold(before.record(i).name), fold(after.record(i).name))
            for i in renamed
            if after.kind_of(i) is kind and before.record(i).name != after.record(i).name
        }
        if isinstance(order, NameOrder) and changed:
            with _step("names: name order"):
                memo[f"by-name:{kind.value}"] = PatchedNameOrder(order, changed)


def patched_count(kg: KnowledgeGraph) -> int:
    """How many nodes the served graph's indexes score on patched names."""
    index = kg._memo.get("search")
    return len(getattr(getattr(index, "words", None), "fresh", ()))


__all__ = [
    "FACET_OF",
    "RENAMES",
    "NameTable",
    "keeps_order",
    "names_of",
    "patched_count",
    "renamable",
    "rename",
]
