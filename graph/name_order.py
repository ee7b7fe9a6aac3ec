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
from collections.abc import Callable, Iterable, Iterator
from heapq import merge
from itertools import chain
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


def _name_at(order: NameOrder, at: int) -> str:
    """The folded name at place ``at`` of an order built whole."""
    start = order._starts[at]
    end = order._starts[at + 1] - len(_SEPARATOR) if at + 1 < len(order._starts) else len(order._names)
    return order._names[start:end]


class PatchedNameOrder(NameOrder):
    """A built `NameOrder` with some ids renamed: its arrays, read with a correction.

    Sorting and joining every name again costs a whole pass over the kind; here the
    renamed ids' old places are skipped and their new names are looked at directly, so
    `ids` and `containing` answer as an order built from the new names would.

    >>> built = NameOrder([("lenin", "person:a"), ("stalin", "person:b"), ("trotsky", "person:c")])
    >>> order = PatchedNameOrder(built, {"person:b": ("stalin", "bronstein")})
    >>> order.ids, order.containing("st"), order.containing("in")
    (('person:b', 'person:a', 'person:c'), ['person:b'], ['person:b', 'person:a'])
    """

    _base: NameOrder

    def __init__(self, base: NameOrder, renamed: dict[str, tuple[str, str]]) -> None:
        """``renamed``: id -> (its folded name before, its folded name now)."""
        under = base._base if isinstance(base, PatchedNameOrder) else base
        self.__dict__.update(vars(under))
        self._base = under
        #: Id -> (its folded name in the order built whole, its folded name now).
        self.fresh: dict[str, tuple[str, str]] = dict(getattr(base, "fresh", {}))
        for node_id, (before, now) in renamed.items():
            self.fresh[node_id] = (self.fresh.get(node_id, (before, now))[0], now)
        self._stale = {self._built_place(node_id, built) for node_id, (built, _) in self.fresh.items()}
        # Cuts in the order built whole, in order: (place, 0, (name, id)) puts the id before the
        # one built at that place; (place, 1, …) leaves out the one built there (a renamed id).
        cuts = [(place, 1, ("", "")) for place in self._stale]
        for key in ((now, node_id) for node_id, (_, now) in self.fresh.items()):
            place = _bisect(lambda i: (_name_at(under, i), under.ids[i]), len(under.ids), key)
            cuts.append((place, 0, key))
        pieces: list[tuple[str, ...]] = []
        taken = 0
        for place, leave_out, (_, node_id) in sorted(cuts):
            pieces.append(under.ids[taken:place])
            if leave_out:
                taken = place + 1
            else:
                pieces.append((node_id,))
                taken = place
        pieces.append(under.ids[taken:])
        self.ids = tuple(chain.from_iterable(pieces))

    def _built_place(self, node_id: str, name: str) -> int:
        under = self._base
        at = _bisect(lambda i: (_name_at(under, i), under.ids[i]), len(under.ids), (name, node_id))
        assert under.ids[at] == node_id, node_id  # the name it was built with
        return at

    def containing(self, needle: str, deadline: Deadline | None = None) -> list[str]:
        if _SEPARATOR in needle:
            return []
        under = self._base
        kept = [
            (_name_at(under, at), under.ids[at])
            for at in paced(self._positions(needle), deadline)
            if at not in self._stale
        ]
        fresh = sorted((now, node_id) for node_id, (_, now) in self.fresh.items() if needle in now)
        return [node_id for _, node_id in merge(kept, fresh)]

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a snapshot) as the order built whole from the names now.
        under = self._base
        pairs = [(_name_at(under, at), i) for at, i in enumerate(under.ids) if at not in self._stale]
        pairs += [(now, node_id) for node_id, (_, now) in self.fresh.items()]
        return (NameOrder, (pairs,))


def _bisect(key_at: Callable[[int], tuple[str, str]], size: int, key: tuple[str, str]) -> int:
    """How many of the ``size`` ascending keys ``key_at(i)`` are below ``key``."""
    low, high = 0, size
    while low < high:
        middle = (low + high) // 2
        if key_at(middle) < key:
            low = middle + 1
        else:
            high = middle
    return low


__all__ = ["NameOrder", "PatchedNameOrder"]
