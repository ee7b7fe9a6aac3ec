"""uvicorn's httptools protocol, with a deadline and a size cap on each request's head.

uvicorn closes a keep-alive connection that stays idle after a response, but it sets no
clock on a connection before its first request, and none on a request head arriving a
byte at a time: 500 idle sockets were still open after 20 s. Here a connection waiting
for a request head (a new connection, or one kept alive after a response) has
``head_timeout`` seconds to send all of it, and the head (its target and headers) may hold
at most ``max_head_bytes``, below httptools' own 80 kB cap, which answers with a bare 400.
The body's own deadline is an ASGI middleware (``clio.guard.BodyLimit``), where the app can
answer it.

uvicorn takes this class through its public ``http`` option, but the class it extends is
not public API: the methods overridden are httptools' parser callbacks, asyncio's protocol
interface and uvicorn's ``on_response_complete`` and ``send_400_response``. A uvicorn
release that changes them fails tests/http/test_connections.py, which runs a real server.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from clio.errors import RequestError, send_refusal
from clio.observability import Metrics, RequestRecord, report
from schema.codes import ErrorCode

# The scope key the protocol sets on a request that arrived over the connection cap.
OVER_CAPACITY = "clio.over_capacity"


class HeadTooLarge(Exception):
    """Raised inside a parser callback to stop the parser; ``send_400_response`` answers it."""


def guarded_protocol(
    head_timeout: float,
    max_head_bytes: int,
    max_connections: int,
    metrics: Metrics | None = None,
    log_requests: bool = True,
) -> type[HttpToolsProtocol]:
    """The protocol class for uvicorn's ``http`` option, with these limits.

    With ``metrics`` (the app's), a refusal made here is counted and logged as the app's
    own responses are, under a request id of its own.
    """

    class Guarded(GuardedHttpToolsProtocol):
        pass

    Guarded.head_timeout = head_timeout
    Guarded.max_head_bytes = max_head_bytes
    Guarded.max_connections = max_connections
    Guarded.metrics = metrics
    Guarded.log_requests = log_requests
    return Guarded


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    head_timeout: float = 10.0
    max_head_bytes: int = 65_536
    max_connections: int = 1_000
    metrics: Metrics | None = None
    log_requests: bool = True

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._head_started = False
        self._head_too_large: RequestError | None = None
        self._await_head()

    def data_received(self, data: bytes) -> None:
        if self._head_timer is not None:
            self._head_started = True
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def on_url(self, url: bytes) -> None:
        self._head_bytes += len(url)
        if self._head_bytes > self.max_head_bytes:
            self._stop_parser(
                RequestError(
                    414,
                    ErrorCode.URL_TOO_LONG,
                    f"the request line and headers may hold at most {self.max_head_bytes} bytes; "
                    "POST a long query as JSON",
                )
            )
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_bytes += len(name) + len(value) + 4  # with ": " and the line's CRLF
        if self._head_bytes > self.max_head_bytes:
            self._stop_parser(
                RequestError(
                    431,
                    ErrorCode.HEADERS_TOO_LARGE,
                    f"the request headers may hold at most {self.max_head_bytes} bytes",
                )
            )
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._stop_head_timer()
        if len(self.connections) > self.max_connections:
            # Answered by the app (OverCapacity), so the 503 is logged and counted like any
            # other, rather than uvicorn's own plain-text one for limit_concurrency.
            self.scope[OVER_CAPACITY] = self.max_connections  # type: ignore[literal-required]
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        # A pipelined request already has its head; otherwise the next one starts its clock now.
        waiting = not self.pipeline
        super().on_response_complete()
        if waiting and not self.transport.is_closing():
            self._await_head()

    def send_400_response(self, msg: str) -> None:
        # uvicorn answers every parser error with this, in plain text; ours carries its own.
        self._refuse(
            self._head_too_large
            or RequestError(
                400,
                ErrorCode.BAD_REQUEST,
                "not an HTTP/1.1 request this server can read (is it TLS or HTTP/2 sent to a plain "
                "HTTP/1.1 port?)",
            )
        )

    def _await_head(self) -> None:
        self._stop_head_timer()
        self._head_bytes = 0
        self._head_started = False
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _stop_parser(self, error: RequestError) -> None:
        self._head_too_large = error
        raise HeadTooLarge

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if not self._head_started:
            self.transport.close()  # idle: no request to answer
            return
        self._refuse(
            RequestError(
                408,
                ErrorCode.REQUEST_TIMEOUT,
                f"the request line and headers must arrive within {self.head_timeout:g} s",
            )
        )

    def _refuse(self, error: RequestError) -> None:
        record = RequestRecord(method="", path="")
        payload = orjson.dumps(error.body())
        head = (
            f"HTTP/1.1 {error.status} {HTTPStatus(error.status).phrase}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(payload)}\r\nx-request-id: {record.request_id}\r\n"
            "connection: close\r\n\r\n"
        ).encode()
        self.transport.write(head + payload)
        self.transport.close()
        if self.metrics is not None:
            record.error_codes.append(error.code)
            report(record, error.status, 0.0, self.metrics, self.log_requests)


class OverCapacity:
    """ASGI middleware: answer a request the protocol marked as over the connection cap with a 503."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        maximum = scope.get(OVER_CAPACITY)
        if maximum is None:
            await self.app(scope, receive, send)
            return
        await send_refusal(scope, send, over_capacity(maximum), [(b"retry-after", b"1")])


def over_capacity(maximum: int) -> RequestError:
    """The 503 for a request that arrived over the connection cap of ``maximum``."""
    return RequestError(
        503,
        ErrorCode.SERVER_BUSY,
        f"the server holds its most open connections ({maximum}); retry shortly",
    )
