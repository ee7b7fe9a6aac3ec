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


def entry(sentence: str, date: HistoricalDate, *links: str, page: str = "events/8/4.json") -> EventBuilder:
    """A Wikipedia day entry as the reader and pipeline build it."""
    built = EventBuilder(
        sentence.rstrip("."), date, "wikipedia", sources=[Source("wikipedia", page, sentence)]
    )
    built.summary = sentence
    built.links = [Link(title, f"https://wikipedia.org/wiki/{title.replace(' ', '_')}") for title in links]
    return built


def test_a_day_entry_keeps_its_day_and_julian_calendar_when_wikidata_gives_the_gregorian_day() -> None:
    # Wikidata's 1066-10-20 is the proleptic Gregorian form of 14 October; the reader converts it.
    hastings = entry(
        "Norman Conquest: Battle of Hastings: In England on Senlac Hill, the Normans defeat the English.",
        HistoricalDate(1066, 10, 14, calendar="julian"),
        "Norman Conquest",
        "Battle of Hastings",
        page="events/10/14.json",
    )
    wikidata = event(
        "Battle of Hastings",
        "wikidata",
        date=HistoricalDate(1066, 10, 14, calendar="julian"),
        article="Battle of Hastings",
    )
    [merged] = merge_events([hastings, wikidata])
    assert (merged.title, merged.date, merged.date.gregorian, merged.conflicts) == (
        "Battle of Hastings",
        HistoricalDate(1066, 10, 14, calendar="julian"),
        HistoricalDate(1066, 10, 20),
        [],
    )


def test_a_link_that_is_not_the_main_subject_never_merges_across_days() -> None:
    # Louis IX's death links the Eighth Crusade, but is about Louis IX: two events.
    death = entry(
        "King Louis IX of France dies in Tunis while on the Eighth Crusade.",
        HistoricalDate(1270, 8, 25, calendar="julian"),
        "Louis IX of France",
        "Eighth Crusade",
    )
    # The Wikidata reader marks a crusade's one date as one that may be its end: it lasts.
    crusade = event(
        "Eighth Crusade",
        "wikidata",
        date=HistoricalDate(1270),
        article="Eighth Crusade",
        date_may_be_end=True,
    )
    assert len(merge_events([death, crusade])) == 2


def test_entries_of_two_day_pages_never_become_one_event() -> None:
    # Catesby's death (8 November) and Fawkes's arrest (5 November) both link the Gunpowder Plot.
    plot = event("Gunpowder Plot", "wikidata", date=HistoricalDate(1605), article="Gunpowder Plot")
    arrest = entry(
        "Gunpowder Plot: Guy Fawkes is arrested.",
        HistoricalDate(1605, 11, 5),
        "Gunpowder Plot",
        "Guy Fawkes",
        page="events/11/5.json",
    )
    catesby = entry(
        "Gunpowder Plot: Robert Catesby is killed.",
        HistoricalDate(1605, 11, 8),
        "Gunpowder Plot",
        "Robert Catesby",
        page="events/11/8.json",
    )
    merged = merge_events([plot, arrest, catesby])
    # The plot (a year) joins one of them; each entry stays on its own day, and never with the other.
    assert len(merged) == 2
    assert sorted((e.date.to_edtf(), sum(s.name == "wikipedia" for s in e.sources)) for e in merged) == [
        ("1605-11-05", 1),
        ("1605-11-08", 1),
    ]


def test_a_curated_event_merges_with_the_day_entry_linking_its_article() -> None:
    katyn = event(
        "Katyn massacre",
        "canonical",
        date=HistoricalDate(1940, 3, 5),
        canonical_id="event:katyn-massacre",
        links=[Link("Katyn massacre", "https://en.wikipedia.org/wiki/Katyn_massacre")],
    )
    order = entry(
        "Six members of the Soviet politburo, including Stalin, sign an order to execute 25,700 Poles.",
        HistoricalDate(1940, 3, 5),
        "Joseph Stalin",
        "Katyn massacre",
    )
    [merged] = merge_events([order, katyn])
    assert (merged.canonical_id, merged.date, sorted(s.name for s in merged.sources)) == (
        "event:katyn-massacre",
        HistoricalDate(1940, 3, 5),
        ["canonical", "wikipedia"],
    )


def test_old_style_entry_and_its_new_style_twin_are_one_event_on_both_days() -> None:
    old = entry(
        "Karnal: The army of Nader Shah defeats the Mughal emperor at Karnal.",
        HistoricalDate(1739, 2, 13),
        page="events/2/13.json",
    )
    new = entry(
        "Karnal: The army of Nader Shah defeats the Mughal emperor at Karnal.",
        HistoricalDate(1739, 2, 24),
        page="events/2/24.json",
    )
    [merged] = merge_events([old, new])
    assert (merged.date, merged.date.gregorian) == (
        HistoricalDate(1739, 2, 13, calendar="julian"),
        HistoricalDate(1739, 2, 24),
    )


def test_unmarked_entries_twelve_days_apart_after_1752_are_not_old_style_twins() -> None:
    # Cold Harbor began on 31 May 1864 and ended on 12 June: America had left the Julian calendar.
    first = entry("American Civil War: Battle of Cold Harbor: Lee attacks.", HistoricalDate(1864, 5, 31))
    last = entry("American Civil War: Battle of Cold Harbor: Lee attacks again.", HistoricalDate(1864, 6, 12))
    assert [e.date for e in merge_events([first, last])] == [
        HistoricalDate(1864, 5, 31),
        HistoricalDate(1864, 6, 12),
    ]


def test_a_war_date_that_may_be_its_end_ends_the_span_a_day_entry_starts() -> None:
    war = event(
        "Anglo-Zulu War",
        "wikidata",
        date=HistoricalDate(1879, 7, 4),
        article="Anglo-Zulu War",
        date_may_be_end=True,
    )
    start = entry("The Anglo-Zulu War begins.", HistoricalDate(1879, 1, 11), "Anglo-Zulu War")
    [merged] = merge_events([start, war])
    assert (merged.date, merged.end_date, merged.conflicts) == (
        HistoricalDate(1879, 1, 11),
        HistoricalDate(1879, 7, 4),
        [],
    )


def test_a_wikidata_day_entered_as_julian_still_meets_its_day_page_entry() -> None:
    # Wikidata's Evesham is 1265-08-04 under the Gregorian model: the Julian day typed as is.
    evesham = event(
        "Battle of Evesham",
        "wikidata",
        date=HistoricalDate(1265, 7, 28, calendar="julian"),  # read as proleptic Gregorian, converted
        date_as_written=HistoricalDate(1265, 8, 4, calendar="julian"),
        article="Battle of Evesham",
    )
    day = entry(
        "Second Barons' War: Battle of Evesham: The army of Prince Edward defeats Simon de Montfort.",
        HistoricalDate(1265, 8, 4, calendar="julian"),
        "Second Barons' War",
        "Battle of Evesham",
    )
    [merged] = merge_events([day, evesham])
    assert (merged.title, merged.date, merged.conflicts) == (
        "Battle of Evesham",
        HistoricalDate(1265, 8, 4, calendar="julian"),
        [],
    )
