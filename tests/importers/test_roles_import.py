"""Roles through the real importer: participants on evidence, mentions apart, life dates obeyed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import HistoricalDate
from graph.importers.builder import EventBuilder
from graph.importers.participation import apply_life_dates, sentence_roles
from graph.importers.pipeline import SourceSpec, run_import
from graph.loader import load_graph
from graph.models import Link
from graph.roles import Role
from tests.importers.day_pages import entry, write_day

ACW = Path(__file__).resolve().parents[1] / "data" / "importers" / "acw" / "mini"


LINCOLN, BOOTH, ALI = "Abraham Lincoln", "John Wilkes Booth", "Ali ibn Abi Talib"
TITANIC = "Victims of the RMS Titanic disaster\n\nThomas Andrews, Irish shipbuilder (b. 1873)\n"
TITANIC += "John Jacob Astor IV, American businessman (b. 1864)\n"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """A few day pages, their people's births and deaths, and the mini Civil War battles."""
    root = tmp_path_factory.mktemp("roles")
    wiki = root / "wiki"
    write_day(wiki, "births", 2, 12, [entry("1809", f"{LINCOLN}, American president (d. 1865)", LINCOLN)])
    write_day(
        wiki, "deaths", 4, 26, [entry("1865", f"{BOOTH}, American actor and assassin (b. 1838)", BOOTH)]
    )
    write_day(wiki, "deaths", 1, 28, [entry("661", f"{ALI}, fourth caliph (b. 601)", ALI)])
    write_day(
        wiki,
        "deaths",
        4,
        15,
        [entry("1912", TITANIC, "Sinking of the RMS Titanic", "Thomas Andrews", "John Jacob Astor IV")],
    )
    write_day(
        wiki,
        "events",
        4,
        14,
        [entry("1865", f"{LINCOLN} is shot by {BOOTH} at Ford's Theatre.", LINCOLN, BOOTH)],
    )
    write_day(wiki, "events", 5, 14, [
        # A namesake and a cue, and Lincoln dead for 95 years: a mention three times over.
        entry("1960", f"The submarine USS {LINCOLN}, named after {LINCOLN}, is launched.", LINCOLN),
        # The boxer's "Ali" links the caliph, whose name the sentence never writes: no evidence.
        entry("1964", "Cassius Clay takes the name Ali after joining the Nation of Islam.", ALI),
    ])  # fmt: skip
    # The sentence's subject, but 44 years dead, and a subject not yet born: mentions by life dates.
    write_day(
        wiki,
        "events",
        8,
        2,
        [entry("1909", f"{LINCOLN} appears on the U.S. penny for the first time.", LINCOLN)],
    )
    write_day(
        wiki,
        "events",
        6,
        1,
        [entry("1821", f"{BOOTH}'s father Junius Brutus Booth lands in Virginia.", BOOTH)],
    )
    out = root / "graph"
    report = run_import([SourceSpec("wikipedia", (wiki,)), SourceSpec("acw", (ACW,))], out)
    rows = (json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines())
    people = [json.loads(line) for line in (out / "people.jsonl").read_text(encoding="utf-8").splitlines()]
    load_graph(out)  # what the importer writes, the loader accepts
    return {str(e["title"]): e for e in rows}, {"report": report.to_json(), "people": people}


def _named(events: dict[str, dict[str, Any]], start: str) -> dict[str, Any]:
    return next(e for title, e in events.items() if title.startswith(start))


def test_the_sentence_subject_is_a_victim_and_the_agent_a_participant(imported: Any) -> None:
    shot = _named(imported[0], "Abraham Lincoln is shot")
    assert (shot["people"], shot.get("mentions"), shot["roles"]) == (
        ["person:abraham-lincoln", "person:john-wilkes-booth"],
        None,
        {"person:abraham-lincoln": "victim"},
    )


def test_a_namesake_named_after_a_dead_man_only_mentions_him(imported: Any) -> None:
    launched = _named(imported[0], "The submarine USS Abraham Lincoln")
    assert (launched.get("people"), launched["mentions"]) == (None, ["person:abraham-lincoln"])


def test_a_name_the_sentence_never_writes_is_no_evidence_of_a_part(imported: Any) -> None:
    renamed = _named(imported[0], "Cassius Clay")
    assert (renamed.get("people"), renamed["mentions"]) == (None, ["person:ali-ibn-abi-talib"])


@pytest.mark.parametrize(
    ("start", "person", "why"),
    [
        ("Abraham Lincoln appears on the U.S. penny", "person:abraham-lincoln",
         "died 1865, more than a year before the event"),
        ("John Wilkes Booth's father", "person:john-wilkes-booth", "born 1838, after the event"),
    ],
)  # fmt: skip
def test_a_subject_dead_or_unborn_at_the_event_is_a_mention_and_the_note_says_why(
    imported: Any, start: str, person: str, why: str
) -> None:
    event = _named(imported[0], start)
    assert (event.get("people"), event["mentions"]) == (None, [person])
    notes = [s["record"] for s in event["sources"] if s["name"] == "clio-import" and "role:" in s["record"]]
    assert notes == [f"role: {person} mentions, not participant: {why}"]


def test_civil_war_commanders_are_commanders(imported: Any) -> None:
    antietam = _named(imported[0], "Battle of Antietam")
    assert antietam["people"] and set(antietam["roles"].values()) == {"commander"}
    assert set(antietam["roles"]) == set(antietam["people"])


def test_a_grouped_header_without_a_colon_is_no_person(imported: Any) -> None:
    names = {p["name"]: p for p in imported[1]["people"]}
    assert "Sinking of the RMS Titanic" not in names
    assert names["Thomas Andrews"]["died"] == names["John Jacob Astor IV"]["died"] == "1912-04-15"
    assert (names["Thomas Andrews"]["born"], names["John Jacob Astor IV"]["born"]) == ("1873", "1864")


def test_the_report_counts_links_by_role(imported: Any) -> None:
    roles = imported[1]["report"]["roles"]
    assert roles["mention links"] == 4
    assert roles["participants made mentions by their life dates"] == 2
    assert roles["participant links"] >= 2 + 2  # Lincoln and Booth, and Antietam's commanders


# Names and filler words a sentence is made of; a name always stands for its link.
_WORDS = st.lists(
    st.sampled_from(["the", "army", "signs", "a", "treaty", "in", "Paris", "and", ","]), max_size=8
)


@given(before=_WORDS, after=_WORDS)
def test_a_passing_cue_right_before_the_only_name_makes_a_mention(
    before: list[str], after: list[str]
) -> None:
    sentence = " ".join([*before, "named after", LINCOLN, *after]) + "."
    assert sentence_roles(sentence, [Link(LINCOLN, "")]) == {LINCOLN: Role.MENTIONS}


@given(text=st.text(max_size=300), titles=st.lists(st.text(min_size=1, max_size=30), max_size=5))
def test_every_link_gets_exactly_one_role_whatever_the_text(text: str, titles: list[str]) -> None:
    links = [Link(t, "") for t in titles]
    roles = sentence_roles(text, links)
    assert set(roles) == set(titles)
    assert all(isinstance(r, Role) for r in roles.values())


def test_a_war_dated_by_its_end_keeps_those_who_fell_in_it() -> None:
    # Wikidata's one date for the Wars of the Roses may be their end; Richard III fell in 1485.
    war = EventBuilder("Wars of the Roses", HistoricalDate(1487), "wikidata", people=["person:richard-iii"])
    war.date_may_be_end = True
    richard = (HistoricalDate(1452, 10, 2), HistoricalDate(1485, 8, 22))
    assert apply_life_dates(war, lambda pid: richard) == []
    assert war.people == ["person:richard-iii"]
    war.date_may_be_end = False
    assert apply_life_dates(war, lambda pid: richard) == [
        "role: person:richard-iii mentions, not participant: died 1485-08-22, "
        "more than a year before the event"
    ]
    assert (war.people, war.mentions) == ([], ["person:richard-iii"])


@pytest.mark.parametrize(
    ("sentence", "title", "role"),
    [
        # Spelled otherwise than the title: found by likeness, and the subject.
        ("Phillip II becomes king of France.", "Philip II of France", Role.PARTICIPANT),
        # A relative clause about something else.
        ("Siege of Vicksburg: Grant takes the city, which Robert E. Lee had hoped to relieve.",
         "Robert E. Lee", Role.MENTIONS),
        # "The assassination of" names the victim.
        ("Viewers witness the assassination of Inejiro Asanuma on live television.",
         "Inejiro Asanuma", Role.VICTIM),
        # A subordinate clause about an earlier event.
        ("Winston Churchill becomes Prime Minister following the resignation of Neville Chamberlain.",
         "Neville Chamberlain", Role.MENTIONS),
        # A consequence after a comma (events/5/12.json#41).
        ("Four students are shot at Trisakti University, leading to widespread riots and the fall of "
         "Suharto.", "Suharto", Role.MENTIONS),
        # The target of a plot took no part in its betrayal (events/9/7.json#6)...
        ("Thomas Howard, 4th Duke of Norfolk, is arrested for his role in the Ridolfi plot to "
         "assassinate Queen Elizabeth I of England and replace her with Mary, Queen of Scots.",
         "Elizabeth I of England", Role.MENTIONS),
        # ... but the target of an attempt was there (events/9/5.json#43).
        ("Sacramento, California: Lynette Fromme attempts to assassinate U.S. President Gerald Ford.",
         "Gerald Ford", Role.PARTICIPANT),
    ],
)  # fmt: skip
def test_sentence_roles_on_development_rows(sentence: str, title: str, role: Role) -> None:
    assert sentence_roles(sentence, [Link(title, "")])[title] is role
