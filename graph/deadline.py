"""A point in time after which a long computation stops: the per-request time limit, seen from graph/.

Graph algorithms that walk much of the graph (paths, neighbourhoods, facets, timelines,
text filters) take a ``Deadline`` and call ``check()`` inside their loops, so a request
stops near its limit instead of after the loop; the app gives each request one (the
schema's deadline is this class too). Checking costs a clock read, so long loops check
every `EVERY` items through `paced`, not on every item.

``deadline=None`` everywhere means "no limit": notebooks and tests call the same
functions without one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from graph.errors import ClioError

T = TypeVar("T")

#: Items between two clock reads in a long loop: a few hundred microseconds of work at most.
EVERY = 512


class TimeLimitExceeded(ClioError):
    """Work stopped because its time limit ran out."""

    def __init__(self, limit_ms: int) -> None:
        super().__init__(
            f"the query ran longer than the time limit of {limit_ms} ms and was stopped; "
            "ask for smaller pages or fewer nested lists"
        )
        self.limit_ms = limit_ms


class Deadline:
    """A time limit started now: ``check()`` raises `TimeLimitExceeded` once it has run out.

    >>> Deadline(60_000).expired
    False
    >>> Deadline(1_000, started=time.monotonic() - 2).expired  # a request that waited two seconds
    True
    >>> Deadline(0).check()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.deadline.TimeLimitExceeded: the query ran longer than the time limit of 0 ms and was stopped; ...
    """

    def __init__(self, limit_ms: int, started: float | None = None) -> None:
        """A limit of ``limit_ms`` from ``started`` (a ``time.monotonic()`` reading), or from now."""
        self.limit_ms = limit_ms
        self.at = (time.monotonic() if started is None else started) + limit_ms / 1000

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        return max(self.at - time.monotonic(), 0.0)

    def check(self) -> None:
        """Raise `TimeLimitExceeded` when the time is up."""
        if time.monotonic() >= self.at:
            raise TimeLimitExceeded(self.limit_ms)


def check(deadline: Deadline | None) -> None:
    """``deadline.check()``, for callers whose deadline may be None (no limit)."""
    if deadline is not None:
        deadline.check()


def paced(items: Iterable[T], deadline: Deadline | None, every: int = EVERY) -> Iterator[T]:
    """The items, checking the deadline before the first and after every ``every`` of them.

    >>> list(paced(range(3), None))
    [0, 1, 2]
    """
    if deadline is None:
        yield from items
        return
    deadline.check()
    countdown = every
    for item in items:
        yield item
        countdown -= 1
        if not countdown:
            deadline.check()
            countdown = every


__all__ = ["EVERY", "Deadline", "TimeLimitExceeded", "check", "paced"]
