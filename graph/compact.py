"""Compact, reference-count-free storage for what every request reads: ids and lists of nodes.

A pre-fork server shares the loaded graph's pages with its workers until one writes to
them, and in CPython 3.11 reading an object writes its reference count. A tuple of ids
read by a request (a person's events, the events of a day), a dict of neighbours walked
by `connection`, an int in a memo: each read makes the page that holds it the worker's
own. Here such structures are numbers in buffers (`array`, numpy), which a read never
writes:

- `IdTable`: every node id, numbered in id order (so comparing numbers compares ids),
  kept as one string; an id is sliced out, a new object of the reader's own, when asked.
- `IdIndex`: the same, in any order, with the number of an id found by its hash in arrays
  (a dict of id -> number hands out its int values, and every read writes one's count).
- `IdList`: some of the ids of an `IdTable`, in an order of their own, as their numbers.
- `Rows`: lists of node numbers in compressed sparse rows, row ``i`` being
  ``values[starts[i]:starts[i + 1]]``.

Both are built once, before the server forks, and never written to after. A snapshot
carries their buffers as bytes (its unpickler admits no array reconstructor).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, overload

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
        self._hold(ids)

    def _hold(self, ids: Sequence[str]) -> None:
        """Keep ``ids`` as one string and where each one starts in it."""
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


class IdIndex(IdTable):
    """Ids numbered in the order given, held as one string, each found by its hash.

    An open-addressing table of arrays: slot ``hash(id) & mask`` (then the next ones) holds a
    number and the hash of its id. A lookup reads numbers out of buffers and compares one
    slice of the ids' string with what was asked: it writes to nothing the parent built.
    The slots follow this process's string hashes, so a snapshot carries the ids only and
    each process builds its slots as it loads (`__setstate__`).

    >>> index = IdIndex(["person:b", "event:a"])
    >>> index.number("event:a"), index.number("event:zz"), index[0], "person:b" in index
    (1, None, 'person:b', True)
    """

    __slots__ = ("_hashes", "_mask", "_slots")

    def __init__(self, ids: Sequence[str]) -> None:
        self._hold(ids)  # in the order given: numbers are rows, not places in id order
        self._build_slots()

    def _build_slots(self) -> None:
        count = len(self)
        size = 1 << max(3, (2 * count).bit_length())  # at most half full: short probe runs
        mask = size - 1
        slots = array("i", [-1]) * size
        hashes = array("q", [0]) * size
        for number in range(count):
            key = self[number]
            hashed = hash(key)
            at = hashed & mask
            while slots[at] >= 0:
                if hashes[at] == hashed and self[slots[at]] == key:
                    raise ValueError(f"{key!r} is given twice")
                at = (at + 1) & mask
            slots[at] = number
            hashes[at] = hashed
        self._slots, self._hashes, self._mask = slots, hashes, mask

    def number(self, node_id: str) -> int | None:
        """The number of ``node_id``; None when it is not here."""
        hashed = hash(node_id)
        mask, slots, hashes = self._mask, self._slots, self._hashes
        at = hashed & mask
        while True:
            number = slots[at]
            if number < 0:
                return None
            if hashes[at] == hashed:
                starts = self._starts
                if self._text[starts[number] : starts[number + 1]] == node_id:
                    return number
            at = (at + 1) & mask

    def __contains__(self, node_id: object) -> bool:
        return isinstance(node_id, str) and self.number(node_id) is not None

    def __iter__(self) -> Iterator[str]:
        text, starts = self._text, self._starts
        return (text[starts[n] : starts[n + 1]] for n in range(len(self)))

    @property
    def nbytes(self) -> int:
        return (
            super().nbytes
            + self._slots.itemsize * len(self._slots)
            + self._hashes.itemsize * len(self._hashes)
        )

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self._build_slots()


class IdList(Sequence[str]):
    """Ids of an `IdTable` given by their numbers: a list of ids that hands out new strings.

    >>> table = IdTable(["event:a", "event:b", "person:c"])
    >>> ids = IdList(table, [1, 0])
    >>> list(ids), ids[0], ids[-1:], len(ids)
    (['event:b', 'event:a'], 'event:b', ['event:a'], 2)
    """

    __slots__ = ("_numbers", "_table")

    def __init__(self, table: IdTable, numbers: Iterable[int]) -> None:
        self._table = table
        self._numbers = array("i", numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, at: int) -> str: ...
    @overload
    def __getitem__(self, at: slice) -> list[str]: ...
    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, slice):
            return self._table.ids(self._numbers[at])
        return self._table[self._numbers[at]]

    def __iter__(self) -> Iterator[str]:
        table = self._table
        return (table[number] for number in self._numbers)

    def __getstate__(self) -> dict[str, Any]:
        return {"table": self._table, "numbers": self._numbers.tobytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._table = state["table"]
        self._numbers = array("i")
        self._numbers.frombytes(state["numbers"])


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


class PatchedRows(Rows):
    """`Rows` with some rows replaced: a relinked graph's lists, sharing every other row.

    The base arrays are shared as they are (`graph.incremental_links`); a replaced row is
    read from ``patched``. ``len`` is the base's: a relink adds no node.

    >>> rows = PatchedRows(Rows.from_lists([[3, 1], [], [2]]), {1: np.array([7], dtype=np.int32)})
    >>> rows.row(1).tolist(), rows.length(1), rows.row(0).tolist(), len(rows)
    ([7], 1, [3, 1], 3)
    """

    __slots__ = ("patched",)
    patched: dict[int, Numbers]

    def __init__(self, base: Rows, patched: dict[int, Numbers]) -> None:
        super().__init__(base.starts, base.values)
        if isinstance(base, PatchedRows):
            patched = {**base.patched, **patched}  # a patched graph patched again
        self.patched = patched

    def row(self, number: int) -> Numbers:
        found = self.patched.get(number)
        return super().row(number) if found is None else found

    def length(self, number: int) -> int:
        found = self.patched.get(number)
        return super().length(number) if found is None else len(found)

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("patched rows are served, never stored: build the graph whole to save them")


__all__ = ["IdIndex", "IdList", "IdTable", "Numbers", "PatchedRows", "Rows"]
