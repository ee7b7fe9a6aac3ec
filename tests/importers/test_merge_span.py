"""A war is not its battles, and a battle of several days is each of its days (`graph.importers.span`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.dates import HistoricalDate
from graph.importers.merge import EventBuilder, merge_events
from graph.models import Source
from tests.importers.merge_records import entry, link


def record(title: str, source: str, date: HistoricalDate, **fields: object) -> EventBuilder:
    built = EventBuilder(title, date, source, sources=[Source(source, record=title)])
    built.links = [link(str(fields.get("article", title)))]
    for key, value in fields.items():
        setattr(built, key, value)
    return built


def groups(events: list[EventBuilder]) -> list[list[str]]:
    """Each merged event as the sorted names of the sources that told it."""
    return sorted(sorted(s.record or s.name for s in e.sources if s.name != "clio-import") for e in events)


LEXINGTON = (
    "American Revolutionary War: The war begins with an American victory in Concord "
    "during the battles of Lexington and Concord."
)


def war_of_independence() -> EventBuilder:
    return record(
        "American War of Independence",
        "historicaldate",
        HistoricalDate(1775, 4, 19),
        end_date=HistoricalDate(1783, 9, 3),
        article="American Revolutionary War",
    )


def lexington_and_concord() -> EventBuilder:
    return record(
        "Battles of Lexington and Concord",
        "wikidata",
        HistoricalDate(1775, 4, 19),
        article="Battles of Lexington and Concord",
    )


def test_a_war_never_swallows_the_battle_its_first_day_entry_tells() -> None:
    # The entry's heading names the war, its sentence the battles: the entry is the battles'.
    told = entry(
        LEXINGTON,
        HistoricalDate(1775, 4, 19),
        "American Revolutionary War",
        "Battles of Lexington and Concord",
    )
    merged = merge_events([war_of_independence(), lexington_and_concord(), told])
    assert groups(merged) == [
        [LEXINGTON, "Battles of Lexington and Concord"],
        ["American War of Independence"],
    ]


@pytest.mark.parametrize(
    ("whole", "part"),
    [
        # a span with its end date, and a battle on its first day
        pytest.param(war_of_independence, lexington_and_concord, id="war-span-and-battle"),
        # Wikidata's Seven Days Battles are July 1862 (a month), Malvern Hill one day of it
        pytest.param(
            lambda: record(
                "Seven Days Battles", "wikidata", HistoricalDate(1862, 7), article="Seven Days Battles"
            ),
            lambda: record(
                "Battle of Malvern Hill", "acw", HistoricalDate(1862, 7, 1), article="Battle of Malvern Hill"
            ),
            id="month-and-battle",
        ),
    ],
)
def test_a_whole_and_its_part_stay_apart_whichever_entry_joins_them(
    whole: Callable[[], EventBuilder], part: Callable[[], EventBuilder]
) -> None:
    # The entry opens with the part and is the one entry linking the whole: evidence for both.
    a, b = whole(), part()
    told = entry(
        f"The {b.article} takes place. It is part of the {a.article}.",
        HistoricalDate(b.date.year, b.date.month, b.date.day),
        str(b.article),
        str(a.article),
    )
    merged = merge_events([a, b, told])
    assert len(merged) == 2
    assert [str(a.title)] in groups(merged)


def test_one_article_dated_twice_is_still_one_event() -> None:
    # A span and a day of the same article are one thing dated by two sources.
    war = war_of_independence()
    one_day = record(
        "American Revolutionary War",
        "wikidata",
        HistoricalDate(1775, 4, 19),
        article="American Revolutionary War",
    )
    assert len(merge_events([war, one_day])) == 1


def fredericksburg() -> EventBuilder:
    return record(
        "Battle of Fredericksburg",
        "acw",
        HistoricalDate(1862, 12, 11),
        end_date=HistoricalDate(1862, 12, 15),
        article="Battle of Fredericksburg",
    )


LEE = (
    "American Civil War: At the Battle of Fredericksburg, Confederate General Robert E. Lee "
    "defeats Union Major General Ambrose Burnside."
)


def test_an_entry_on_a_battles_decisive_day_is_the_battle_which_keeps_its_first_day() -> None:
    told = entry(
        LEE, HistoricalDate(1862, 12, 13), "American Civil War", "Battle of Fredericksburg", "Robert E. Lee"
    )
    [merged] = merge_events([fredericksburg(), told])
    assert (merged.title, merged.date, merged.end_date, merged.conflicts) == (
        "Battle of Fredericksburg",
        HistoricalDate(1862, 12, 11),
        HistoricalDate(1862, 12, 15),
        [],
    )


def test_the_first_days_entry_wins_over_a_later_days_stronger_one() -> None:
    # Hatteras Inlet: the 28th links the battle, the 29th opens with it; the first day is the battle's.
    battle = record(
        "Battle of Hatteras Inlet Batteries",
        "acw",
        HistoricalDate(1861, 8, 28),
        end_date=HistoricalDate(1861, 8, 29),
        article="Battle of Hatteras Inlet Batteries",
    )
    first = entry(
        "American Civil War: Union forces attack Cape Hatteras in the Battle of Hatteras Inlet Batteries.",
        HistoricalDate(1861, 8, 28),
        "American Civil War",
        "Cape Hatteras",
        "Battle of Hatteras Inlet Batteries",
    )
    second = entry(
        "The Battle of Hatteras Inlet Batteries gives Federal forces control of Pamlico Sound.",
        HistoricalDate(1861, 8, 29),
        "Battle of Hatteras Inlet Batteries",
        "Pamlico Sound",
    )
    merged = merge_events([battle, second, first])
    assert [e.date for e in merged if len(e.sources) > 1] == [HistoricalDate(1861, 8, 28)]
    assert len(merged) == 2


@pytest.mark.parametrize(
    ("battle", "sentence", "day"),
    [
        # a war of six days has episodes, not days of one battle
        pytest.param(
            record(
                "Six-Day War",
                "seed",
                HistoricalDate(1967, 6, 5),
                end_date=HistoricalDate(1967, 6, 10),
                article="Six-Day War",
            ),
            "Six-Day War: Israeli soldiers enter Jerusalem.",
            HistoricalDate(1967, 6, 7),
            id="a-war",
        ),
        # a battle's end is its own fact
        pytest.param(
            fredericksburg(),
            "Battle of Fredericksburg ends with the Union army's retreat.",
            HistoricalDate(1862, 12, 15),
            id="its-end",
        ),
        # a siege of weeks has episodes too
        pytest.param(
            record(
                "Battle of Vicksburg",
                "acw",
                HistoricalDate(1863, 5, 18),
                end_date=HistoricalDate(1863, 7, 4),
                article="Battle of Vicksburg",
            ),
            "Battle of Vicksburg: Union gunboats run the batteries.",
            HistoricalDate(1863, 5, 27),
            id="a-long-span",
        ),
    ],
)
def test_an_entry_inside_a_span_that_is_no_short_battle_stays_apart(
    battle: EventBuilder, sentence: str, day: HistoricalDate
) -> None:
    told = entry(sentence, day, str(battle.article))
    assert len(merge_events([battle, told])) == 2
