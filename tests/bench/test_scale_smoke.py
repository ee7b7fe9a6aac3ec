"""The scale table's 10,000-event run, as CI makes it: every operation answers, and the table says so.

Timings are not asserted (a loaded machine would make that flaky), except that the whole
run stays within the two minutes CI gives it; 100k and 1M run on request
(``python -m bench.scale --sizes 10000,100000,1000000``).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import scale, scale_cpu

SIZE = 10_000


def test_the_10k_scale_run_measures_every_operation(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = scale.measure(SIZE, seed=1, work=tmp_path, quick=True)
    took = time.perf_counter() - started
    assert took < 120, f"the 10k scale run took {took:.0f} s"
    assert result["size"] == SIZE and result["rss_mb"] > 0 and result["hub_events"] > 100
    assert set(result["first_ms"]) == set(result["warm_ms"])
    assert len(result["warm_ms"]) == 17
    assert all(ms > 0 for ms in (*result["first_ms"].values(), *result["warm_ms"].values()))
    assert {"postings", "aggregates", "hub neighbours", "search", "text index"} <= set(result["indexes"])
    # The rows a frontend sends by hash, each a committed document's first call, then warm.
    assert (
        set(result["first_hash_cpu_ms"]) == set(result["hash_warm_cpu_ms"]) == set(result["hash_documents"])
    )
    assert set(result["first_hash_cpu_ms"]) < set(result["warm_ms"]) and len(result["first_hash_cpu_ms"]) == 8
    assert all(ms > 0 for ms in (*result["first_hash_cpu_ms"].values(), *result["hash_warm_cpu_ms"].values()))
    table = scale.table([result])
    assert table.count("\n") == len(result["warm_ms"]) + 2  # head, rule, one row an operation, RSS
    assert "| timeline no filter |" in table
    # The same run read in CPU time, as the loaded machine's tables quote it.
    cpu = scale_cpu.table([result])
    assert cpu.count("\n") == len(result["warm_cpu_ms"]) + 1
    assert f"| timeline no filter | {scale._ms(result['warm_cpu_ms']['timeline no filter'])} |" in cpu
    assert scale_cpu.header(result).startswith("- 10,000 events: load average ")
