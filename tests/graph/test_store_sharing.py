"""The store shares what NetworkX would copy, and stays frozen so that sharing is safe."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.loader import load_graph
from graph.models import Kind, Relation
from graph.store import KnowledgeGraph

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return load_graph(TINY)


def test_adjacency_holds_the_nodes_own_id_strings(tiny: KnowledgeGraph) -> None:
    node_ids = {node_id: node_id for node_id in tiny.graph}
    for u, neighbours in tiny.graph._succ.items():
        assert u is node_ids[u]
        for v in neighbours:
            assert v is node_ids[v]


def test_a_record_read_twice_is_equal_and_its_readers_own(tiny: KnowledgeGraph) -> None:
    # Records live serialised in the graph's table, decoded by each process that reads them.
    event = tiny.ids(Kind.EVENT)[0]
    first = tiny.node(event)
    tiny._table.forget_decoded()
    second = tiny.node(event)
    assert first == second
    assert first is not second
    assert tiny.graph.nodes[event]["record"] == first


def test_edges_of_a_relation_share_one_key_dict(tiny: KnowledgeGraph) -> None:
    succ = tiny.graph._succ
    involved = [keys for u in tiny.ids(Kind.PERSON) for keys in succ[u].values()]
    assert len(involved) > 1
    assert all(keys is involved[0] for keys in involved)
    assert involved[0] == {Relation.INVOLVED.value: {}}
    # Both directions of an edge see the same dict.
    event = tiny.ids(Kind.EVENT)[0]
    place = tiny.node(event).locations[0]  # type: ignore[union-attr]
    assert tiny.graph._pred[place][event] is succ[event][place]


def test_the_graph_cannot_be_changed_after_load(tiny: KnowledgeGraph) -> None:
    with pytest.raises(nx.NetworkXError, match="Frozen graph can't be modified"):
        tiny.graph.add_edge("person:joseph-stalin", "event:x", key=Relation.INVOLVED.value)


def test_two_relations_between_the_same_nodes_keep_dicts_of_their_own() -> None:
    # Nothing in the data model links one pair twice today; the builder must still not
    # write a second relation into the dict every other edge shares.
    from graph.store import _SHARED_KEYS, _Builder

    builder = _Builder()
    builder.graph.add_node("a")
    builder.graph.add_node("b")
    builder.graph.add_node("c")
    builder.link("a", "b", "involved")
    builder.link("a", "c", "involved")
    builder.link("a", "b", "tagged")
    assert builder.graph._succ["a"]["b"] == {"involved": {}, "tagged": {}}
    assert builder.graph._succ["a"]["c"] is _SHARED_KEYS["involved"] == {"involved": {}}
    assert sorted(builder.graph.edges(keys=True)) == [
        ("a", "b", "involved"),
        ("a", "b", "tagged"),
        ("a", "c", "involved"),
    ]
