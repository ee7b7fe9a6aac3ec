"""The server under load: ``clio serve`` started, watched and measured through ``/proc``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.http import free_port, running
from bench.wire import healthy
from clio.memory import children_of
from clio.memory import memory_of as clio_memory_of


@dataclass(frozen=True, slots=True)
class Memory:
    pid: int
    role: str  # "main" or "worker"
    rss_mb: float
    pss_mb: float
    uss_mb: float


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (the workers of a pre-fork server)."""
    return [pid, *(p for child in children_of(pid) for p in process_tree(child))]


def memory_of(pid: int, role: str) -> Memory:
    """RSS, PSS and USS of one process, read by the same code as `clio memory`."""
    m = clio_memory_of(pid)
    mb = 2**20
    return Memory(pid, role, m.rss / mb, round(m.pss / mb, 1), round(m.uss / mb, 1))


@contextmanager
def serving(
    data: Path,
    workers: int,
    log: Path,
    env: dict[str, str],
    timeout: float = 900,
    *,
    snapshot: bool = False,
    port: int | None = None,
) -> Iterator[tuple[int, int]]:
    """``clio serve`` with its request log in ``log``; yields (pid, port) once ready.

    ``data`` is a data directory, or with ``snapshot`` a file of ``clio snapshot``; ``port``
    defaults to one the system finds free.
    """
    port = port or free_port()
    source = ["--snapshot", str(data)] if snapshot else ["--data", str(data)]
    command = [sys.executable, "-m", "clio", "serve", *source, "--port", str(port)]
    command += ["--workers", str(workers)]  # always: clio serve's own default is one per core
    with running(
        command, port, log, healthy, name="clio serve", timeout=timeout, env=env, poll=0.5, grace=20
    ) as started:
        yield started


__all__ = ["Memory", "memory_of", "process_tree", "serving"]
