"""Draw the classifier's development rows with a fixed seed (`python -m audit.devdraw`).

The rows are development rows only (odd first digit of `sha256(key)`, `rows.is_gold` false),
never a row any gold file names and never a row of the 21 judged days, so a classifier tuned
or trained on them is still measured honestly by `make audit`. Each stratum is shuffled with
its own seed and its first rows kept up to the quota; only sources whose events the
classifier decides are drawn (the Civil War battles and the science files of historicaldate
carry their category with them).

Prints one JSON line per row: the key, the text the row gives, ready to be judged by hand, and
the life descriptions of the people it links (`audit.devpeople`), as the importer reads them.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from audit.devpeople import life_descriptions, linked_people
from audit.draw import SEED, days, strata
from audit.rows import RowKey, is_gold, read_row
from graph.importers.historicaldate import CATEGORIES, TENURES
from graph.importers.wikidata import article_title

QUOTAS = {"wikipedia events": 1280, "wikidata": 290, "historicaldate events": 46}
GOLD = Path(__file__).resolve().parent.parent / "tests" / "audit" / "gold"


def gold_keys(gold: Path = GOLD) -> set[str]:
    """Every row key any gold file names, judged for whatever reason."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(gold.glob("*.jsonl")))
    return set(_keys_in(json.loads(line) for line in text.splitlines() if line.strip()))


def _keys_in(values: Any) -> Any:
    for value in values:
        if isinstance(value, str) and "#" in value and "/" in value:
            yield value
        elif isinstance(value, dict):
            yield from _keys_in(value.keys())
            yield from _keys_in(value.values())
        elif isinstance(value, list | tuple) or hasattr(value, "__next__"):
            yield from _keys_in(value)


def _classified(key: RowKey) -> bool:
    """Whether the classifier decides the category of this row's event (a source may give it)."""
    if key.dataset != "historicaldate":
        return True
    name = key.file.rsplit("/", 1)[-1]
    return name not in CATEGORIES and name not in TENURES


def draw(root: Path, quotas: dict[str, int] = QUOTAS) -> list[RowKey]:
    """The development rows, stratum by stratum, in the order the seed gives."""
    taken = gold_keys()
    judged_days = {f"events/{month}/{day}.json" for month, day in days()}
    candidates = strata(root)
    drawn: list[RowKey] = []
    for name, quota in quotas.items():
        keys = list(candidates[name])
        random.Random(f"{SEED}:dev:{name}").shuffle(keys)
        keep = (
            k
            for k in keys
            if not is_gold(str(k)) and str(k) not in taken and k.file not in judged_days and _classified(k)
        )
        drawn += [k for _, k in zip(range(quota), keep, strict=False)]
    return drawn


def source_text(root: Path, key: RowKey) -> dict[str, Any]:
    """What a judge reads: the row's words and its linked article titles."""
    row = read_row(root, key)
    if key.dataset == "wikipedia-onthisday":
        return {
            "year": row.get("year"),
            "text": row.get("description"),
            "links": [link.get("title") for link in row.get("wikipedia") or []],
        }
    if key.dataset == "wikidata-historic-events":
        return {
            "date": row.get("date"),
            "text": row.get("label") or row.get("eventLabel"),
            "summary": row.get("summary_wikipedia"),
            "links": [article_title(url)]
            if (url := str(row.get("article") or row.get("article_en") or ""))
            else [],
        }
    return {"date": row.get("hdate"), "text": row.get("label"), "summary": row.get("description")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    args = parser.parse_args()
    lives = life_descriptions(args.datasets)
    for key in draw(args.datasets):
        text = source_text(args.datasets, key)
        people = linked_people(text.get("links") or (), lives)
        print(json.dumps({"key": str(key), **text, "people": people}, ensure_ascii=False))


if __name__ == "__main__":
    main()
