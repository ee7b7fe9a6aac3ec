"""The gold files hold a well-formed judgement of gold rows only, and every key names a real row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.gold import GOLD, GoldError, load
from audit.rows import RowKey, is_gold, read_row
from tests.conftest import SHARED

DATASETS = SHARED / "datasets"


def test_the_gold_set_has_the_size_issue_9_asks_for() -> None:
    gold = load(GOLD)
    assert len(gold.events) >= 400
    assert len(gold.people) >= 100
    days = {day["day"] for day in gold.days}
    assert "08-04" in days and len(days) >= 21
    assert len(gold.top_people) == 200


def test_no_gold_row_is_a_development_row() -> None:
    gold = load(GOLD)
    keys = [row["key"] for row in gold.events + gold.people]
    assert all(is_gold(key) for key in keys)
    assert len(keys) == len(set(keys))


@pytest.mark.skipif(not DATASETS.is_dir(), reason=f"the shared data sets are not at {DATASETS}")
def test_every_key_names_a_row_of_the_data_sets() -> None:
    gold = load(GOLD)
    keys = {row["key"] for row in gold.events + gold.people}
    for row in gold.events:
        keys.update(row.get("same_event", []), row.get("not_same", []))
    for row in gold.people:
        keys.update(row.get("same_as", []))
    for day in gold.days:
        keys.update(key for group in day["same_event"] for key in group)
    for person in gold.top_people:
        keys.update(person["rows"])
    for key in sorted(keys):
        assert isinstance(read_row(DATASETS, RowKey.parse(key)), dict), key


def _write(folder: Path, name: str, rows: list[dict[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _good_event() -> dict[str, object]:
    key = next(
        f"wikipedia-onthisday/events/8/4.json#{i}"
        for i in range(100)
        if is_gold(f"wikipedia-onthisday/events/8/4.json#{i}")
    )
    return {
        "key": key,
        "date": {"year": 1914, "month": 8, "day": 4, "calendar": "gregorian"},
        "category": "category:military-warfare",
        "participants": [],
        "mentions": [],
        "places": [{"name": "Belgium", "country": "BE"}],
        "headline": "Germany invades Belgium",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "category:war"}, "category"),
        ({"headline": "x" * 91}, "headline"),
        ({"headline": "Germany invades…"}, "headline"),
        ({"date": {"year": 0, "calendar": "julian"}}, "date.year"),
        ({"date": {"year": 1914, "month": 13, "calendar": "gregorian"}}, "date.month"),
        ({"places": [{"name": "Belgium", "country": "Belgium"}]}, "places"),
        ({"unsure": ["colour"]}, "unsure"),
        ({"titles_judged": {"Germany invades Belgium": "yes"}}, "titles_judged"),
        ({"key": "wikipedia-onthisday/events/8/4.json"}, "key"),
        # A corrected judgement says when, what it was and why, or it is refused.
        ({"rejudged": [{"date": "2026-12-03", "field": "participants", "old": []}]}, "rejudged"),
        ({"rejudged": [{"date": "3 Dec", "field": "participants", "old": [], "why": "x"}]}, "rejudged"),
    ],
)
def test_a_broken_judgement_is_refused_with_its_file_line_and_field(
    tmp_path: Path, change: dict[str, object], field: str
) -> None:
    _write(tmp_path, "events.jsonl", [{**_good_event(), **change}])
    with pytest.raises(GoldError) as caught:
        load(tmp_path)
    assert (caught.value.file, caught.value.line, caught.value.field) == ("events.jsonl", 1, field)


def test_a_development_row_is_refused(tmp_path: Path) -> None:
    odd = next(
        f"wikipedia-onthisday/events/8/4.json#{i}"
        for i in range(100)
        if not is_gold(f"wikipedia-onthisday/events/8/4.json#{i}")
    )
    _write(tmp_path, "events.jsonl", [{**_good_event(), "key": odd}])
    with pytest.raises(GoldError, match="development row"):
        load(tmp_path)
