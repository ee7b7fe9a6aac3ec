"""One hostile body must not freeze a real server: the issue 10 #1 body, with /health asked meanwhile."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.http.live import Server, body_of, clio_serve, raw_request, status_of


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with clio_serve() as running:
        yield running


def _post(server: Server, body: bytes) -> bytes:
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {server.host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    return raw_request(server, head + body)


@pytest.mark.parametrize(
    "body",
    [
        # The reported body, 40 kB: 40 brackets, then a string of escaped quotes that never closes.
        pytest.param(b"[" * 40 + b'"' + b'\\"' * 20_000, id="issue-10-40kB"),
        # The same string without brackets to trip the depth check: it reaches the parser.
        pytest.param(b'{"query": "' + b'\\"' * 20_000, id="unclosed-string-only"),
    ],
)
def test_a_hostile_body_is_refused_while_health_answers(server: Server, body: bytes) -> None:
    answer: dict[str, object] = {}

    def send() -> None:
        started = time.perf_counter()
        answer["response"] = _post(server, body)
        answer["seconds"] = time.perf_counter() - started

    attacker = threading.Thread(target=send)
    attacker.start()
    started = time.perf_counter()
    with urllib.request.urlopen(f"{server.url}/health", timeout=10) as response:
        assert response.status == 200
    health_seconds = time.perf_counter() - started
    attacker.join(timeout=30)
    assert not attacker.is_alive()
    response = answer["response"]
    assert isinstance(response, bytes)
    assert status_of(response) == 400
    code = json.loads(body_of(response))["errors"][0]["extensions"]["code"]
    assert code in ("JSON_TOO_DEEP", "MALFORMED_JSON")
    assert answer["seconds"] < 1.0, f"the hostile body took {answer['seconds']:.2f} s"
    assert health_seconds < 1.0, f"/health took {health_seconds:.2f} s during the attack"
