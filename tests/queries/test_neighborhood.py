"""Neighbourhoods as the explorer draws them with Cytoscape.js."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.errors import LimitExceeded
from graph.models import Kind
from graph.queries.neighborhood import degree_of, neighborhood
from graph.store import KnowledgeGraph
from tests.conftest import graphql

HOOD = """query($id: ID!, $depth: Int, $limit: Int, $kinds: [NodeKind!]) {
  neighborhood(id: $id, depth: $depth, limit: $limit, kinds: $kinds) {
    center truncated nodes { id label kind degree node { id } } edges { id source target relation } elements
  }
}"""


def ask(client: TestClient, **variables: Any) -> dict[str, Any]:
    return graphql(client, HOOD, variables)


def assert_cytoscape_elements(elements: dict[str, Any]) -> None:
    """The shape `cytoscape({elements})` accepts: every edge joins two listed nodes, ids unique."""
    assert set(elements) == {"nodes", "edges"}
    node_ids = [n["data"]["id"] for n in elements["nodes"]]
    assert len(node_ids) == len(set(node_ids))
    for node in elements["nodes"]:
        assert set(node) == {"data"}
        assert set(node["data"]) == {"id", "label", "kind", "degree"}
        assert isinstance(node["data"]["degree"], int)
    edge_ids = [e["data"]["id"] for e in elements["edges"]]
    assert len(edge_ids) == len(set(edge_ids))
    assert not set(edge_ids) & set(node_ids)
    for edge in elements["edges"]:
        assert set(edge) == {"data"}
        assert set(edge["data"]) == {"id", "source", "target", "relation"}
        assert edge["data"]["source"] in node_ids and edge["data"]["target"] in node_ids


def test_small_neighbourhood_whole_payload(ancient_client: TestClient) -> None:
    body = ask(ancient_client, id="person:mark-antony")
    assert body == {
        "data": {
            "neighborhood": {
                "center": "person:mark-antony",
                "truncated": False,
                "nodes": [
                    {
                        "id": "person:mark-antony",
                        "label": "Mark Antony",
                        "kind": "PERSON",
                        "degree": 1,
                        "node": {"id": "person:mark-antony"},
                    },
                    {
                        "id": "event:battle-of-actium",
                        "label": "Battle of Actium",
                        "kind": "EVENT",
                        "degree": 5,
                        "node": {"id": "event:battle-of-actium"},
                    },
                ],
                "edges": [
                    {
                        "id": "person:mark-antony|involved|event:battle-of-actium",
                        "source": "person:mark-antony",
                        "target": "event:battle-of-actium",
                        "relation": "involved",
                    },
                ],
                "elements": {
                    "nodes": [
                        {
                            "data": {
                                "id": "person:mark-antony",
                                "label": "Mark Antony",
                                "kind": "person",
                                "degree": 1,
                            }
                        },
                        {
                            "data": {
                                "id": "event:battle-of-actium",
                                "label": "Battle of Actium",
                                "kind": "event",
                                "degree": 5,
                            }
                        },
                    ],
                    "edges": [
                        {
                            "data": {
                                "id": "person:mark-antony|involved|event:battle-of-actium",
                                "source": "person:mark-antony",
                                "target": "event:battle-of-actium",
                                "relation": "involved",
                            }
                        },
                    ],
                },
            }
        }
    }


def test_stalin_neighbourhood_is_valid_cytoscape_and_keeps_the_best_connected(
    client: TestClient, kg: KnowledgeGraph
) -> None:
    hood = ask(client, id="person:joseph-stalin", depth=2, limit=40)["data"]["neighborhood"]
    assert hood["truncated"] is True
    assert len(hood["nodes"]) == 40
    assert_cytoscape_elements(hood["elements"])
    first_ring = {
        n for n in set(kg.graph.succ["person:joseph-stalin"]) | set(kg.graph.pred["person:joseph-stalin"])
    }
    kept = [n["id"] for n in hood["nodes"][1:]]
    dropped = (
        first_ring
        - set(kept)
        - {
            n
            for n in first_ring
            if kg.graph.nodes[n]["kind"].value not in ("event", "person", "location", "organization")
        }
    )
    # Whatever of the first ring was cut was no better connected than the least connected kept.
    kept_first_ring = [n for n in kept if n in first_ring]
    if dropped:
        assert max(degree_of(kg, n) for n in dropped) <= min(degree_of(kg, n) for n in kept_first_ring)
    assert [n["degree"] for n in hood["nodes"]] == [degree_of(kg, n["id"]) for n in hood["nodes"]]


def test_same_question_same_picture(kg: KnowledgeGraph) -> None:
    assert neighborhood(kg, "location:mexico", depth=2, limit=30) == neighborhood(
        kg, "location:mexico", depth=2, limit=30
    )


def test_kinds_choose_who_joins(ancient: KnowledgeGraph) -> None:
    # Default kinds; Rome (six links) first, then the two with two links, by id.
    hood = neighborhood(ancient, "event:ides-of-march", kinds=[])
    assert [n.id for n in hood.nodes] == [
        "event:ides-of-march",
        "location:rome",
        "organization:roman-senate",
        "person:julius-caesar",
    ]
    tagged = neighborhood(ancient, "event:ides-of-march", kinds=list(Kind))
    assert {n.id for n in tagged.nodes} >= {"tag:assassination", "category:politics-government"}
    assert not any(n.id.startswith(("day:", "year:")) for n in tagged.nodes)


def test_unknown_id_is_null(client: TestClient) -> None:
    assert ask(client, id="person:nobody") == {"data": {"neighborhood": None}}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"depth": 4}, "depth may be at most 3, got 4; ask for fewer"),
        ({"limit": 201}, "limit may be at most 200, got 201; ask for fewer"),
    ],
    ids=["depth-cap", "limit-cap"],
)
def test_caps(client: TestClient, variables: dict[str, Any], message: str) -> None:
    body = ask(client, id="person:joseph-stalin", **variables)
    assert [e["message"] for e in body["errors"]] == [message]
    with pytest.raises(LimitExceeded):
        neighborhood(client.app.state.kg, "person:joseph-stalin", **variables)  # type: ignore[attr-defined]
