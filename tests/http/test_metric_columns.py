"""The metrics table: each process counts in its own column, and a read sums them all exactly."""

from __future__ import annotations

import os

from clio.metric_table import MetricTable


def _in_child(table: MetricTable, requests: int, status: str) -> None:
    pid = os.fork()
    if pid == 0:  # the child: counts, then leaves without running the parent's clean-up
        code = 0
        try:
            for _ in range(requests):
                table.observe(0.002, [("requests", status)])
        except BaseException:
            code = 1
        os._exit(code)
    _, status_code = os.waitpid(pid, 0)
    assert status_code == 0


def test_counts_from_forked_workers_add_up_exactly() -> None:
    table = MetricTable(families=("requests",), buckets=(0.001, 0.01))
    table.observe(0.0005, [("requests", "200")])  # the parent claims a column before the forks
    _in_child(table, 3, "200")
    _in_child(table, 2, "404")
    table.observe(0.0005, [("requests", "200")])
    assert table.counts() == {"requests": {"200": 5.0, "404": 2.0}}
    buckets, total = table.histogram()
    assert buckets == [(0.001, 2.0), (0.01, 7.0), (float("inf"), 7.0)]
    assert round(total, 6) == 0.011


def test_workers_past_the_last_column_share_it_and_still_count() -> None:
    table = MetricTable(families=("requests",), buckets=(1.0,), columns=3)
    for _ in range(5):  # each child claims a column; the third, fourth and fifth share the last
        _in_child(table, 2, "200")
    assert table.counts() == {"requests": {"200": 10.0}}
