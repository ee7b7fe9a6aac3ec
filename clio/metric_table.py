"""The counts behind ``/metrics``, in memory every forked worker shares, so any worker answers for all.

A scrape reaches one worker (whichever the kernel hands the connection); counted in each
worker, it would see that worker's share alone. These counts are made with the app, before
``clio serve`` forks (`clio.shared_memory`), and every worker's counts are in the same region.

Layout: a header (columns claimed, labels dropped), then `SLOTS` label keys found by open
addressing on (family, label value), then one column per worker: the latency histogram (a
count per bucket, not cumulative, then the sum and the count of observations) and a count
per label slot, all doubles at fixed places. Labels are status codes and error codes, a few
dozen in all; a label that finds the key table full is not counted (and `dropped` says so).

A worker writes only its own column, so a request's counts take no lock between processes
(the region's record lock cost two system calls per request); the region lock guards the
header and the key table, taken when a worker claims its column or meets a label the first
time. A scrape sums every column: exact for every request that finished before it began.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from clio.shared_memory import SharedRegion

#: Labelled counters the table holds (statuses, error codes): far more than there are.
SLOTS = 512
#: Bytes of a label value kept; codes and statuses are far shorter.
LABEL_BYTES = 46
#: Columns: more worker processes than this share the last one, under the region's lock.
COLUMNS = 128
_DOUBLE = struct.Struct("<d")
# Family index (0 is an empty slot) and label value.
_KEY = struct.Struct(f"<B{LABEL_BYTES + 1}s")
# Header: columns claimed, labels dropped.
_HEADER = struct.Struct("<dd")

# Bumped in a forked child: a column claimed before the fork is the parent's.
_forks = 0


def _forked() -> None:
    global _forks
    _forks += 1


os.register_at_fork(after_in_child=_forked)


class MetricTable:
    """Counters by (family, label) and one histogram, shared by forked workers.

    >>> table = MetricTable(families=("requests",), buckets=(0.1, 1.0))
    >>> table.observe(0.05, [("requests", "200"), ("requests", "200")])
    >>> table.counts()["requests"], table.histogram()
    ({'200': 2.0}, ([(0.1, 1.0), (1.0, 1.0), (inf, 1.0)], 0.05))
    """

    def __init__(self, families: Sequence[str], buckets: Sequence[float], columns: int = COLUMNS) -> None:
        self.families = tuple(families)
        self.columns = columns
        self.buckets = (*buckets, float("inf"))
        self._keys_at = _HEADER.size
        self._columns_at = self._keys_at + SLOTS * _KEY.size
        # A column: one double per bucket, the sum, the count, then one per label slot.
        self._labels_in_column = (len(self.buckets) + 2) * _DOUBLE.size
        self._column_size = self._labels_in_column + SLOTS * _DOUBLE.size
        self.region = SharedRegion(self._columns_at + columns * self._column_size, "metrics")
        self._offsets: dict[tuple[str, str], int | None] = {}  # label slot offsets in a column
        self._column: int | None = None
        self._claimed_at = -1
        self._threads = threading.Lock()  # threads of one process share its column

    def observe(self, seconds: float, counted: Sequence[tuple[str, str]]) -> None:
        """One request: ``seconds`` into the histogram, one more for each (family, label) of ``counted``."""
        bucket = bisect_left(self.buckets, seconds)  # the first bound at or above it
        column = self._column if self._claimed_at == _forks else None
        if column is None:
            column = self._claim()
        slots = [self._slot_offset(family, label) for family, label in counted]
        shared = column == self._columns_at + (self.columns - 1) * self._column_size
        with self._threads:
            if shared:
                self.region.__enter__()
            try:
                self._add(column + bucket * _DOUBLE.size, 1.0)
                self._add(column + len(self.buckets) * _DOUBLE.size, seconds)
                self._add(column + (len(self.buckets) + 1) * _DOUBLE.size, 1.0)
                for offset in slots:
                    if offset is not None:
                        self._add(column + offset, 1.0)
            finally:
                if shared:
                    self.region.__exit__(None, None, None)

    def counts(self) -> dict[str, dict[str, float]]:
        """Every counter, by family then label value, summed over the workers' columns."""
        found: dict[str, dict[str, float]] = {family: {} for family in self.families}
        memory = self.region.memory
        with self.region.locked():
            columns = self._claimed()
            for index in range(SLOTS):
                number, key = _KEY.unpack_from(memory, self._keys_at + index * _KEY.size)
                if number:
                    at = self._labels_in_column + index * _DOUBLE.size
                    value = sum(_DOUBLE.unpack_from(memory, column + at)[0] for column in columns)
                    found[self.families[number - 1]][key.rstrip(b"\0").decode()] = value
        return found

    def histogram(self) -> tuple[list[tuple[float, float]], float]:
        """Cumulative (upper bound, count) per bucket, and the sum of every observation."""
        memory = self.region.memory
        with self.region.locked():
            columns = self._claimed()
            per_bucket = [
                sum(_DOUBLE.unpack_from(memory, column + i * _DOUBLE.size)[0] for column in columns)
                for i in range(len(self.buckets))
            ]
            at = len(self.buckets) * _DOUBLE.size
            total = sum(_DOUBLE.unpack_from(memory, column + at)[0] for column in columns)
        cumulative, running = [], 0.0
        for bound, count in zip(self.buckets, per_bucket, strict=True):
            running += count
            cumulative.append((bound, running))
        return cumulative, total

    @property
    def dropped(self) -> float:
        """Labels not counted because the table was full."""
        with self.region.locked():
            value: float = _HEADER.unpack_from(self.region.memory, 0)[1]
        return value

    def _claimed(self) -> list[int]:
        """The offsets of the columns claimed so far (with the region's lock held)."""
        claimed = int(_HEADER.unpack_from(self.region.memory, 0)[0])
        columns = range(min(claimed, self.columns - 1))
        return [self._columns_at + i * self._column_size for i in (*columns, self.columns - 1)]

    def _claim(self) -> int:
        """This process's column, claimed once per process (the last is shared past ``columns``)."""
        with self._threads, self.region.locked():
            claimed, dropped = _HEADER.unpack_from(self.region.memory, 0)
            index = min(int(claimed), self.columns - 1)
            _HEADER.pack_into(self.region.memory, 0, claimed + 1, dropped)
        self._column = column = self._columns_at + index * self._column_size
        self._claimed_at = _forks
        return column

    def _slot_offset(self, family: str, label: str) -> int | None:
        """Where a label's count is in a column (None: the key table is full), found once per process."""
        try:
            return self._offsets[(family, label)]
        except KeyError:
            pass
        with self._threads, self.region.locked():
            index = self._slot(self.families.index(family) + 1, _label(label))
            if index is None:
                claimed, dropped = _HEADER.unpack_from(self.region.memory, 0)
                _HEADER.pack_into(self.region.memory, 0, claimed, dropped + 1)
                return None  # counted as dropped each time, as before
        # A label keeps its slot for good (none is ever emptied).
        offset = self._offsets[(family, label)] = self._labels_in_column + index * _DOUBLE.size
        return offset

    def _add(self, offset: int, amount: float) -> None:
        memory = self.region.memory
        _DOUBLE.pack_into(memory, offset, _DOUBLE.unpack_from(memory, offset)[0] + amount)

    def _slot(self, number: int, key: bytes) -> int | None:
        memory = self.region.memory
        start = int.from_bytes(hashlib.blake2b(bytes([number]) + key, digest_size=8).digest(), "little")
        for step in range(SLOTS):
            index = (start + step) % SLOTS
            offset = self._keys_at + index * _KEY.size
            held, held_key = _KEY.unpack_from(memory, offset)
            if held == number and held_key.rstrip(b"\0") == key:
                return index
            if held == 0:
                _KEY.pack_into(memory, offset, number, key)
                return index
        return None


class TableCollector(Collector):
    """Hands ``prometheus_client`` the shared counts, as counters with one label and one histogram."""

    def __init__(
        self, table: MetricTable, counters: Sequence[tuple[str, str, str]], histogram: tuple[str, str]
    ):
        self.table = table
        self.counters = counters  # (family, documentation, label name), family as in the table
        self.histogram_name, self.histogram_doc = histogram

    def collect(self) -> Iterator[Metric]:
        counts = self.table.counts()
        for family, documentation, label in self.counters:
            metric = CounterMetricFamily(f"clio_{family}", documentation, labels=[label])
            for value, count in sorted(counts[family].items()):
                metric.add_metric([value], count)
            yield metric
        buckets, total = self.table.histogram()
        histogram = HistogramMetricFamily(self.histogram_name, self.histogram_doc)
        histogram.add_metric([], [(_bound(bound), count) for bound, count in buckets], total)
        yield histogram


def _label(value: str) -> bytes:
    return value.encode("utf-8", "replace")[:LABEL_BYTES]


def _bound(bound: float) -> str:
    return "+Inf" if bound == float("inf") else repr(float(bound))


__all__ = ["MetricTable", "TableCollector"]
