"""Compact, reference-count-free storage for what every request reads: ids and lists of nodes.

A pre-fork server shares the loaded graph's pages with its workers until one writes to
them, and in CPython 3.11 reading an object writes its reference count. A tuple of ids
read by a request (a person's events, the events of a day), a dict of neighbours walked
by `connection`, an int in a memo: each read makes the page that holds it the worker's
own. Here such structures are numbers in buffers (`array`, numpy), which a read never
writes:

- `IdTable`: every node id, numbered in id order (so comparing numbers compares ids),
  kept as one string; an id is sliced out, a new object of the reader's own, when asked.
- `Rows`: lists of node numbers in compressed sparse rows, row ``i`` being
  ``values[starts[i]:starts[i + 1]]``.

Both are built once, before the server forks, and never written to after. A snapshot
carries their buffers as bytes (its unpickler admits no array reconstructor).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

Numbers = npt.NDArray[np.int32]


def packed(value: Any) -> Any:
    """``value`` ready for a snapshot: a numpy array as ``(dtype, shape, bytes)``, else as it is.

    A snapshot's unpickler resolves only the graph's own classes, so arrays travel as bytes.
    """
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, value.tobytes())
    return value


def unpacked(value: tuple[str, tuple[int, ...], bytes]) -> npt.NDArray[Any]:
    """The array `packed` gave as ``(dtype, shape, bytes)``, read from the bytes without a copy."""
    dtype, shape, data = value
    return np.frombuffer(data, dtype=np.dtype(dtype)).reshape(shape)


class IdTable:
    """Node ids by number, in id order, held as one string.

    >>> table = IdTable(["event:b", "person:a"])
    >>> table[1], table.ids([1, 0]), len(table)
    ('person:a', ['person:a', 'event:b'], 2)
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, ids: Sequence[str]) -> None:
        if any(a >= b for a, b in pairwise(ids)):
            raise ValueError("ids must be given in ascending order, each once")
        self._text = "".join(ids)
        starts = array("q", [0])
        at = 0
        for node_id in ids:
            at += len(node_id)
            starts.append(at)
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, number: int) -> str:
        starts = self._starts
        return self._text[starts[number] : starts[number + 1]]

    def ids(self, numbers: Iterable[int]) -> list[str]:
        """The ids of ``numbers``, in their order."""
        text, starts = self._text, self._starts
        return [text[starts[n] : starts[n + 1]] for n in numbers]

    @property
    def nbytes(self) -> int:
        return len(self._text) + self._starts.itemsize * len(self._starts)

    def __getstate__(self) -> dict[str, Any]:
        return {"text": self._text, "starts": self._starts.tobytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._text = state["text"]
        self._starts = array("q")
        self._starts.frombytes(state["starts"])


class Rows:
    """Lists of numbers by row number, in one array each for where rows start and what they hold.

    >>> rows = Rows.from_lists([[3, 1], [], [2]])
    >>> rows.row(0).tolist(), rows.length(1), len(rows)
    ([3, 1], 0, 3)
    """

    __slots__ = ("starts", "values")

    def __init__(self, starts: array[int], values: Numbers) -> None:
        #: Row ``i`` is ``values[starts[i] : starts[i + 1]]``; an `array` for fast single reads.
        self.starts = starts
        self.values = values

    @classmethod
    def from_lists(cls, lists: Iterable[Iterable[int]]) -> Rows:
        starts = array("q", [0])
        flat: array[int] = array("i")
        for row in lists:
            flat.extend(row)
            starts.append(len(flat))
        values = np.frombuffer(flat.tobytes(), dtype=np.int32) if flat else np.zeros(0, dtype=np.int32)
        return cls(starts, values)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def row(self, number: int) -> Numbers:
        """Row ``number``, a read-only view (no copy)."""
        starts = self.starts
        return self.values[starts[number] : starts[number + 1]]

    def length(self, number: int) -> int:
        starts = self.starts
        return starts[number + 1] - starts[number]

    @property
    def nbytes(self) -> int:
        return int(self.values.nbytes) + self.starts.itemsize * len(self.starts)

    def __getstate__(self) -> dict[str, Any]:
        return {"starts": self.starts.tobytes(), "values": self.values.tobytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.starts = array("q")
        self.starts.frombytes(state["starts"])
        self.values = np.frombuffer(state["values"], dtype=np.int32)


__all__ = ["IdTable", "Numbers", "Rows"]
