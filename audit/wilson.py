"""The Wilson score interval: an honest 95% range for a rate measured on a small sample."""

from __future__ import annotations

import math
from typing import NamedTuple


class Rate(NamedTuple):
    hits: int
    total: int
    point: float
    low: float
    high: float

    def __str__(self) -> str:
        if self.total == 0:
            return "n/a (nothing judged)"
        return (
            f"{100 * self.point:.1f}% [{100 * self.low:.1f}–{100 * self.high:.1f}] ({self.hits}/{self.total})"
        )


def wilson(hits: int, total: int, z: float = 1.959963984540054) -> Rate:
    """``hits`` of ``total`` as a point estimate and its Wilson interval (95% by default).

    >>> str(wilson(0, 400))
    '0.0% [0.0–1.0] (0/400)'
    >>> str(wilson(9, 50))
    '18.0% [9.8–30.8] (9/50)'
    """
    if not 0 <= hits <= total:
        raise ValueError(f"a rate needs 0 <= hits <= total, got {hits} of {total}")
    if total == 0:
        return Rate(0, 0, 0.0, 0.0, 1.0)
    p = hits / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return Rate(hits, total, p, max(0.0, centre - margin), min(1.0, centre + margin))
