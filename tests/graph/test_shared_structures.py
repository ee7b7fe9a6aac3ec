"""What a forked worker reads to answer requests is held in buffers, never in Python containers.

A pre-fork worker shares the parent's pages until it writes to one, and reading a Python
object writes its reference count (`graph.compact`). Two checks that can fail:

- every structure a request reads for links and lists of nodes, and to find a node by its
  id or name, is made of buffers (`array`, numpy arrays, bytes, one string), with no
  container of many objects inside;
- the ids a request is handed (by name, by page, by search) are new strings, never the
  graph's own, whose counts it would write;
- with the NetworkX adjacency dicts made unreadable after the app is built, every kind
  of request of the load mix (and `connection`, `neighborhood`) is still answered, and
  answered as before: no request path reads them.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from bench.mix import MIX, Sample, body, costly_bodies, mix_bodies
from clio.app import create_app
from clio.settings import BUNDLED_DATA, Settings
from graph.adjacency import HopGraph, OutEdges
from graph.compact import IdIndex, IdList, IdTable, Rows
from graph.loader import load_graph
from graph.models import Kind, Person
from graph.queries.neighborhood import Degrees, HubOrders
from graph.store import KnowledgeGraph

#: A container holding more than this many objects counts as a structure of objects.
FEW = 16
_BUFFERS = (array, np.ndarray, bytes, str, int, float, bool, type(None))


def _containers_of_objects(value: Any, path: str = "", depth: int = 0) -> list[str]:
    """Where, inside ``value``, a dict, list, tuple or set holds more than `FEW` objects."""
    if isinstance(value, _BUFFERS):
        return []
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        if len(value) > FEW:
            return [f"{path}: {type(value).__name__} of {len(value)}"]
        items = value.values() if isinstance(value, dict) else value
        return [found for item in items for found in _containers_of_objects(item, path + "[]", depth + 1)]
    if depth > 4:
        return [f"{path}: {type(value).__name__} too deep"]
    slots = getattr(type(value), "__slots__", ())
    names = list(slots) if slots else list(vars(value))
    return [
        found
        for name in names
        for found in _containers_of_objects(getattr(value, name), f"{path}.{name}", depth + 1)
    ]


@pytest.fixture(scope="module")
def served() -> tuple[KnowledgeGraph, Any]:
    """The bundled data, loaded and built into the app as `clio serve` does before it forks."""
    kg = load_graph(BUNDLED_DATA)
    app = create_app(Settings.from_env({"CLIO_LOG_REQUESTS": "0", "CLIO_RESPONSE_CACHE_SIZE": "0"}), kg)
    return kg, app


def _structures(kg: KnowledgeGraph) -> dict[str, Any]:
    return {
        "ids": kg._ids,
        "events_of": kg._events_of,
        "mentioned_in": kg._mentioned_in,
        "on_day": kg._on_day,
        "event positions": kg._position,
        "links": kg._links,
        "hop graph": kg._memo["paths.hops"],
        "out edges": kg._memo["adjacency.out"],
        "degrees": kg._memo["degree"],
        "hub orders": kg._memo["hood-order"],
        "record rows by id": kg._table._rows,
        "names": kg._names,
        "nodes by name": kg._named,
        "event ids": kg.id_list(Kind.EVENT),
        "search hits' ids": kg._memo["search"].words.ids,
    }


def test_the_structures_requests_walk_are_buffers(served: tuple[KnowledgeGraph, Any]) -> None:
    kg, _ = served
    structures = _structures(kg)
    expected_types = {
        "ids": IdTable,
        "events_of": Rows,
        "mentioned_in": Rows,
        "on_day": Rows,
        "event positions": array,
        "links": array,
        "hop graph": HopGraph,
        "out edges": OutEdges,
        "degrees": Degrees,
        "hub orders": HubOrders,
        "record rows by id": IdIndex,
        "names": IdIndex,
        "nodes by name": Rows,
        "event ids": IdList,
        "search hits' ids": IdList,
    }
    assert {name: type(value) for name, value in structures.items()} == expected_types
    assert {name: _containers_of_objects(value, name) for name, value in structures.items()} == {
        name: [] for name in structures
    }


def test_the_check_finds_a_tuple_of_ids() -> None:
    # What the events of a node were before: the check above would have failed on it.
    assert _containers_of_objects({"person:a": tuple(f"event:{i}" for i in range(20))}, "events_of") == [
        "events_of[]: tuple of 20"
    ]


def test_the_ids_handed_out_are_new_strings(served: tuple[KnowledgeGraph, Any]) -> None:
    # The graph's own id strings are the keys of its node dicts, shared by every index built at
    # load; a request holding one writes its reference count, copying its page into the worker.
    kg, _ = served
    own = {id(node_id) for node_id in kg.graph._node}  # type: ignore[attr-defined]
    stalin = kg.node("person:joseph-stalin")
    handed = {
        "find": kg.find(stalin.name),
        "id_list": list(kg.id_list(Kind.EVENT)[:50]) + list(kg.id_list(Kind.PERSON)),
        "search": [i for i, _ in kg._memo["search"].words.best("stal", (Kind.PERSON, Kind.EVENT), 8)],
    }
    assert all(handed.values())
    shared = {how: [i for i in ids if id(i) in own] for how, ids in handed.items()}
    assert shared == {how: [] for how in handed}
    assert kg.find(stalin.name) == ["person:joseph-stalin"]


def test_an_id_index_finds_every_id_and_nothing_else() -> None:
    ids = [f"event:{i}" for i in range(2_000)] + ["person:ada", ""]
    index = IdIndex(ids)
    assert [index.number(i) for i in ids] == list(range(len(ids)))
    assert [index.number(i) for i in ("event:2000", "event:", "person:ad", "Person:ada")] == [None] * 4
    assert 42 not in index and "person:ada" in index
    with pytest.raises(ValueError, match="given twice"):
        IdIndex(["event:a", "event:b", "event:a"])


class _Unreadable:
    """Stands in for an adjacency dict: any read fails the request that made it."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a request read the NetworkX adjacency")

    __getitem__ = __contains__ = __iter__ = __len__ = __getattr__ = _refuse


def _bodies(kg: KnowledgeGraph) -> list[tuple[str, bytes]]:
    people = kg.ids(Kind.PERSON)
    names = tuple(kg.typed(i, Person).name for i in people[:40])  # type: ignore[union-attr]
    sample = Sample(names, tuple(people[:40]), len(kg.ids(Kind.EVENT)))
    bodies = mix_bodies(sample, 40 * len(MIX))
    # The at-the-cost-limit query, and Row 3's connection between two people the bundled data has.
    bodies += [("costly", sent) for sent in costly_bodies(True)[1:]]
    far = (
        '{ connection(from: "person:joseph-stalin", to: "%s", maxHops: 6, first: 10, '
        "via: [INVOLVED, OCCURRED_IN, PART_OF, PARTICIPATED, SAME_DAY, TAGGED]) { length sentence } }"
    )
    bodies += [("connection", body(far % person)) for person in (people[0], people[-1])]
    hood = '{ neighborhood(id: "person:joseph-stalin", depth: 2) { nodes { id degree } edges { id } } }'
    bodies.append(("neighborhood", body(hood)))
    return bodies


def test_no_request_reads_the_networkx_adjacency(served: tuple[KnowledgeGraph, Any]) -> None:
    kg, app = served
    bodies = _bodies(kg)
    assert {kind for kind, _ in bodies} == {*MIX, "costly", "connection", "neighborhood"}
    headers = {"content-type": "application/json"}
    with TestClient(app) as client:
        expected = [client.post("/graphql", content=sent, headers=headers).json() for _, sent in bodies]
        graph = kg.graph
        kept = graph._succ, graph._pred, graph._adj  # type: ignore[attr-defined]
        graph._succ = graph._pred = graph._adj = _Unreadable()  # type: ignore[attr-defined]
        try:
            answered = [client.post("/graphql", content=sent, headers=headers).json() for _, sent in bodies]
        finally:
            graph._succ, graph._pred, graph._adj = kept  # type: ignore[attr-defined]
    assert any(
        a["data"]["connection"] for (kind, _), a in zip(bodies, answered, strict=True) if kind == "connection"
    )
    for (kind, _), before, after in zip(bodies, expected, answered, strict=True):
        assert "errors" not in after, (kind, after)
        assert after == before, kind
