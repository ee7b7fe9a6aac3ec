"""Connection limits against a real `clio serve`: idle and trickling sockets, big heads, too many sockets."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from clio.server import uvicorn_options
from clio.settings import Settings
from tests.http.live import Server, body_of, clio_serve, raw_request, status_of

# Short limits, so the tests wait seconds rather than the defaults' tens of seconds.
LIMITS = {
    "head_timeout_ms": 1_000,
    "body_timeout_ms": 1_000,
    "keep_alive_timeout_ms": 500,
    "max_head_bytes": 4_096,
    "max_connections": 20,
}
SLACK = 2.0  # seconds beyond a limit before a test calls the socket held


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with clio_serve(**LIMITS) as running:
        yield running


def _held(sock: socket.socket, trickle: bytes = b"", limit: float = 10.0) -> tuple[float, bytes]:
    """Send ``trickle`` a byte a second; return when the server closes, and what it sent."""
    started = time.monotonic()
    sock.settimeout(0.1)
    received = b""
    sent = 0
    while time.monotonic() - started < limit:
        if sent < len(trickle) and time.monotonic() - started >= sent:
            try:
                sock.sendall(trickle[sent : sent + 1])
            except OSError:
                break
            sent += 1
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            break
        if not chunk:
            break
        received += chunk
    return time.monotonic() - started, received


def _code(response: bytes) -> str:
    code: str = json.loads(body_of(response))["errors"][0]["extensions"]["code"]
    return code


def test_idle_sockets_are_closed_after_the_head_timeout(server: Server) -> None:
    sockets = [server.connect() for _ in range(10)]
    try:
        results = [_held(sock) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    # The first waits the whole timeout; the others were closed meanwhile.
    assert max(seconds for seconds, _ in results) < 1.0 + SLACK
    assert all(received == b"" for _, received in results)


def test_a_body_sent_a_byte_a_second_is_cut_off_with_408(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n"
        )
        seconds, response = _held(sock, b'{"query": "{ __typename }"}' + b" " * 73)
    assert seconds < 1.0 + SLACK
    assert status_of(response) == 408
    assert _code(response) == "REQUEST_TIMEOUT"


def test_a_head_sent_a_byte_a_second_is_cut_off_with_408_and_counted(server: Server) -> None:
    with server.connect() as sock:
        seconds, response = _held(sock, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100)
    assert seconds < 1.0 + SLACK
    assert (status_of(response), _code(response)) == (408, "REQUEST_TIMEOUT")
    metrics = raw_request(server, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b'clio_refusals_total{limit="REQUEST_TIMEOUT"}' in metrics


def test_a_kept_alive_connection_is_closed_when_idle(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        seconds, response = _held(sock)
    assert status_of(response) == 200
    assert seconds < 0.5 + SLACK


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        pytest.param(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 5_000 + b"\r\n\r\n", 431,
                     "HEADERS_TOO_LARGE", id="one-big-header"),
        pytest.param(b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 1_000 + b"\r\n", 431,
                     "HEADERS_TOO_LARGE", id="many-headers"),
        pytest.param(b"GET /graphql?query=" + b"a" * 5_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414,
                     "URL_TOO_LONG", id="long-target"),
    ],
)  # fmt: skip
def test_a_head_over_its_size_is_refused_with_json(
    server: Server, request_bytes: bytes, status: int, code: str
) -> None:
    response = raw_request(server, request_bytes)
    assert (status_of(response), _code(response)) == (status, code)


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40, id="tls-hello"),
        pytest.param(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", id="http2-preface"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                     id="two-lengths"),
    ],
)  # fmt: skip
def test_bytes_that_are_not_http_1_1_get_a_json_400_counted_in_metrics(
    server: Server, request_bytes: bytes
) -> None:
    response = raw_request(server, request_bytes)
    assert (status_of(response), _code(response)) == (400, "BAD_REQUEST")
    metrics = raw_request(server, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b'clio_errors_total{code="BAD_REQUEST"}' in metrics


def test_a_get_query_within_the_head_limit_still_reaches_graphql(server: Server) -> None:
    target = b"/graphql?query=%7B" + b"+" * 3_000 + b"__typename%7D"
    response = raw_request(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(response) == 200
    assert json.loads(body_of(response)) == {"data": {"__typename": "Query"}}


def test_a_request_over_the_connection_cap_is_a_json_503_and_the_server_recovers(server: Server) -> None:
    idle = [server.connect() for _ in range(LIMITS["max_connections"])]
    try:
        time.sleep(0.2)
        refused = raw_request(server, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    finally:
        for sock in idle:
            sock.close()
    assert status_of(refused) == 503
    assert _code(refused) == "SERVER_BUSY"
    time.sleep(0.2)
    assert (
        status_of(raw_request(server, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 200
    )


def test_every_connection_setting_reaches_uvicorn() -> None:
    settings = Settings.from_env({f"CLIO_{name.upper()}": str(value) for name, value in LIMITS.items()})
    options = uvicorn_options(settings)
    protocol = options["http"]
    assert options["timeout_keep_alive"] == 0.5
    assert options["timeout_graceful_shutdown"] == settings.time_limit_ms / 1000 + 1
    assert (protocol.head_timeout, protocol.max_head_bytes, protocol.max_connections) == (1.0, 4_096, 20)
    # The default leaves room for the longest GET query httptools lets through.
    assert Settings().max_head_bytes < 80 * 1024
    assert (options["ws"], options["proxy_headers"]) == ("none", False)
