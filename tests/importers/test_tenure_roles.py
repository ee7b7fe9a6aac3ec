"""A tenure's part is its holder's: the entry of its first day names others in passing."""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.importers.builder import EventBuilder
from graph.importers.combine import combine
from graph.models import Source
from graph.roles import Role

DAY = HistoricalDate(1040, 8, 14)
ROW = Source("historicaldate", "History/Europe/Scottish Monarchs.csv", "line 20")
ENTRY = Source("wikipedia", "events/8/14.json", "line 27")


def _reign() -> EventBuilder:
    return EventBuilder(
        "Reign of Macbeth, King of Scotland",
        DAY,
        "historicaldate",
        people=["person:macbeth"],
        roles={"person:macbeth": Role.LEADER},
        sources=[ROW],
    )


def _entry() -> EventBuilder:
    return EventBuilder(
        "King Duncan I is killed in battle against his first cousin and rival Macbeth",
        DAY,
        "wikipedia",
        people=["person:duncan-i", "person:macbeth"],
        mentions=["person:lulach"],
        roles={"person:duncan-i": Role.VICTIM},
        sources=[ENTRY],
    )


def test_the_holder_keeps_the_part_and_the_entrys_others_are_mentioned() -> None:
    merged = combine([_reign(), _entry()])
    assert merged.people == ["person:macbeth"]
    assert merged.roles == {"person:macbeth": Role.LEADER}
    assert sorted(merged.mentions) == ["person:duncan-i", "person:lulach"]


def test_a_merged_tenure_read_again_keeps_its_roles() -> None:
    # An earlier import's output holds both sources; merged again with the entry, it holds still.
    earlier = combine([_reign(), _entry()])
    again = combine([earlier, _entry()])
    assert (again.people, sorted(again.mentions)) == (
        ["person:macbeth"],
        ["person:duncan-i", "person:lulach"],
    )


def test_two_entries_without_a_tenure_keep_every_part() -> None:
    other = _entry()
    other.sources = [Source("wikidata", "historic_events.json", "Q1")]
    merged = combine([_entry(), other])
    assert set(merged.people) == {"person:duncan-i", "person:macbeth"}
    assert merged.roles["person:duncan-i"] is Role.VICTIM
