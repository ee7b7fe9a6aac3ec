"""`make audit`: import the shared data sets, compare with the gold set, print every rate.

    python -m audit [--datasets DIR] [--build DIR] [--reuse] [--findings FILE]

Offline and under five minutes on a 2-core machine (the import takes most of it). When the
data sets are absent it says so and exits 0, so a checkout without them is not a failure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from audit.build import Build
from audit.compare import check_events, compare
from audit.gold import GOLD, Gold, load, load_fresh
from audit.rates import beside, rates

REPO = Path(__file__).resolve().parent.parent
SOURCES = (
    ("wikipedia", "wikipedia-onthisday"),
    ("wikidata", "wikidata-historic-events"),
    ("historicaldate", "historicaldate"),
    ("acw", "acw-battles"),
)


def import_command(datasets: Path, out: Path) -> list[str]:
    """The full import as docs/importing.md gives it: every shared data set plus `data/`."""
    (first_format, first_folder), *rest = SOURCES
    command = [sys.executable, "-m", "clio", "import", first_format, str(datasets / first_folder)]
    for name, folder in rest:
        command += ["--also", name, str(datasets / folder)]
    return [*command, "--also", "canonical", str(REPO / "data"), "--out", str(out), "--quiet"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit", description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--build", type=Path, default=REPO / "build" / "audit")
    parser.add_argument("--reuse", action="store_true", help="compare the import already in --build")
    parser.add_argument("--findings", type=Path, help="write every finding as JSON Lines here")
    args = parser.parse_args(argv)
    missing = [folder for _, folder in SOURCES if not (args.datasets / folder).is_dir()]
    if missing:
        print(
            f"audit skipped: {args.datasets} lacks {', '.join(missing)} (the shared data sets are not here)"
        )
        return 0
    started = time.monotonic()
    if not (args.reuse and (args.build / "events.jsonl").exists()):
        print(f"importing the shared data sets into {args.build} …", flush=True)
        done = subprocess.run(import_command(args.datasets, args.build), cwd=REPO, check=False)
        if done.returncode != 0:
            print(f"audit: the import failed (exit {done.returncode}); nothing to compare", file=sys.stderr)
            return done.returncode
    imported = time.monotonic()
    build = Build.read(args.build)
    report = compare(load(GOLD), build, args.datasets)
    for line in rates(report):
        print(line)
    fresh = check_events(Gold(load_fresh(), [], [], []), build, args.datasets)
    if fresh:
        print()
        for line in beside(report.events, fresh):
            print(line)
    print(f"\nimport {imported - started:.0f} s, comparison {time.monotonic() - imported:.0f} s")
    if args.findings:
        with args.findings.open("w", encoding="utf-8") as out:
            for kind, findings in (("event", report.events), ("person", report.people), ("fresh", fresh)):
                for finding in findings:
                    row = {"kind": kind, **asdict(finding), "judged": sorted(finding.judged)}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
