"""Events kept by a filter, as their date-order positions, read as ids only where asked.

A filter kept by the posting lists and the text index is a sorted array of positions. A
connection asks for its length and one page: turning every position into an id first
cost what the filter kept (a hundred thousand ids for "of the" beside the hub at a million
events), where the page needs ten.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt


class EventsAt(Sequence[str]):
    """Ids of the events at ``positions`` in ``every`` (the events in date order), decoded on demand.

    >>> events = EventsAt(["event:a", "event:b", "event:c"], np.array([0, 2], dtype=np.int32))
    >>> len(events), events[1], events[::-1][0], list(events)
    (2, 'event:c', 'event:c', ['event:a', 'event:c'])
    """

    __slots__ = ("_every", "_positions")

    def __init__(self, every: Sequence[str], positions: npt.NDArray[np.int32]) -> None:
        self._every = every
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return EventsAt(self._every, self._positions[index])
        return self._every[int(self._positions[index])]

    def __iter__(self) -> Iterator[str]:
        return map(self._every.__getitem__, self._positions.tolist())


__all__ = ["EventsAt"]
