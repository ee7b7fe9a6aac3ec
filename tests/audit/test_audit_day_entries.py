"""How the audit counts day entries kept on their day, and Old Style / New Style twins."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from audit.build import Build
from audit.compare import check_events, totals
from audit.gold import Gold
from audit.rows import RowKey, provenance


def entry(page: str) -> dict[str, str]:
    return {"name": "wikipedia", "file": f"events/{page}.json", "record": f"line {len(page)}"}


def counted(tmp_path: Path, *events: dict[str, Any]) -> dict[str, int]:
    (tmp_path / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    found = totals(Build.read(tmp_path))
    return {
        k: found.get(k, 0)
        for k in (
            "day entries merged into one",
            "Old Style / New Style twins (one event)",
            "day entries moved off their day",
        )
    }


def test_an_old_style_entry_and_its_new_style_twin_are_one_event_on_both_days(tmp_path: Path) -> None:
    # The Mayflower sails on 6 September 1620 O.S., 16 September N.S.: one event, two day pages.
    mayflower = {
        "id": "event:mayflower",
        "title": "Pilgrims set sail on the Mayflower",
        "date": "1620-09-06",
        "calendar": "julian",
        "sources": [entry("9/16"), entry("9/6")],
    }
    assert counted(tmp_path, mayflower) == {
        "day entries merged into one": 0,
        "Old Style / New Style twins (one event)": 1,
        "day entries moved off their day": 0,
    }


def test_two_entries_of_days_that_are_no_calendar_twins_are_counted_merged_and_moved(tmp_path: Path) -> None:
    # Gregorian days 5 and 8 November: two facts, and the 8th is moved off its day.
    plot = {
        "id": "event:plot",
        "title": "Gunpowder Plot",
        "date": "1605-11-05",
        "sources": [entry("11/5"), entry("11/8")],
    }
    assert counted(tmp_path, plot) == {
        "day entries merged into one": 1,
        "Old Style / New Style twins (one event)": 0,
        "day entries moved off their day": 1,
    }


def test_a_julian_entry_listed_on_its_gregorian_day_page_is_not_moved(tmp_path: Path) -> None:
    # The day page's 20 October 1066 is the Gregorian form of the kept Julian 14 October.
    hastings = {
        "id": "event:hastings",
        "title": "Battle of Hastings",
        "date": "1066-10-14",
        "calendar": "julian",
        "sources": [entry("10/20")],
    }
    assert counted(tmp_path, hastings)["day entries moved off their day"] == 0


@pytest.mark.parametrize(
    ("page", "moved"),
    [
        pytest.param("12/13", 0, id="a-day-inside-the-span"),  # onThisDay lists it there too
        pytest.param("12/20", 1, id="a-day-after-the-span"),
    ],
)
def test_an_entry_on_a_battles_later_day_is_moved_only_outside_its_span(
    tmp_path: Path, page: str, moved: int
) -> None:
    # NPS dates Fredericksburg 11 to 15 December 1862; the day page tells it on the 13th.
    battle = {
        "id": "event:fredericksburg",
        "title": "Battle of Fredericksburg",
        "date": "1862-12-11",
        "end_date": "1862-12-15",
        "sources": [entry(page)],
    }
    assert counted(tmp_path, battle)["day entries moved off their day"] == moved


def test_a_year_only_row_merged_with_its_judged_day_entry_shows_that_day_rightly(tmp_path: Path) -> None:
    day = "wikipedia-onthisday/events/9/17.json#0"

    root = tmp_path / "datasets"
    page = root / "wikipedia-onthisday" / "events" / "9" / "17.json"
    page.parent.mkdir(parents=True)
    sentence = "The Ottoman Empire defeats the Commonwealth during the Battle of Cecora."
    page.write_text(json.dumps({"events": [{"year": "1620", "description": sentence}]}, indent=4))
    items = root / "wikidata-historic-events" / "historic_events.json"
    items.parent.mkdir(parents=True)
    items.write_text(json.dumps([{"event": "Q650411", "date": "1620-01-01T00:00:00Z", "label": "Cecora"}]))
    build = tmp_path / "build"
    build.mkdir()
    merged = {
        "id": "event:cecora",
        "title": "Battle of Cecora",
        "date": "1620-09-17",
        "sources": [
            {"name": "wikidata", "file": "historic_events.json", "record": "Q650411"},
            {
                "name": "wikipedia",
                "file": "events/9/17.json",
                "record": provenance(root, RowKey.parse(day))[2],
            },
        ],
    }
    (build / "events.jsonl").write_text(json.dumps(merged) + "\n")
    row = {
        "key": "wikidata-historic-events/historic_events.json#0",
        "date": {"year": 1620, "month": None, "day": None},  # the item gives the year only
        "category": "category:military-warfare",
        "headline": "Battle of Cecora",
        "same_event": [],
    }

    def judged(same_event: list[str]) -> tuple[set[str], set[str]]:
        gold = Gold(events=[{**row, "same_event": same_event}], people=[], days=[], top_people=[])
        [finding] = check_events(gold, Build.read(build), root)
        return set(finding.errors) & {"wrong day"}, set(finding.notes) & {"day from a same-event entry"}

    # Judged one event with the entry: the entry's day is the event's, noted, no error.
    assert judged([day]) == (set(), {"day from a same-event entry"})
    # Not judged so: a day the row does not know stays an error.
    assert judged([]) == ({"wrong day"}, set())
