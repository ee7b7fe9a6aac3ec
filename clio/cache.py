"""A bounded, thread-safe LRU cache of whole GraphQL answers, held as encoded bytes.

The key names every input an answer depends on: the document, the variables, the
operation name, the data version (``KnowledgeGraph.version``, so a reload never serves an
answer computed from older data) and the day the request ran on (``howLongAgo`` without
``asOf`` counts to today, so yesterday's answer is not today's).

The bound is in bytes as well as in answers: a few hundred answers of 400 kB each would
otherwise hold a gigabyte. Answers are kept as the bytes orjson makes of them, so what is
counted is what is held (a Python dict of the same answer takes several times its JSON).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, NamedTuple

import orjson

# Memory an entry holds besides its key's text and its answer: the key tuple, the dict slot.
ENTRY_OVERHEAD = 200
# One answer may take at most this share of the cache, so a single huge answer cannot
# evict every other one.
LARGEST_SHARE = 8


def current_version(version: object) -> object:
    """The data version now: a version that can change (edits) is given as a function returning it."""
    return version() if callable(version) else version


class CacheKey(NamedTuple):
    query: str
    variables: bytes
    operation_name: str | None
    version: object
    today: object

    def size(self) -> int:
        return len(self.query) + len(self.variables) + len(self.operation_name or "") + ENTRY_OVERHEAD


class Cached(NamedTuple):
    """An answer as it was encoded, and the cost the limits measured when it ran."""

    answer: bytes
    cost: int | None


class ResponseCache:
    """Least-recently-used answers: at most ``size`` of them and ``max_bytes`` in all (0 turns it off)."""

    def __init__(self, size: int, max_bytes: int) -> None:
        self.size = size if max_bytes > 0 else 0
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[CacheKey, Cached] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        version: object,
        today: object,
    ) -> CacheKey:
        """A key that names every input and does not depend on the order of the variables' keys.

        >>> def k(variables: dict | None, day: str) -> CacheKey:
        ...     return ResponseCache.key("{a}", variables, None, "v1", day)
        >>> k({"x": 1, "y": 2}, "2026-12-01") == k({"y": 2, "x": 1}, "2026-12-01")
        True
        >>> k(None, "2026-12-01") == k(None, "2026-12-02")
        False
        """
        encoded = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS) if variables else b""
        return CacheKey(query, encoded, operation_name, version, today)

    def get(self, key: CacheKey) -> Cached | None:
        if not self.size:
            return None
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: CacheKey, value: Cached) -> bool:
        """Keep an answer, evicting the least recently used; False when it is too large to keep."""
        if not self.size:
            return False
        cost = key.size() + len(value.answer)
        if cost > self.max_bytes // LARGEST_SHARE:
            return False
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self.bytes -= key.size() + len(previous.answer)
            self._items[key] = value
            self.bytes += cost
            while len(self._items) > self.size or self.bytes > self.max_bytes:
                old_key, old = self._items.popitem(last=False)
                self.bytes -= old_key.size() + len(old.answer)
        return True

    def clear(self) -> None:
        """Forget every answer (the counts of hits and misses stay)."""
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)
