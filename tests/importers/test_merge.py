"""Merging events told by several sources: what is one event, and what is not."""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.importers.merge import EventBuilder, merge_events
from graph.models import Link, Source

DAY = HistoricalDate(1924, 8, 4)


def event(title: str, source: str, **fields: object) -> EventBuilder:
    built = EventBuilder(title, fields.pop("date", DAY), source, sources=[Source(source, record=title)])  # type: ignore[arg-type]
    for key, value in fields.items():
        setattr(built, key, value)
    return built


def test_same_day_similar_wording_and_shared_place_merge_with_all_sources() -> None:
    seed = event("Establishment of Mexico-Soviet Diplomatic Relations", "seed", locations=["location:mexico"])
    wiki = event(
        "Diplomatic relations between Mexico and the Soviet Union are established",
        "wikipedia",
        locations=["location:mexico", "location:soviet-union"],
    )
    [merged] = merge_events([wiki, seed])
    assert (merged.title, merged.locations, [s.name for s in merged.sources], merged.merged) == (
        "Establishment of Mexico-Soviet Diplomatic Relations",
        ["location:mexico", "location:soviet-union"],
        ["seed", "wikipedia"],
        1,
    )


def test_different_battles_on_one_day_stay_apart() -> None:
    merged = merge_events(
        [event("Battle of Antietam", "acw"), event("Battle of Gettysburg begins", "wikipedia")]
    )
    assert [e.title for e in merged] == ["Battle of Antietam", "Battle of Gettysburg begins"]


def test_same_source_never_merges_with_itself() -> None:
    assert len(merge_events([event("Great fire", "wikipedia"), event("Great fire", "wikipedia")])) == 2


def test_article_title_merges_across_precision_and_keeps_the_finer_date() -> None:
    wikidata = event(
        "Battle of Stalingrad", "wikidata", date=HistoricalDate(1942), article="Battle of Stalingrad"
    )
    wiki = event(
        "World War II: the Battle of Stalingrad begins",
        "wikipedia",
        date=HistoricalDate(1942, 8, 23),
        links=[Link("Battle of Stalingrad", "https://wikipedia.org/wiki/Battle_of_Stalingrad")],
    )
    [merged] = merge_events([wiki, wikidata])
    assert (merged.title, merged.date) == ("Battle of Stalingrad", HistoricalDate(1942, 8, 23))


def test_two_curated_events_are_never_merged() -> None:
    a = event("Founding of the Soviet Union", "canonical", canonical_id="event:a")
    b = event("Founding of the Soviet Union", "seed", canonical_id="event:b")
    assert len(merge_events([a, b])) == 2
