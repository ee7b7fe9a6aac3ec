"""`reconcile` through GraphQL: the same candidates as `/reconcile`, and clear refusals."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


CANDIDATES = "{ id name type score match description }"


def test_stalin_is_joseph_stalin_and_agrees_with_the_w3c_service(client: TestClient) -> None:
    body = post(client, f'{{ reconcile(name: "Stalin", type: PERSON) {CANDIDATES} }}')
    candidates = body["data"]["reconcile"]
    assert candidates[0]["id"] == "person:joseph-stalin" and candidates[0]["match"] is True
    assert [c["match"] for c in candidates[1:]] == [False] * (len(candidates) - 1)
    w3c = client.post("/reconcile", json={"q0": {"query": "Stalin", "type": "Person"}}).json()
    assert [(c["id"], c["score"]) for c in w3c["q0"]["result"]] == [(c["id"], c["score"]) for c in candidates]


def test_namesakes_are_told_apart_by_a_property(client: TestClient) -> None:
    query = 'query($p: [ReconcileProperty!]) { reconcile(name: "Ford", properties: $p) { id match } }'

    born = post(client, query, {"p": [{"pid": "birthDate", "value": "1863"}]})["data"]["reconcile"]
    assert born[0] == {"id": "person:henry-ford", "match": True}


def test_georgia_is_several_places_and_never_a_match(client: TestClient) -> None:
    candidates = post(client, f'{{ reconcile(name: "Georgia") {CANDIDATES} }}')["data"]["reconcile"]
    assert len(candidates) > 1 and not any(c["match"] for c in candidates)
    assert sum(c["type"] == "PLACE" for c in candidates) >= 2


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ('name: "Ford", limit: 26', "limit"),
        ('name: "Ford", limit: 0', "limit"),
        ('name: "Ford", properties: [{pid: "height", value: "2"}]', "height"),
        ('name: "Ford", properties: [{pid: "birthDate"}]', "birthDate"),
        ('name: "Ford", properties: [{pid: "location", value: "Moscow", id: "location:moscow"}]', "not both"),
        ('name: ""', "query"),
    ],
)
def test_a_bad_question_is_a_clear_error(client: TestClient, arguments: str, says: str) -> None:
    body = post(client, f"{{ reconcile({arguments}) {{ id }} }}")
    assert body.get("data") is None or body["data"].get("reconcile") is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert says in error["message"]
