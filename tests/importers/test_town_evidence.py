"""A bare name becomes a town only on evidence from its row (issue 9, item 4).

The day files in ``tests/data/importers/towns`` are real rows of the Wikipedia day pages,
copied unchanged: the six names the audit found resolved to namesake towns, and three towns
that have their evidence. They go through the real importer with the curated ``data/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.importers.draft import Mention
from graph.importers.pipeline import SourceSpec, run_import
from graph.importers.places import Gazetteer, Place
from graph.importers.resolve import Resolution, Resolver
from graph.importers.town_evidence import LINKED_TOWN, Row, judge_town, us_town_unqualified
from graph.models import Kind, Source

ROOT = Path(__file__).resolve().parents[2]
TOWNS = ROOT / "tests" / "data" / "importers" / "towns"
GAZETTEER = Gazetteer()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """The import's output files, read back as a client would read them."""
    out = tmp_path_factory.mktemp("towns") / "graph"
    run_import([SourceSpec("wikipedia", (TOWNS,)), SourceSpec("canonical", (ROOT / "data",))], out)
    return {
        kind: [json.loads(line) for line in (out / f"{kind}s.jsonl").read_text(encoding="utf-8").splitlines()]
        for kind in ("event", "location")
    }


def event_from(records: dict[str, list[dict[str, Any]]], file: str) -> dict[str, Any]:
    """The one event built from a day file's row."""
    found = [e for e in records["event"] if any(s.get("file") == f"events/{file}.json" for s in e["sources"])]
    assert len(found) == 1, file
    return found[0]


def places_of(records: dict[str, list[dict[str, Any]]], event: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, kind, modern country) of each place the event links."""
    locations = {loc["id"]: loc for loc in records["location"]}

    def country(location_id: str | None) -> str:
        while location_id is not None:
            location = locations[location_id]
            if location.get("iso_code"):
                return str(location["iso_code"])[:2]
            location_id = location.get("part_of")
        return "?"

    return [(locations[i]["name"], locations[i]["kind"], country(i)) for i in event.get("locations") or ()]


@pytest.mark.parametrize(
    ("file", "places"),
    [
        # "Mauritius becomes a republic": the word is Republic, Missouri only by name.
        pytest.param("3/12", [("Mauritius", "country", "MU")], id="republic-missouri"),
        # "during the Spanish Reconquista" (1342): a town in Argentina cannot be the place.
        pytest.param("8/3", [], id="reconquista-argentina"),
        # Wikipedia's "Ontario" is the province, not Ontario, California.
        pytest.param("8/10", [("Ottawa", "city", "CA"), ("Ontario", "state", "CA")], id="ontario-california"),
        # "third moon of Jupiter": no US town's page is titled by its bare name.
        pytest.param("9/9", [], id="jupiter-florida"),
        # Julian leaves Antioch in 363: the ancient city on the Orontes, in today's Turkey.
        pytest.param("3/5", [("Antioch", "city", "TR")], id="ancient-antioch"),
        # Calcutta is Kolkata, not the town in South Africa.
        pytest.param(
            "2/13", [("Kolkata", "city", "IN"), ("New Delhi", "city", "IN")], id="calcutta-south-africa"
        ),
    ],
)
def test_namesake_towns_are_not_linked(
    imported: dict[str, list[dict[str, Any]]], file: str, places: list[tuple[str, str, str]]
) -> None:
    event = event_from(imported, file)
    assert [p for p in places_of(imported, event) if p[1] != "historical-state"] == places


def test_a_refused_town_stays_a_linked_topic(imported: dict[str, list[dict[str, Any]]]) -> None:
    # Nothing is lost: the link stays on the event; the word is just not a place.
    event = event_from(imported, "3/12")
    assert {"title": "Republic", "url": "https://wikipedia.org/wiki/Republic"} in event["links"]
    assert not any(loc["name"] == "Republic" for loc in imported["location"])


@pytest.mark.parametrize(
    ("file", "town", "evidence"),
    [
        # "depart from Dieppe, France": one of two towns of the name, its country named.
        pytest.param(
            "7/23",
            ("Dieppe", "city", "FR"),
            "its country named in the sentence (France), among 2 towns",
            id="country-picks-among-namesakes",
        ),
        # "in England … at Lewes, Sussex": England is in the United Kingdom.
        pytest.param(
            "12/27",
            ("Lewes", "city", "GB"),
            "its country named in the sentence (United Kingdom)",
            id="constituent-country",
        ),
        # "from Avignon" (1377): a linked town large enough to be the page's sense.
        pytest.param(
            "1/17",
            ("Avignon", "city", "FR"),
            "population 89,769 (at least 50,000 for a linked town)",
            id="population",
        ),
    ],
)
def test_towns_with_evidence_are_linked_and_say_why(
    imported: dict[str, list[dict[str, Any]]], file: str, town: tuple[str, str, str], evidence: str
) -> None:
    event = event_from(imported, file)
    assert town in places_of(imported, event)
    reasons = [
        s["record"]
        for s in event["sources"]
        if s["name"] == "clio-import" and s["record"].startswith("place ")
    ]
    assert len(reasons) == 1
    assert evidence in reasons[0]


# --- no evidence, no town --------------------------------------------------------------------

#: Bare names the gazetteer reads only as a town too small to claim a word on its own (no
#: national capital), and the names the audit found linked to namesakes.
SMALL_TOWNS = sorted(
    {
        name
        for name in (
            *GAZETTEER.city_names(),
            "Republic", "Reconquista", "Ontario", "Jupiter", "Antioch", "Calcutta",
        )
        if isinstance(place := GAZETTEER.lookup(name), Place)
        and place.kind == "city"
        # A US town off the AP list is no evidence even when large; Milwaukee, on it, is.
        and ((place.population or 0) < LINKED_TOWN or us_town_unqualified(place))
        and name != GAZETTEER.capital_of(place.country or "")
        and "," not in name
    }
)  # fmt: skip
#: Words that name no place, nation or people, to build sentences around the name.
FILLER = [
    "the",
    "army",
    "reaches",
    "a",
    "treaty",
    "is",
    "signed",
    "near",
    "river",
    "council",
    "in",
    "at",
    "of",
]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(SMALL_TOWNS),
    before=st.lists(st.sampled_from(FILLER), max_size=6),
    after=st.lists(st.sampled_from(FILLER), max_size=6),
    year=st.integers(-500, 2020),
    linked=st.booleans(),
)
def test_a_capitalised_name_without_evidence_never_becomes_a_town(
    name: str, before: list[str], after: list[str], year: int, linked: bool
) -> None:
    row = Row(" ".join([*before, name, *after]) + ".", (name,) if linked else (), year)
    place = GAZETTEER.lookup(name)
    assert isinstance(place, Place)
    assert judge_town(place, name, linked, row, GAZETTEER).place is None
    resolver = Resolver([], GAZETTEER)
    mention = Mention(name, title=name if linked else None)
    hit = resolver.resolve(mention, Resolution(), Source(name="test"), row)
    assert hit is None or hit.kind is not Kind.LOCATION


def test_a_town_one_row_proved_is_no_evidence_for_the_next() -> None:
    resolver = Resolver([], GAZETTEER)
    lewes = Mention("Lewes", title="Lewes")
    proved = Row("The worst ever avalanche in England occurs at Lewes, Sussex.", ("Lewes",), 1836)
    first = resolver.resolve(lewes, Resolution(), Source(name="test"), proved)
    assert first is not None and first.kind is Kind.LOCATION
    # The town is in the resolver's name index now; that is no evidence for another row.
    bare = Row("A riot breaks out at Lewes.", ("Lewes",), 1900)
    assert resolver.resolve(lewes, Resolution(), Source(name="test"), bare) is None
    # With its own evidence, the second row reaches the same node.
    again = resolver.resolve(
        lewes, Resolution(), Source(name="test"), Row("Riot at Lewes, England.", (), 1900)
    )
    assert again == first
