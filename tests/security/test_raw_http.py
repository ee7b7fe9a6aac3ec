"""Hypothesis writes raw HTTP/1.1 requests, malformed ones included, to a real `clio serve`.

Whatever the bytes, the server answers with a status below 500 in the GraphQL error shape
(or closes the connection), within its time limits, and goes on answering everyone else.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.http.live import Server, body_of, clio_serve, raw_request, status_of

_METHODS = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT", "G\x00T", ""]
_TARGETS = [
    "/graphql",
    "/",
    "/health",
    "/metrics",
    "/explore",
    "/vendor/react.js",
    "*",
    "http://x/graphql",
    "/graphql?query=%7B__typename%7D",
    "/graphql?query=%7B",
    "/%ff%fe",
    "/..%2f..%2fetc/passwd",
    "",
]
_VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9", "http/1.1", ""]
_HEADERS = [
    "Host: x",
    "Content-Type: application/json",
    "Content-Type: text/plain",
    "Content-Length: 0",
    "Content-Length: 10",
    "Content-Length: -1",
    "Content-Length: 99999999999999999999",
    "Transfer-Encoding: chunked",
    "Transfer-Encoding: gzip, chunked",
    "Connection: Upgrade",
    "Upgrade: websocket",
    "Upgrade: h2c",
    "Expect: 100-continue",
    "X-Forwarded-For: 1.2.3.4, ::1, garbage",
    "Accept: application/graphql-response+json",
    "Origin: https://evil.example",
    "X-Big: " + "a" * 10_000,
    "Bad Header: x",
    "\x00: \x00",
]
_BODIES = [b"", b"{}", b'{"query": "{ __typename }"}', b"[]", b"0\r\n\r\n", b"5\r\nhello\r\n0\r\n\r\n",
           b'{"query": "' + b"\\" * 500, b"\xff\xfe" * 10, b"[" * 200]  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with clio_serve(head_timeout_ms=1_000, body_timeout_ms=1_000, max_head_bytes=8_192) as running:
        yield running


@st.composite
def raw_requests(draw: st.DrawFn) -> bytes:
    method, target, version = (draw(st.sampled_from(parts)) for parts in (_METHODS, _TARGETS, _VERSIONS))
    line = f"{method} {target} {version}"
    headers = draw(st.lists(st.sampled_from(_HEADERS), max_size=6))
    body = draw(st.sampled_from(_BODIES) | st.binary(max_size=64))
    return ("\r\n".join([line, *headers]) + "\r\n\r\n").encode("latin-1") + body


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=raw_requests())
def test_any_bytes_get_a_clear_answer_and_the_server_keeps_serving(server: Server, request: bytes) -> None:
    started = time.monotonic()
    response = raw_request(server, request, timeout=5.0)
    assert time.monotonic() - started < 4.0, "the server held the request past its time limits"
    if response:
        status = status_of(response)
        assert status < 500, response[:300]
        head = response.partition(b"\r\n\r\n")[0].lower()
        body = body_of(response)
        if b"content-type: application/json" in head and body and status >= 400:
            assert json.loads(body)["errors"][0]["extensions"]["code"]
    with urllib.request.urlopen(f"{server.url}/health", timeout=2) as health:
        assert health.status == 200
