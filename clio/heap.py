"""Fill the holes of the parent's small-object heap before forking, so workers allocate apart.

CPython allocates objects of up to 512 bytes from pools of 16 kB (pymalloc), and a new
object goes first into a pool that still has free blocks. After loading a graph the
parent's pools are full of such holes, left by everything loading freed; a forked worker
would put its own short-lived objects (a request's records, dicts, tuples) into them,
writing to pages it shares with the parent and so copying each one. Measured with
`bench/shared_pages.py`, most of what a worker copied came from this, not from the
objects it read.

`fill_free_blocks` asks the allocator how many free blocks each size class has
(`sys._debugmallocstats`, the one place CPython reports it) and takes them all with
objects of that size, kept for the life of the process: a worker then starts new pools
of its own. The cost is those blocks, already mostly in pages the parent holds anyway.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator

#: Kept alive for the life of the process: the objects that fill the holes.
_FILLERS: list[object] = []
_ROW = re.compile(rb"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", re.MULTILINE)
_BYTES_HEADER = sys.getsizeof(b"")  # a bytes object of n bytes takes this plus n


@contextlib.contextmanager
def _stderr_to(file: object) -> Iterator[None]:
    # `_debugmallocstats` writes to the C stream, so the descriptor itself is redirected.
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(file.fileno(), 2)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def free_blocks() -> dict[int, int]:
    """Free blocks in the pools in use, by block size in bytes (empty without pymalloc)."""
    with tempfile.TemporaryFile() as report:
        with _stderr_to(report):
            sys._debugmallocstats()
        report.seek(0)
        text = report.read()
    return {int(size): int(avail) for _, size, _, _, avail in _ROW.findall(text) if int(avail)}


def _filler(size: int, number: int) -> object:
    """A new object of exactly ``size`` bytes of heap (a block of that size class)."""
    if size <= 16:
        return object()
    if size <= 32:
        return 2**29 + number  # an int below 2**30 takes 28 bytes, a new object each
    return bytes(size - _BYTES_HEADER)


def fill_free_blocks(rounds: int = 3) -> int:
    """Take every free block of the small-object heap; the number of blocks taken.

    A few rounds: the list that keeps the fillers and the report itself allocate too.
    """
    taken = 0
    for _ in range(rounds):
        holes = free_blocks()
        if not holes:
            break
        batch = [_filler(size, i) for size, count in holes.items() for i in range(count)]
        _FILLERS.append(batch)
        taken += len(batch)
    return taken


__all__ = ["fill_free_blocks", "free_blocks"]
