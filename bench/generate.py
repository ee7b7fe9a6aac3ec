"""A synthetic history, deterministic by seed, written as canonical JSON Lines.

The shape imitates real history data rather than a uniform grid: people are drawn from
a Zipf distribution, so a few hubs take part in thousands of events and most people in
a handful; years run over five thousand years, denser towards the present, with
year-only, month-only, decade and century dates, approximate dates and BC years; places
form a tree (continent > country > region > city); categories and tags are skewed too.

``manifest.json`` beside the data names the hub person (most events) and the median
person (median event count among people with any event), so that benchmarks can ask
for both by name. The loader ignores it: it reads only ``<kind>.jsonl`` files.

    python -m bench.generate 10000 /tmp/clio-10k
"""

from __future__ import annotations

import argparse
import itertools
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

_SYLLABLES = (
    "al",
    "ben",
    "cor",
    "da",
    "el",
    "fa",
    "gor",
    "hal",
    "ir",
    "jo",
    "ka",
    "lem",
    "mar",
    "nor",
    "os",
    "pel",
    "quin",
    "ra",
    "sol",
    "tam",
    "ul",
    "ver",
    "wen",
    "xan",
    "yor",
    "zel",
    "bri",
    "dro",
    "fen",
    "gil",
    "ith",
    "mon",
)
_GIVEN = (
    "Anna",
    "Boris",
    "Chen",
    "Dara",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Luis",
    "Maya",
    "Nikolai",
    "Olga",
    "Pavel",
    "Rosa",
    "Sven",
    "Tariq",
    "Una",
    "Viktor",
    "Wanda",
    "Yusuf",
    "Zofia",
)
_ACTIONS = (
    "Battle of",
    "Treaty of",
    "Founding of",
    "Siege of",
    "Coronation at",
    "Uprising in",
    "Council of",
    "Fire of",
    "Election in",
    "Flood of",
    "Discovery at",
    "Exhibition in",
    "Strike in",
    "Peace of",
    "Massacre at",
    "Fall of",
)
_CATEGORIES = (
    "Politics & Government",
    "Military & Warfare",
    "Science & Technology",
    "Arts & Culture",
    "Religion",
    "Economy & Trade",
    "Exploration",
    "Disasters",
    "Sport",
    "Law & Justice",
    "Health & Medicine",
    "Society",
)
SAMPLE = 5000
#: Bumped whenever the output changes, so that benchmarks regenerate old directories.
VERSION = 2
_LOCATION_LEVELS = (
    ("continent", 7),
    ("country", 12),
    ("region", 6),
    ("city", 8),
)  # kind, children per parent


@dataclass(frozen=True, slots=True)
class Named:
    """A person a benchmark can ask for by name."""

    id: str
    name: str
    events: int


@dataclass(frozen=True, slots=True)
class Manifest:
    """What was generated, and whom to ask about."""

    events: int
    seed: int
    people: int
    locations: int
    hub: Named
    median: Named
    #: People whose event counts are closest to the median, closest first: queries that
    #: differ in every request (so no cache can answer) yet cost about the same.
    sample: tuple[str, ...] = ()
    version: int = VERSION


def _word(index: int) -> str:
    """A pronounceable word, different for every index."""
    letters = []
    while True:
        index, rest = divmod(index, len(_SYLLABLES))
        letters.append(_SYLLABLES[rest])
        if index == 0:
            return "".join(letters).capitalize()
        index -= 1


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _edtf_year(year: int) -> str:
    # EDTF writes astronomical years with four digits: 44 BC is -0043.
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _date(rng: random.Random) -> str:
    """An EDTF date: denser towards the present, sometimes coarse, approximate or BC."""
    year = 2025 - int(5000 * rng.random() ** 3)
    roll = rng.random()
    if roll < 0.03 and year >= 1000:
        text = f"{year // 10:03d}X"  # a decade
    elif roll < 0.05 and year >= 1000:
        text = f"{year // 100:02d}XX"  # a century
    elif roll < 0.20:
        text = _edtf_year(year)
    elif roll < 0.30:
        text = f"{_edtf_year(year)}-{rng.randint(1, 12):02d}"
    else:
        text = f"{_edtf_year(year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return text + ("~" if rng.random() < 0.05 else "")


def _zipf(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights of ranks 1..n, for `random.choices(cum_weights=…)`."""
    return list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


def _pick(rng: random.Random, ids: list[str], cumulative: list[float], k: int) -> list[str]:
    """Up to ``k`` distinct ids, drawn by weight."""
    total = cumulative[-1]
    chosen: dict[str, None] = {}
    for _ in range(k):
        chosen[ids[bisect(cumulative, rng.random() * total)]] = None
    return list(chosen)


def _locations() -> Iterator[dict[str, Any]]:
    counter = itertools.count()
    parents: list[str | None] = [None]
    for kind, per_parent in _LOCATION_LEVELS:
        level = []
        for parent in parents:
            for _ in range(per_parent):
                name = f"{_word(next(counter) + 40)}{'' if kind == 'city' else ' ' + kind.title()}"
                record: dict[str, Any] = {"id": f"location:{_slug(name)}", "name": name, "kind": kind}
                if parent:
                    record["part_of"] = parent
                level.append(record["id"])
                yield record
        parents = level


def _write(path: Path, records: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    with path.open("wb") as handle:
        for record in records:
            handle.write(orjson.dumps(record) + b"\n")


def generate(out_dir: str | Path, events: int, seed: int = 1) -> Manifest:
    """Write a synthetic data directory of ``events`` events; return who the hub and median are."""
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    categories = [{"id": f"category:{_slug(name)}", "name": name} for name in _CATEGORIES]
    tags = [
        {"id": f"tag:{_slug(_word(i + 7))}-{i}", "name": f"{_word(i + 7)} {i}"}
        for i in range(max(20, events // 200))
    ]
    locations = list(_locations())
    people = [
        {"id": f"person:{_slug(name)}", "name": name}
        for name in (
            f"{_GIVEN[i % len(_GIVEN)]} {_word(i // len(_GIVEN) + 100)}" for i in range(max(50, events // 4))
        )
    ]
    organizations = [
        {
            "id": f"organization:{_slug(_word(i + 900))}-league",
            "name": f"{_word(i + 900)} League",
            "kind": "party",
        }
        for i in range(max(10, events // 100))
    ]
    pools = (("person", people), ("location", locations), ("tag", tags), ("org", organizations))
    ids = {name: [r["id"] for r in rows] for name, rows in pools}
    weights = {
        "person": _zipf(len(people), 1.05),
        "location": _zipf(len(locations), 0.8),
        "tag": _zipf(len(tags), 1.0),
        "org": _zipf(len(organizations), 1.0),
    }
    category_weights = _zipf(len(categories), 0.7)
    place_names = {r["id"]: r["name"] for r in locations}
    counts = dict.fromkeys(ids["person"], 0)

    def event_records() -> Iterator[dict[str, Any]]:
        for i in range(events):
            places = _pick(rng, ids["location"], weights["location"], 1 + (rng.random() < 0.3))
            title = f"{_ACTIONS[rng.randrange(len(_ACTIONS))]} {place_names[places[0]]}"
            record: dict[str, Any] = {
                "id": f"event:{_slug(title)}-{i}",
                "title": title,
                "date": _date(rng),
                "category": categories[bisect(category_weights, rng.random() * category_weights[-1])]["id"],
                "locations": places,
            }
            if rng.random() < 0.85:
                record["people"] = _pick(rng, ids["person"], weights["person"], 1 + (rng.random() < 0.4))
                for person in record["people"]:
                    counts[person] += 1
            if rng.random() < 0.2:
                record["organizations"] = _pick(rng, ids["org"], weights["org"], 1)
            if rng.random() < 0.7:
                record["tags"] = _pick(rng, ids["tag"], weights["tag"], 1 + (rng.random() < 0.3))
            record["summary"] = (
                f"{title} in the year {record['date']}, as the chronicles of the region record it."
            )
            record["sources"] = [{"name": "synthetic", "record": str(i)}]
            yield record

    files = {"categories": categories, "tags": tags, "locations": locations, "people": people}
    for name, rows in {**files, "organizations": organizations}.items():
        _write(out / f"{name}.jsonl", rows)
    _write(out / "events.jsonl", event_records())
    hub, median = _hub_and_median(people, counts)
    near = sorted((abs(counts[p["id"]] - median.events), i) for i, p in enumerate(people) if counts[p["id"]])
    sample = tuple(people[i]["name"] for _, i in near[:SAMPLE])
    manifest = Manifest(events, seed, len(people), len(locations), hub, median, sample)
    (out / "manifest.json").write_bytes(orjson.dumps(asdict(manifest), option=orjson.OPT_INDENT_2))
    return manifest


def _hub_and_median(people: list[dict[str, Any]], counts: dict[str, int]) -> tuple[Named, Named]:
    names = {p["id"]: p["name"] for p in people}
    active = sorted((n, pid) for pid, n in counts.items() if n > 0)
    hub_n, hub_id = max(active)
    median_n, median_id = active[len(active) // 2]
    return Named(hub_id, names[hub_id], hub_n), Named(median_id, names[median_id], median_n)


def read_manifest(data_dir: str | Path) -> Manifest:
    """The manifest a generated directory carries."""
    raw = orjson.loads((Path(data_dir) / "manifest.json").read_bytes())
    return Manifest(
        **{
            **raw,
            "hub": Named(**raw["hub"]),
            "median": Named(**raw["median"]),
            "sample": tuple(raw["sample"]),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("events", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    manifest = generate(args.out, args.events, args.seed)
    print(orjson.dumps(asdict(manifest), option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
