"""The HTTP surface: GraphQL-over-HTTP status codes and media types, metrics, logs, cache, settings."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from clio.settings import Settings, SettingsError
from graph.store import KnowledgeGraph
from tests.security.conftest import NORMAL_ANSWER, NORMAL_QUERY, client_for

GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture
def fresh(kg: KnowledgeGraph) -> TestClient:
    """An app of its own, so counters and the cache start at zero."""
    return client_for(kg)


@pytest.mark.parametrize(
    ("accept", "query", "status", "media_type"),
    [
        # The spec: with application/graphql-response+json, a request error (before execution) is a 400 ...
        pytest.param(GRAPHQL_RESPONSE, "{ persn { name } }", 400, GRAPHQL_RESPONSE, id="new-validation"),
        pytest.param(
            GRAPHQL_RESPONSE,
            "{ events(limit: 100) { people { events(limit: 100) { title } } } }",
            400,
            GRAPHQL_RESPONSE,
            id="new-limit",
        ),
        # ... and a response with data is a 200, errors or not.
        pytest.param(GRAPHQL_RESPONSE, NORMAL_QUERY, 200, GRAPHQL_RESPONSE, id="new-ok"),
        pytest.param(
            GRAPHQL_RESPONSE, "{ events(limit: 101) { title } }", 200, GRAPHQL_RESPONSE, id="new-field-error"
        ),
        # With plain application/json every GraphQL response is a 200, as older clients expect.
        pytest.param(
            "application/json", "{ persn { name } }", 200, "application/json", id="legacy-validation"
        ),
        pytest.param("*/*", NORMAL_QUERY, 200, "application/json", id="any"),
    ],
)
def test_status_and_media_type(
    client: TestClient, accept: str, query: str, status: int, media_type: str
) -> None:
    response = client.post("/graphql", json={"query": query}, headers={"accept": accept})
    assert (response.status_code, response.headers["content-type"]) == (status, media_type)


def test_a_request_error_has_no_data_entry(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": "{ persn }"}, headers={"accept": GRAPHQL_RESPONSE}).json()
    assert set(body) == {"errors"}


def test_graphql_response_json_is_accepted_as_a_request_type(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        content=json.dumps({"query": NORMAL_QUERY}),
        headers={"content-type": f"{GRAPHQL_RESPONSE}; charset=utf-8"},
    )
    assert response.json() == NORMAL_ANSWER


def test_health_is_kept(client: TestClient, kg: KnowledgeGraph) -> None:
    body = client.get("/health").json()
    assert (body["status"], body["data_version"], body["counts"]) == ("ok", kg.version, kg.counts())


def test_metrics_count_requests_errors_and_refusals(fresh: TestClient) -> None:
    fresh.post("/graphql", json={"query": NORMAL_QUERY})
    fresh.post("/graphql", json={"query": "{ persn }"})
    fresh.post(
        "/graphql", json={"query": "{ events(limit: 100) { people { events(limit: 100) { title } } } }"}
    )
    fresh.post("/graphql", content=b"[]", headers={"content-type": "application/json"})
    response = fresh.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=")
    lines = set(response.text.splitlines())
    for expected in (
        'clio_requests_total{status="200"} 3.0',
        'clio_requests_total{status="400"} 1.0',
        "clio_request_duration_seconds_count 4.0",
        'clio_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1.0',
        'clio_errors_total{code="QUERY_TOO_COSTLY"} 1.0',
        'clio_refusals_total{limit="QUERY_TOO_COSTLY"} 1.0',
        'clio_refusals_total{limit="BATCHING_DISABLED"} 1.0',
    ):
        assert expected in lines, expected
    assert 'clio_refusals_total{limit="GRAPHQL_VALIDATION_FAILED"} 1.0' not in lines


def test_one_json_log_line_per_request(kg: KnowledgeGraph, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="clio.request")
    with client_for(kg, log_requests=True) as client:
        response = client.post(
            "/graphql", json={"query": "query Stalin " + NORMAL_QUERY, "operationName": "Stalin"}
        )
    [line] = [r for r in caplog.records if r.name == "clio.request"]
    logged = line.request  # type: ignore[attr-defined]
    assert logged["duration_ms"] > 0
    assert 0 <= logged["body_ms"] <= logged["duration_ms"]
    assert {k: v for k, v in logged.items() if k not in ("duration_ms", "body_ms")} == {
        "request_id": response.headers["x-request-id"],
        "method": "POST",
        "path": "/graphql",
        "operation": "Stalin",
        "cost": 2,
        "cache": "miss",
        "lane": None,
        "status": 200,
        "error_codes": [],
    }
    formatted = json.loads(logging.getLogger("clio").handlers[0].format(line))
    assert formatted["request_id"] == response.headers["x-request-id"]


def test_the_response_cache_answers_a_repeat_and_keys_on_variables(fresh: TestClient) -> None:
    query = "query($id: ID!) { person(id: $id) { name } }"
    first = fresh.post("/graphql", json={"query": query, "variables": {"id": "person:joseph-stalin"}})
    again = fresh.post("/graphql", json={"query": query, "variables": {"id": "person:joseph-stalin"}})
    other = fresh.post("/graphql", json={"query": query, "variables": {"id": "person:alvaro-obregon"}})
    assert first.json() == again.json() == NORMAL_ANSWER
    assert other.json() == {"data": {"person": {"name": "Álvaro Obregón"}}}
    cache = fresh.app.state.response_cache  # type: ignore[attr-defined]
    assert (cache.hits, cache.misses, len(cache)) == (1, 2, 2)


def test_the_response_cache_keeps_no_errors(fresh: TestClient) -> None:
    fresh.post("/graphql", json={"query": "{ events(limit: 101) { title } }"})
    assert len(fresh.app.state.response_cache) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        pytest.param(
            {}, {"graphiql": True, "introspection": True, "suggestions": True, "max_depth": 6}, id="defaults"
        ),
        pytest.param(
            {"CLIO_PROFILE": "production"},
            {"graphiql": False, "introspection": False, "suggestions": False, "max_depth": 6},
            id="production",
        ),
        # An explicit variable still wins over the profile's default.
        pytest.param(
            {"CLIO_PROFILE": "production", "CLIO_INTROSPECTION": "on", "CLIO_MAX_DEPTH": "8"},
            {"graphiql": False, "introspection": True, "suggestions": False, "max_depth": 8},
            id="production-with-introspection",
        ),
    ],
)
def test_settings_from_the_environment(environ: dict[str, str], expected: dict[str, object]) -> None:
    settings = Settings.from_env(environ)
    assert {name: getattr(settings, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        pytest.param({"CLIO_PROFILE": "public"}, "CLIO_PROFILE must be one of", id="profile"),
        pytest.param({"CLIO_MAX_COST": "0"}, "CLIO_MAX_COST must be at least 1", id="zero-limit"),
        pytest.param({"CLIO_MAX_BODY_BYTES": "big"}, "must be a whole number", id="not-a-number"),
    ],
)
def test_bad_settings_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(environ)
