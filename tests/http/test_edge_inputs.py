"""Whatever a client puts in the edge's inputs it gets an answer, not a 500."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.store import KnowledgeGraph
from tests.security.conftest import client_for

QUERY = "{ __typename }"
# Header values: visible ASCII and spaces (what HTTP lets through), commas, quotes, W/.
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=70),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def client(kg: KnowledgeGraph) -> Iterator[TestClient]:
    with client_for(kg) as test_client:
        yield test_client


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(if_none_match=header_text, accept_encoding=header_text)
def test_any_validator_or_encoding_gets_an_answer(
    client: TestClient, if_none_match: str, accept_encoding: str
) -> None:
    response = client.get(
        "/graphql",
        params={"query": QUERY},
        headers={"If-None-Match": if_none_match, "Accept-Encoding": accept_encoding},
    )
    assert response.status_code in (200, 304)
    if response.status_code == 200:
        assert response.json() == {"data": {"__typename": "Query"}}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(persisted=json_values, with_query=st.booleans(), method=st.sampled_from(["GET", "POST"]))
def test_any_persisted_query_extension_gets_a_graphql_shaped_answer(
    client: TestClient, persisted: object, with_query: bool, method: str
) -> None:
    fields: dict[str, object] = {"extensions": {"persistedQuery": persisted}}
    if with_query:
        fields["query"] = QUERY
    if method == "GET":
        params = {k: json.dumps(v) if k != "query" else v for k, v in fields.items()}
        # As a GraphQL client asks: a browser's GET without a query is shown GraphiQL instead.
        response = client.get("/graphql", params=params, headers={"Accept": "application/json"})
    else:
        response = client.post("/graphql", json=fields)
    assert response.status_code in (200, 400), response.text
    body = response.json()
    assert "data" in body or body["errors"][0]["extensions"]["code"] in {
        "PERSISTED_QUERY_NOT_FOUND",
        "PERSISTED_QUERY_NOT_SUPPORTED",
        "BAD_REQUEST",
    }, body


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        # A compressed body was read as it is: refused as JSON that "is not valid UTF-8".
        pytest.param("gzip", gzip.compress(b'{"query": "{ __typename }"}'), id="gzip"),
        # A body labelled compressed but sent plain was run as if the label were not there.
        pytest.param("br", b'{"query": "{ __typename }"}', id="plain-labelled-br"),
        pytest.param("identity, deflate", b'{"query": "{ __typename }"}', id="list"),
    ],
)
def test_a_compressed_body_is_refused_naming_its_coding(client: TestClient, coding: str, body: bytes) -> None:
    response = client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json", "Content-Encoding": coding}
    )
    assert response.status_code == 415
    assert response.headers["accept-encoding"] == "identity"
    message = f"the request body may not be compressed (Content-Encoding: {coding}); send it as it is"
    assert response.json() == {
        "errors": [{"message": message, "extensions": {"code": "UNSUPPORTED_MEDIA_TYPE"}}]
    }


def test_a_plain_body_may_say_so(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers={"Content-Encoding": "identity"})
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("body", [b'{"query": "{ __typename }\xff"}', '{"query": "{ x }"}'.encode("utf-16")])
def test_a_body_that_is_not_utf8_is_named_so(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["errors"][0]["message"]) == (
        400,
        "the request body is not UTF-8 text; send JSON encoded as UTF-8",
    )
