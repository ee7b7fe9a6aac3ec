"""What a change to the headline rule does to the whole import (`python -m audit.headlinediff`).

`dump OUT` writes the rule of the day's headline for every Wikipedia day-page event long enough
to be shortened (one JSON object, key -> headline). Run it before and after a change, then
`compare BEFORE AFTER` counts the development rows whose headline changed (gold rows, odd or
even, are left out: `make audit` measures those) and prints ``--sample`` of them drawn with a
fixed seed, to be read and counted better or worse by hand.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from audit.draw import SEED, strata
from audit.rows import is_gold, read_row
from graph.importers.headline import TITLE_MAX, headline


def dump(root: Path) -> dict[str, dict[str, str]]:
    """Each long day-page sentence (by row key) with its headline under the rule of the day."""
    out = {}
    for key in strata(root)["wikipedia events"]:
        sentence = str(read_row(root, key).get("description") or "")
        if len(sentence.strip().rstrip(".")) > TITLE_MAX:
            out[str(key)] = {"sentence": sentence, "headline": headline(sentence)}
    return out


def changed(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> list[str]:
    """The development rows whose headline differs, in key order."""
    return sorted(
        key
        for key, row in after.items()
        if not is_gold(key) and key in before and before[key]["headline"] != row["headline"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    comparing.add_argument("--sample", type=int, default=30)
    args = parser.parse_args()
    if args.command == "dump":
        args.out.write_text(json.dumps(dump(args.datasets), ensure_ascii=False), encoding="utf-8")
        return
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    keys = changed(before, after)
    development = sum(1 for key in after if not is_gold(key))
    print(f"{len(keys)} of {development} development headlines changed")
    picked = sorted(random.Random(f"{SEED}:headline-diff").sample(keys, min(args.sample, len(keys))))
    for key in picked:
        old, new = before[key]["headline"], after[key]["headline"]
        print(f"\n{key}\n  {after[key]['sentence']}\n  - {old}\n  + {new}")


if __name__ == "__main__":
    main()
