"""Evidence in names: an abbreviation and the name it stands for, a battle's other name in
NPS's account, and Wikidata's one day as the first of an incident told days later."""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.importers.merge import EventBuilder, merge_events
from tests.importers.merge_records import entry, link, record


def curated(title: str, date: HistoricalDate, *links: str) -> EventBuilder:
    slug = title.lower().replace(" ", "-")
    return record(title, "canonical", date, canonical_id=f"event:{slug}", links=[link(t) for t in links])


FAIRNESS = entry(
    "The Federal Communications Commission rescinds the Fairness Doctrine which had required "
    'radio and television stations to present controversial issues "fairly".',
    HistoricalDate(1987, 8, 4),
    "Federal Communications Commission",
    "Fairness Doctrine",
)


def test_a_curated_title_abbreviating_the_name_its_entry_spells_out_is_that_entry() -> None:
    fcc = curated("FCC abolishes the Fairness Doctrine", HistoricalDate(1987, 8, 4), "FCC fairness doctrine")
    [merged] = merge_events([fcc, FAIRNESS])
    assert (merged.title, merged.date) == ("FCC abolishes the Fairness Doctrine", HistoricalDate(1987, 8, 4))


def test_an_abbreviation_no_entry_spells_out_joins_nothing() -> None:
    # "NRA" stands for no run of capitals in the sentence: two of four words are too few.
    nra = curated("NRA abolishes the Fairness Doctrine", HistoricalDate(1987, 8, 4), "NRA fairness doctrine")
    assert len(merge_events([nra, FAIRNESS])) == 2


LIBERTY_ACCOUNT = (
    "At noon, Scott marched in the direction of the firing, approached Blue Mills Landing and "
    "struck the Confederate pickets."
)


def test_a_wikidata_battle_and_the_nps_battle_of_its_day_whose_account_names_its_place_are_one() -> None:
    # NPS calls it "Liberty", after the town; Wikidata "Action at Blue Mills Landing".
    nps = record(
        "Battle of Liberty",
        "acw",
        HistoricalDate(1861, 9, 17),
        article="Battle of Liberty",
        what_happened=LIBERTY_ACCOUNT,
    )
    wikidata = record(
        "Action at Blue Mills Landing",
        "wikidata",
        HistoricalDate(1861, 9, 17),
        article="Action at Blue Mills Landing",
    )
    [merged] = merge_events([nps, wikidata])
    assert sorted(s.name for s in merged.sources) == ["acw", "wikidata"]


def test_an_nps_account_naming_the_place_on_another_day_is_another_battle() -> None:
    nps = record(
        "Battle of Liberty",
        "acw",
        HistoricalDate(1861, 9, 17),
        article="Battle of Liberty",
        what_happened=LIBERTY_ACCOUNT,
    )
    wikidata = record(
        "Action at Blue Mills Landing",
        "wikidata",
        HistoricalDate(1861, 9, 20),
        article="Action at Blue Mills Landing",
    )
    assert len(merge_events([nps, wikidata])) == 2


TONKIN = "Gulf of Tonkin incident: U.S. destroyers USS Maddox and USS Turner Joy report coming under attack."


def test_wikidatas_first_day_of_an_incident_joins_the_entry_whose_heading_names_it_days_later() -> None:
    incident = record(
        "Gulf of Tonkin incident", "wikidata", HistoricalDate(1964, 8, 2), article="Gulf of Tonkin incident"
    )
    told = entry(TONKIN, HistoricalDate(1964, 8, 4), "Gulf of Tonkin incident", "USS Maddox (DD-731)")
    second = curated(
        "Reported second Gulf of Tonkin attack", HistoricalDate(1964, 8, 4), "Gulf of Tonkin incident"
    )
    [merged] = merge_events([incident, told, second])
    # The day page's day is kept; Wikidata's is a conflict noted in the sources.
    assert (merged.date, merged.conflicts) == (
        HistoricalDate(1964, 8, 4),
        ["date: wikidata gives 1964-08-02; kept wikipedia's 1964-08-04"],
    )


def test_an_entry_that_only_links_the_incident_days_later_stays_apart() -> None:
    incident = record(
        "Gulf of Tonkin incident", "wikidata", HistoricalDate(1964, 8, 2), article="Gulf of Tonkin incident"
    )
    told = entry(
        "U.S. aircraft bomb North Vietnam in retaliation for the Gulf of Tonkin incident.",
        HistoricalDate(1964, 8, 5),
        "North Vietnam",
        "Gulf of Tonkin incident",
    )
    assert len(merge_events([incident, told])) == 2


def test_a_wars_one_day_is_never_read_as_its_first_days_later() -> None:
    war = record("Austrian Civil War", "wikidata", HistoricalDate(1934, 2, 12), article="Austrian Civil War")
    war.date_may_be_end = True
    told = entry(
        "Austrian Civil War: the Schutzbund fights on in Vienna.",
        HistoricalDate(1934, 2, 14),
        "Austrian Civil War",
    )
    assert len(merge_events([war, told])) == 2


def uranus_row() -> EventBuilder:
    # The row's URL is the planet's page, a reference, not the discovery's own article.
    return record(
        "Uranus", "historicaldate", HistoricalDate(1781), summary="Uranus discovered", links=[link("Uranus")]
    )


HERSCHEL = "William Herschel discovers Uranus."


def test_a_year_only_row_and_the_one_entry_of_its_year_wording_it_and_linking_its_page_are_one() -> None:
    told = entry(HERSCHEL, HistoricalDate(1781, 3, 13), "William Herschel", "Uranus")
    [merged] = merge_events([uranus_row(), told])
    assert (merged.date, sorted(s.name for s in merged.sources)) == (
        HistoricalDate(1781, 3, 13),
        ["historicaldate", "wikipedia"],
    )


def test_a_row_worded_by_two_entries_of_its_year_joins_neither() -> None:
    first = entry(HERSCHEL, HistoricalDate(1781, 3, 13), "William Herschel", "Uranus")
    second = entry("Herschel discovers that Uranus is a planet.", HistoricalDate(1781, 4, 26), "Uranus")
    assert len(merge_events([uranus_row(), first, second])) == 3


def test_an_entry_of_another_year_wording_the_row_stays_apart() -> None:
    told = entry("William Herschel discovers Uranus's moons.", HistoricalDate(1787, 1, 11), "Uranus")
    assert len(merge_events([uranus_row(), told])) == 2
