"""Which calendar a Wikidata day is in, decided per item by the day page of the same event."""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.importers.merge import EventBuilder, merge_events
from graph.importers.oldstyle import from_proleptic_gregorian, labelled_julian
from graph.importers.resolve import EVIDENCE
from graph.models import Link, Source


def wikidata(label: str, written: HistoricalDate) -> EventBuilder:
    """A Wikidata item as the reader builds it: the day converted, the numbers as written kept."""
    date, note = from_proleptic_gregorian(written)
    assert note is not None
    return EventBuilder(
        label,
        date,
        "wikidata",
        article=label,
        links=[Link(label, f"https://en.wikipedia.org/wiki/{label.replace(' ', '_')}")],
        sources=[Source("wikidata", "historic_events.json", f"Q:{label}"), Source(EVIDENCE, record=note)],
        date_as_written=labelled_julian(written),
    )


def entry(sentence: str, date: HistoricalDate, *links: str) -> EventBuilder:
    page = f"events/{date.month}/{date.day}.json"
    built = EventBuilder(
        sentence.rstrip("."), date, "wikipedia", sources=[Source("wikipedia", page, sentence)]
    )
    built.summary = sentence
    built.links = [Link(title, f"https://wikipedia.org/wiki/{title.replace(' ', '_')}") for title in links]
    return built


def calendar_notes(event: EventBuilder) -> list[str]:
    return [s.record or "" for s in event.sources if s.name == EVIDENCE and "calendar" in (s.record or "")]


def test_a_wikidata_day_the_day_page_gives_as_written_is_the_julian_day_and_says_so() -> None:
    # Wikidata's Sluys is 1340-06-24: the Julian day of the day page, typed under the Gregorian model.
    sluys = wikidata("Battle of Sluys", HistoricalDate(1340, 6, 24))
    day = entry(
        "Hundred Years' War: Battle of Sluys: The French fleet is almost completely destroyed.",
        HistoricalDate(1340, 6, 24, calendar="julian"),
        "Hundred Years' War",
        "Battle of Sluys",
    )
    [merged] = merge_events([day, sluys])
    assert (merged.date, merged.date.gregorian, merged.conflicts) == (
        HistoricalDate(1340, 6, 24, calendar="julian"),
        HistoricalDate(1340, 7, 2),
        [],
    )
    assert calendar_notes(merged) == [
        "calendar: wikidata gives the Julian day 1340-06-24 as written, as wikipedia does; "
        "not read as proleptic Gregorian (1340-06-16 Julian)"
    ]


def test_a_day_entry_linking_the_item_anywhere_merges_on_the_day_as_written() -> None:
    # Tricamarum is linked at the end of the sentence, not its subject: the same day is the evidence.
    tricamarum = wikidata("Battle of Tricamarum", HistoricalDate(533, 12, 15))
    day = entry(
        "Vandalic War: Byzantine general Belisarius defeats the Vandals at the Battle of Tricamarum.",
        HistoricalDate(533, 12, 15, calendar="julian"),
        "Vandalic War",
        "Belisarius",
        "Battle of Tricamarum",
    )
    [merged] = merge_events([day, tricamarum])
    assert (merged.title, merged.date, sorted(s.name for s in merged.sources if s.name != EVIDENCE)) == (
        "Battle of Tricamarum",
        HistoricalDate(533, 12, 15, calendar="julian"),
        ["wikidata", "wikipedia"],
    )


def test_a_wikidata_day_in_the_proleptic_gregorian_calendar_keeps_its_conversion() -> None:
    # Wikidata's Hastings is 1066-10-20, the Gregorian form of the day page's 14 October.
    hastings = wikidata("Battle of Hastings", HistoricalDate(1066, 10, 20))
    day = entry(
        "Norman Conquest: Battle of Hastings: The Normans defeat the English.",
        HistoricalDate(1066, 10, 14, calendar="julian"),
        "Norman Conquest",
        "Battle of Hastings",
    )
    [merged] = merge_events([day, hastings])
    assert merged.date == HistoricalDate(1066, 10, 14, calendar="julian")
    assert [n.split(" (")[0] for n in calendar_notes(merged)] == [
        "calendar: the source gives 1066-10-20 in the proleptic Gregorian calendar; "
        "read as the Julian 1066-10-14"
    ]


def test_an_unwitnessed_wikidata_day_stays_converted_with_the_assumption_noted() -> None:
    [alone] = merge_events([wikidata("Battle of Manila", HistoricalDate(1570, 5, 24))])
    assert alone.date == HistoricalDate(1570, 5, 14, calendar="julian")
    assert calendar_notes(alone)[0].endswith(
        "(assumed, as Wikidata's model says: no other source of the event states its day)"
    )
