"""The search relevance set: queries a search box gets, with the ids a reader expects on top.

Each line of a set (``tests/data/relevance/*.jsonl``) holds a query, its kind (prefix,
typo, accent, year, date, hyphen, words) and ``expect``: the ids that answer it — or, on
the full import, whose ids are made by the importers, ``labels``: their titles and names. A query
scores the share of its top 3 it could fill with expected ids:
``|top 3 ∩ expect| / min(3, |expect|)`` — so "1924", whose expected ids are every event of
1924, scores 1 when its top 3 are all events of 1924, and "stal" scores 1 when Stalin is
among its top 3.

The answers a search gave when a set was judged are kept beside it (``*.before.json``):
the test scores them and today's answers the same way, and today's must do at least as well.

    python -m tests.queries.relevance tests/data/relevance/bundled.jsonl data   # prints changes
    python -m tests.queries.relevance tests/data/relevance/bundled.jsonl data --record
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.models import Event
from graph.store import KnowledgeGraph

TOP = 3


@dataclass(frozen=True, slots=True)
class Case:
    """One query of a relevance set."""

    query: str
    kind: str
    expect: tuple[str, ...]
    by_label: bool = False


def read_set(path: Path) -> list[Case]:
    """The cases of a relevance set file."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_label = "labels" in row
            cases.append(
                Case(row["query"], row["kind"], tuple(row["labels" if by_label else "expect"]), by_label)
            )
    return cases


def case_score(case: Case, top: Iterable[str]) -> float:
    """The share of the top 3 that could hold expected ids and does (0 to 1)."""
    found = len(set(list(top)[:TOP]) & set(case.expect))
    return found / min(TOP, len(case.expect))


def scores(cases: list[Case], answers: dict[str, list[str]]) -> dict[str, float]:
    """Total score by kind of query, and ``"all"``."""
    totals: dict[str, float] = {"all": 0.0}
    for case in cases:
        value = case_score(case, answers.get(case.query, []))
        totals[case.kind] = totals.get(case.kind, 0.0) + value
        totals["all"] += value
    return totals


def answers_of(cases: list[Case], top3: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """The top 3 ids ``top3`` gives for every query of a set."""
    return {case.query: top3(case.query)[:TOP] for case in cases}


def label_of(kg: KnowledgeGraph, node_id: str) -> str:
    """What a result list shows first: an event's title, anything else's name."""
    record = kg.record(node_id)
    return record.title if isinstance(record, Event) else record.name  # type: ignore[attr-defined, no-any-return]


def keys_of(kg: KnowledgeGraph, cases: list[Case], ids: list[str]) -> list[str]:
    """Ids as a set's cases name them: as labels when the set is by label."""
    return [label_of(kg, i) for i in ids] if cases and cases[0].by_label else ids


def before_path(set_path: Path) -> Path:
    return set_path.with_name(set_path.name.removesuffix(".jsonl") + ".before.json")


def main(argv: list[str] | None = None) -> None:
    from graph.loader import load_graph
    from graph.queries.search import search

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("set", type=Path)
    parser.add_argument("data", type=Path, help="a data directory or a snapshot (.snapshot)")
    parser.add_argument("--record", action="store_true", help="write today's answers as the before")
    args = parser.parse_args(argv)
    if args.data.suffix == ".snapshot":
        from clio.settings import Settings
        from clio.snapshot_key import snapshot_key
        from graph.snapshot import load_snapshot

        kg = load_snapshot(args.data, snapshot_key(Settings.from_env()).secret)
    else:
        kg = load_graph(args.data)
    cases = read_set(args.set)
    now = answers_of(cases, lambda text: keys_of(kg, cases, [hit.id for hit in search(kg, text, first=TOP)]))
    if args.record:
        before_path(args.set).write_text(
            json.dumps(now, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return
    before = json.loads(before_path(args.set).read_text(encoding="utf-8"))
    print("before", {k: round(v, 2) for k, v in scores(cases, before).items()})
    print("after ", {k: round(v, 2) for k, v in scores(cases, now).items()})
    for case in cases:
        if before.get(case.query) != now[case.query]:
            old, new = case_score(case, before.get(case.query, [])), case_score(case, now[case.query])
            then = before.get(case.query)
            print(f"- `{case.query}` ({case.kind}) {old:.2f} → {new:.2f}: {then} → {now[case.query]}")


if __name__ == "__main__":
    main()
