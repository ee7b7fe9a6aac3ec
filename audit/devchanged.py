"""Which events of a full import a classifier change would move, and a fixed-seed sample of them.

`python -m audit.devchanged build/audit` classifies again every event of an import whose
category the keyword classifier gave (its `sources` say so), with the code as it stands, and
lists those whose category would change. A rule is worth keeping when a sample of them, read
by hand, is mostly better: `--sample 30` prints 30 drawn with a fixed seed (`--seed`), each
with its old and new verdict, for that reading. The import's own inputs are rebuilt from its
output: the event's title and summary, its linked article titles, and the descriptions of the
people whose name is a linked title, as the importer reads them before it writes the event.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.importers.classify import Classification, classify

#: The seed of the sample read by hand; changing it draws another sample, never a kinder one.
SEED = 9


@dataclass(frozen=True, slots=True)
class Change:
    event_id: str
    title: str
    old: str
    new: Classification


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _lives(folder: Path) -> dict[str, str]:
    """Each person's description by every title they are known under (name, aliases, links)."""
    lives: dict[str, str] = {}
    for person in _lines(folder / "people.jsonl"):
        description = person.get("description")
        if not isinstance(description, str) or not description:
            continue
        names = [person.get("name"), *(person.get("aliases") or [])]
        names += [link.get("title") for link in person.get("links") or []]
        for name in names:
            if isinstance(name, str):
                lives.setdefault(name, description)
    return lives


def _classified(event: dict[str, Any]) -> bool:
    sources = event.get("sources") or []
    return any(str(source.get("record", "")).startswith("category ") for source in sources)


def changes(folder: Path) -> tuple[list[Change], int]:
    """The events whose category the classifier would now change, and how many it classifies."""
    lives = _lives(folder)
    found: list[Change] = []
    seen = 0
    for event in _lines(folder / "events.jsonl"):
        if not _classified(event):
            continue
        seen += 1
        titles = [str(link.get("title")) for link in event.get("links") or []]
        summary = event.get("summary")
        verdict = classify(
            str(event["title"]),
            summary if isinstance(summary, str) else None,
            titles,
            [lives[title] for title in titles if title in lives],
        )
        if verdict.category != event["category"]:
            found.append(Change(str(event["id"]), str(event["title"]), str(event["category"]), verdict))
    return found, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, help="a full import, such as build/audit")
    parser.add_argument("--sample", type=int, default=30, help="how many changed events to print")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    found, seen = changes(args.folder)
    print(f"{len(found)} of {seen} classified events would change category")
    moves = Counter((change.old, change.new.category) for change in found)
    for (old, new), count in moves.most_common():
        print(f"{count:5}  {old.removeprefix('category:')} -> {new.removeprefix('category:')}")
    sample = random.Random(args.seed).sample(found, min(args.sample, len(found)))
    for number, change in enumerate(sample, 1):
        verdict = change.new
        print(f"{number:3}. {change.title}\n     {change.old} -> {verdict.category}: {verdict.evidence}")


if __name__ == "__main__":
    main()
