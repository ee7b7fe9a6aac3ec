"""A state a sentence names only as a side in the fighting is not where the event happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.importers.pipeline import SourceSpec, run_import
from graph.importers.sides import side_not_place
from tests.importers.day_pages import entry, write_day


@pytest.mark.parametrize(
    ("state", "iso", "sentence", "side"),
    [
        # The attacking fleet's people, not the sea off Japan where it sank.
        (
            "Mongol Empire",
            None,
            "Mongol invasion of Japan: The Mongolian fleet of Kublai Khan is destroyed by a "
            '"divine wind" for the second time in the Battle of Kōan.',
            "Mongol invasion",
        ),
        # An adjective joined to another before the force.
        (
            "Kingdom of France",
            None,
            "Combined forces of Spain and the Papal States defeat a French and Venetian army"
            " at the Battle of Bicocca.",
            "French and Venetian army",
        ),
        # The people at war, by their plural.
        (
            "Kingdom of Prussia",
            None,
            "Napoleonic Wars: The Battle of Champaubert ends in French victory over the Russians"
            " and the Prussians.",
            "the Prussians",
        ),
        # Its arms: a rocket fired at London is no event in Germany.
        (
            "Nazi Germany",
            None,
            "World War II: A German V-2 rocket hits a Woolworth's shop in London, United Kingdom,"
            " killing 168 people.",
            "German V-2 rocket",
        ),
        # A country's demonym from the table: "Spanish" for Spain.
        (
            "Spain",
            "ES",
            "American Revolutionary War: Spanish forces capture Fort Charlotte in Mobile, Alabama.",
            "Spanish forces",
        ),
    ],
    ids=["mongol-fleet", "french-and-venetian-army", "the-prussians", "german-rocket", "spanish-forces"],
)
def test_a_state_named_as_a_side_is_no_place(state: str, iso: str | None, sentence: str, side: str) -> None:
    assert side_not_place(state, [], iso, sentence) == side


@pytest.mark.parametrize(
    ("state", "iso", "sentence"),
    [
        # Named as itself: the sentence says the state, not only its people.
        ("Soviet Union", "SU", "World War II: The Soviet Union invades Poland with Soviet troops."),
        ("Israel", "IL", "Forces leave Beirut after Israel's 1982 invasion of Lebanon."),
        # The adjective qualifies something that lies in the state.
        ("Byzantine Empire", None, "The Avars lift the siege at the Byzantine stronghold of Tomis."),
        (
            "Confederate States of America",
            None,
            "Lincoln approves a plan to capture the Confederate capital.",
        ),
        # No fighting: a country's police act in the country.
        (
            "Italy",
            "IT",
            "US Army general James L. Dozier is rescued by Italian anti-terrorism forces"
            " from the Red Brigades.",
        ),
        # "Swiss" is the adjective, not a plural of a people.
        ("Switzerland", "CH", "Battle of Arbedo between the duke of Milan and the Swiss cantons."),
        # A comma ends the phrase: Japan is where the Chinese troops fought.
        ("Japan", "JP", "In Japan, Chinese troops attack a garrison."),
    ],
    ids=[
        "named-as-itself",
        "possessive",
        "byzantine-stronghold",
        "confederate-capital",
        "no-fighting",
        "swiss",
        "comma",
    ],
)
def test_a_state_named_otherwise_may_be_the_place(state: str, iso: str | None, sentence: str) -> None:
    assert side_not_place(state, [], iso, sentence) is None


def test_import_leaves_the_side_a_topic_and_says_why(tmp_path: Path) -> None:
    days = tmp_path / "wikipedia-onthisday"
    write_day(
        days,
        "events",
        8,
        15,
        [
            entry(
                "1281",
                "Mongol invasion of Japan: The Mongolian fleet of Kublai Khan is destroyed by a "
                '"divine wind" for the second time in the Battle of Kōan.',
                "Mongol invasions of Japan",
                "Mongol Empire",
                "Kublai Khan",
                "Battle of Kōan",
            ),
            entry("1260", "Kublai Khan becomes ruler of the Mongol Empire.", "Kublai Khan", "Mongol Empire"),
        ],
    )
    out = tmp_path / "graph"
    run_import([SourceSpec("wikipedia", (days,))], out)
    events = {
        e["date"][:4]: e
        for e in (
            json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
        )
    }
    battle, reign = events["1281"], events["1260"]
    assert "location:mongol-empire" not in battle.get("locations", [])
    assert {
        "name": "clio-import",
        "record": "not a place: Mongol Empire: 'Mongol invasion' names a side",
    } in battle["sources"]
    # The state named as itself is still a place.
    assert reign["locations"] == ["location:mongol-empire"]
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    assert "place refused: a side in the fighting" in json.dumps(report)
