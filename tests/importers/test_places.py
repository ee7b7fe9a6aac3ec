"""The offline gazetteer: what counts as a place, and which names stay open."""

from __future__ import annotations

import pytest

from graph.importers.places import Ambiguity, Gazetteer, Place


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("Soviet Union", ("historical-state", None, None), id="historical-state-stays-itself"),
        pytest.param("Holy Roman Empire", ("historical-state", None, None), id="holy-roman-empire"),
        pytest.param("Russian Federation", ("country", None, "RU"), id="iso-official-name"),
        pytest.param("Moscow", ("city", "country:RU", None), id="city-in-country"),
        pytest.param("Portland, Oregon", ("city", "state:US-OR", None), id="qualified-us-city"),
        pytest.param("Georgia (country)", ("country", None, "GE"), id="disambiguated-country"),
        pytest.param("Georgia (U.S. state)", ("state", "country:US", "US-GA"), id="disambiguated-state"),
        pytest.param("Florida", ("state", "country:US", "US-FL"), id="state-beats-small-cities"),
        pytest.param("Athens", ("city", "country:GR", None), id="dominant-city"),
    ],
)
def test_places(gazetteer: Gazetteer, title: str, expected: tuple[str, str | None, str | None]) -> None:
    place = gazetteer.lookup(title)
    assert isinstance(place, Place)
    assert (place.kind, place.parent, place.iso_code) == expected


@pytest.mark.parametrize(
    ("title", "candidates"),
    [
        pytest.param("Georgia", ("country:GE", "state:US-GA"), id="country-and-state"),
        pytest.param("Victoria", ("city:1931681", "city:6174041", "city:4739157"), id="no-dominant-city"),
    ],
)
def test_ambiguous_names_stay_open(gazetteer: Gazetteer, title: str, candidates: tuple[str, ...]) -> None:
    assert gazetteer.lookup(title) == Ambiguity(title, candidates)


@pytest.mark.parametrize("title", ["Diplomacy", "Paris (mythology)", "World War II"])
def test_non_places(gazetteer: Gazetteer, title: str) -> None:
    assert gazetteer.lookup(title) is None


def test_chain_nests_a_us_city_in_its_state_and_country(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Philadelphia")
    assert isinstance(place, Place)
    assert [(p.name, p.kind) for p in gazetteer.chain(place.key)] == [
        ("Philadelphia", "city"),
        ("Pennsylvania", "state"),
        ("United States", "country"),
    ]
