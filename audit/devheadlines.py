"""Draw and measure the headline rule's development sentences (`python -m audit.devheadlines`).

The rows are Wikipedia day-page events long enough for the rule to shorten (over ``TITLE_MAX``
characters), drawn with the gold seed plus ``:dev:headlines``: development rows only (odd first
digit of `sha256(key)`), never a row a gold file names or the classifier's development draw
held when this sample was drawn, and never a row of the 21 judged days, so the rule can be
improved on them and still be measured honestly by `make audit`.

The first ``TUNED`` rows were judged before the rule was changed for them; the next 100 were
drawn and judged afterwards, as sentences the rule was not tuned on (84 acceptable), and then
served a second, smaller round of fixes, and with the first a third (269 → 274 of the 300), so
none of them is held out any more: `make audit`'s gold titles are the measure to quote.
The next ``QUOTA - FRESH`` rows of the same order were drawn and judged later still, after a
further round of rules written on the gold set's failures and checked on the whole import
(`audit.headlinediff`): none of the rules changed their headlines, so they measure the rule as a
reader meets it on sentences nobody tuned it on: 29 of 40 acceptable (72%) as drawn. Two of
their failures then suggested a rule (an opening that says how long before or after, "Two days
after the United Kingdom had declared war…, ten German U-boats leave…"), checked on the whole
import, which made 31 of 40, and a third (a preposition in "-ing" is no verb that a subject's
phrase may not be dropped across) 32: from then on they are tuned on too.
`draw` prints one JSON line per row (key, sentence, the headline of the rule of the day), ready
to be judged; `tests/audit/dev/headlines.jsonl` holds the judgements, each headline a judge has
seen listed as acceptable or not, and `rate` measures the rule of the day against them.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from audit.devdraw import draw as classifier_rows
from audit.devdraw import gold_keys
from audit.draw import SEED, days, strata
from audit.rows import RowKey, is_gold, read_row
from audit.wilson import wilson
from graph.importers.headline import TITLE_MAX, headline

QUOTA = 340
#: Where the rows drawn fresh, after the last round of rules, start.
FRESH = 300
#: The first rows were judged, then the rule improved on them; the next were judged after that
#: (84 of 100 acceptable, as under the rule before), and a second round fixed 4 of their 16.
TUNED = 200
DEV = Path(__file__).resolve().parent.parent / "tests" / "audit" / "dev"
JUDGED = DEV / "headlines.jsonl"


#: The classifier's development draw as it stood when this sample was drawn. Its rows stay
#: out of this sample; the classifier's set may grow later (`audit.devdraw.QUOTAS`) without
#: moving a row of this one.
CLASSIFIER_QUOTAS_AT_DRAW = {"wikipedia events": 1180, "wikidata": 260, "historicaldate events": 46}


def _taken(root: Path) -> set[str]:
    """Rows judged elsewhere: the gold set's and the classifier's development rows."""
    return gold_keys() | {str(key) for key in classifier_rows(root, CLASSIFIER_QUOTAS_AT_DRAW)}


def draw(root: Path, quota: int = QUOTA) -> list[tuple[RowKey, str]]:
    """The first ``quota`` development sentences the rule shortens, in the seed's order."""
    return long_sentences(root, f"{SEED}:dev:headlines", _taken(root), quota)


def long_sentences(root: Path, seed: str, taken: set[str], quota: int) -> list[tuple[RowKey, str]]:
    """The first ``quota`` day-entry sentences over ``TITLE_MAX`` in ``seed``'s order.

    Development rows only: never a gold row, a row of the judged days or one in ``taken``.
    """
    judged_days = {f"events/{month}/{day}.json" for month, day in days()}
    keys = list(strata(root)["wikipedia events"])
    random.Random(seed).shuffle(keys)
    drawn: list[tuple[RowKey, str]] = []
    for key in keys:
        if is_gold(str(key)) or str(key) in taken or key.file in judged_days:
            continue
        sentence = str(read_row(root, key).get("description") or "")
        if len(sentence.strip().rstrip(".")) > TITLE_MAX:
            drawn.append((key, sentence))
        if len(drawn) == quota:
            break
    return drawn


@dataclass(frozen=True)
class Judged:
    key: str
    sentence: str
    acceptable: frozenset[str]
    unacceptable: frozenset[str]


def judgements(path: Path = JUDGED) -> list[Judged]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        Judged(r["key"], r["sentence"], frozenset(r["acceptable"]), frozenset(r["unacceptable"]))
        for r in rows
    ]


@dataclass(frozen=True)
class Rate:
    acceptable: int
    judged: int
    unjudged: list[tuple[str, str]]  # (key, headline) the judge has not seen yet


def rate(rows: list[Judged]) -> Rate:
    """How many of the rule's headlines of today the judge accepted, and which were never judged."""
    good, judged, unjudged = 0, 0, []
    for row in rows:
        title = headline(row.sentence)
        if title in row.acceptable:
            good, judged = good + 1, judged + 1
        elif title in row.unacceptable:
            judged += 1
        else:
            unjudged.append((row.key, title))
    return Rate(good, judged, unjudged)


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
    rows = judgements()
    parts = (
        ("all", rows),
        ("first rows", rows[:TUNED]),
        ("later rows", rows[TUNED:FRESH]),
        ("fresh rows", rows[FRESH:]),
    )
    for part, chosen in parts:
        measured = rate(chosen)
        print(f"acceptable headline, {part}:", wilson(measured.acceptable, measured.judged))
    measured = rate(rows)
    for unjudged, title in measured.unjudged:
        print("unjudged", unjudged, title, sep="\t")


if __name__ == "__main__":
    main()
