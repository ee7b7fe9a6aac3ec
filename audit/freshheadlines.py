"""A second fresh sample of headline sentences, split before any rule was written for it.

`python -m audit.freshheadlines draw` lists 80 day-page sentences long enough for the rule to
shorten (over ``TITLE_MAX`` characters), drawn with their own seed (``SEED``) from development
rows only (odd first digit of `sha256(key)`), never a row a gold file names, a row of the 21
judged days, a row the classifier's development set labels or one of the 340 headline rows
judged before (`audit.devheadlines`). They were judged as the rule gave them before it was
changed for them (`tests/audit/dev/headlines_fresh.jsonl`, same format as `headlines.jsonl`).

The first ``TUNE`` rows of the draw may be read while writing rules; the others are held out:
only their count of acceptable headlines is looked at, before and after a change.
`python -m audit.freshheadlines rate` prints both halves with their Wilson intervals.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from audit.devdraw import draw as classifier_rows
from audit.devdraw import gold_keys
from audit.devheadlines import DEV, judgements, long_sentences, rate
from audit.rows import RowKey
from audit.wilson import wilson
from graph.importers.headline import headline

#: The seed of this sample; another seed draws another sample, never a kinder one.
SEED = "20261203:fresh-headlines"
QUOTA = 80
#: Rows a rule may be written on; the rest are held out.
TUNE = 40
JUDGED = DEV / "headlines_fresh.jsonl"


def draw(root: Path, quota: int = QUOTA) -> list[tuple[RowKey, str]]:
    """The first ``quota`` long development sentences in this seed's order, none judged before."""
    taken = gold_keys() | {str(key) for key in classifier_rows(root)}
    taken |= {row.key for row in judgements()}
    return long_sentences(root, SEED, taken, quota)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("command", choices=["draw", "rate"])
    args = parser.parse_args()
    if args.command == "draw":
        for key, sentence in draw(args.datasets):
            row = {"key": str(key), "sentence": sentence, "headline": headline(sentence)}
            print(json.dumps(row, ensure_ascii=False))
        return
    rows = judgements(JUDGED)
    for part, chosen in (("tuning half", rows[:TUNE]), ("held-out half", rows[TUNE:]), ("all", rows)):
        measured = rate(chosen)
        print(f"acceptable headline, {part}:", wilson(measured.acceptable, measured.judged))
        for key, title in measured.unjudged:
            print("unjudged", key, title, sep="\t")


if __name__ == "__main__":
    main()
