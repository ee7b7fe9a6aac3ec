"""Regions shared by forked workers (`clio.shared_memory`): many threads in several workers never deadlock.

Record locks belong to a process: with a thread lock per region, one worker's thread holding
region A while another of its threads waited for B, held by a second worker whose other
thread waited for A, was refused by the kernel (EDEADLK), a 500 under concurrent edits.
"""

from __future__ import annotations

import os
import threading
import time

from clio.shared_memory import SharedRegion

SECONDS = 1.5
WORKERS = 3


def _hammer(regions: list[SharedRegion]) -> int:
    """Each region entered over and over by a thread of its own, for a while: how many refusals."""
    refused = [0]
    stop = time.monotonic() + SECONDS

    def enter(region: SharedRegion) -> None:
        while time.monotonic() < stop:
            try:
                with region.locked():
                    region.memory[0] = (region.memory[0] + 1) % 256
                    time.sleep(0.0002)  # held a little while, as an update is
            except OSError:
                refused[0] += 1

    threads = [threading.Thread(target=enter, args=(region,)) for region in regions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refused[0]


def test_threads_of_several_workers_share_regions_without_deadlock() -> None:
    regions = [SharedRegion(8, "test-a"), SharedRegion(8, "test-b")]
    children = []
    for _ in range(WORKERS):
        pid = os.fork()
        if pid == 0:  # a worker: exits with how many locks it was refused (at most 255)
            os._exit(min(_hammer(regions), 255))
        children.append(pid)
    refused = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert refused == [0] * WORKERS, f"locks refused in each worker: {refused}"
