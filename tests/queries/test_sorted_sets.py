"""`intersect` gives ``numpy.intersect1d``'s answer for every pair of sorted, distinct arrays."""

from __future__ import annotations

import os

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.queries.sorted_sets import intersect

#: Sets of event positions: empty, one value, many; values near each other so that they meet.
POSITIONS = st.lists(st.integers(0, 300), max_size=120, unique=True).map(
    lambda values: np.array(sorted(values), dtype=np.int32)
)


@settings(max_examples=int(os.environ.get("CLIO_FUZZ_EXAMPLES", "40")))
@given(some=POSITIONS, others=POSITIONS)
def test_intersect_is_numpys_intersection(some: np.ndarray, others: np.ndarray) -> None:
    found = intersect(some, others)
    assert found.tolist() == np.intersect1d(some, others, assume_unique=True).tolist()
    assert found.dtype == np.int32


def test_intersect_of_a_small_set_beside_a_large_one_keeps_the_ends() -> None:
    # The values past the larger set's last (and before its first) are looked up at its ends.
    large = np.arange(10, 1_000, 3, dtype=np.int32)
    assert intersect(np.array([0, 10, 997, 5_000], dtype=np.int32), large).tolist() == [10, 997]
    assert intersect(large, np.array([997, 998], dtype=np.int32)).tolist() == [997]
