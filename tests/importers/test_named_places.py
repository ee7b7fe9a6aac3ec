"""A place a day-page sentence names without a link is linked on evidence, and says why."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph.importers.named_places import place_names
from graph.importers.pipeline import SourceSpec, run_import
from tests.importers.day_pages import entry, write_day


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("named")
    days = root / "wikipedia-onthisday"
    write_day(
        days,
        "events",
        8,
        12,
        [
            # A big city and its country, neither linked.
            entry(
                "1952",
                "The Night of the Murdered Poets: Thirteen prominent Jewish intellectuals are murdered"
                " in Moscow, Russia.",
                "Night of the Murdered Poets",
            ),
            # A country after "in the".
            entry("1944", "United States forces land in the Philippines.", "Battle of Leyte"),
            # A small town without its state named: no evidence, no place.
            entry("1970", "Riots in Lincoln as students protest.", "Riot"),
            # A name after "from" is where someone came from, not where the event happened.
            entry("1499", "Alonso de Ojeda sets sail from Cádiz on his voyage.", "Alonso de Ojeda"),
            # The object of a verb that happens there (events/4/25.json, a row of the fresh sample).
            entry(
                "2015",
                "Nearly 9,100 are killed after a massive 7.8 magnitude earthquake strikes Nepal.",
                "April 2015 Nepal earthquake",
            ),
            # A name the sentence links with its qualifier is that place, never a bare namesake
            # (events/5/24.json: Alexandria in Egypt, a city of five million, was added too).
            entry(
                "1861",
                "American Civil War: Union troops occupy Alexandria, Virginia.",
                "American Civil War",
                "Alexandria, Virginia",
            ),
        ],
    )
    out = root / "graph"
    run_import([SourceSpec("wikipedia", (days,))], out)
    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return {event["date"][:4]: event for event in map(json.loads, lines)}


def test_an_unlinked_city_with_its_country_named_is_the_place(imported: dict[str, dict[str, Any]]) -> None:
    poets = imported["1952"]
    assert poets["locations"] == ["location:moscow"]
    assert any(
        s["record"].startswith("place location:moscow: 'Moscow' named in the sentence")
        and s["record"].endswith("its country named in the sentence (Russia)")
        for s in poets["sources"]
    )


def test_a_country_named_after_in_the_is_the_place(imported: dict[str, dict[str, Any]]) -> None:
    assert imported["1944"]["locations"] == ["location:philippines"]


@pytest.mark.parametrize("year", ["1970", "1499"], ids=["small-town-without-evidence", "from-is-no-place"])
def test_a_name_without_evidence_or_after_from_is_no_place(
    imported: dict[str, dict[str, Any]], year: str
) -> None:
    assert "locations" not in imported[year]


def test_the_longest_reading_comes_first() -> None:
    assert place_names("In New York City, the Vitaphone premieres") == [["New York City"]]
    # A shorter reading only where the words left name a part of the place.
    assert place_names("lands at Southampton Airport") == [["Southampton Airport", "Southampton"]]
    assert place_names("a story in New York World newspaper") == [["New York World"]]
    # "outside" says where the event was not.
    assert place_names("the first American college outside the United States") == []


def test_the_object_of_a_verb_that_happens_there_is_the_place(imported: dict[str, dict[str, Any]]) -> None:
    assert imported["2015"]["locations"] == ["location:nepal"]


def test_a_linked_qualified_name_adds_no_bare_namesake(imported: dict[str, dict[str, Any]]) -> None:
    occupation = imported["1861"]
    assert len(occupation["locations"]) == 1
    assert not any("'Alexandria' named in the sentence" in s["record"] for s in occupation["sources"])
    assert any("Alexandria, Virginia -> GeoNames city" in s["record"] for s in occupation["sources"])
