"""A small HTTP/1.1 client for the load benchmark: far less CPU a request than a general one.

It shares two cores with the server it measures, so every request it does not spend CPU on
is one the server can serve. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson


def request(body: bytes) -> bytes:
    """A POST of ``body`` to /graphql, ready to write to a keep-alive connection."""
    return (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status and body of the next response on a connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    return int(lines[0].split()[1]), await reader.readexactly(length)


def post(port: int, body: bytes) -> Any:
    """POST one GraphQL body and return the decoded answer (for preparing a run, not timing it)."""

    async def once() -> tuple[int, bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(request(body))
            return await response(reader)
        finally:
            writer.close()

    status, payload = asyncio.run(once())
    if status != 200:
        raise RuntimeError(f"/graphql answered {status}: {payload[:300]!r}")
    return orjson.loads(payload)


def healthy(port: int) -> bool:
    """Whether ``/health`` answers 200 and says ready."""

    async def once() -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status, body = await response(reader)
            return status if orjson.loads(body).get("ready") else 0
        finally:
            writer.close()

    try:
        return asyncio.run(once()) == 200
    except OSError:
        return False


__all__ = ["healthy", "post", "request", "response"]
