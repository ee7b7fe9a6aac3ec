"""Connections: shortest paths through people, events, places and shared days."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.errors import LimitExceeded, NotFound
from graph.models import Relation
from graph.queries.paths import connections
from graph.store import KnowledgeGraph
from tests.conftest import graphql

CONNECTION = """query($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $via: [PathRelation!]) {
  connection(from: $from, to: $to, maxHops: $maxHops, first: $first, via: $via) {
    length sentence hops { id label kind relation node { id } }
  }
}"""

STALIN = "person:joseph-stalin"
BEIRUT = "event:massive-explosion-at-beirut-port-kills-hundreds"
MEXICO_SOVIET = "event:establishment-of-mexico-soviet-diplomatic-relations"


def ask(client: TestClient, **variables: Any) -> dict[str, Any]:
    return graphql(client, CONNECTION, variables)


def test_stalin_reaches_beirut_through_a_shared_day(client: TestClient) -> None:
    paths = ask(client, **{"from": STALIN, "to": BEIRUT, "first": 1})["data"]["connection"]
    assert paths == [
        {
            "length": 2,
            "sentence": "Joseph Stalin, involved in Establishment of Mexico-Soviet Diplomatic Relations, "
            "same day as Massive Explosion at Beirut Port Kills Hundreds",
            "hops": [
                {
                    "id": STALIN,
                    "label": "Joseph Stalin",
                    "kind": "person",
                    "relation": None,
                    "node": {"id": STALIN},
                },
                {
                    "id": MEXICO_SOVIET,
                    "label": "Establishment of Mexico-Soviet Diplomatic Relations",
                    "kind": "event",
                    "relation": "INVOLVED",
                    "node": {"id": MEXICO_SOVIET},
                },
                {
                    "id": BEIRUT,
                    "label": "Massive Explosion at Beirut Port Kills Hundreds",
                    "kind": "event",
                    "relation": "SAME_DAY",
                    "node": {"id": BEIRUT},
                },
            ],
        }
    ]


def test_paths_come_shortest_first_and_distinct(kg: KnowledgeGraph) -> None:
    found = connections(kg, STALIN, BEIRUT, max_hops=6, first=5)
    assert found is not None
    lengths = [p.length for p in found]
    assert lengths == sorted(lengths) and lengths[0] == 2
    assert len({tuple(h.id for h in p.hops) for p in found}) == len(found)
    for path in found:  # every hop is a real link of the kind it claims
        for before, hop in zip(path.hops, path.hops[1:], strict=False):
            if hop.relation is Relation.SAME_DAY:
                assert (
                    kg.graph.nodes[before.id]["record"].date.month_day
                    == kg.graph.nodes[hop.id]["record"].date.month_day
                )
            else:
                assert kg.graph.has_edge(before.id, hop.id, key=hop.relation.value) or kg.graph.has_edge(
                    hop.id, before.id, key=hop.relation.value
                )


def test_without_same_day_the_path_is_longer(kg: KnowledgeGraph) -> None:
    via = [Relation.INVOLVED, Relation.OCCURRED_IN, Relation.PART_OF, Relation.PARTICIPATED]
    found = connections(kg, STALIN, BEIRUT, max_hops=6, first=1, via=via)
    assert found is None or found[0].length > 2
    assert found is None or all(h.relation is not Relation.SAME_DAY for h in found[0].hops)


def test_day_nodes_are_stops_only_when_asked(ancient: KnowledgeGraph) -> None:
    # Caesar's death (44 BC) and the 1930 procession share March 15th.
    same_day = connections(ancient, "person:julius-caesar", "event:march-on-the-forum", first=1)
    assert same_day is not None
    assert [h.id for h in same_day[0].hops] == [
        "person:julius-caesar",
        "event:ides-of-march",
        "event:march-on-the-forum",
    ]
    on_day = connections(
        ancient, "event:ides-of-march", "event:march-on-the-forum", first=1, via=[Relation.ON_DAY]
    )
    assert on_day is not None
    assert (
        on_day[0].sentence
        == "Assassination of Julius Caesar, on March 15, the day of Ides of March remembered in Rome"
    )


def test_tags_join_only_when_asked(ancient: KnowledgeGraph) -> None:
    assert (
        connections(ancient, "event:roman-excavations", "event:crossing-the-rubicon", via=[Relation.INVOLVED])
        is None
    )
    found = connections(
        ancient, "event:roman-excavations", "event:crossing-the-rubicon", first=1, via=[Relation.TAGGED]
    )
    assert found is not None
    assert (
        found[0].sentence
        == "Excavations of the Roman Forum, tagged Roman Republic, which tags Caesar crosses the Rubicon"
    )


def test_no_path_within_max_hops_is_null(client: TestClient, ancient_client: TestClient) -> None:
    # Pericles' Athens and Josephine Baker's Paris share nothing.
    body = ask(ancient_client, **{"from": "person:pericles", "to": "person:josephine-baker"})
    assert body == {"data": {"connection": None}}
    body = ask(client, **{"from": STALIN, "to": BEIRUT, "maxHops": 1})
    assert body == {"data": {"connection": None}}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"maxHops": 7}, "maxHops may be at most 6, got 7; ask for fewer"),
        ({"first": 11}, "first may be at most 10, got 11; ask for fewer"),
        ({"to": "event:nope"}, "'event:nope' is not in the graph"),
    ],
    ids=["hops-cap", "paths-cap", "unknown-id"],
)
def test_clear_errors(client: TestClient, variables: dict[str, Any], message: str) -> None:
    body = ask(client, **{"from": STALIN, "to": BEIRUT, **variables})
    assert body["data"] == {"connection": None}
    assert [e["message"] for e in body["errors"]] == [message]


def test_python_errors_carry_data(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFound, match="person:nobody"):
        connections(kg, "person:nobody", BEIRUT)
    with pytest.raises(LimitExceeded, match="maxHops"):
        connections(kg, STALIN, BEIRUT, max_hops=0)
