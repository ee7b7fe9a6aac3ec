"""Import each source alone, merge the outputs in several orders, compare with one run.

    python -m audit.incremental [--datasets DIR] [--build DIR] [--reuse] [--previous DIR]

Issue 9 asks that importing sources one by one, in any order, and merging the outputs with
`clio import canonical …` give the ids, counts, merges and links of one run with every
source. This imports the four shared data sets and ``data/`` alone and together (about five
minutes on a busy 2-core machine), merges the five outputs in three orders and prints every
difference from the one run; with ``--previous`` it also counts the ids of an earlier
published import that no longer resolve. Exit status 1 when an order differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: (format, folder under the data sets); ``None`` is the bundled ``data/``.
SOURCES: tuple[tuple[str, str | None], ...] = (
    ("wikipedia", "wikipedia-onthisday"),
    ("wikidata", "wikidata-historic-events"),
    ("historicaldate", "historicaldate"),
    ("acw", "acw-battles"),
    ("canonical", None),
)
#: Orders the outputs are merged in, by index into `SOURCES`: as read, reversed, interleaved.
ORDERS = {"in-order": (0, 1, 2, 3, 4), "reversed": (4, 3, 2, 1, 0), "mixed": (2, 4, 0, 3, 1)}
_RECORD_FILES = ("events.jsonl", "people.jsonl", "locations.jsonl", "organizations.jsonl", "tags.jsonl")
#: Sources that say where a record was read, not what it was made from.
_BOOKKEEPING = ("canonical", "clio-import")


def _path(datasets: Path, folder: str | None) -> Path:
    return REPO / "data" if folder is None else datasets / folder


def _import(args: Sequence[str], out: Path) -> None:
    command = [sys.executable, "-m", "clio", "import", *args, "--out", str(out), "--quiet"]
    done = subprocess.run(command, cwd=REPO, check=False)
    if done.returncode != 0:
        raise SystemExit(f"import into {out} failed (exit {done.returncode}): {' '.join(command)}")


def _read(out: Path, name: str) -> list[dict[str, Any]]:
    path = out / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _rows(record: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        sorted(
            (s["name"], s.get("file") or "", s.get("record") or "")
            for s in record.get("sources") or ()
            if s["name"] not in _BOOKKEEPING
        )
    )


def summary(out: Path) -> dict[str, Any]:
    """What a client of an output sees: records by id, each event's rows, people and places."""
    events = {e["id"]: e for e in _read(out, "events.jsonl")}
    return {
        "counts": {
            name.split(".")[0]: len(_read(out, name))
            for name in (
                "events.jsonl",
                "people.jsonl",
                "locations.jsonl",
                "organizations.jsonl",
                "tags.jsonl",
                "categories.jsonl",
            )
        },
        "ids": {
            record["id"]
            for name in (
                "events.jsonl",
                "people.jsonl",
                "locations.jsonl",
                "organizations.jsonl",
                "tags.jsonl",
            )
            for record in _read(out, name)
        },
        "rows": {i: _rows(e) for i, e in events.items()},
        "people": {i: tuple(sorted(e.get("people") or ())) for i, e in events.items()},
        "mentions": {i: tuple(sorted(e.get("mentions") or ())) for i, e in events.items()},
        "places": {i: tuple(sorted(e.get("locations") or ())) for i, e in events.items()},
        "category": {i: e.get("category") for i, e in events.items()},
        "redirects": {r["id"]: r["to"] for r in _read(out, "redirects.jsonl")},
    }


def differences(one: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Every way ``other`` differs from ``one``, counted, with a few examples each."""
    found: dict[str, Any] = {}

    def note(name: str, items: Iterable[object]) -> None:
        items = sorted(items, key=str)
        if items:
            found[name] = {"count": len(items), "examples": [str(i) for i in items[:5]]}

    for kind, count in one["counts"].items():
        if other["counts"][kind] != count:
            found[f"{kind} count"] = {"one run": count, "merged": other["counts"][kind]}
    note("ids only in one run", one["ids"] - other["ids"])
    note("ids only in the merged outputs", other["ids"] - one["ids"])
    shared = one["rows"].keys() & other["rows"].keys()
    for field in ("rows", "people", "mentions", "places", "category"):
        note(f"events whose {field} differ", (i for i in shared if one[field][i] != other[field][i]))
    links = sum(len(p) for p in one["people"].values()), sum(len(p) for p in other["people"].values())
    if links[0] != links[1]:
        found["participant links"] = {"one run": links[0], "merged": links[1]}
    return found


def unresolved(previous: Path, now: dict[str, Any]) -> dict[str, Any]:
    """The ids an earlier output published that neither a record nor a redirect of ``now`` answers."""
    published = summary(previous)["ids"]
    lost = published - now["ids"] - now["redirects"].keys()
    return {
        "published": len(published),
        "redirected": len(published & now["redirects"].keys()),
        "lost": len(lost),
        "examples": sorted(lost)[:5],
    }


def run(datasets: Path, build: Path, reuse: bool, previous: Path | None) -> dict[str, Any]:
    """Import alone, together and merged in every order under ``build``; return the differences."""
    alone = [build / f"alone-{fmt}" for fmt, _ in SOURCES]
    if not (reuse and (build / "one-run" / "events.jsonl").exists()):
        specs: list[str] = []
        for fmt, folder in SOURCES:
            specs += (
                [fmt, str(_path(datasets, folder))]
                if not specs
                else ["--also", fmt, str(_path(datasets, folder))]
            )
        _import(specs, build / "one-run")
        for (fmt, folder), out in zip(SOURCES, alone, strict=True):
            _import([fmt, str(_path(datasets, folder))], out)
        for name, order in ORDERS.items():
            _import(["canonical", *(str(alone[i]) for i in order)], build / name)
    one = summary(build / "one-run")
    report: dict[str, Any] = {"one run": one["counts"]}
    for name in ORDERS:
        merged = summary(build / name)
        report[name] = {"redirects": len(merged["redirects"]), "differences": differences(one, merged)}
        if previous is not None:
            report[name]["previous ids"] = unresolved(previous, merged)
    if previous is not None:
        report["one run"] = {**one["counts"], "previous ids": unresolved(previous, one)}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.incremental", description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--build", type=Path, default=REPO / "build" / "incremental")
    parser.add_argument("--reuse", action="store_true", help="compare the outputs already in --build")
    parser.add_argument("--previous", type=Path, help="an earlier published import whose ids must resolve")
    args = parser.parse_args(argv)
    missing = [f for _, f in SOURCES if f is not None and not (args.datasets / f).is_dir()]
    if missing:
        print(f"incremental audit skipped: {args.datasets} lacks {', '.join(missing)}")
        return 0
    report = run(args.datasets, args.build, args.reuse, args.previous)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if any(report[name]["differences"] for name in ORDERS) else 0


if __name__ == "__main__":
    raise SystemExit(main())
