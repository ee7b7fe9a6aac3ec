"""A heavy lane: documents known to be costly run a few at a time, so cheap ones never queue behind them.

One process has one interpreter lock. Four clients each running a ``connection`` of a
second kept four threads asking for it, and every small query (``{ __typename }``
included) waited its turn among them at each step: 232 ms at p99 in the load benchmark
against a target of 100. Here a document (its text and operation name) that was priced
at ``heavy_cost`` or more, or whose last run took ``heavy_cpu_ms`` of CPU or more, waits
for one of ``heavy_lane`` places before it takes a thread; everything else goes straight
to a thread. What is heavy is learnt per worker from each run: the first run of a costly
document goes the ordinary way, every later one through the lane. A query waiting for
the lane counts its time limit from its arrival like any other, and is answered
``QUERY_TIMEOUT`` when that runs out first.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from typing import TypeVar

import anyio

T = TypeVar("T")

#: Documents whose last cost and CPU time are remembered (least recently used dropped).
REMEMBERED = 1024


class Lanes:
    """What each recent document cost, and the lane that holds heavy ones to ``heavy_lane`` at once.

    >>> lanes = Lanes(heavy_lane=1, heavy_cost=1000, heavy_cpu_ms=50)
    >>> lanes.is_heavy("q"), lanes.observe("q", cost=4902, cpu_ms=18.0), lanes.is_heavy("q")
    (False, None, True)
    >>> lanes.observe("q", cost=20, cpu_ms=1.0), lanes.is_heavy("q")
    (None, False)
    """

    def __init__(self, heavy_lane: int, heavy_cost: int, heavy_cpu_ms: int) -> None:
        self.heavy_lane = heavy_lane
        self.heavy_cost = heavy_cost
        self.heavy_cpu_ms = heavy_cpu_ms
        self._heavy: OrderedDict[Hashable, bool] = OrderedDict()
        self._lock = threading.Lock()
        # Made in the serving event loop on first use: this object is built before the fork.
        self._limiter: anyio.CapacityLimiter | None = None
        #: Heavy queries of this worker waiting for the lane, and running in it (for /metrics).
        self.waiting = 0
        self.running = 0

    def is_heavy(self, document: Hashable) -> bool:
        """Whether ``document`` was heavy the last time it ran here."""
        with self._lock:
            return self._heavy.get(document, False)

    def observe(self, document: Hashable, cost: int | None, cpu_ms: float) -> None:
        """Remember what a run of ``document`` cost: its priced cost (None if refused) and CPU time."""
        heavy = (cost is not None and cost >= self.heavy_cost) or cpu_ms >= self.heavy_cpu_ms
        with self._lock:
            self._heavy[document] = heavy
            self._heavy.move_to_end(document)
            while len(self._heavy) > REMEMBERED:
                self._heavy.popitem(last=False)

    @contextlib.asynccontextmanager
    async def lane(self, heavy: bool) -> AsyncIterator[None]:
        """Hold a place in the heavy lane for the block when ``heavy``; otherwise go straight in."""
        if not heavy:
            yield
            return
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.heavy_lane)
        self.waiting += 1
        waited = False
        try:
            async with self._limiter:
                self.waiting -= 1
                waited = True
                self.running += 1
                try:
                    yield
                finally:
                    self.running -= 1
        finally:
            if not waited:  # cancelled while waiting (its time limit ran out)
                self.waiting -= 1


class _CollectorTime(threading.local):
    """The CPU time the cyclic garbage collector has spent in this thread, in seconds.

    A collection runs in whichever thread's allocation set it off, and a full one can take
    tens of milliseconds: a cheap query it lands in is not a heavy query.
    """

    total = 0.0
    started = 0.0


_collector = _CollectorTime()


def _count_collection(phase: str, _: dict[str, int]) -> None:
    if phase == "start":
        _collector.started = time.thread_time()
    else:
        _collector.total += time.thread_time() - _collector.started


gc.callbacks.append(_count_collection)


def timed(run: Callable[[], T]) -> tuple[T, float]:
    """``run()`` and the CPU time of the calling thread it took, in ms, garbage collections left out.

    Other threads' work is not counted, nor a collection that happened to start in this one:
    the lane judges what a query costs, and one pause must not send a cheap query to the
    heavy lane, where it would wait behind the costly ones.
    """
    started, collected = time.thread_time(), _collector.total
    outcome = run()
    spent = time.thread_time() - started - (_collector.total - collected)
    return outcome, max(spent, 0.0) * 1e3


__all__ = ["REMEMBERED", "Lanes", "timed"]
