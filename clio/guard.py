"""Checks on the raw request, before anything parses it: body size and JSON nesting.

The body check is ASGI middleware, so it counts bytes as they arrive and holds at most
``max_body_bytes`` of them, whatever ``Content-Length`` says or whether the body is chunked.
The nesting check makes a few linear passes with no recursion and no regex, so a body
nested 100,000 deep is refused with a 400 in microseconds instead of reaching a recursive
parser, and no body (an unclosed string, a run of backslashes) costs more than linear time.
"""

from __future__ import annotations

import time
from array import array
from itertools import accumulate
from typing import Any

import anyio
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clio.errors import RequestError, send_refusal
from schema.codes import ErrorCode

# Every byte but the four brackets, for ``bytes.translate`` to delete.
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
# Opening brackets to +1, closing ones to -1 (as signed bytes), for a running sum.
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def json_depth(raw: bytes) -> int:
    r"""How deeply arrays and objects nest in a JSON text (strings skipped), in linear time.

    Each step is one left-to-right pass of a C-speed bytes method, with no regex and no
    recursion: drop escaped backslashes, then escaped quotes (after the first step no
    backslash run is longer than one, so every ``\"`` left is an escaped quote); split at the
    quotes that remain, which now all open or close a string, and keep the even pieces
    (outside strings; an unclosed string runs to the end); keep only the brackets, and take
    the highest running sum. A Python loop over the bytes would also be linear, but at
    100 kB of brackets it took over 100 ms, on the event loop.

    In a text that is not JSON (a backslash outside a string) the count may be off; such a
    body is refused as malformed by the parser right after.

    >>> json_depth(b'{"query": "{ a { b } }", "variables": {"x": [1, [2]]}}')
    4
    >>> json_depth(b'["\\\\", ["\\"[[["]]')
    2
    """
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[::2])
    steps = array("b", outside.translate(None, _NOT_BRACKETS).translate(_STEPS))
    return max(0, max(accumulate(steps), default=0))


def parse_json(raw: bytes | str, max_depth: int) -> Any:
    """Decode a request's JSON, refusing too deep a nesting first and bad JSON clearly."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    # Bracket counts are C-speed; most bodies cannot reach the limit and skip the scan.
    if (data.count(b"[") + data.count(b"{")) > max_depth and json_depth(data) > max_depth:
        raise RequestError(
            400,
            ErrorCode.JSON_TOO_DEEP,
            f"the request's JSON may nest arrays and objects at most {max_depth} deep; flatten the variables",
        )
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        if "not valid UTF-8" in str(error):
            # orjson's own words ("surrogates not allowed") do not say what to fix.
            message = "the request body is not UTF-8 text; send JSON encoded as UTF-8"
        else:
            message = f"the request body is not valid JSON: {error}"
        raise RequestError(400, ErrorCode.MALFORMED_JSON, message) from None


def _content_coding(scope: Scope) -> str | None:
    """The request body's ``Content-Encoding`` when it is anything but plain (``identity``)."""
    codings = [value for key, value in scope["headers"] if key == b"content-encoding"]
    named = [part.strip().lower() for value in codings for part in value.split(b",")]
    if all(part in (b"", b"identity") for part in named):
        return None
    return b", ".join(named).decode("latin-1")[:40]


def unsupported_coding(coding: str) -> RequestError:
    return RequestError(
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        f"the request body may not be compressed (Content-Encoding: {coding}); send it as it is",
    )


class BodyLimit:
    """Read a request body whole before the app sees it, within ``max_bytes`` and ``timeout`` seconds.

    Too large is a 413; still arriving when the time is up (a client trickling its body a
    byte a second holds a connection and a task for as long as it likes) is a 408. Either
    way the connection is closed.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        body = await self.read(scope, receive, send)
        if body is None:
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def read(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None once it was refused (415, 413, 408) or the client left."""
        coding = _content_coding(scope)
        if coding is not None:
            # Nothing here decompresses (so no gzip bomb can inflate): a compressed body read
            # as it is was refused as JSON that "is not valid UTF-8", and a body labelled
            # compressed but sent plain was run. RFC 9110 15.5.16 names what is accepted.
            await send_refusal(scope, send, unsupported_coding(coding), [(b"accept-encoding", b"identity")])
            return None
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await send_refusal(scope, send, self.too_large())
            return None
        chunks: list[bytes] = []
        size = 0
        started = time.perf_counter()
        record = scope.get("state", {}).get("clio")
        with anyio.move_on_after(self.timeout) as deadline:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return None
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_bytes:
                    await send_refusal(scope, send, self.too_large())
                    return None
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
        if record is not None:
            record.body_ms = round((time.perf_counter() - started) * 1000, 2)
        if deadline.cancelled_caught:
            await send_refusal(
                scope,
                send,
                RequestError(
                    408,
                    ErrorCode.REQUEST_TIMEOUT,
                    f"the request body must arrive within {self.timeout:g} s (got {size} bytes)",
                ),
            )
            return None
        return b"".join(chunks)

    def too_large(self) -> RequestError:
        return RequestError(
            413,
            ErrorCode.BODY_TOO_LARGE,
            f"the request body may be at most {self.max_bytes} bytes; "
            "send a shorter query or fewer variables",
        )
