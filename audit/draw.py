"""Draw the gold set's rows and days with a fixed seed (`python -m audit.draw`).

Every stratum lists its rows in a fixed order, shuffles them with one seed and keeps the first
rows that are gold (`rows.is_gold`) up to its quota, so the same data sets always give the same
draw and the gold set never shares a row with the development set.
"""

from __future__ import annotations

import argparse
import datetime
import random
from collections.abc import Iterator
from pathlib import Path

from audit.rows import RowKey, count_rows, is_gold, read_row

SEED = 20261202
EVENT_QUOTAS = {
    "wikipedia events": 280,
    "wikidata": 70,
    "historicaldate events": 30,
    "acw battles": 20,
}
PEOPLE_QUOTAS = {"wikipedia births": 55, "wikipedia deaths": 30, "historicaldate people": 10, "acw people": 5}
EXTRA_DAYS = 20
FIXED_DAY = (8, 4)


def _files(root: Path, dataset: str, pattern: str) -> list[str]:
    base = root / dataset
    return sorted(p.relative_to(base).as_posix() for p in base.glob(pattern))


def _keys(root: Path, dataset: str, files: list[str]) -> Iterator[RowKey]:
    for file in files:
        for index in range(count_rows(root, dataset, file)):
            yield RowKey(dataset, file, index)


def _day_files(root: Path, kind: str) -> list[str]:
    files = _files(root, "wikipedia-onthisday", f"{kind}/*/*.json")
    return sorted(files, key=lambda f: tuple(int(p) for p in f[len(kind) + 1 : -5].split("/")))


def strata(root: Path) -> dict[str, list[RowKey]]:
    """Every candidate row of every stratum, in a fixed order."""
    hd = _files(root, "historicaldate", "**/*.csv")
    hd_rows = list(_keys(root, "historicaldate", hd))
    return {
        "wikipedia events": list(_keys(root, "wikipedia-onthisday", _day_files(root, "events"))),
        "wikidata": list(
            _keys(
                root,
                "wikidata-historic-events",
                ["historic_events.json", "events_with_participants_and_summaries.json"],
            )
        ),
        "historicaldate events": [k for k in hd_rows if read_row(root, k).get("hdate")],
        "acw battles": list(_keys(root, "acw-battles", ["nps_battles.csv"])),
        "wikipedia births": list(_keys(root, "wikipedia-onthisday", _day_files(root, "births"))),
        "wikipedia deaths": list(_keys(root, "wikipedia-onthisday", _day_files(root, "deaths"))),
        "historicaldate people": [
            k for k in hd_rows if read_row(root, k).get("hdate_birth") or read_row(root, k).get("hdate_death")
        ],
        "acw people": list(_keys(root, "acw-battles", ["nps_people.csv"])),
    }


def draw(root: Path, quotas: dict[str, int]) -> dict[str, list[RowKey]]:
    candidates = strata(root)
    drawn = {}
    for name, quota in quotas.items():
        keys = list(candidates[name])
        random.Random(f"{SEED}:{name}").shuffle(keys)
        drawn[name] = [k for k in keys if is_gold(str(k))][:quota]
    return drawn


def days() -> list[tuple[int, int]]:
    """August 4th, then 20 days of a leap year drawn with the seed."""
    start = datetime.date(2024, 1, 1)
    every = [(d.month, d.day) for d in (start + datetime.timedelta(n) for n in range(366))]
    every.remove(FIXED_DAY)
    return [FIXED_DAY, *sorted(random.Random(f"{SEED}:days").sample(every, EXTRA_DAYS))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    args = parser.parse_args()
    for quotas in (EVENT_QUOTAS, PEOPLE_QUOTAS):
        for name, keys in draw(args.datasets, quotas).items():
            for key in keys:
                print(name, key, sep="\t")
    for month, day in days():
        print("day", f"{month}/{day}", sep="\t")


if __name__ == "__main__":
    main()
