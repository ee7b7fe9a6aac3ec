"""Apollo's automatic persisted queries over GET and POST, through the real app (stock and fast paths)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from clio.persisted import sha256_of
from clio.settings import Settings
from graph.store import KnowledgeGraph
from tests.conftest import REPO
from tests.security.conftest import client_for

NAME_QUERY = "query Who($id: ID!) { event(id: $id) { title } }"
EVENT = "event:establishment-of-mexico-soviet-diplomatic-relations"
TITLE = {"data": {"event": {"title": "Establishment of Mexico-Soviet Diplomatic Relations"}}}


def persisted(digest: str, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def send(client: TestClient, method: str, query: str | None, extensions: dict[str, Any]) -> Response:
    """One APQ request as Apollo's link sends it: over GET, each part a JSON query parameter."""
    fields: dict[str, Any] = {"variables": {"id": EVENT}, "extensions": extensions}
    if query is not None:
        fields["query"] = query
    if method == "GET":
        params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()}
        return client.get("/graphql", params=params)
    return client.post("/graphql", json=fields)


@pytest.fixture(params=[True, False], ids=["fast-path", "stock-path"])
def client(request: pytest.FixtureRequest, kg: KnowledgeGraph) -> Iterator[TestClient]:
    with client_for(kg, fast_path=request.param, persisted_store_size=2) as test_client:
        yield test_client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_unknown_hash_is_not_found_then_registered_then_served_by_hash(
    client: TestClient, method: str
) -> None:
    digest = sha256_of(NAME_QUERY + f" # {method}")  # a document no other test registered
    query = NAME_QUERY + f" # {method}"
    missing = send(client, method, None, persisted(digest))
    assert missing.status_code == 200
    assert missing.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert missing.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    # A CDN must not keep the miss: the client registers the document next.
    assert missing.headers["cache-control"] == "private, no-cache, must-revalidate"
    assert send(client, method, query, persisted(digest)).json() == TITLE
    assert send(client, method, None, persisted(digest)).json() == TITLE


def test_a_hash_that_is_not_the_query_s_is_refused(client: TestClient) -> None:
    response = send(client, "POST", NAME_QUERY, persisted(sha256_of("{ other }")))
    assert response.status_code == 400
    assert "not the SHA-256 of the query" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "extensions",
    [
        persisted("ab" * 32, version=2),  # a protocol version this server does not speak
    ],
    ids=["version-2"],
)
def test_another_protocol_version_is_not_supported(client: TestClient, extensions: dict[str, Any]) -> None:
    error = send(client, "GET", None, extensions).json()["errors"][0]
    assert (error["message"], error["extensions"]["code"]) == (
        "PersistedQueryNotSupported",
        "PERSISTED_QUERY_NOT_SUPPORTED",
    )


@pytest.mark.parametrize(
    ("hash_value", "why"),
    [("ABC", "short"), ("g" * 64, "not hex"), (42, "not a string")],
    ids=["short", "not-hex", "number"],
)
def test_a_malformed_hash_names_what_to_send(client: TestClient, hash_value: object, why: str) -> None:
    response = client.post(
        "/graphql", json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash_value}}}
    )
    assert response.status_code == 400, why
    assert "64 lower-case hex digits" in response.json()["errors"][0]["message"]


def test_the_store_keeps_only_the_most_recent_documents(client: TestClient) -> None:
    documents = [f"{NAME_QUERY} # store {n}" for n in range(3)]
    for document in documents:
        assert send(client, "POST", document, persisted(sha256_of(document))).json() == TITLE
    # Two fit (persisted_store_size=2): the first registered is gone, the others are there.
    first = send(client, "POST", None, persisted(sha256_of(documents[0]))).json()
    assert first["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert send(client, "POST", None, persisted(sha256_of(documents[2]))).json() == TITLE


@pytest.fixture
def allow_list(tmp_path: Path) -> Path:
    (tmp_path / "title.graphql").write_text(NAME_QUERY + "\n", encoding="utf-8")
    (tmp_path / "mutate.graphql").write_text("mutation Change { change }\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def production(kg: KnowledgeGraph, allow_list: Path) -> Iterator[TestClient]:
    settings = Settings.from_env({"CLIO_PROFILE": "production"}, persisted_dir=allow_list, log_requests=False)
    assert settings.persisted_register is False
    from clio.app import create_app

    with TestClient(create_app(settings, kg)) as test_client:
        yield test_client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_production_runs_the_allow_list_by_hash(production: TestClient, method: str) -> None:
    digest = sha256_of(NAME_QUERY + "\n")
    assert send(production, method, None, persisted(digest)).json() == TITLE


def test_production_does_not_let_a_client_register_a_document(production: TestClient) -> None:
    document = NAME_QUERY + " # new"
    refused = send(production, "POST", document, persisted(sha256_of(document))).json()
    assert refused["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
    assert "allow-list" in refused["errors"][0]["extensions"]["detail"]
    assert "data" not in refused
    again = send(production, "GET", None, persisted(sha256_of(document))).json()
    assert again["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_get_never_runs_a_mutation_even_by_an_allowed_hash(production: TestClient) -> None:
    response = send(production, "GET", None, persisted(sha256_of("mutation Change { change }\n")))
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert "data" not in response.json()


# Each committed document with variables a client would send, and the first field it answers.
COMMITTED = {
    "canonical.graphql": ({"name": "Joseph Stalin"}, "person"),
    "person-name.graphql": ({"name": "Joseph Stalin"}, "person"),
    "suggest.graphql": ({"text": "stal"}, "search"),
    "today.graphql": ({"month": 8, "day": 4}, "onThisDay"),
    "timeline.graphql": (
        {"groupBy": "CENTURY", "filter": {"categories": ["category:politics-government"]}},
        "timeline",
    ),
    "neighborhood.graphql": ({"id": "person:joseph-stalin", "depth": 2, "limit": 50}, "neighborhood"),
    "connect.graphql": ({"from": "person:joseph-stalin", "to": "person:winston-churchill"}, "connection"),
}


def test_the_committed_allow_list_parses_and_runs(kg: KnowledgeGraph) -> None:
    # Every committed document is valid against the schema and answers: a typo would only
    # show in production. A new file must be added to COMMITTED.
    assert sorted(path.name for path in (REPO / "persisted").glob("*.graphql")) == sorted(COMMITTED)
    with client_for(kg) as plain:
        for name, (variables, field) in COMMITTED.items():
            text = (REPO / "persisted" / name).read_text()
            answer = plain.post("/graphql", json={"query": text, "variables": variables}).json()
            assert "errors" not in answer and answer["data"][field], (name, answer)
