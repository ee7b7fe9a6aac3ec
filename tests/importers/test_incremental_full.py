"""On the shared data sets: each source imported alone, the outputs merged in three orders, equal one run.

Eight imports of the full data (about six minutes on a busy 2-core machine), so this runs with
``make audit-incremental`` (``CLIO_AUDIT_INCREMENTAL=1``), not in every ``make test``; it skips
with the reason otherwise, and when ``../shared/datasets`` is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.incremental import ORDERS, SOURCES, run

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "datasets"

pytestmark = pytest.mark.shared


def test_merged_outputs_in_three_orders_have_the_ids_counts_merges_and_links_of_one_run(
    tmp_path: Path,
) -> None:
    if not all((SHARED / folder).is_dir() for _, folder in SOURCES if folder is not None):
        pytest.skip(f"the shared data sets are not at {SHARED} (they live beside the repository)")
    if os.environ.get("CLIO_AUDIT_INCREMENTAL") != "1":
        pytest.skip("eight full imports (~6 min): run with make audit-incremental (CLIO_AUDIT_INCREMENTAL=1)")
    report = run(SHARED, tmp_path, reuse=False, previous=None)
    assert {name: report[name]["differences"] for name in ORDERS} == {name: {} for name in ORDERS}
