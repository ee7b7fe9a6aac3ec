"""Every request's first stop: one ASGI layer doing each edge job in one pass, then the route.

Clio's edge jobs were eight middlewares in a chain (request log, compression, connection cap,
client limits, body limit, CORS, protocol, persisted queries and ETags), each a coroutine
frame and most a ``send`` wrapper of their own, and then Starlette's and FastAPI's own layers
(error handling, telemetry, the routing table, the route's request wrapper) before the
``/graphql`` endpoint ran. One field cost 0.29 ms of CPU against the endpoint's 0.14. Here
each job is done once, in order, by `Front`, with a single ``send`` wrapper (`_Reply`) that
stamps the ETag, compresses and adds the request id in one go, and ``GET``/``POST
/graphql`` goes straight to the lean endpoint (`clio.upstream.lean_app`) when the fast path is
on. Everything else (pages, files, ``/health``, ``/metrics``, reconciliation, the stock
router) still goes through FastAPI, behind the same jobs.

The jobs keep the order the chain had, outermost first: the request's record and log line
(`clio.observability`), the connection cap (`clio.connection`), the client's share
(`clio.fairness`), the body limit (`clio.guard`), CORS when configured, the protocol checks
(`clio.protocol`), and for ``/graphql`` persisted queries and the ETag (`clio.edge`). Each
module keeps its rules; this one only calls them.
"""

from __future__ import annotations

import math
import time
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clio.client_table import Refused
from clio.compression import Compression, chosen_encoding, compressible, with_vary
from clio.connection import OVER_CAPACITY, over_capacity
from clio.edge import TODAY, Edge, answer_refusal, matches, replaying
from clio.errors import INTERNAL, RequestError, log_unexpected, send_refusal
from clio.fairness import ClientLimits
from clio.guard import BodyLimit
from clio.observability import Metrics, RequestLog, RequestRecord, report, send_internal_error
from clio.protocol import GRAPHQL_METHODS, PlainHttpOnly, asks_for_websocket

#: The scope key holding the request body the front read (POST), for the persisted-query step.
BODY = "clio.body"
#: The scope key holding the ETag headers a clean ``200`` to this GET is stamped with.
STAMP = "clio.stamp"


class Front:
    """The layer (see the module doc). ``app`` is FastAPI's own stack; ``graphql`` the lean endpoint.

    ``cors`` wraps the steps after the body limit in Starlette's CORS middleware when origins
    are configured (a preflight ``OPTIONS /graphql`` is answered before the 405 check).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        graphql: ASGIApp | None,
        metrics: Metrics,
        log_requests: bool,
        edge: Edge,
        compression: Compression,
        body_limit: BodyLimit,
        client_limits: ClientLimits,
        cors: Any = None,
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.graphql = graphql or app
        self.metrics = metrics
        self.log_requests = log_requests
        self.edge = edge
        self.compression = compression
        self.body_limit = body_limit
        self.client_limits = client_limits
        self.path = path
        self.routed: ASGIApp = cors(self.route) if cors is not None else self.route
        # A WebSocket handshake is refused (and logged) as before; lifespan goes to the app.
        self.protocol = PlainHttpOnly(app, path)
        self.websocket = RequestLog(self.protocol, metrics, log_requests)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await (self.websocket if scope["type"] == "websocket" else self.app)(scope, receive, send)
            return
        record = RequestRecord(method=scope["method"], path=scope["path"])
        scope.setdefault("state", {})["clio"] = record
        reply = _Reply(send, scope, record, self.compression)
        started = time.perf_counter()
        try:
            await self.admit(scope, receive, reply.send)
        except Exception as error:
            # One path for every 5xx, as `clio.observability.RequestLog` has it: logged with
            # the request id, counted, answered masked when nothing was sent yet.
            log_unexpected(error, record.request_id)
            record.error_codes.append(INTERNAL)
            reply.status = 500
            if not reply.started:
                await send_internal_error(send, record.request_id)
        finally:
            report(record, reply.status, time.perf_counter() - started, self.metrics, self.log_requests)

    async def admit(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The connection cap, then the client's share, around the rest."""
        maximum = scope.get(OVER_CAPACITY)
        if maximum is not None:
            await send_refusal(scope, send, over_capacity(maximum), [(b"retry-after", b"1")])
            return
        limits = self.client_limits
        table = limits.table
        if table is None or not limits.limits(scope["path"]):
            await self.read(scope, receive, send)
            return
        client = limits.client(scope)
        admission = table.admit(client)
        if admission.refused is Refused.CONCURRENCY:
            await send_refusal(scope, send, limits.too_many(), [(b"retry-after", b"1")])
            return
        if admission.refused is Refused.RATE:
            retry = str(math.ceil(admission.wait)).encode()
            await send_refusal(scope, send, limits.too_fast(), [(b"retry-after", retry)])
            return
        try:
            await self.read(scope, receive, send)
        finally:
            if admission.counted:
                table.release(client)

    async def read(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A body read whole within the body limit (`clio.guard.BodyLimit`), then the route."""
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.routed(scope, receive, send)
            return
        body = await self.body_limit.read(scope, receive, send)
        if body is None:
            return  # refused, or the client left
        scope[BODY] = body
        await self.routed(scope, replaying(body, receive, None), send)

    async def route(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The protocol checks, then ``/graphql`` (persisted queries, ETag) or FastAPI."""
        path, method = scope["path"], scope["method"]
        if asks_for_websocket(scope):
            await send_refusal(scope, send, self.protocol.upgrade_refusal())
            return
        if path != self.path:
            if path.rstrip("/") == self.path and method not in GRAPHQL_METHODS:
                await self.protocol.refuse_method(scope, send)
                return
            await self.app(scope, receive, send)
            return
        if method not in GRAPHQL_METHODS:
            await self.protocol.refuse_method(scope, send)
            return
        edge = self.edge
        scope[TODAY] = today = edge.clock.today()
        try:
            if method == "GET":
                await edge.wait(scope)
                etag = edge.etag(scope, today)
                if etag is not None:
                    head = edge.validators(etag)
                    if_none_match = _header(scope, b"if-none-match")
                    if if_none_match and matches(if_none_match, etag):
                        await send({"type": "http.response.start", "status": 304, "headers": head})
                        await send({"type": "http.response.body", "body": b""})
                        return
                    scope[STAMP] = head
            else:
                body = scope.get(BODY, b"")
                if b"persistedQuery" in body:
                    resolved = edge.resolved_body(body)
                    if resolved is not body:
                        receive = replaying(resolved, receive, None)
        except RequestError as error:
            await answer_refusal(scope, send, error)
            return
        await self.graphql(scope, receive, send)


class _Reply:
    """The one ``send`` wrapper: ETag stamp, compression and request id, and the status for the log.

    A response start is held when its body decides something about it: a GET's ``200`` that
    may be stamped (only when its answer has no errors, `clio.edge`), or a compressible
    answer to a client that takes an encoding (`clio.compression`). Everything else passes
    with its ``Vary`` and ``X-Request-Id`` added.
    """

    __slots__ = ("chunks", "compression", "encoding", "held", "record", "scope", "sent", "started", "status")

    def __init__(self, send: Send, scope: Scope, record: RequestRecord, compression: Compression) -> None:
        self.sent = send
        self.scope = scope
        self.record = record
        self.compression = compression
        self.status = 500
        self.started = False
        self.held: Message | None = None
        self.chunks: list[bytes] = []
        accept = _header(scope, b"accept-encoding")
        self.encoding = chosen_encoding(accept) if accept else None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            await self.start(message)
        elif self.held is None or message["type"] != "http.response.body":
            await self.sent(message)
        else:
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self.finish()

    async def start(self, message: Message) -> None:
        self.status, self.started = message["status"], True
        headers = list(message.get("headers", ()))
        if message["status"] == 304:
            # RFC 9110 15.4.5: a 304 sends the Vary its 200 would (see clio.compression).
            await self.sent({**message, "headers": self.identified(with_vary(headers))})
            return
        may_stamp = message["status"] == 200 and STAMP in self.scope
        can_compress = compressible(message["status"], headers)
        if may_stamp or (can_compress and self.encoding is not None):
            self.held = {**message, "headers": headers}  # until the body is known
            return
        if can_compress:
            headers = with_vary(headers)
        await self.sent({**message, "headers": self.identified(headers)})

    async def finish(self) -> None:
        start, self.held = self.held, None
        assert start is not None
        chunks, self.chunks = self.chunks, []
        body = b"".join(chunks)
        headers: list[tuple[bytes, bytes]] = start["headers"]
        # Only keys are unescaped quoted text in JSON: this finds a top-level "errors" key
        # and nothing inside a string. The ETag's own Vary comes first, as it did.
        if STAMP in self.scope and start["status"] == 200 and len(chunks) == 1 and b'"errors":' not in body:
            headers = [*headers, *self.scope[STAMP]]
        if not compressible(start["status"], headers):
            await self.sent({**start, "headers": self.identified(headers)})
            await self.sent({"type": "http.response.body", "body": body})
            return
        start = {**start, "headers": self.identified(with_vary(headers))}
        if self.encoding is None:
            await self.sent(start)
            await self.sent({"type": "http.response.body", "body": body})
            return
        await self.compression.finish(self.sent, self.scope, start, body, self.encoding)

    def identified(self, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        headers.append((b"x-request-id", self.record.request_id.encode()))
        return headers


class FrontedApp(FastAPI):
    """A FastAPI app whose HTTP and WebSocket requests pass through its `Front` first (when set).

    FastAPI's own stack (`stack`) keeps its error handling, telemetry and routing for what
    the front hands it; an unexpected exception there is raised on to the front, which logs
    it with the request id and answers it masked, as for the lean endpoint.
    """

    front: Front | None = None

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.add_exception_handler(Exception, _raise_to_front)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.front is not None and scope["type"] in ("http", "websocket"):
            await self.front(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def stack(self, scope: Scope, receive: Receive, send: Send) -> None:
        """FastAPI's own stack: its middleware, error handling and routing."""
        await super().__call__(scope, receive, send)


async def _raise_to_front(_: Request, error: Exception) -> Response:
    # Starlette's outermost layer would answer a plain-text 500 before raising it again;
    # raised here, it reaches the front unanswered, which answers in the GraphQL error shape.
    raise error


def _header(scope: Scope, name: bytes) -> bytes:
    return next((value for key, value in scope["headers"] if key == name), b"")


__all__ = ["BODY", "STAMP", "Front", "FrontedApp"]
