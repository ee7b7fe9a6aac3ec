"""Requests the server does not serve: upgrades, other methods, unknown paths; and every 5xx path."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse

from graph.store import KnowledgeGraph
from tests.http.live import Server, body_of, clio_serve, raw_request, status_of
from tests.security.conftest import client_for

# The headers of the reproduction in issue 10 (#2), as curl sends them.
UPGRADE = (
    b"GET /graphql HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n"
    b"Connection: Upgrade\r\nUpgrade: websocket\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)
REFUSED = {
    "errors": [
        {
            "message": "this server speaks GraphQL over plain HTTP only (no WebSocket, no subscriptions): "
            "POST a JSON body to /graphql",
            "extensions": {"code": "UNSUPPORTED_PROTOCOL"},
        }
    ]
}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with clio_serve(log_requests=1) as running:
        yield running


@pytest.mark.parametrize("path", [b"/graphql", b"/", b"/health"])
def test_a_websocket_upgrade_is_a_json_400_logged_and_counted(server: Server, path: bytes) -> None:
    response = raw_request(server, UPGRADE.replace(b"/graphql", path, 1))
    assert status_of(response) == 400
    assert json.loads(body_of(response)) == REFUSED
    head = response.partition(b"\r\n\r\n")[0].lower()
    assert b"content-type: application/json" in head
    request_id = next(
        line.split(b":", 1)[1].strip().decode()
        for line in head.split(b"\r\n")
        if line.startswith(b"x-request-id")
    )
    metrics = raw_request(server, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b'clio_errors_total{code="UNSUPPORTED_PROTOCOL"}' in metrics
    log = server.stderr()
    assert "Traceback" not in log and "WebSocket" not in log.replace("no WebSocket", "")
    [line] = [json.loads(row) for row in log.splitlines() if request_id in row]
    assert (line["status"], line["error_codes"]) == (400, ["UNSUPPORTED_PROTOCOL"])


def test_a_websocket_handshake_is_denied_with_json_on_servers_that_speak_websocket(
    client: TestClient,
) -> None:
    # Starlette's TestClient speaks WebSocket and the denial extension, as uvicorn does with ws on.
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/graphql"):
        pass
    assert (denied.value.status_code, denied.value.json()) == (400, REFUSED)


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "HEAD"])
def test_other_methods_on_graphql_are_a_json_405_naming_get_and_post(client: TestClient, method: str) -> None:
    response = client.request(method, "/graphql")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, POST")
    if method != "HEAD":
        assert response.json() == {
            "errors": [
                {
                    "message": f"/graphql answers GET (queries) and POST (any operation), not {method}",
                    "extensions": {"code": "METHOD_NOT_ALLOWED"},
                }
            ]
        }


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        pytest.param("GET", "/nope", 404, "NOT_FOUND", id="unknown-path"),
        pytest.param("POST", "/health", 405, "METHOD_NOT_ALLOWED", id="post-health"),
        pytest.param("GET", "/vendor/nope.js", 404, "NOT_FOUND", id="unknown-vendor-file"),
    ],
)
def test_starlette_refusals_have_the_graphql_error_shape(
    client: TestClient, method: str, path: str, status: int, code: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code} and error["message"]


def test_a_fault_outside_graphql_is_a_masked_500_logged_and_counted_with_the_request_id(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("secret: /srv/clio/graph/store.py password=hunter2")

    monkeypatch.setattr(KnowledgeGraph, "counts", broken)
    with client_for(kg) as client, caplog.at_level(logging.ERROR, logger="clio.errors"):
        response = client.get("/health")
        metrics = client.get("/metrics").text
    request_id = response.headers["x-request-id"]
    assert response.status_code == 500
    assert response.json() == {
        "errors": [
            {
                "message": f"Internal error; request id {request_id}",
                "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
            }
        ]
    }
    assert "hunter2" not in response.text
    [logged] = [r for r in caplog.records if r.name == "clio.errors"]
    assert logged.request_id == request_id  # type: ignore[attr-defined]
    assert logged.exc_info is not None and "hunter2" in str(logged.exc_info[1])
    assert 'clio_requests_total{status="500"} 1.0' in metrics
    assert 'clio_errors_total{code="INTERNAL_ERROR"} 1.0' in metrics


def test_the_bare_address_redirects_to_todays_day_page(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/on-this-day/")
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_long_operation_name_is_refused_without_being_echoed_or_logged(
    kg: KnowledgeGraph, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = "Q" * 5_000
    query = "{ categories { id } }"
    with client_for(kg) as client, caplog.at_level(logging.INFO):
        if method == "GET":
            response = client.get("/graphql", params={"query": query, "operationName": name})
        else:
            response = client.post("/graphql", json={"query": query, "operationName": name})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "`operationName` is 5000 characters long; at most 128 are allowed",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }
    # The test client logs the URL it sent; nothing of the server's may hold the name.
    logged = [r for r in caplog.records if not r.name.startswith("httpx")]
    assert not [r for r in logged if "Q" * 200 in r.getMessage() + str(r.__dict__)]
