"""The bundled starter data: big enough, well linked, and valid against the documented schema."""

from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest

from clio.settings import BUNDLED_DATA
from graph.loader import data_files
from graph.models import Event, Kind, Person
from graph.store import KnowledgeGraph

SCHEMA = json.loads((BUNDLED_DATA / "schema" / "clio.schema.json").read_text(encoding="utf-8"))


def test_every_line_matches_the_documented_json_schema() -> None:
    problems = []
    for kind, path in data_files(BUNDLED_DATA):
        validator = jsonschema.Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{kind.value}"})
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            problems += [
                f"{path.name}:{number}: {e.message}" for e in validator.iter_errors(json.loads(line))
            ]
    assert problems == []


def test_the_starter_set_is_as_big_as_promised(kg: KnowledgeGraph) -> None:
    counts = kg.counts()
    assert counts["event"] >= 300
    assert counts["person"] >= 150


def test_every_event_is_complete(kg: KnowledgeGraph) -> None:
    incomplete = [
        e.id for e in kg.records(Kind.EVENT)
        if not (e.locations and e.tags and e.summary and e.links)
    ]  # fmt: skip
    assert incomplete == []


@pytest.mark.parametrize(
    ("node_id", "at_least"),
    [
        pytest.param("person:joseph-stalin", 25, id="stalin"),
        pytest.param("person:vladimir-lenin", 15, id="lenin"),
        pytest.param("person:alvaro-obregon", 12, id="obregon"),
        pytest.param("location:mexico", 40, id="mexico"),
        pytest.param("location:soviet-union", 40, id="soviet-union"),
    ],
)
def test_the_seed_people_and_places_have_many_events(kg: KnowledgeGraph, node_id: str, at_least: int) -> None:
    linked = set(kg.event_ids_of(node_id))
    for place in kg.places_within(node_id):
        linked.update(kg.event_ids_of(place))
    assert len(linked) >= at_least


def test_same_date_links_are_plentiful(kg: KnowledgeGraph) -> None:
    per_day = Counter(e.date.month_day for e in kg.records(Kind.EVENT) if e.date.month_day)
    assert sum(1 for n in per_day.values() if n >= 2) >= 40


# Links to events outside a life, each on purpose.
POSTHUMOUS = {
    # The seed page names Lenin among the people of the 1924 event, seven months after his death:
    # the relations were begun under him. We keep the page's word.
    ("person:vladimir-lenin", "event:establishment-of-mexico-soviet-diplomatic-relations"),
}


def test_people_take_part_only_while_alive(kg: KnowledgeGraph) -> None:
    late = []
    for person in kg.records(Kind.PERSON):
        assert isinstance(person, Person)
        for event in kg.events_of(person.id):
            assert isinstance(event, Event)
            if person.died and event.date.earliest() > person.died.latest():
                late.append((person.id, event.id))
            if person.born and event.date.latest() < person.born.earliest():
                late.append((person.id, event.id))
    assert [pair for pair in late if pair not in POSTHUMOUS] == []
