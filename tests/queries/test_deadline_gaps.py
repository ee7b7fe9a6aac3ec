"""No request loop runs long between two looks at its deadline, however large the client's input.

A loop that checks its deadline every N items stops near the limit only while one item is
cheap. When an item's cost grows with what the client sent (the words of a text), N items can
run for seconds past the limit: a 2,000-word text ordered by relevance ran 545 ms past it on
the full import, and 5,000 search words 7 s. Each case below records the CPU clock at every
check of a deadline that never runs out, and bounds the longest stretch without one.
CPU time, not wall time, so a busy machine does not move the figure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from graph.deadline import Deadline
from graph.queries.events import MAX_TEXT_WORDS, EventOrder, EventQuery, filter_events, order_events
from graph.queries.search import search
from graph.queries.word_index import MAX_WORDS
from graph.store import KnowledgeGraph

#: The longest CPU stretch allowed between two checks: far under the 100 ms the time limit allows
#: a request past it, far over one item's cost when the pacing follows the work.
MAX_GAP_S = 0.05


class RecordingDeadline(Deadline):
    """A deadline that never runs out and remembers the CPU clock at every check."""

    def __init__(self) -> None:
        super().__init__(3_600_000)
        self.checks: list[float] = []

    def check(self) -> None:
        self.checks.append(time.process_time())
        super().check()


LONG_TEXT = "the " * 2000
Walk = Callable[[KnowledgeGraph, Deadline], Any]

WALKS = [
    pytest.param(
        lambda kg, d: order_events(
            kg, filter_events(kg, EventQuery(text="the"), d), EventOrder.RELEVANCE, LONG_TEXT, d
        ),
        id="relevance-order-of-a-long-text",
    ),
    pytest.param(
        lambda kg, d: filter_events(kg, EventQuery(text=" ".join(["the"] * MAX_TEXT_WORDS)), d),
        id="text-filter-at-its-word-cap",
    ),
    pytest.param(
        lambda kg, d: search(kg, " ".join(["of"] * MAX_WORDS), deadline=d), id="search-at-its-word-cap"
    ),
]


@pytest.mark.parametrize("walk", WALKS)
def test_the_longest_stretch_between_two_deadline_checks_is_short(kg: KnowledgeGraph, walk: Walk) -> None:
    walk(kg, RecordingDeadline())  # indexes built on first use are not the walk's own work
    deadline = RecordingDeadline()
    start = time.process_time()
    walk(kg, deadline)
    end = time.process_time()
    marks = [start, *deadline.checks, end]
    gaps = [later - earlier for earlier, later in pairwise(marks)]
    assert deadline.checks, "the walk never looked at its deadline"
    assert max(gaps) <= MAX_GAP_S, (
        f"{max(gaps) * 1000:.0f} ms of CPU between two checks ({len(deadline.checks)} checks)"
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        # Combining accents alone fold to nothing: no word to score by.
        pytest.param("\u0301" * 50, id="combining-marks-alone"),
    ],
)
def test_a_relevance_order_with_no_word_keeps_date_order(kg: KnowledgeGraph, text: str) -> None:
    ids = filter_events(kg, EventQuery(text="the"))
    assert order_events(kg, ids, EventOrder.RELEVANCE, text, RecordingDeadline()) == ids
