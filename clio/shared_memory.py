"""Memory that the server's forked workers share, with a lock between them.

``clio serve --workers N`` builds the app once and forks the workers from it
(``clio.prefork``), so what must be counted across workers (each client's requests in flight
and its token bucket, the metrics) lives in a region made before the fork: an anonymous
file (``memfd_create``) mapped ``MAP_SHARED``, which every forked worker inherits.

The lock is a POSIX record lock (``fcntl.lockf``) on that file. The kernel drops it when
the process holding it dies, so a worker killed mid-update cannot leave the others waiting
forever, as a semaphore left taken would. Record locks belong to a process, not a thread,
so a thread lock is taken first, for threads of one process: one lock for every region of
the process, not one per region. With one per region, a thread holding region A while
another thread of its process waited for region B, held by a second worker whose other
thread waited for A, made the kernel see two processes waiting on each other and refuse a
lock with EDEADLK (a 500 under 50 concurrent edits on two workers), though no thread was
waiting on itself. Neither lock is ever held across an ``await``.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import tempfile
import threading
import weakref

#: Held by the one thread of this process that holds or waits for a region's record lock
#: (reentrant: a thread may hold two regions). Unheld at the fork: the parent serves nothing.
_PROCESS_THREADS = threading.RLock()


class SharedRegion:
    """``size`` zeroed bytes shared with every process forked after this is made; ``locked()`` guards them.

    >>> region = SharedRegion(16, "doctest")
    >>> with region.locked():
    ...     region.memory[0:2] = b"ok"
    >>> bytes(region.memory[0:3])
    b'ok\\x00'
    """

    def __init__(self, size: int, name: str) -> None:
        if hasattr(os, "memfd_create"):
            fd = os.memfd_create(f"clio-{name}", os.MFD_CLOEXEC)
        else:  # not Linux: an unlinked temporary file does the same
            handle, path = tempfile.mkstemp(prefix=f"clio-{name}-")
            os.unlink(path)
            fd = handle
        os.ftruncate(fd, size)
        self.size = size
        self.memory = mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        self._fd = fd
        weakref.finalize(self, _release, self.memory, fd)

    def locked(self) -> SharedRegion:
        """The region itself, to hold its lock with ``with region.locked():``; never across an ``await``.

        The region is its own context manager: a generator-based one cost three times the two
        system calls of the lock itself, on every request.
        """
        return self

    def __enter__(self) -> None:
        _PROCESS_THREADS.acquire()
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX, 0, 0, os.SEEK_SET)
        except BaseException:
            _PROCESS_THREADS.release()
            raise

    def __exit__(self, *_: object) -> None:
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_UN, 0, 0, os.SEEK_SET)
        finally:
            _PROCESS_THREADS.release()


def _release(memory: mmap.mmap, fd: int) -> None:
    memory.close()
    os.close(fd)


__all__ = ["SharedRegion"]
