"""Rankings by degree and PageRank, computed once per graph."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graph.models import Kind
from graph.queries.ranking import RankBy, core_graph, ranking
from graph.store import KnowledgeGraph
from tests.conftest import graphql


def test_degree_ranking_whole_payload(ancient_client: TestClient) -> None:
    body = graphql(
        ancient_client, "{ ranking(kind: LOCATION, first: 3) { rank score id label node { id } } }"
    )
    assert body == {
        "data": {
            "ranking": [
                # Rome: five events and its country; then places with two links, by id.
                {
                    "rank": 1,
                    "score": 6.0,
                    "id": "location:rome",
                    "label": "Rome",
                    "node": {"id": "location:rome"},
                },
                {
                    "rank": 2,
                    "score": 2.0,
                    "id": "location:actium",
                    "label": "Actium",
                    "node": {"id": "location:actium"},
                },
                {
                    "rank": 3,
                    "score": 2.0,
                    "id": "location:athens",
                    "label": "Athens",
                    "node": {"id": "location:athens"},
                },
            ]
        }
    }


def test_stalin_is_the_most_central_person(client: TestClient) -> None:
    body = graphql(client, "{ ranking(kind: PERSON, by: PAGERANK, first: 1) { rank id } }")
    assert body == {"data": {"ranking": [{"rank": 1, "id": "person:joseph-stalin"}]}}


def test_pagerank_is_networkx_pagerank_of_the_core_graph(kg: KnowledgeGraph) -> None:
    expected = nx.pagerank(core_graph(kg))
    top = ranking(kg, Kind.EVENT, RankBy.PAGERANK, first=5)
    assert [r.score for r in top] == sorted((expected[r.id] for r in top), reverse=True)
    assert [r.id for r in top] == sorted(kg.ids(Kind.EVENT), key=lambda i: (-expected[i], i))[:5]


def test_core_graph_leaves_out_hubs(kg: KnowledgeGraph) -> None:
    kinds = {kg.graph.nodes[n]["kind"] for n in core_graph(kg)}
    assert kinds <= {Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.ORGANIZATION}
    assert {Kind.EVENT, Kind.PERSON, Kind.LOCATION} <= kinds


def test_tag_pagerank_sums_its_events(ancient: KnowledgeGraph) -> None:
    events = {r.id: r.score for r in ranking(ancient, Kind.EVENT, RankBy.PAGERANK, first=100)}
    tag = next(r for r in ranking(ancient, Kind.TAG, RankBy.PAGERANK, first=10) if r.id == "tag:civil-war")
    assert tag.score == pytest.approx(events["event:crossing-the-rubicon"] + events["event:battle-of-actium"])


def test_rankings_are_computed_once(kg: KnowledgeGraph) -> None:
    first = ranking(kg, Kind.PERSON, RankBy.PAGERANK, first=3)
    cached = kg.memo("ranking.pagerank", lambda _: pytest.fail("PageRank was computed again"))
    assert cached[first[0].id] == first[0].score


def test_first_above_the_cap(client: TestClient) -> None:
    body = graphql(client, "{ ranking(kind: PERSON, first: 101) { id } }")
    assert [e["message"] for e in body["errors"]] == ["first may be at most 100, got 101; ask for fewer"]
