"""One compression middleware for the whole app: JSON answers, pages and static files.

A response is compressed when its media type is text-like (JSON, GraphQL's JSON, HTML, CSS,
JavaScript, SVG), it is at least ``min_bytes`` long and the client's ``Accept-Encoding``
takes brotli (used where the ``brotli`` package is installed) or gzip. Every such response
says ``Vary: Accept-Encoding``, compressed or not, so a shared cache never hands a gzip body
to a client that cannot read it. A response already encoded, or without a body (304, HEAD),
passes as it is, but for a 304's ``Vary``: a cache takes a 304's headers for the stored
200's, and a 304 without ``Accept-Encoding`` in its ``Vary`` would have it hand the gzip
body it holds to every client.

An answer is compressed fast (brotli quality 4, gzip level 6): it is made once. A file that
names its version (a response with an ``ETag``, as Starlette's file responses have) is
compressed once more thoroughly (brotli 9, gzip 9), in a worker thread, and kept, so
GraphiQL's 3.5 MB script costs one compression per version, not one per request.
"""

from __future__ import annotations

import gzip
import importlib
import threading
from collections import OrderedDict
from functools import partial
from types import ModuleType

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _brotli() -> ModuleType | None:
    try:
        return importlib.import_module("brotli")
    except ImportError:
        return None


BROTLI = _brotli()
COMPRESSIBLE = (
    b"application/json",
    b"application/graphql-response+json",
    b"application/javascript",
    b"text/",
    b"image/svg+xml",
)
#: Compressed files kept, by path, ETag and encoding.
KEPT_FILES = 64
#: Bodies at least this large are compressed in a worker thread: the event loop keeps serving.
IN_THREAD = 64_000


def chosen_encoding(accept_encoding: bytes, brotli: bool = BROTLI is not None) -> str | None:
    """The encoding to use for an ``Accept-Encoding`` value: "br", "gzip" or None.

    The one the client weighs higher (``q``, 1 when not given), brotli on a tie; brotli only
    when named, gzip also as ``*``; one weighed 0, or with a weight that is not a number from
    0 to 1, is not taken.

    >>> chosen_encoding(b"gzip, deflate, br", brotli=True), chosen_encoding(b"gzip, br", brotli=False)
    ('br', 'gzip')
    >>> chosen_encoding(b"br;q=0, gzip;q=0.5", brotli=True), chosen_encoding(b"br;q=0.5, gzip", brotli=True)
    ('gzip', 'gzip')
    >>> chosen_encoding(b"identity"), chosen_encoding(b"*"), chosen_encoding(b"*;q=0, gzip;q=nan")
    (None, 'gzip', None)
    """
    weights: dict[str, float] = {}
    for item in accept_encoding.decode("latin-1").lower().split(","):
        name, _, parameters = item.strip().partition(";")
        weight = 1.0
        if parameters:
            try:
                weight = float(parameters.strip().removeprefix("q="))
            except ValueError:
                continue
            if not 0 <= weight <= 1:  # NaN too
                continue
        weights[name.strip()] = weight
    anything = weights.get("*", 0.0)
    br = weights.get("br", 0.0) if brotli else 0.0
    gz = weights.get("gzip", anything)
    if br > 0 and br >= gz:
        return "br"
    return "gzip" if gz > 0 else None


def compress(body: bytes, encoding: str, best: bool) -> bytes:
    if encoding == "br" and BROTLI is not None:
        # Quality 11 would take GraphiQL's 3.5 MB script from 630 to 568 kB, in 6.6 s instead of 0.34.
        compressed: bytes = BROTLI.compress(body, quality=9 if best else 4)
        return compressed
    # mtime=0: the same bytes give the same compressed bytes, whenever they are made.
    return gzip.compress(body, compresslevel=9 if best else 6, mtime=0)


def with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    for index, (name, value) in enumerate(headers):
        if name.lower() == b"vary":
            if b"accept-encoding" not in value.lower():
                headers[index] = (name, value + b", Accept-Encoding")
            return headers
    return [*headers, (b"vary", b"Accept-Encoding")]


class Compression:
    """The middleware (see the module doc)."""

    def __init__(self, app: ASGIApp, min_bytes: int = 1_000) -> None:
        self.app = app
        self.min_bytes = min_bytes
        self._files: OrderedDict[tuple[str, bytes, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accept = next((value for name, value in scope["headers"] if name == b"accept-encoding"), b"")
        encoding = chosen_encoding(accept) if accept else None
        start: Message | None = None
        chunks: list[bytes] = []

        async def compressing(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if message["status"] == 304:
                    # RFC 9110 15.4.5: a 304 sends the Vary its 200 would. It has no media type
                    # to tell a PNG from a script by; a needless Vary costs a cache a second entry.
                    await send({**message, "headers": with_vary(headers)})
                    return
                if not compressible(message["status"], headers):
                    await send(message)
                    return
                headers = with_vary(headers)
                if encoding is None:
                    await send({**message, "headers": headers})
                    return
                start = {**message, "headers": headers}  # held until the body is known
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            head, start = start, None
            await self.finish(send, scope, head, b"".join(chunks), encoding or "")

        await self.app(scope, receive, compressing)

    async def finish(self, send: Send, scope: Scope, start: Message, body: bytes, encoding: str) -> None:
        """Send ``start`` and ``body``, compressed in ``encoding`` when the body is large enough."""
        headers: list[tuple[bytes, bytes]] = start["headers"]
        if len(body) < self.min_bytes:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        etag = next((value for name, value in headers if name.lower() == b"etag"), None)
        if etag is not None and scope["path"] != "/graphql":
            compressed = self._kept(scope["path"], etag, encoding)
            if compressed is None:
                compressed = await anyio.to_thread.run_sync(partial(compress, body, encoding, best=True))
                self._keep(scope["path"], etag, encoding, compressed)
        elif len(body) >= IN_THREAD:
            compressed = await anyio.to_thread.run_sync(partial(compress, body, encoding, best=False))
        else:
            compressed = compress(body, encoding, best=False)
        headers = [(n, v) for n, v in headers if n.lower() != b"content-length"]
        headers += [
            (b"content-encoding", encoding.encode()),
            (b"content-length", str(len(compressed)).encode()),
        ]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": compressed})

    def _kept(self, path: str, etag: bytes, encoding: str) -> bytes | None:
        with self._lock:
            kept = self._files.get((path, etag, encoding))
            if kept is not None:
                self._files.move_to_end((path, etag, encoding))
            return kept

    def _keep(self, path: str, etag: bytes, encoding: str, compressed: bytes) -> None:
        with self._lock:
            self._files[(path, etag, encoding)] = compressed
            while len(self._files) > KEPT_FILES:
                self._files.popitem(last=False)


def compressible(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    if status < 200 or status in (204, 304):
        return False
    media = b""
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"content-encoding":
            return False
        if lowered == b"content-type":
            media = value.lower()
    return media.startswith(COMPRESSIBLE)


__all__ = ["BROTLI", "Compression", "chosen_encoding", "compress", "compressible", "with_vary"]
