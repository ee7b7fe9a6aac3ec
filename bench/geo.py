"""Geo query latency: the latitude-band index against a full scan, at a few sizes.

Usage::

    .venv/bin/python -m bench.geo 10000 100000

Points are spread like events: 70% near 40 real cities (within about 2°), the rest anywhere.
Each size answers the same 200 ``near`` queries (radius 50 km and 1,000 km, centres on the
cities) and 200 boxes with the band index and with a vectorised full scan of every point;
the results must agree, and the ratio of the medians is what to quote (timings on a shared
machine are noisy, the ratio much less so).
"""

from __future__ import annotations

import random
import statistics
import sys
import time

import numpy as np

from graph import geo

CITIES = [(55.76, 37.62), (48.86, 2.35), (51.51, -0.13), (40.71, -74.01), (19.43, -99.13), (35.68, 139.69),
          (41.72, 44.83), (39.9, 116.4), (-33.87, 151.21), (-23.55, -46.63), (30.04, 31.24), (28.61, 77.21),
          (52.52, 13.4), (41.9, 12.5), (59.93, 30.34), (50.45, 30.52), (33.89, 35.5), (-18.1, 178.4),
          (64.15, -21.94), (1.35, 103.82)] * 2  # fmt: skip


def points(count: int, seed: int = 7) -> list[geo.GeoPoint]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        if rng.random() < 0.7:
            lat, lon = rng.choice(CITIES)
            lat, lon = (
                max(-90.0, min(90.0, lat + rng.gauss(0, 1))),
                ((lon + rng.gauss(0, 1) + 180) % 360) - 180,
            )
        else:
            lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        found.append(geo.GeoPoint(lat, lon, rng.choice(list(geo.GeoPrecision))))
    return found


def full_scan(index: geo.PointIndex, near: geo.Near) -> set[str]:
    distances = geo.haversine_array(near.lat, near.lon, index.lat, index.lon)
    return {index.ids[i] for i in np.flatnonzero((distances <= near.radius_km) & index.fine)}


def run(count: int) -> dict[str, float]:
    found = points(count)
    started = time.perf_counter()
    index = geo.PointIndex([f"event:{i}" for i in range(count)], found)
    build_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(11)
    band: list[float] = []
    scan: list[float] = []
    boxes: list[float] = []
    for query in range(200):
        lat, lon = rng.choice(CITIES)
        near = geo.Near(lat, lon, 50.0 if query % 2 else 1000.0)
        t0 = time.perf_counter()
        got = set(index.near(near, include_regions=False))
        t1 = time.perf_counter()
        expected = full_scan(index, near)
        t2 = time.perf_counter()
        assert got == expected, (near, len(got), len(expected))
        band.append((t1 - t0) * 1000)
        scan.append((t2 - t1) * 1000)
        t3 = time.perf_counter()
        index.within(geo.Box(lat - 2, lon - 3, lat + 2, lon + 3), include_regions=False)
        boxes.append((time.perf_counter() - t3) * 1000)
    return {
        "points": count,
        "build_ms": round(build_ms, 1),
        "near_median_ms": round(statistics.median(band), 3),
        "near_p99_ms": round(sorted(band)[int(len(band) * 0.99) - 1], 3),
        "full_scan_median_ms": round(statistics.median(scan), 3),
        "scan_over_band": round(statistics.median(scan) / statistics.median(band), 1),
        "box_median_ms": round(statistics.median(boxes), 3),
    }


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]:
        print(run(size))
