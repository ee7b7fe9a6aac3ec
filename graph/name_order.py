"""`NameOrder`: the ids of one kind in name order, and a substring scan over their folded names.

``people(limit: 100, offset: 500)`` lists people in name order; ``people(name: "stal")``
keeps those whose folded name holds a fragment. Kept as a list of (folded name, id)
pairs, every such request read all 90,000 pairs of the full import, and in a forked
worker reading an object writes its reference count: the pairs' pages (about 50 MB)
became each worker's own. Here the order is one tuple of ids (a page reads only its own
slice) and the names one string, scanned by `str.find` and mapped back to positions
through an array of where each name starts: the shared pages are only read.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from graph.deadline import Deadline, paced

# Folding turns every run of whitespace into one space, so no folded name holds this.
_SEPARATOR = "\n"


class NameOrder:
    """Ids in the order of their folded names, and the names to scan.

    >>> order = NameOrder([("stalin", "person:b"), ("lenin", "person:a")])
    >>> order.ids, order.containing("in"), order.containing("st")
    (('person:a', 'person:b'), ['person:a', 'person:b'], ['person:b'])
    """

    def __init__(self, named: Iterable[tuple[str, str]]) -> None:
        pairs = sorted(named)
        self.ids: tuple[str, ...] = tuple(node_id for _, node_id in pairs)
        self._names = _SEPARATOR.join(name for name, _ in pairs)
        starts = array("q")
        at = 0
        for name, _ in pairs:
            starts.append(at)
            at += len(name) + len(_SEPARATOR)
        self._starts = starts

    def containing(self, needle: str, deadline: Deadline | None = None) -> list[str]:
        """Ids, in name order, whose folded name holds ``needle`` (already folded)."""
        if _SEPARATOR in needle:
            return []
        return [self.ids[i] for i in paced(self._positions(needle), deadline)]

    def _positions(self, needle: str) -> Iterator[int]:
        names, starts = self._names, self._starts
        at = names.find(needle)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            yield index
            # On to the next name: a name that holds the needle twice is listed once.
            following = index + 1
            if following == len(starts):
                return
            at = names.find(needle, starts[following])

    # A snapshot may hold the order; the starts travel as bytes (the allow-list of
    # `graph.pickling` admits no array reconstructor).
    def __getstate__(self) -> dict[str, Any]:
        return {"ids": self.ids, "names": self._names, "starts": self._starts.tobytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.ids = state["ids"]
        self._names = state["names"]
        self._starts = array("q")
        self._starts.frombytes(state["starts"])


__all__ = ["NameOrder"]
