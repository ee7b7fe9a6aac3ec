"""What a process really costs in memory: USS and PSS from ``/proc/<pid>/smaps_rollup``.

RSS counts every page a process can see, so forked workers that share one loaded graph
copy-on-write would each appear to hold all of it. USS (unique set size: the pages only
this process holds) is what one more worker costs; PSS (proportional set size: each
shared page divided among its sharers) adds up to the real total over all processes.
"""

from __future__ import annotations

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


__all__ = ["ProcessMemory", "children_of", "memory_of"]
