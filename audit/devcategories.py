"""Measure the category classifier on the hand-labelled development rows (`python -m audit.devcategories`).

The rows (`tests/audit/dev/categories.jsonl`, drawn by `audit.devdraw`) are split once, by
the second hex digit of `sha256(key)`: rows below ``HELD_OUT_BELOW`` are held out and
only measured; the others may be read while improving the classifier. Each row is given to
the classifier as the importer would give it: a day entry's headline as the title, its
sentence as the summary and its linked article titles; a Wikidata item's label, summary
and article; a historicaldate row's label and description; and the life descriptions of the
people it links.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.wilson import wilson
from graph.importers.classify import TIE, Classification, classify, weigh
from graph.importers.headline import headline
from graph.importers.wikipedia import clean_text

DEV = Path(__file__).resolve().parent.parent / "tests" / "audit" / "dev" / "categories.jsonl"
#: Rows whose `sha256(key)` second hex digit is below this are held out (6 of 16, about 37%).
HELD_OUT_BELOW = 6

Classifier = Callable[[str, str | None, Sequence[str], Sequence[str]], Classification]


@dataclass(frozen=True, slots=True)
class DevRow:
    key: str
    title: str
    summary: str | None
    links: tuple[str, ...]
    people: tuple[str, ...]  # life descriptions of the linked people
    categories: tuple[str, ...]  # every category judged acceptable, the likeliest first

    @property
    def held_out(self) -> bool:
        return int(hashlib.sha256(self.key.encode("utf-8")).hexdigest()[1], 16) < HELD_OUT_BELOW


def _row(record: dict[str, object]) -> DevRow:
    key = str(record["key"])
    source = record["source_text"]
    assert isinstance(source, dict)
    text = clean_text(str(source.get("text") or ""))
    summary = source.get("summary")
    links = tuple(str(link) for link in source.get("links") or () if link)
    categories = record["categories"]
    assert isinstance(categories, list)
    lives = record.get("people") or {}
    assert isinstance(lives, dict)
    people = tuple(str(lives[link]) for link in links if link in lives)
    if key.startswith("wikipedia-onthisday/"):
        # A day entry's title is the headline made from its sentence; the sentence is the summary.
        return DevRow(key, headline(text), text, links, people, tuple(categories))
    summary_text = clean_text(str(summary)) if summary else None
    return DevRow(key, text, summary_text, links, people, tuple(categories))


def load(path: Path = DEV) -> list[DevRow]:
    with path.open(encoding="utf-8") as handle:
        return [_row(json.loads(line)) for line in handle if line.strip()]


@dataclass(frozen=True, slots=True)
class Score:
    wrong: list[tuple[DevRow, Classification]]
    uncategorised: int
    total: int

    @property
    def error(self) -> float:
        """Wrong or Uncategorised, of all rows."""
        return len(self.wrong) / self.total if self.total else 0.0

    @property
    def given(self) -> int:
        return self.total - self.uncategorised

    @property
    def wrong_given(self) -> int:
        """Rows given a category none of their acceptable ones (Uncategorised is always wrong)."""
        return len(self.wrong) - self.uncategorised

    @property
    def precision(self) -> float:
        """Right, of the categories given: what `make audit` measures on the gold set."""
        return 1 - self.wrong_given / self.given if self.given else 0.0


def score(rows: Iterable[DevRow], classifier: Classifier = classify) -> Score:
    """Rows whose verdict is not among their acceptable categories; Uncategorised counts as wrong."""
    wrong: list[tuple[DevRow, Classification]] = []
    uncategorised = total = 0
    for row in rows:
        total += 1
        verdict = classifier(row.title, row.summary, row.links, row.people)
        uncategorised += verdict.category == "category:uncategorised"
        if verdict.category not in row.categories:
            wrong.append((row, verdict))
    return Score(wrong, uncategorised, total)


def confusion(result: Score) -> Counter[tuple[str, str]]:
    """How often each category was given for each judged one (the likeliest judged category)."""
    return Counter(
        (row.categories[0].removeprefix("category:"), verdict.category.removeprefix("category:"))
        for row, verdict in result.wrong
    )


#: The bands a verdict falls in by the strength of its evidence, strongest last.
BANDS = ("no evidence", "tie", "summary words only", "lead under 0.3", "lead 0.3 to 1", "lead of 1 or more")


def band(row: DevRow) -> tuple[str, str | None]:
    """The band of the classifier's verdict for a row before it abstains, and that verdict."""
    evidence = weigh(row.title, row.summary, row.links, row.people)
    if not evidence.scores:
        return "no evidence", None
    totals = evidence.totals()
    winner = max(totals, key=lambda category: totals[category])
    ranked = sorted(totals.values(), reverse=True)
    lead = ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)
    if lead < TIE:
        return "tie", winner
    if winner not in evidence.firm:
        return "summary words only", winner
    return ("lead under 0.3" if lead < 0.3 else "lead 0.3 to 1" if lead < 1 else "lead of 1 or more"), winner


def bands(rows: Iterable[DevRow]) -> dict[str, tuple[int, int]]:
    """For each band, how many verdicts before abstaining were right, and of how many rows."""
    counts = {name: [0, 0] for name in BANDS}
    for row in rows:
        name, verdict = band(row)
        counts[name][0] += verdict in row.categories
        counts[name][1] += 1
    return {name: (right, total) for name, (right, total) in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list the wrong rows of the tuning part")
    parser.add_argument("--held-out", action="store_true", help="measure the held-out part too")
    parser.add_argument(
        "--bands", action="store_true", help="how often the verdicts of each band of evidence are right"
    )
    parser.add_argument(
        "--confusion", action="store_true", help="count the tuning part's errors by judged and given category"
    )
    args = parser.parse_args()
    rows = load()
    tuning = score(r for r in rows if not r.held_out)
    results = [("tuning", tuning)]
    if args.held_out:
        results.append(("held out", score(r for r in rows if r.held_out)))
    for name, result in results:
        print(
            f"{name}: wrong {wilson(result.wrong_given, result.given)} of the categories given;"
            f" uncategorised {wilson(result.uncategorised, result.total)};"
            f" wrong or uncategorised {wilson(len(result.wrong), result.total)}"
        )
    if args.bands:
        parts = [
            ("tuning", [r for r in rows if not r.held_out]),
            ("held out", [r for r in rows if r.held_out]),
        ]
        for name, part in parts:
            print(f"{name}, verdicts before abstaining, right by band:")
            for label, (right, total) in bands(part).items():
                print(f"  {label:20} {wilson(right, total) if total else '-'}")
    if args.confusion:
        for (judged, given), count in confusion(tuning).most_common():
            print(f"{count:4}  judged {judged}, given {given}")
    if args.errors:
        for row, verdict in tuning.wrong:
            judged = "|".join(c.removeprefix("category:") for c in row.categories)
            print(f"- {row.title!r} [{'; '.join(row.links)[:80]}] judged {judged}: {verdict.evidence}")


if __name__ == "__main__":
    main()
