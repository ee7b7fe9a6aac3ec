"""The load benchmark still runs: a real `clio serve` of the bundled data, every cell for half a second.

Timings are not asserted (a loaded test machine would make that flaky); what is asserted
is that every cell ran and was measured, that the server's log was read (no 5xx, a
longest duration), and that memory comes from smaps_rollup.
"""

from __future__ import annotations

from pathlib import Path

from bench.traffic import bench, table
from clio.settings import BUNDLED_DATA


def test_one_short_run_measures_every_cell(tmp_path: Path) -> None:
    report = bench(BUNDLED_DATA, workers=1, connections=(1, 2), seconds=0.5, work=tmp_path)
    assert [c.name for c in report.cells] == [
        "mix@1",
        "mix@2",
        "mix@1 + 4 costly",
        "mix@2 + 4 costly",
        "{__typename} + 4 costly",
    ]
    assert all(c.requests > 0 and c.server_cpu_ms_per_request > 0 for c in report.cells)
    assert all(c.costly_requests > 0 for c in report.cells if c.costly)
    # The mix alone asks only what the data holds (the costly connection names a person the
    # bundled data lacks, which is its own clean NOT_FOUND).
    assert [c.errors for c in report.cells if not c.costly] == [0, 0], report.cells
    assert report.logged_5xx == 0
    assert report.logged_requests >= sum(c.requests + c.costly_requests for c in report.cells)
    assert report.cache_hits == 0  # the cache is off: every request is computed
    assert 0 < report.max_duration_ms < report.time_limit_ms + 100
    # `clio serve --workers 1`: the parent that loaded the graph, and its one worker.
    assert [m.role for m in report.memory] == ["main", "worker"]
    assert all(0 < m.uss_mb <= m.pss_mb <= m.rss_mb for m in report.memory)
    assert "| mix@2 + 4 costly |" in table(report)
