"""Checks on the raw request, before anything parses it: body size and JSON nesting.

The body check is ASGI middleware, so it counts bytes as they arrive and holds at most
``max_body_bytes`` of them, whatever ``Content-Length`` says or whether the body is chunked.
The nesting check scans brackets outside strings with no recursion, so a body nested
100,000 deep is refused with a 400 in microseconds instead of reaching a recursive parser.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clio.errors import RequestError
from schema.codes import ErrorCode

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text (strings skipped), without recursion.

    >>> json_depth(b'{"query": "{ a { b } }", "variables": {"x": [1, [2]]}}')
    4
    """
    depth = deepest = 0
    # Bracket counts are C-speed; most bodies cannot reach any limit and skip the scan.
    for bracket in _BRACKET.findall(_STRING.sub(b'""', raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def parse_json(raw: bytes | str, max_depth: int) -> Any:
    """Decode a request's JSON, refusing too deep a nesting first and bad JSON clearly."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if (data.count(b"[") + data.count(b"{")) > max_depth and json_depth(data) > max_depth:
        raise RequestError(
            400,
            ErrorCode.JSON_TOO_DEEP,
            f"the request's JSON may nest arrays and objects at most {max_depth} deep; flatten the variables",
        )
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise RequestError(
            400, ErrorCode.MALFORMED_JSON, f"the request body is not valid JSON: {error}"
        ) from None


class BodyLimit:
    """Refuse, with 413, a request body larger than ``max_bytes``; pass the rest on, already read."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self.refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self.refuse(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def refuse(self, scope: Scope, send: Send) -> None:
        error = RequestError(
            413,
            ErrorCode.BODY_TOO_LARGE,
            f"the request body may be at most {self.max_bytes} bytes; "
            "send a shorter query or fewer variables",
        )
        record = scope.get("state", {}).get("clio")
        if record is not None:
            record.error_codes.append(error.code)
        payload = orjson.dumps(error.body())
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
