"""A small, thread-safe, bounded memo: what a repeated query costs to check is paid once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedMemo(Generic[V]):
    """Values by key, the least recently used dropped past ``size``; ``size`` 0 keeps nothing.

    Queries run in worker threads, hence the lock; ``make`` runs outside it, so two threads
    may both make a value the first time, which is harmless for pure functions.

    >>> memo = BoundedMemo[int](2)
    >>> [memo.get("a", lambda: 1), memo.get("a", lambda: 2), memo.get("b", lambda: 3)]
    [1, 1, 3]
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key``, made by ``make()`` (and kept) when it is not known; exceptions pass."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        if self.size:
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value


__all__ = ["BoundedMemo"]
