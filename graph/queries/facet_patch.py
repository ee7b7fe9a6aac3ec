"""Facets after a rename: a person's, place's, organisation's or tag's new name in the counts built at load.

A facet lists its values by count, ties by folded name then id (`graph.queries.counts.top_values`),
and shows each value's name: the posting lists keep every value's name and its place in
that order (`Field.names`, `Field.rank`), and the counts of every event and of every
common filter (`graph.queries.aggregates.precounts`) keep their first `MAX_FACETS` values
with names. A rename changes one value's name and place; nothing else in the arrays.

So the field keeps its arrays and gets new names and ranks (the renamed values taken out
of the order and put back by their new names), the counts of every event are ordered
again from the counts the posting lists hold, and a common filter's list is corrected
where the renamed value is in it (its name, its place among values of its count), or
counted again from the filter's events where the value stands at the cut, tied with
values left out, or could stand there: one `matching` and one count, as at load.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from graph.queries.aggregates import _QUERY_FIELD, Precount
from graph.queries.counts import top_values
from graph.queries.events import EventQuery
from graph.queries.facets import MAX_FACETS, FacetCount
from graph.queries.postings import Field, Postings, matching
from graph.store import KnowledgeGraph
from graph.text import fold


def renamed_field(field: Field, names: dict[int, str]) -> Field:
    """``field`` with the values of ``names`` (value number -> name now) renamed, ranks placed again.

    >>> import numpy as np
    >>> from graph.queries.postings import Field
    >>> empty = np.zeros(0, dtype=np.int32)
    >>> field = Field(("t:a", "t:b", "t:c"), {}, ("Alpha", "Beta", "Gamma"), np.arange(3, dtype=np.int32),
    ...               empty, empty, empty, empty, empty)
    >>> renamed_field(field, {0: "Zeta"}).rank.tolist()
    [2, 0, 1]
    """
    every = list(field.names)
    for value, name in names.items():
        every[value] = name
    order = np.empty(len(field.rank), dtype=np.int64)
    order[field.rank] = np.arange(len(field.rank), dtype=np.int64)
    kept = order[~np.isin(order, np.array(sorted(names), dtype=np.int64))]
    ids = field.ids

    def key(value: int) -> tuple[str, str]:
        return (fold(every[value]), ids[value])

    placed: list[tuple[int, tuple[str, str], int]] = []
    for value in names:
        low, high = 0, len(kept)
        wanted = key(value)
        while low < high:  # how many kept values come before it
            middle = (low + high) // 2
            if key(int(kept[middle])) < wanted:
                low = middle + 1
            else:
                high = middle
        placed.append((low, wanted, value))
    placed.sort()
    # Inserted before the kept value at each place; values at one place go in the order given.
    merged = np.insert(kept, [at for at, _, _ in placed], [value for _, _, value in placed])
    rank = np.empty(len(field.rank), dtype=np.int32)
    rank[merged] = np.arange(len(merged), dtype=np.int32)
    return dataclasses.replace(field, names=tuple(every), rank=rank)


def renamed_postings(index: Postings, renamed: dict[str, dict[int, str]]) -> Postings:
    """``index`` with the fields of ``renamed`` (field -> value number -> name now) renamed."""
    fields = dict(index.fields)
    for name, names in renamed.items():
        fields[name] = renamed_field(fields[name], names)
    return dataclasses.replace(index, fields=fields)


def renamed_tops(
    tops: dict[str, tuple[FacetCount, ...]], index: Postings, renamed: dict[str, dict[int, str]]
) -> dict[str, tuple[FacetCount, ...]]:
    """The counts of every event (``facets:all``), ordered again for the renamed fields."""
    found = dict(tops)
    for name in renamed:
        field = index.fields[name]
        found[name] = top_values(field, field.count(None), MAX_FACETS)
    return found


def renamed_precounts(
    kg: KnowledgeGraph,
    precounts: dict[tuple[str, str], Precount],
    index: Postings,
    renamed: dict[str, dict[int, str]],
) -> tuple[dict[tuple[str, str], Precount], int]:
    """The common filters' counts with the renamed values corrected; and how many were counted again."""
    found = dict(precounts)
    recounted = 0
    for key, precount in precounts.items():
        facets = precount.facets
        for name, names in renamed.items():
            field, listed = index.fields[name], facets[name]
            shown = {count.id: count for count in listed}
            full = len(listed) == MAX_FACETS
            least = listed[-1].count if listed else 0
            recount = False
            for value in names:
                node_id = field.ids[value]
                count = shown.get(node_id)
                if count is not None:
                    recount |= full and count.count == least
                else:
                    # Left out, it counts at most ``least`` here: it may be tied at the cut.
                    recount |= full and least <= int(field.post_ptr[value + 1] - field.post_ptr[value])
            if recount:
                recounted += 1
                events = matching(kg, EventQuery(**{_QUERY_FIELD[key[0]]: (key[1],)}))  # type: ignore[arg-type]
                top = top_values(field, field.count(events), MAX_FACETS)
            elif any(field.ids[value] in shown for value in names):
                top = _ordered(field, listed, names)
            else:
                continue
            facets = {**facets, name: top}
        if facets is not precount.facets:
            found[key] = dataclasses.replace(precount, facets=facets)
    return found, recounted


def _ordered(field: Field, listed: tuple[FacetCount, ...], names: dict[int, str]) -> tuple[FacetCount, ...]:
    """A list that keeps its values, with the renamed ones' names, in count then new-rank order."""
    number: dict[str, int] = field.number
    counts = [
        FacetCount(c.id, names.get(number[c.id], c.name), c.count) if number[c.id] in names else c
        for c in listed
    ]
    return tuple(sorted(counts, key=lambda c: (-c.count, int(field.rank[number[c.id]]))))


def rename_facets(kg: KnowledgeGraph, memo: dict[str, Any], renamed: dict[str, dict[str, str]]) -> None:
    """Correct the posting lists and counts in ``memo`` for ``renamed``: field -> id -> name now."""
    index = memo.get("postings")
    if not isinstance(index, Postings):
        return
    by_number = {
        name: {index.fields[name].number[node_id]: now for node_id, now in names.items()}
        for name, names in renamed.items()
        if names
    }
    if not by_number:
        return
    index = renamed_postings(index, by_number)
    memo["postings"] = index
    if "facets:all" in memo:
        memo["facets:all"] = renamed_tops(memo["facets:all"], index, by_number)
    if "aggregates:single" in memo:
        memo["aggregates:single"], _ = renamed_precounts(kg, memo["aggregates:single"], index, by_number)


__all__ = ["rename_facets", "renamed_field", "renamed_postings", "renamed_precounts", "renamed_tops"]
