"""Entity resolution: each rule on its own evidence, and the cases it must refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.dates import HistoricalDate
from graph.importers import canonical
from graph.importers.draft import DraftPerson, Mention
from graph.importers.places import Gazetteer, Place
from graph.importers.resolve import Resolution, Resolver
from graph.models import Kind, Source

DATA = Path(__file__).resolve().parents[1] / "data" / "importers" / "pipeline" / "data"
SOURCE = Source("test", "t.json", "line 1")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture
def resolver(gazetteer: Gazetteer) -> Resolver:
    resolver = Resolver(list(canonical.read([DATA])), gazetteer)
    resolver.add_people(
        [
            DraftPerson(
                "Ada Lovelace",
                Source("wikipedia", "births/12/10.json", "line 5"),
                born=HistoricalDate(1815, 12, 10),
                title="Ada Lovelace",
            ),
        ]
    )
    return resolver


def refs(resolver: Resolver, *mentions: Mention) -> dict[str, list[str]]:
    found = resolver.resolve_all(mentions, SOURCE)
    return {kind.value: ids for kind, ids in found.refs.items()} | (
        {"topics": found.topics} if found.topics else {}
    )


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        pytest.param(Mention("  joseph STALIN"), {"person": ["person:joseph-stalin"]}, id="case-and-spaces"),
        pytest.param(Mention("Stalin"), {"person": ["person:joseph-stalin"]}, id="curated-alias"),
        pytest.param(
            Mention("Ada Lovelace", title="Ada Lovelace"),
            {"person": ["person:ada-lovelace"]},
            id="births-title",
        ),
        pytest.param(Mention("USSR"), {"location": ["location:soviet-union"]}, id="state-alias-is-a-place"),
        pytest.param(
            Mention("Ottoman Empire"), {"location": ["location:ottoman-empire"]}, id="historical-state"
        ),
        pytest.param(
            Mention("Communist Party of Cuba"),
            {"organization": ["organization:communist-party-of-cuba"]},
            id="party-by-title-word",
        ),
        pytest.param(Mention("Diplomacy", title="Diplomacy"), {"tag": ["tag:diplomacy"]}, id="curated-tag"),
        pytest.param(Mention("Sputnik 1", title="Sputnik 1"), {"topics": ["sputnik 1"]}, id="topic"),
    ],
)
def test_rules(resolver: Resolver, mention: Mention, expected: dict[str, list[str]]) -> None:
    assert refs(resolver, mention) == expected


def test_surname_resolves_only_against_people_of_the_same_record(resolver: Resolver) -> None:
    assert refs(resolver, Mention("Ada Lovelace", title="Ada Lovelace"), Mention("Lovelace")) == {
        "person": ["person:ada-lovelace"]
    }
    assert refs(resolver, Mention("Lovelace")) == {}
    assert resolver.stats.unresolved["Lovelace"] == 1


def test_ambiguous_place_is_counted_not_guessed(resolver: Resolver) -> None:
    assert refs(resolver, Mention("Georgia")) == {}
    assert resolver.stats.ambiguous["Georgia"] == 1


def test_namesakes_with_different_lives_are_two_people(gazetteer: Gazetteer) -> None:
    resolver = Resolver([], gazetteer)
    resolver.add_people(
        [
            DraftPerson("John Smith", Source("a"), born=HistoricalDate(1580)),
            DraftPerson("John Smith", Source("b"), born=HistoricalDate(1950)),
            DraftPerson("John Smith", Source("c"), born=HistoricalDate(1950), died=HistoricalDate(2020)),
        ]
    )
    people = {n.id: [s.name for s in n.sources] for n in resolver.nodes.values() if n.kind is Kind.PERSON}
    assert people == {"person:john-smith-1580": ["a"], "person:john-smith-1950": ["b", "c"]}


#: Alexandria (Egypt), Alexandria (Virginia) and Alexandria (Louisiana), by the titles that name them.
ALEXANDRIAS = ("Alexandria, Egypt", "Alexandria, Virginia", "Alexandria, Louisiana")


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)], ids=["as-listed", "reversed", "mixed"])
def test_namesake_places_get_one_id_whatever_order_they_are_met_in(
    gazetteer: Gazetteer, order: tuple[int, int, int]
) -> None:
    # Numbered in the order met, the Virginia town was -city in one import and -city-2 in
    # another, so merged imports linked other places than one run.
    resolver = Resolver([], gazetteer)
    ids = {}
    for index in order:
        place = gazetteer.lookup(ALEXANDRIAS[index])
        assert isinstance(place, Place)
        ids[ALEXANDRIAS[index]] = resolver.place_id(place.key)
    assert ids == {
        "Alexandria, Egypt": "location:alexandria",
        "Alexandria, Virginia": "location:alexandria-city",
        "Alexandria, Louisiana": "location:alexandria-city-2",
    }


@pytest.fixture
def curated_places(tmp_path: Path, gazetteer: Gazetteer) -> Resolver:
    (tmp_path / "locations.jsonl").write_text(
        "\n".join(
            json.dumps(record)
            for record in (
                {
                    "id": "location:saint-petersburg",
                    "name": "Saint Petersburg",
                    "kind": "city",
                    "aliases": ["St. Petersburg"],
                    "lat": 59.9343,
                    "lon": 30.3351,
                },
                {"id": "location:taiwan", "name": "Taiwan", "kind": "region", "lat": 23.698, "lon": 120.96},
                {"id": "location:troy", "name": "Troy", "kind": "site", "lat": 39.9575, "lon": 26.2389},
            )
        )
        + "\n",
        encoding="utf-8",
    )
    return Resolver(list(canonical.read([tmp_path])), gazetteer)


def test_a_gazetteer_place_met_first_never_makes_a_curated_name_ambiguous(
    curated_places: Resolver, gazetteer: Gazetteer
) -> None:
    # St. Petersburg, Florida, met in an earlier row, once left "St. Petersburg" a topic.
    florida = gazetteer.lookup("St. Petersburg, Florida")
    assert isinstance(florida, Place)
    curated_places.place_id(florida.key)
    found = curated_places.resolve(Mention("St. Petersburg", title="St. Petersburg"), Resolution(), SOURCE)
    assert found is not None and found.id == "location:saint-petersburg"


def test_a_gazetteer_entry_a_curated_name_denotes_is_that_curated_place(
    curated_places: Resolver, gazetteer: Gazetteer
) -> None:
    # An import without data/ linked GeoNames' country TW; merged, it is the curated Taiwan,
    # as one run resolving the name "Taiwan" makes it. Troy in New York is not ancient Troy.
    taiwan = gazetteer.lookup("Taiwan")
    troy = gazetteer.lookup("Troy, New York")
    assert isinstance(taiwan, Place) and isinstance(troy, Place)
    assert curated_places.place_id(taiwan.key) == "location:taiwan"
    assert curated_places.place_id(troy.key) != "location:troy"
