"""Search as a search box uses it: typos, missing accents, half-typed words."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.models import Kind
from graph.queries.search import search, search_index
from graph.store import KnowledgeGraph
from tests.conftest import graphql

SEARCH = """query($text: String!, $kinds: [SearchKind!], $first: Int) {
  search(text: $text, kinds: $kinds, first: $first) { score kind id label detail node { id } }
}"""


@pytest.mark.parametrize(
    ("text", "first_hit"),
    [
        ("Stallin", "person:joseph-stalin"),  # a doubled letter
        ("Obregon", "person:alvaro-obregon"),  # no accents
        ("ÁLVARO obregón", "person:alvaro-obregon"),  # accents and capitals
        ("beirut explosion", "event:massive-explosion-at-beirut-port-kills-hundreds"),  # words out of order
        ("Lenin", "person:vladimir-lenin"),
        ("Leinin", "person:vladimir-lenin"),  # swapped letters
    ],
    ids=["typo", "no-accents", "accents-and-case", "words-of-a-title", "exact-alias", "transposition"],
)
def test_best_hit(client: TestClient, text: str, first_hit: str) -> None:
    hits = graphql(client, SEARCH, {"text": text})["data"]["search"]
    assert hits[0]["id"] == first_hit
    assert hits[0]["node"] == {"id": first_hit}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_prefix_finds_stalin_for_type_ahead(client: TestClient) -> None:
    hits = graphql(client, SEARCH, {"text": "stal", "first": 5})["data"]["search"]
    assert "person:joseph-stalin" in [h["id"] for h in hits]


def test_hit_carries_kind_label_and_detail(client: TestClient) -> None:
    hits = graphql(client, SEARCH, {"text": "Joseph Stalin", "kinds": ["PERSON"], "first": 1})["data"][
        "search"
    ]
    assert hits == [
        {
            "score": 100.0,
            "kind": "PERSON",
            "id": "person:joseph-stalin",
            "label": "Joseph Stalin",
            "detail": "1878 – 1953",
            "node": {"id": "person:joseph-stalin"},
        }
    ]


def test_kinds_restrict_the_hits(client: TestClient) -> None:
    hits = graphql(client, SEARCH, {"text": "mexico", "kinds": ["EVENT"], "first": 20})["data"]["search"]
    assert hits and {h["kind"] for h in hits} == {"EVENT"}


def test_every_kind_is_searchable(ancient: KnowledgeGraph) -> None:
    found = {
        hit.kind: hit.id
        for text in ("caesar", "roman senate", "civil war", "actium")
        for hit in search(ancient, text)
    }
    assert found.keys() == {Kind.PERSON, Kind.EVENT, Kind.ORGANIZATION, Kind.TAG, Kind.LOCATION}


def test_first_above_the_cap_is_refused(client: TestClient) -> None:
    body = graphql(client, SEARCH, {"text": "stalin", "first": 51})
    assert [e["message"] for e in body["errors"]] == ["first may be at most 50, got 51; ask for fewer"]


def test_nonsense_finds_nothing(client: TestClient) -> None:
    assert graphql(client, SEARCH, {"text": "qqxzv"})["data"]["search"] == []


def test_index_is_built_once_per_graph(kg: KnowledgeGraph) -> None:
    assert search_index(kg) is search_index(kg)
