"""A bounded, thread-safe LRU cache of whole GraphQL results.

The key holds the data version (``KnowledgeGraph.version``), so a reload never serves an
answer computed from older data; the bound keeps a stream of distinct queries from
growing memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import orjson


class ResponseCache:
    """Least-recently-used results, at most ``size`` of them (0 turns the cache off)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(
        query: str, variables: dict[str, Any] | None, operation_name: str | None, version: object
    ) -> Hashable:
        """A key that does not depend on the order of the variables' keys.

        >>> k = ResponseCache.key
        >>> k("{a}", {"x": 1, "y": 2}, None, "v1") == k("{a}", {"y": 2, "x": 1}, None, "v1")
        True
        """
        encoded = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS) if variables else b""
        return (query, encoded, operation_name, version)

    def get(self, key: Hashable) -> Any | None:
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

    def put(self, key: Hashable, value: Any) -> None:
        if not self.size:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
