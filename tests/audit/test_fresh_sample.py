"""The fresh sample is well formed, never shares a row with the gold or development files, and
names real rows."""

from __future__ import annotations

import pytest

from audit.fresh import SIZE, judged_keys
from audit.gold import load_fresh
from audit.rows import RowKey, is_gold, read_row
from tests.conftest import SHARED

DATASETS = SHARED / "datasets"


def test_the_fresh_sample_holds_its_drawn_events_judged_as_gold_rows_are() -> None:
    rows = load_fresh()  # checked field by field as gold events are
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)) == SIZE
    assert all(is_gold(key) for key in keys)


def test_no_fresh_row_was_judged_before() -> None:
    taken = judged_keys()
    rows = load_fresh()
    assert not {key for row in rows for key in (row["key"], *row["same_event"])} & taken


@pytest.mark.skipif(not DATASETS.is_dir(), reason=f"the shared data sets are not at {DATASETS}")
def test_every_fresh_key_names_a_row_of_the_data_sets() -> None:
    for row in load_fresh():
        for key in (row["key"], *row["same_event"]):
            assert isinstance(read_row(DATASETS, RowKey.parse(key)), dict), key
