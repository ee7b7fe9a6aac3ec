"""Checks of the arguments a caller gives a query, each returning what is wrong rather than raising.

A caller runs every check of one call and raises them together (``graph.errors.raise_all``),
so a client with three mistakes learns all three in one answer. The caller names the
argument as its own client knows it (``filter.people`` in GraphQL).
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.calendar import days_in_month
from graph.dates import MONTH_NAMES, HistoricalDate
from graph.errors import ArgumentError, OutOfRange, StartAfterEnd, UnknownId, WrongKind
from graph.models import Kind
from graph.store import KnowledgeGraph


def id_problems(kg: KnowledgeGraph, argument: str, ids: Iterable[str], kind: Kind) -> list[ArgumentError]:
    """What is wrong with each id given for ``argument``, which takes ids of ``kind``.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> given = ["person:joseph-stalin", "event:x", "person:nobody"]
    >>> for problem in id_problems(kg, "people", given, Kind.PERSON):
    ...     print(problem)
    people: takes person ids, 'event:x' is an event id
    people: 'person:nobody' is not in the graph; search for the person first
    """
    problems: list[ArgumentError] = []
    for node_id in ids:
        if not node_id.startswith(f"{kind.value}:"):
            problems.append(WrongKind(argument, node_id, kind.value))
        elif kg.get(node_id) is None:
            problems.append(UnknownId(argument, node_id, kind.value))
    return problems


def current_ids(kg: KnowledgeGraph, ids: Iterable[str]) -> tuple[str, ...]:
    """Each id as the graph holds it now: a retired one (merged away) as the id it redirects to.

    `id_problems` takes a retired id, as ``KnowledgeGraph.get`` follows it; the indexes
    know only the ids that live, so a query reads them through this.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> kg.redirects["person:koba"] = "person:joseph-stalin"
    >>> current_ids(kg, ["person:koba", "person:joseph-stalin", "person:nobody"])
    ('person:joseph-stalin', 'person:joseph-stalin', 'person:nobody')
    """
    return tuple(i if kg.number(i) is not None else kg.redirects.get(i, i) for i in ids)


def kind_problems(argument: str, node_id: str, kind: Kind) -> list[ArgumentError]:
    """An id of another kind than ``kind`` (whether or not it is in the graph)."""
    return [] if node_id.startswith(f"{kind.value}:") else [WrongKind(argument, node_id, kind.value)]


def order_problems(
    start_argument: str, start: HistoricalDate | None, end_argument: str, end: HistoricalDate | None
) -> list[ArgumentError]:
    """A start that begins after the end could possibly finish: no date can lie between them.

    Coarse dates compare by their widest reading, so ``1920s`` to ``1924`` is a range.
    """
    if start is None or end is None or start.earliest() <= end.latest():
        return []
    return [StartAfterEnd(start_argument, start.to_edtf(), end_argument, end.to_edtf())]


def month_day_problems(month: int, day: int) -> list[ArgumentError]:
    """A month outside 1–12, or a day its month never has (the 30th of February; the 29th is a leap day).

    >>> [str(e) for e in month_day_problems(2, 30)]
    ['day: must be from 1 to 29 (February, leap years included), got 30']
    """
    if not 1 <= month <= 12:
        problems: list[ArgumentError] = [OutOfRange("month", month, 1, 12)]
        if not 1 <= day <= 31:
            problems.append(OutOfRange("day", day, 1, 31))
        return problems
    longest = days_in_month(2000, month)  # 2000 is a leap year: every day a month ever has
    if not 1 <= day <= longest:
        why = f" ({MONTH_NAMES[month - 1]}, leap years included)"
        return [OutOfRange("day", day, 1, longest, why)]
    return []


__all__ = ["current_ids", "id_problems", "kind_problems", "month_day_problems", "order_problems"]
