"""The pre-fork parent leaves no hole in its small-object heap for a worker's objects to fall into."""

from __future__ import annotations

import gc
import os
import sys

import numpy as np
import numpy.typing as npt
import pytest

from clio.heap import fill_free_blocks, free_blocks

pytestmark = pytest.mark.skipif(
    not hasattr(sys, "_debugmallocstats") or not free_blocks(), reason="needs CPython's pymalloc"
)


def _shared(pages: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Whether each of ``pages`` is in memory and mapped by another process too (/proc/self/pagemap).

    Read into one array: a Python int per page would itself be allocated among the pages measured.
    """
    start, end = int(pages[0]), int(pages[-1]) + 1
    with open("/proc/self/pagemap", "rb") as pagemap:
        pagemap.seek(start * 8)
        entries = np.frombuffer(pagemap.read((end - start) * 8), dtype=np.uint64)[pages - start]
    present = (entries >> np.uint64(63)) & np.uint64(1)
    exclusive = (entries >> np.uint64(56)) & np.uint64(1)
    return (present == 1) & (exclusive == 0)


def test_holes_left_by_freed_objects_are_taken() -> None:
    kept = [(i, f"{i}") for i in range(200_000)]
    del kept[::2]  # a hole in every pool that held them
    before = sum(free_blocks().values())
    assert before > 100_000
    taken = fill_free_blocks()
    assert taken >= before
    assert sum(free_blocks().values()) < before // 100


@pytest.mark.skipif(not os.path.exists("/proc/self/pagemap"), reason="needs Linux's pagemap")
def test_a_forked_child_allocates_apart_from_the_parents_objects() -> None:
    # The parent's objects, with holes between them; filled, a child's new objects go elsewhere
    # and the pages holding the parent's stay shared.
    parent_objects = [(i, f"{i:>12}") for i in range(100_000)]
    del parent_objects[::2]
    fill_free_blocks()
    # The pages holding the parent's tuples and their strings.
    pages = np.unique(np.array([id(o) // 4096 for pair in parent_objects for o in pair], dtype=np.int64))
    read, write = os.pipe()
    # As `clio.prefork.serve` does: a child's full collection would otherwise write to every
    # container the test session holds.
    gc.freeze()
    try:
        pid = os.fork()
    finally:
        if pid:
            gc.unfreeze()
    if pid == 0:  # the child: allocate as a request would, then count the parent's pages it copied
        try:
            os.close(read)
            shared = _shared(pages)
            made = [(i, f"{i:>12}") for i in range(50_000)]
            copied = int(np.count_nonzero(shared & ~_shared(pages)))
            os.write(write, f"{copied} {len(made)}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        copied, made = map(int, answer.read().split())
    os.waitpid(pid, 0)
    # Without the fill, the child's 50,000 tuples and strings land in the parent's holes and
    # copy its pages (thousands); with it, next to none. A bound far from both.
    assert made == 50_000
    assert copied < 1_000, f"{copied} of {len(pages)} parent pages copied"
