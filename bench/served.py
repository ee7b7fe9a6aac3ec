"""The server under load: ``clio serve`` started, watched and measured through ``/proc``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.http import free_port
from bench.wire import healthy


@dataclass(frozen=True, slots=True)
class Memory:
    pid: int
    role: str  # "main" or "worker"
    rss_mb: float
    pss_mb: float
    uss_mb: float


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (the workers of a pre-fork server)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            found.extend(process_tree(int(child)))
    return found


def memory_of(pid: int, role: str) -> Memory:
    """RSS, PSS and USS (private clean + private dirty) of one process, from smaps_rollup."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value, *_ = line.split()
        fields[key.rstrip(":")] = int(value)  # kB
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return Memory(pid, role, fields["Rss"] / 1024, round(fields["Pss"] / 1024, 1), round(uss / 1024, 1))


@contextmanager
def serving(
    data: Path, workers: int, log: Path, env: dict[str, str], timeout: float = 900
) -> Iterator[tuple[int, int]]:
    """``clio serve`` on a free port with its request log in ``log``; yields (pid, port) once ready."""
    port = free_port()
    command = [sys.executable, "-m", "clio", "serve", "--data", str(data), "--port", str(port)]
    command += ["--workers", str(workers)]  # always: clio serve's own default is one per core
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env})
    try:
        give_up = time.monotonic() + timeout
        while not healthy(port):
            if process.poll() is not None:
                raise RuntimeError(f"clio serve exited with {process.returncode}; see {log}")
            if time.monotonic() > give_up:
                raise TimeoutError(f"clio serve was not ready within {timeout} s")
            time.sleep(0.5)
        yield process.pid, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


__all__ = ["Memory", "memory_of", "process_tree", "serving"]
