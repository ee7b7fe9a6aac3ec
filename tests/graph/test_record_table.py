"""The record table: every record comes back as loaded, from the blob, in each process its own."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from clio.app import create_app
from clio.settings import BUNDLED_DATA, Settings
from graph.dates import HistoricalDate
from graph.errors import NotFound, WrongKind
from graph.loader import load_graph
from graph.models import Event, Kind, Link, Location, Person, Source
from graph.record_table import RecordTable
from graph.records import record_from_json
from graph.snapshot import load_snapshot, save_snapshot
from graph.store import KnowledgeGraph

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"
KEY = b"a key of at least sixteen bytes"


@pytest.fixture
def tiny() -> KnowledgeGraph:
    return load_graph(TINY)  # each test its own: some change it


def test_every_bundled_record_comes_back_equal_to_the_one_loaded() -> None:
    from graph.loader import read_records

    loaded = {record.id: record for record in read_records(BUNDLED_DATA)}
    kg = KnowledgeGraph.from_records(list(loaded.values()))
    assert len(loaded) > 1000
    for node_id, record in loaded.items():
        assert kg.node(node_id) == record
        assert kg.kind_of(node_id) is Kind(node_id.split(":")[0])


dates = st.builds(
    lambda year, month, day, approximate: HistoricalDate(year, month, day, approximate=approximate),
    st.integers(-9000, 2020).filter(bool),
    st.just(3),
    st.integers(1, 28),
    st.booleans(),
)
texts = st.text(min_size=1, max_size=40)


@given(
    title=texts,
    date=dates,
    end=st.none() | dates,
    summary=st.none() | texts,
    links=st.lists(st.builds(Link, texts, texts), max_size=2),
    sources=st.lists(st.builds(Source, texts, st.none() | texts, st.none() | texts, st.none()), max_size=2),
)
def test_an_event_of_any_field_values_comes_back_equal(
    title: str,
    date: HistoricalDate,
    end: HistoricalDate | None,
    summary: str | None,
    links: list[Link],
    sources: list[Source],
) -> None:
    event = Event(
        "event:e", title, date, "category:c", end_date=end, summary=summary, links=tuple(links),
        sources=tuple(sources), people=("person:p",),
    )  # fmt: skip
    table = RecordTable.build([("event:e", Kind.EVENT, event), ("day:03-01", Kind.DAY, None)])
    assert table.get("event:e") == event
    assert table.get("day:03-01") is None
    assert table.kind("day:03-01") is Kind.DAY


def test_a_replaced_record_is_what_the_server_answers(tiny: KnowledgeGraph) -> None:
    stalin = tiny.typed("person:joseph-stalin", Person)
    assert stalin is not None
    changed = dataclasses.replace(stalin, description="Changed in this process only")
    tiny.replace(changed)
    assert tiny.node("person:joseph-stalin") == changed
    assert tiny.graph.nodes["person:joseph-stalin"]["record"] == changed
    query = '{ person(id: "person:joseph-stalin") { name description } }'
    with TestClient(create_app(Settings.from_env({}), tiny)) as client:
        answer = client.post("/graphql", json={"query": query}).json()
    assert answer == {
        "data": {"person": {"name": "Joseph Stalin", "description": "Changed in this process only"}}
    }
    assert load_graph(TINY).node("person:joseph-stalin") == stalin  # another graph keeps its own


def test_a_replacement_must_name_a_record_of_its_own_kind(tiny: KnowledgeGraph) -> None:
    with pytest.raises(NotFound, match="person:nobody"):
        tiny.replace(Person("person:nobody", "Nobody"))
    with pytest.raises(NotFound, match="day:08-04"):
        tiny.replace(Person("day:08-04", "A day"))
    with pytest.raises(WrongKind, match="person:joseph-stalin"):
        tiny.replace(Location("person:joseph-stalin", "Stalin", "city"))


def test_a_forked_worker_changes_its_own_graph_and_starts_with_no_decoded_records(
    tiny: KnowledgeGraph,
) -> None:
    stalin = tiny.typed("person:joseph-stalin", Person)  # the parent has decoded it
    assert stalin is not None
    assert tiny._table._decoded.cache_info().currsize > 0
    pid = os.fork()
    if pid == 0:  # the worker: exit status 0 only when every check holds
        ok = tiny._table._decoded.cache_info().currsize == 0
        tiny.replace(dataclasses.replace(stalin, description="the worker's"))
        ok = ok and tiny.node("person:joseph-stalin").description == "the worker's"  # type: ignore[union-attr]
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert tiny.node("person:joseph-stalin") == stalin


def test_a_snapshot_carries_the_blob_and_every_record(tiny: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as directory:
        save_snapshot(tiny, f"{directory}/tiny.snapshot", KEY)
        loaded = load_snapshot(f"{directory}/tiny.snapshot", KEY)
    assert loaded._table._blob == tiny._table._blob
    for node_id in tiny.graph:
        assert loaded.get(node_id) == tiny.get(node_id)
        assert loaded.kind_of(node_id) is tiny.kind_of(node_id)


def test_a_record_of_the_files_round_trips_through_the_table() -> None:
    raw = {
        "id": "location:x", "name": "X", "kind": "city", "lat": 1.5, "lon": -2.25, "start": "1917-11",
        "sources": [{"name": "test", "url": "https://example.org"}],
    }  # fmt: skip
    place = record_from_json(Kind.LOCATION, raw)
    assert isinstance(place, Location)
    assert RecordTable.build([(place.id, Kind.LOCATION, place)]).get(place.id) == place
