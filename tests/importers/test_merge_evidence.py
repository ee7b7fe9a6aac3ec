"""The named rules of `graph.importers.evidence`, and Wikidata's one day read as an end."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.dates import HistoricalDate
from graph.importers.merge import EventBuilder, merge_events
from tests.importers.merge_records import entry, link, record


def sources(event: EventBuilder) -> list[str]:
    return sorted(s.name for s in event.sources)


def test_an_entry_whose_only_link_is_a_battle_starts_it_and_wikidatas_later_day_ends_it() -> None:
    # Wikidata's Battle of Leyte is 1944-12-26, its last day; the entry links nothing else.
    landing = entry(
        "United States forces land in the Philippines.", HistoricalDate(1944, 10, 20), "Battle of Leyte"
    )
    leyte = record("Battle of Leyte", "wikidata", HistoricalDate(1944, 12, 26), article="Battle of Leyte")
    [merged] = merge_events([landing, leyte])
    assert (merged.title, merged.date, merged.end_date, merged.conflicts, sources(merged)) == (
        "Battle of Leyte",
        HistoricalDate(1944, 10, 20),
        HistoricalDate(1944, 12, 26),
        [],
        ["wikidata", "wikipedia"],
    )


def test_a_wikidata_day_before_the_entry_is_no_end_of_it() -> None:
    # The entry's day is after Wikidata's: Wikidata's day cannot end what the entry starts.
    landing = entry(
        "United States forces land in the Philippines.", HistoricalDate(1944, 10, 20), "Battle of Leyte"
    )
    leyte = record("Battle of Leyte", "wikidata", HistoricalDate(1944, 10, 17), article="Battle of Leyte")
    assert len(merge_events([landing, leyte])) == 2


def test_a_wikidata_day_a_season_after_the_entry_is_another_event() -> None:
    landing = entry(
        "United States forces land in the Philippines.", HistoricalDate(1944, 10, 20), "Battle of Leyte"
    )
    leyte = record("Battle of Leyte", "wikidata", HistoricalDate(1945, 3, 1), article="Battle of Leyte")
    assert len(merge_events([landing, leyte])) == 2


def test_the_one_entry_linking_a_year_only_battle_is_that_battle() -> None:
    # "…during the Battle of Cecora": the battle is linked last, and no other entry of 1620 links it.
    cecora = record("Battle of Cecora", "wikidata", HistoricalDate(1620), article="Battle of Cecora (1620)")
    defeat = entry(
        "The Ottoman Empire defeats the Polish-Lithuanian Commonwealth during the Battle of Cecora.",
        HistoricalDate(1620, 9, 17),
        "Ottoman Empire",
        "Polish-Lithuanian Commonwealth",
        "Battle of Cecora (1620)",
    )
    [merged] = merge_events([defeat, cecora])
    assert (merged.title, merged.date, sources(merged)) == (
        "Battle of Cecora",
        HistoricalDate(1620, 9, 17),
        ["wikidata", "wikipedia"],
    )


def test_two_entries_linking_a_year_only_battle_leave_it_alone() -> None:
    # Either could be the battle: no evidence says which, so neither joins it.
    siege = record("Battle of Vienna", "wikidata", HistoricalDate(1683), article="Battle of Vienna")
    first = entry(
        "Ottoman troops reach the walls before the Battle of Vienna.",
        HistoricalDate(1683, 7, 14),
        "Ottoman Empire",
        "Battle of Vienna",
    )
    last = entry(
        "Polish cavalry charge in the Battle of Vienna.",
        HistoricalDate(1683, 9, 12),
        "Polish cavalry",
        "Battle of Vienna",
    )
    assert len(merge_events([siege, first, last])) == 3


def test_a_reign_and_the_entry_of_its_first_day_about_the_king_are_one_event() -> None:
    reign = record(
        "Reign of William IV", "historicaldate", HistoricalDate(1830, 6, 26), links=[link("William IV")]
    )
    # The row links the redirect "William IV"; the day page the article, with its regnal "of …".
    accession = entry(
        "William IV becomes king of Britain and Hanover.",
        HistoricalDate(1830, 6, 26),
        "William IV of the United Kingdom",
        "Hanover",
    )
    [merged] = merge_events([accession, reign])
    assert (merged.title, merged.date, sources(merged)) == (
        "Reign of William IV",
        HistoricalDate(1830, 6, 26),
        ["historicaldate", "wikipedia"],
    )


def test_a_reign_and_an_entry_of_its_first_day_about_someone_else_stay_apart() -> None:
    # George IV dies that day too: the entry is about him, not the new king's reign.
    reign = record(
        "Reign of William IV", "historicaldate", HistoricalDate(1830, 6, 26), links=[link("William IV")]
    )
    death = entry(
        "George IV dies; his brother William IV succeeds him.",
        HistoricalDate(1830, 6, 26),
        "George IV",
        "William IV",
    )
    assert len(merge_events([death, reign])) == 2


def test_a_curated_event_and_the_one_entry_of_its_day_wording_its_title_are_one() -> None:
    pluto = record(
        "Discovery of Pluto",
        "canonical",
        HistoricalDate(1930, 2, 18),
        canonical_id="event:discovery-of-pluto",
    )
    found = entry(
        "While studying photographs taken in January, Clyde Tombaugh discovers Pluto.",
        HistoricalDate(1930, 2, 18),
        "Clyde Tombaugh",
        "Pluto",
    )
    other = entry(
        "A blizzard strikes the northeastern United States.", HistoricalDate(1930, 2, 18), "Blizzard"
    )
    merged = merge_events([found, other, pluto])
    assert sorted((e.title, sources(e)) for e in merged) == [
        ("A blizzard strikes the northeastern United States", ["wikipedia"]),
        ("Discovery of Pluto", ["canonical", "wikipedia"]),
    ]


def test_a_curated_event_worded_by_two_entries_of_its_day_joins_neither() -> None:
    pluto = record(
        "Discovery of Pluto",
        "canonical",
        HistoricalDate(1930, 2, 18),
        canonical_id="event:discovery-of-pluto",
    )
    first = entry("Clyde Tombaugh discovers Pluto.", HistoricalDate(1930, 2, 18), "Clyde Tombaugh")
    second = entry(
        "Astronomers in Arizona discover a planet beyond Neptune, later named Pluto.",
        HistoricalDate(1930, 2, 18),
        "Neptune",
    )
    assert len(merge_events([first, second, pluto])) == 3


def test_a_curated_event_and_an_entry_linking_its_renamed_article_are_one() -> None:
    # The article was renamed; the same words in another order name it.
    plebiscite = record(
        "1988 Chilean national plebiscite",
        "canonical",
        HistoricalDate(1988, 10, 5),
        canonical_id="event:1988-chilean-national-plebiscite",
        links=[link("1988 Chilean national plebiscite")],
    )
    vote = entry(
        "The Chilean opposition coalition Concertación defeats Augusto Pinochet in his re-election attempt.",
        HistoricalDate(1988, 10, 5),
        "Concertación",
        "Augusto Pinochet",
        "Chilean national plebiscite, 1988",
    )
    [merged] = merge_events([vote, plebiscite])
    assert (merged.title, sources(merged)) == ("1988 Chilean national plebiscite", ["canonical", "wikipedia"])


def test_a_battle_and_the_entry_of_its_day_naming_its_place_are_one() -> None:
    ushant = record(
        "Battle of Ushant (1781)", "wikidata", HistoricalDate(1781, 12, 12), article="Battle of Ushant (1781)"
    )
    fleet = entry(
        "American Revolutionary War: Second Battle of Ushant: A British fleet defeats a French fleet.",
        HistoricalDate(1781, 12, 12),
        "American Revolutionary War",
        "Second Battle of Ushant",
    )
    [merged] = merge_events([fleet, ushant])
    assert (merged.title, merged.date, sources(merged)) == (
        "Battle of Ushant (1781)",
        HistoricalDate(1781, 12, 12),
        ["wikidata", "wikipedia"],
    )


def test_a_battle_and_an_entry_of_another_day_naming_its_place_stay_apart() -> None:
    ushant = record("Battle of Ushant (1781)", "wikidata", HistoricalDate(1781, 12, 12))
    storm = entry("A storm scatters a convoy off Ushant.", HistoricalDate(1781, 12, 20), "Ushant")
    assert len(merge_events([storm, ushant])) == 2


def test_a_wikidata_day_as_written_the_day_after_the_entry_is_the_same_battle() -> None:
    # Wikidata's Mühlberg is 1547-04-25 (as written; 04-15 read as proleptic Gregorian); the day page's 24th.
    muhlberg = record(
        "Battle of Mühlberg",
        "wikidata",
        HistoricalDate(1547, 4, 15, calendar="julian"),
        article="Battle of Mühlberg",
        date_as_written=HistoricalDate(1547, 4, 25, calendar="julian"),
    )
    battle = entry(
        "Battle of Mühlberg. Duke of Alba defeats the troops of the Schmalkaldic League.",
        HistoricalDate(1547, 4, 24, calendar="julian"),
        "Battle of Mühlberg",
        "Schmalkaldic League",
    )
    [merged] = merge_events([battle, muhlberg])
    assert (merged.date, merged.end_date, len(merged.conflicts)) == (
        HistoricalDate(1547, 4, 24, calendar="julian"),
        None,
        1,
    )


def test_an_entry_telling_a_wars_end_is_not_the_war_it_alone_links() -> None:
    # Wikidata's Kargil War is 1999 (year only); the entry of 26 July is its end, its own fact.
    war = record("Kargil War", "wikidata", HistoricalDate(1999), article="Kargil War", date_may_be_end=True)
    end = entry("Kargil conflict officially comes to an end.", HistoricalDate(1999, 7, 26), "Kargil War")
    assert len(merge_events([end, war])) == 2


def test_an_entry_telling_a_battles_end_is_not_the_start_wikidatas_later_day_ends() -> None:
    ypres = record(
        "Third Battle of Ypres", "wikidata", HistoricalDate(1917, 11, 10), article="Battle of Passchendaele"
    )
    end = entry(
        "World War I: Battle of Passchendaele ends: Canadian forces take Passchendaele.",
        HistoricalDate(1917, 11, 6),
        "World War I",
        "Battle of Passchendaele",
    )
    assert len(merge_events([end, ypres])) == 2


def test_an_article_written_with_a_hyphen_or_an_en_dash_is_one_article() -> None:
    # The historicaldate row's URL gives "(1984–85)", the day page's link "(1984-85)".
    strike = record(
        "Miners strike", "historicaldate", HistoricalDate(1984, 3, 6), article="UK miners' strike (1984–85)"
    )
    walkout = entry(
        "In the United Kingdom, a walkout at Cortonwood Colliery signals the start of a strike.",
        HistoricalDate(1984, 3, 6),
        "Brampton Bierlow",
        "UK miners' strike (1984-85)",
    )
    [merged] = merge_events([walkout, strike])
    assert (merged.title, sources(merged)) == ("Miners strike", ["historicaldate", "wikipedia"])


def test_a_curated_battle_and_the_entry_of_its_day_taking_its_place_are_one() -> None:
    zacatecas = record(
        "Battle of Zacatecas",
        "canonical",
        HistoricalDate(1914, 6, 23),
        canonical_id="event:battle-of-zacatecas",
    )
    taken = entry(
        "Mexican Revolution: Pancho Villa takes Zacatecas from Victoriano Huerta.",
        HistoricalDate(1914, 6, 23),
        "Mexican Revolution",
        "Pancho Villa",
    )
    [merged] = merge_events([taken, zacatecas])
    assert (merged.canonical_id, sources(merged)) == ("event:battle-of-zacatecas", ["canonical", "wikipedia"])


def test_a_war_named_in_a_heading_above_the_entrys_own_is_its_context_not_its_event() -> None:
    # Lexington and Concord open the war on 19 April 1775, but the entry is about the battles.
    war = record(
        "American War of Independence",
        "historicaldate",
        HistoricalDate(1775, 4, 19),
        article="American Revolutionary War",
    )
    battles = entry(
        "American Revolutionary War: Battles of Lexington and Concord: The war begins at Lexington.",
        HistoricalDate(1775, 4, 19),
        "American Revolutionary War",
        "Battles of Lexington and Concord",
    )
    assert len(merge_events([battles, war])) == 2


def _day_of_many_rules() -> list[EventBuilder]:
    """Records that each named rule joins, and near misses, built afresh (a merge mutates them)."""
    return [
        entry(
            "United States forces land in the Philippines.", HistoricalDate(1944, 10, 20), "Battle of Leyte"
        ),
        record("Battle of Leyte", "wikidata", HistoricalDate(1944, 12, 26), article="Battle of Leyte"),
        record("Battle of Cecora", "wikidata", HistoricalDate(1620), article="Battle of Cecora (1620)"),
        entry(
            "The Ottomans win during the Battle of Cecora.",
            HistoricalDate(1620, 9, 17),
            "Ottoman Empire",
            "Battle of Cecora (1620)",
        ),
        record(
            "Reign of William IV", "historicaldate", HistoricalDate(1830, 6, 26), links=[link("William IV")]
        ),
        entry("William IV becomes king.", HistoricalDate(1830, 6, 26), "William IV of the United Kingdom"),
        entry("George IV's funeral is held.", HistoricalDate(1830, 6, 26), "George IV"),
        record("Discovery of Pluto", "canonical", HistoricalDate(1930, 2, 18), canonical_id="event:pluto"),
        entry("Clyde Tombaugh discovers Pluto.", HistoricalDate(1930, 2, 18), "Clyde Tombaugh"),
        record("Battle of Ushant (1781)", "wikidata", HistoricalDate(1781, 12, 12)),
        entry("Second Battle of Ushant: A British fleet wins.", HistoricalDate(1781, 12, 12), "HMS Victory"),
    ]


@given(st.permutations(range(11)))
@settings(max_examples=30, deadline=None)
def test_the_named_rules_merge_alike_whatever_order_the_records_come_in(order: list[int]) -> None:
    # Importing sources in any order must give the same events (issue 9, item 7).
    def groups(records: list[EventBuilder]) -> set[frozenset[str]]:
        return {frozenset(s.record or "" for s in e.sources) for e in merge_events(records)}

    records = _day_of_many_rules()
    assert groups([records[i] for i in order]) == groups(_day_of_many_rules())
    assert len(groups(_day_of_many_rules())) == 6
