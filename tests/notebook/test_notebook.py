"""The Python API a notebook uses: find, events, same-date events, sub-graphs, DataFrames."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

import graph
from graph import events_frame, events_of, find, people_frame, same_date, subgraph
from graph.errors import NotFound
from graph.loader import load_graph
from graph.models import Kind
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Joseph Stalin", None, "person:joseph-stalin"),  # exact name
        ("koba", Kind.PERSON, "person:joseph-stalin"),  # an alias, any case
        ("Stallin", None, "person:joseph-stalin"),  # a typo falls back to search
        ("alvaro obregon", None, "person:alvaro-obregon"),  # no accents
    ],
    ids=["name", "alias", "typo", "no-accents"],
)
def test_find(kg: KnowledgeGraph, name: str, kind: Kind | None, expected: str) -> None:
    assert find(kg, name, kind).id == expected


def test_find_nothing_raises(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFound, match="qqxzv"):
        find(kg, "qqxzv")


def test_stalin_events_then_same_date(ancient: KnowledgeGraph) -> None:
    caesar = find(ancient, "caesar")
    assert [e.id for e in events_of(ancient, caesar)] == ["event:crossing-the-rubicon", "event:ides-of-march"]
    assert [e.id for e in same_date(ancient, "event:ides-of-march")] == ["event:march-on-the-forum"]


def test_subgraph_is_plain_networkx(ancient: KnowledgeGraph) -> None:
    g = subgraph(ancient, ["person:julius-caesar", "event:ides-of-march", "location:rome", "day:03-15"])
    # Calendar nodes are left out unless asked for.
    assert sorted(g.nodes) == ["event:ides-of-march", "location:rome", "person:julius-caesar"]
    assert sorted(g.edges(keys=True)) == [
        ("event:ides-of-march", "location:rome", "occurred_in"),
        ("person:julius-caesar", "event:ides-of-march", "involved"),
    ]
    assert g.nodes["person:julius-caesar"] == {
        "kind": "person",
        "label": "Julius Caesar",
        "name": "Julius Caesar",
        "aliases": "Caesar",
        "born": "-0099-07-12",
        "born_year": -100,
        "died": "-0043-03-15",
        "died_year": -44,
    }


def test_events_frame(ancient: KnowledgeGraph) -> None:
    frame = events_frame(ancient, events_of(ancient, "person:augustus"))
    assert frame[["id", "date", "year", "month", "day", "precision"]].to_dict("records") == [
        {
            "id": "event:battle-of-actium",
            "date": "-0030-09-02",
            "year": -31,
            "month": 9,
            "day": 2,
            "precision": "day",
        },
        {
            "id": "event:augustus-named",
            "date": "-0026-01-16",
            "year": -27,
            "month": 1,
            "day": 16,
            "precision": "day",
        },
    ]
    everything = events_frame(ancient)
    assert list(everything["id"]) == list(ancient.ids(Kind.EVENT))
    assert everything.loc[everything["id"] == "event:twenties-decade", "month"].isna().all()


def test_people_and_edges_frames(kg: KnowledgeGraph) -> None:
    people = people_frame(kg).set_index("id")
    assert people.loc["person:joseph-stalin", "born_year"] == 1878
    assert people.loc["person:joseph-stalin", "events"] == len(kg.event_ids_of("person:joseph-stalin"))
    edges = graph.edges_frame(kg)
    # The bundled data names some people in passing (Khrushchev in the launch of Sputnik 1).
    assert set(edges["relation"]) <= {
        "involved",
        "mentions",
        "occurred_in",
        "part_of",
        "participated",
        "in_category",
        "tagged",
    }
    assert "mentions" in set(edges["relation"])
    assert len(graph.edges_frame(kg, calendar=True)) == kg.graph.number_of_edges()


def test_frames_without_pandas_say_how_to_get_it(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ModuleNotFoundError, match=r"pip install -e '\.\[pandas\]' from the checkout"):
        events_frame(kg)


def test_package_exports_what_it_names() -> None:
    assert all(hasattr(graph, name) for name in graph.__all__)


def test_events_frame_keeps_mentions_apart_from_people() -> None:
    frame = events_frame(load_graph(TEST_DATA / "roles")).set_index("id")
    assert frame.loc["event:appomattox", "people"] == ["person:robert-e-lee", "person:ulysses-s-grant"]
    assert frame.loc["event:appomattox", "mentions"] == ["person:abraham-lincoln"]


def test_same_date_pages_are_slices_of_the_whole_list(kg: KnowledgeGraph) -> None:
    # The busiest month-day of the bundled data, from both its newest and its oldest event.
    day = max(kg.ids(Kind.DAY), key=lambda d: len(kg.event_ids_of(d)))
    events = kg.event_ids_of(day)
    assert len(events) > 5
    for event in (events[0], events[-1], events[len(events) // 2]):
        whole = [e.id for e in same_date(kg, event)]
        for offset in (0, 1, 2, len(whole) - 1, len(whole), len(whole) + 3):
            for limit in (0, 1, 3, len(whole) + 1):
                page = [e.id for e in same_date(kg, event, limit=limit, offset=offset)]
                assert page == whole[offset : offset + limit], (event, offset, limit)


def test_same_date_refuses_a_negative_page(kg: KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="limit=-1"):
        same_date(kg, "event:beirut-explosion", limit=-1)
