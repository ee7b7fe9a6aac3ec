"""What the server speaks: plain HTTP with GET and POST on /graphql, and JSON for every refusal.

Clio offers no subscriptions, so a WebSocket upgrade (on any path) is refused before a
route sees it, with a 400 and a JSON body: as a plain HTTP request where the server has
WebSocket support off (as ``clio serve`` runs uvicorn), else through the server's WebSocket
denial extension; a method other than GET or POST on ``/graphql`` gets a 405
naming both; Starlette's own 404 and 405 answers get the GraphQL error shape every other
refusal has, instead of ``{"detail": …}``.
"""

from __future__ import annotations

from http import HTTPStatus

import orjson
from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from clio.errors import RequestError, send_refusal
from clio.observability import record_of
from schema.codes import ErrorCode

GRAPHQL_METHODS = ("GET", "POST")
_HTTP_CODES = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}


def json_response(error: RequestError, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(error.body()), error.status, headers, media_type="application/json")


class PlainHttpOnly:
    """ASGI middleware: refuse WebSocket upgrades, and methods ``/graphql`` does not serve."""

    def __init__(self, app: ASGIApp, graphql_path: str = "/graphql") -> None:
        self.app = app
        self.graphql_path = graphql_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.deny_handshake(scope, receive, send)
        elif scope["type"] != "http":
            await self.app(scope, receive, send)
        elif asks_for_websocket(scope):
            # A server started without WebSocket support (``clio serve``) passes the upgrade
            # request on as plain HTTP: refuse it the same way.
            await send_refusal(scope, send, self.upgrade_refusal())
        elif scope["path"].rstrip("/") == self.graphql_path and scope["method"] not in GRAPHQL_METHODS:
            await self.refuse_method(scope, send)
        else:
            await self.app(scope, receive, send)

    async def refuse_method(self, scope: Scope, send: Send) -> None:
        """A 405 naming the methods ``/graphql`` answers."""
        error = RequestError(
            405,
            ErrorCode.METHOD_NOT_ALLOWED,
            f"{self.graphql_path} answers GET (queries) and POST (any operation), not {scope['method']}",
        )
        await send_refusal(scope, send, error, [(b"allow", ", ".join(GRAPHQL_METHODS).encode())])

    def upgrade_refusal(self) -> RequestError:
        return RequestError(
            400,
            ErrorCode.UNSUPPORTED_PROTOCOL,
            "this server speaks GraphQL over plain HTTP only (no WebSocket, no subscriptions): "
            f"POST a JSON body to {self.graphql_path}",
        )

    async def deny_handshake(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = self.upgrade_refusal()
        record = scope.get("state", {}).get("clio")
        if record is not None:
            record.error_codes.append(error.code)
        await receive()  # websocket.connect: the handshake request, read before answering it
        if "websocket.http.response" in scope.get("extensions", {}):
            payload = orjson.dumps(error.body())
            await send(
                {
                    "type": "websocket.http.response.start",
                    "status": error.status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(payload)).encode()),
                    ],
                }
            )
            await send({"type": "websocket.http.response.body", "body": payload})
        else:
            # Without the extension a server can only close the handshake (uvicorn answers 403).
            await send({"type": "websocket.close", "code": 1008})


def asks_for_websocket(scope: Scope) -> bool:
    return any(name == b"upgrade" and b"websocket" in value.lower() for name, value in scope["headers"])


def use_error_shape(app: FastAPI) -> None:
    """Answer Starlette's own HTTP errors (unknown path, wrong method) in the GraphQL error shape."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = _HTTP_CODES.get(exc.status_code, ErrorCode.BAD_REQUEST)
        record_of(request).error_codes.append(code)
        message = exc.detail if exc.detail and exc.detail != _default_phrase(exc.status_code) else None
        error = RequestError(exc.status_code, code, message or _message(request, exc.status_code))
        return json_response(error, dict(exc.headers or {}))

    app.add_exception_handler(HTTPException, http_error)


def _default_phrase(status: int) -> str:
    return HTTPStatus(status).phrase


def _message(request: Request, status: int) -> str:
    if status == 404:
        return f"nothing is served at {request.url.path}; GraphQL is at /graphql, the explorer at /explore"
    if status == 405:
        return f"{request.url.path} does not answer {request.method}"
    return _default_phrase(status)
