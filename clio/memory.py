"""What a process really costs in memory: USS and PSS from ``/proc/<pid>/smaps_rollup``.

RSS counts every page a process can see, so forked workers that share one loaded graph
copy-on-write would each appear to hold all of it. USS (unique set size: the pages only
this process holds) is what one more worker costs; PSS (proportional set size: each
shared page divided among its sharers) adds up to the real total over all processes.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ClioError

_FIELDS = {
    "Rss": "rss",
    "Pss": "pss",
    "Private_Clean": "private_clean",
    "Private_Dirty": "private_dirty",
    "Shared_Clean": "shared_clean",
    "Shared_Dirty": "shared_dirty",
    "Swap": "swap",
}


@dataclass(frozen=True, slots=True)
class ProcessMemory:
    """One process's memory in bytes."""

    pid: int
    rss: int
    pss: int
    private_clean: int
    private_dirty: int
    shared_clean: int
    shared_dirty: int
    swap: int

    @property
    def uss(self) -> int:
        """Pages no other process shares: what this process alone costs."""
        return self.private_clean + self.private_dirty


def memory_of(pid: int) -> ProcessMemory:
    """Read a process's memory from ``/proc/<pid>/smaps_rollup`` (Linux 4.14+).

    Raises:
        ClioError: no such process, or no smaps_rollup to read (not Linux, no permission).
    """
    path = Path(f"/proc/{pid}/smaps_rollup")
    try:
        text = path.read_text()
    except OSError as error:
        raise ClioError(f"cannot read the memory of process {pid} ({path}: {error.strerror})") from None
    values = {name: 0 for name in _FIELDS.values()}
    for line in text.splitlines():
        label, _, rest = line.partition(":")
        amount = rest.split()
        if label in _FIELDS and amount:
            values[_FIELDS[label]] = int(amount[0]) * 1024  # the kernel writes every amount in kB
    return ProcessMemory(pid=pid, **values)


def children_of(pid: int) -> list[int]:
    """The direct children of a process (a `clio serve` parent's workers)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue  # a thread that ended while we looked
    return sorted(children)


_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_malloc_arenas(arenas: int) -> bool:
    """Cap the malloc arenas of this process and of the workers it forks (glibc's M_ARENA_MAX).

    glibc gives threads arenas of their own, up to eight per core: a worker's forty query
    threads wrote their allocations over a dozen arenas, 50-60 MB of each worker's own
    memory on the full import, where two arenas held the same at 80-90 MB less USS a worker
    (`bench/RESULTS.md`). Python objects come from its own allocator under the interpreter
    lock, so few arenas cost no waiting. Call it before any thread starts: glibc fixes the
    cap when a thread first needs an arena.

    Returns:
        Whether the C library took it (False on a libc without mallopt, such as musl).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))


__all__ = ["ProcessMemory", "children_of", "limit_malloc_arenas", "memory_of"]
