"""The counts behind ``/metrics``, in memory every forked worker shares, so any worker answers for all.

A scrape reaches one worker (whichever the kernel hands the connection); counted in each
worker, it would see that worker's share alone. These counts are made with the app, before
``clio serve`` forks (`clio.shared_memory`), and every worker adds to the same ones.

Layout: first the latency histogram (a count per bucket, not cumulative, then the sum and
the count of observations, as doubles at fixed places), then `SLOTS` labelled counters
found by open addressing on (family, label value). Labels are status codes and error codes,
a few dozen in all; a label that finds the table full is not counted (and `dropped` says so).
"""

from __future__ import annotations

import hashlib
import struct
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from clio.shared_memory import SharedRegion

#: Labelled counters the table holds (statuses, error codes): far more than there are.
SLOTS = 512
#: Bytes of a label value kept; codes and statuses are far shorter.
LABEL_BYTES = 46
_DOUBLE = struct.Struct("<d")
# Family index (0 is an empty slot), label value, count.
_SLOT = struct.Struct(f"<B{LABEL_BYTES + 1}sd")


class MetricTable:
    """Counters by (family, label) and one histogram, shared by forked workers.

    >>> table = MetricTable(families=("requests",), buckets=(0.1, 1.0))
    >>> table.observe(0.05, [("requests", "200"), ("requests", "200")])
    >>> table.counts()["requests"], table.histogram()
    ({'200': 2.0}, ([(0.1, 1.0), (1.0, 1.0), (inf, 1.0)], 0.05))
    """

    def __init__(self, families: Sequence[str], buckets: Sequence[float]) -> None:
        self.families = tuple(families)
        self.buckets = (*buckets, float("inf"))
        # Histogram: one double per bucket, the sum, the count; then the dropped-label count.
        self._labels_at = (len(self.buckets) + 3) * _DOUBLE.size
        self.region = SharedRegion(self._labels_at + SLOTS * _SLOT.size, "metrics")
        self._offsets: dict[tuple[str, str], int] = {}

    def observe(self, seconds: float, counted: Sequence[tuple[str, str]]) -> None:
        """One request: ``seconds`` into the histogram, one more for each (family, label) of ``counted``."""
        bucket = bisect_left(self.buckets, seconds)  # the first bound at or above it
        with self.region.locked():
            self._add(bucket * _DOUBLE.size, 1.0)
            self._add(len(self.buckets) * _DOUBLE.size, seconds)
            self._add((len(self.buckets) + 1) * _DOUBLE.size, 1.0)
            for family, label in counted:
                offset = self._offsets.get((family, label))
                if offset is None:
                    index = self._slot(self.families.index(family) + 1, _label(label))
                    if index is None:
                        self._add((len(self.buckets) + 2) * _DOUBLE.size, 1.0)
                        continue
                    # A label keeps its slot for good (none is ever emptied): found once per process.
                    offset = self._offsets[(family, label)] = self._labels_at + index * _SLOT.size
                self._add(offset + _SLOT.size - _DOUBLE.size, 1.0)

    def counts(self) -> dict[str, dict[str, float]]:
        """Every counter, by family then label value."""
        found: dict[str, dict[str, float]] = {family: {} for family in self.families}
        memory = self.region.memory
        with self.region.locked():
            for index in range(SLOTS):
                number, key, value = _SLOT.unpack_from(memory, self._labels_at + index * _SLOT.size)
                if number:
                    found[self.families[number - 1]][key.rstrip(b"\0").decode()] = value
        return found

    def histogram(self) -> tuple[list[tuple[float, float]], float]:
        """Cumulative (upper bound, count) per bucket, and the sum of every observation."""
        memory = self.region.memory
        with self.region.locked():
            per_bucket = [_DOUBLE.unpack_from(memory, i * _DOUBLE.size)[0] for i in range(len(self.buckets))]
            total = _DOUBLE.unpack_from(memory, len(self.buckets) * _DOUBLE.size)[0]
        cumulative, running = [], 0.0
        for bound, count in zip(self.buckets, per_bucket, strict=True):
            running += count
            cumulative.append((bound, running))
        return cumulative, total

    @property
    def dropped(self) -> float:
        """Labels not counted because the table was full."""
        with self.region.locked():
            value: float = _DOUBLE.unpack_from(self.region.memory, (len(self.buckets) + 2) * _DOUBLE.size)[0]
        return value

    def _add(self, offset: int, amount: float) -> None:
        memory = self.region.memory
        _DOUBLE.pack_into(memory, offset, _DOUBLE.unpack_from(memory, offset)[0] + amount)

    def _slot(self, number: int, key: bytes) -> int | None:
        memory = self.region.memory
        start = int.from_bytes(hashlib.blake2b(bytes([number]) + key, digest_size=8).digest(), "little")
        for step in range(SLOTS):
            index = (start + step) % SLOTS
            offset = self._labels_at + index * _SLOT.size
            held, held_key, _ = _SLOT.unpack_from(memory, offset)
            if held == number and held_key.rstrip(b"\0") == key:
                return index
            if held == 0:
                _SLOT.pack_into(memory, offset, number, key, 0.0)
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
