"""Each client's requests in flight and token bucket, in memory every forked worker shares.

With ``--workers N`` a client's requests land on any worker (the kernel picks one per
connection); counted in each worker, a client would get N times its share. This table is
made before the fork (`clio.shared_memory`), so every worker reads and writes the same
counts under one lock.

The table is a fixed array of slots found by open addressing: a client's slot is the first
of `PROBES` slots from its hash that holds it. A slot holds a digest of the client (16
bytes of BLAKE2b: collisions are out of reach), its requests in flight, its tokens and when
they were last counted. No slot is ever emptied: one whose client has nothing in flight and
a full bucket says nothing a fresh slot would not, so a new client takes it over. When every
slot of a client's window is busy (tens of thousands of clients active at once), the
request is let through uncounted rather than refused for what other clients do.
"""

from __future__ import annotations

import hashlib
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from clio.shared_memory import SharedRegion

#: Slots in the table: more than the clients ``CLIO_MAX_CONNECTIONS`` lets in at once, by far.
CAPACITY = 1 << 17
#: Slots looked at from a client's hash before it is let through uncounted.
PROBES = 32
# Digest of the client, requests in flight, tokens, when the tokens were counted (monotonic
# seconds: CLOCK_MONOTONIC is one clock for every process of the machine).
_SLOT = struct.Struct("<16sqdd")
_EMPTY = bytes(16)


class Refused(Enum):
    """Why a request was not admitted."""

    CONCURRENCY = "concurrency"
    RATE = "rate"


@dataclass(frozen=True, slots=True)
class Admission:
    """What `ClientTable.admit` decided: refused (and the seconds until a token is back) or let in."""

    refused: Refused | None
    wait: float = 0.0
    counted: bool = True  # False: let in uncounted, so nothing to give back


#: The common answer, made once.
ADMITTED = Admission(None)
UNCOUNTED = Admission(None, counted=False)


class ClientTable:
    """Per-client requests in flight (at most ``max_concurrent``; 0: no cap) and a token bucket
    of ``rate`` a second holding ``burst`` (rate 0: no bucket), shared by forked workers.

    >>> table = ClientTable(max_concurrent=1, rate=1, burst=2, capacity=64)
    >>> table.admit("192.0.2.1", now=0.0).refused, table.admit("192.0.2.1", now=0.0).refused
    (None, <Refused.CONCURRENCY: 'concurrency'>)
    >>> table.release("192.0.2.1")
    >>> table.admit("192.0.2.1", now=0.0).refused, table.admit("192.0.2.2", now=0.0).refused
    (None, None)
    """

    def __init__(
        self,
        max_concurrent: int,
        rate: float,
        burst: float,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_concurrent = max_concurrent
        self.rate = rate
        self.burst = burst
        self.capacity = capacity
        self.clock = clock
        self.region = SharedRegion(capacity * _SLOT.size, "clients")

    def admit(self, client: str, now: float | None = None) -> Admission:
        """Count a request of ``client`` in, or say why not; `release` it when it is answered."""
        now = self.clock() if now is None else now
        key = _digest(client)
        memory = self.region.memory
        with self.region.locked():
            index = self._slot(key, now)
            if index is None:
                return UNCOUNTED
            offset = index * _SLOT.size
            _, in_flight, tokens, updated = _SLOT.unpack_from(memory, offset)
            if self.max_concurrent and in_flight >= self.max_concurrent:
                return Admission(Refused.CONCURRENCY)
            if self.rate:
                tokens = min(self.burst, tokens + (now - updated) * self.rate)
                if tokens < 1:
                    _SLOT.pack_into(memory, offset, key, in_flight, tokens, now)
                    return Admission(Refused.RATE, (1 - tokens) / self.rate)
                tokens -= 1
            _SLOT.pack_into(memory, offset, key, in_flight + 1, tokens, now)
        return ADMITTED

    def release(self, client: str) -> None:
        """A request `admit` counted in has been answered."""
        key = _digest(client)
        memory = self.region.memory
        with self.region.locked():
            index = self._find(key)
            if index is not None:
                offset = index * _SLOT.size
                _, in_flight, tokens, updated = _SLOT.unpack_from(memory, offset)
                _SLOT.pack_into(memory, offset, key, max(in_flight - 1, 0), tokens, updated)

    def wait(self, client: str, now: float | None = None) -> float:
        """Seconds until ``client``'s bucket holds a token again (0: it holds one), taking none.

        >>> table = ClientTable(max_concurrent=0, rate=1, burst=1, capacity=64)
        >>> table.wait("192.0.2.1", now=0.0), table.admit("192.0.2.1", now=0.0).refused
        (0.0, None)
        >>> table.wait("192.0.2.1", now=0.25)
        0.75
        """
        now = self.clock() if now is None else now
        key = _digest(client)
        with self.region.locked():
            index = self._find(key)
            if index is None or not self.rate:
                return 0.0
            _, _, tokens, updated = _SLOT.unpack_from(self.region.memory, index * _SLOT.size)
        tokens = min(self.burst, tokens + (now - updated) * self.rate)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.rate

    def _find(self, key: bytes) -> int | None:
        """The slot holding ``key``, or None."""
        memory = self.region.memory
        start = int.from_bytes(key[:8], "little") % self.capacity
        for step in range(PROBES):
            index = (start + step) % self.capacity
            held = _SLOT.unpack_from(memory, index * _SLOT.size)[0]
            if held == key:
                return index
            if held == _EMPTY:
                return None  # slots are filled in probe order and never emptied
        return None

    def _slot(self, key: bytes, now: float) -> int | None:
        """The slot holding ``key``, else one made fresh for it; None when its whole window is busy."""
        memory = self.region.memory
        start = int.from_bytes(key[:8], "little") % self.capacity
        spare = None
        for step in range(PROBES):
            index = (start + step) % self.capacity
            held, in_flight, tokens, updated = _SLOT.unpack_from(memory, index * _SLOT.size)
            if held == key:
                return index
            if held == _EMPTY:
                spare = index if spare is None else spare
                break
            if spare is None and self._idle(in_flight, tokens, updated, now):
                spare = index
        if spare is not None:
            _SLOT.pack_into(memory, spare * _SLOT.size, key, 0, float(self.burst), now)
        return spare

    def _idle(self, in_flight: int, tokens: float, updated: float, now: float) -> bool:
        """Whether a slot says no more than a fresh one: nothing in flight, a full bucket."""
        return in_flight == 0 and (not self.rate or tokens + (now - updated) * self.rate >= self.burst)


@lru_cache(maxsize=4096)
def _digest(client: str) -> bytes:
    # Never all zeros in practice, which would read as an empty slot. Kept for recent
    # clients: each request digests its client twice (admit, release).
    return hashlib.blake2b(client.encode(), digest_size=16).digest()


__all__ = ["CAPACITY", "Admission", "ClientTable", "Refused"]
