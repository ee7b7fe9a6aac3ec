"""``/graphql`` for caches at the edge: persisted queries in, ``ETag`` and ``304`` out.

Applied by the app's front layer (`clio.front`, which calls `Edge.etag`, `Edge.validators`
and `Edge.resolved_body`), or as ASGI middleware, in front of whichever router serves
``/graphql`` (stock or fast), so both behave alike:

- **Persisted queries** (`clio.persisted`): a GET or POST that names its document by
  ``extensions.persistedQuery.sha256Hash`` reaches the router with the document's text
  filled in, as if the client had sent it; the router then applies every rule it applies
  to text, among them that a GET runs queries only (so never a mutation, by hash or not).
- **ETag**: every answer to a GET that has data and no errors carries a weak ``ETag``, the
  hash of what the answer depends on: the data version, the document, the variables, the
  operation name, the media type asked for and, when the document reads a current-date
  field (``howLongAgo``) without a literal ``asOf``, today's date in the server's timezone
  (`clio.clock`). ``Cache-Control`` comes from ``CLIO_CACHE_CONTROL``.
- **304**: a GET whose ``If-None-Match`` names the ETag its answer would have is answered
  ``304 Not Modified`` before anything runs: all the ETag's inputs are in the request.
- **Read your own writes**: a GET that asks for a data version (``Clio-Min-Data-Version``)
  waits for it (``reached``, the app's wait) before its ETag is made, so neither a ``304``
  nor the stamp can name the older graph a client asked to be past.

The day is read once per request and left in the scope (``clio.today``), where the app's
context takes it, so the answer and its ETag name the same day even across midnight.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson
from graphql import FieldNode, GraphQLError, StringValueNode, Visitor, parse, visit
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clio.cache import current_version
from clio.clock import Clock
from clio.errors import RequestError
from clio.guard import parse_json
from clio.persisted import NO_STORE, PersistedQueries
from schema.codes import ErrorCode
from schema.memo import BoundedMemo

#: Fields whose answer depends on today's date, and the argument that pins the date instead.
CURRENT_DATE_FIELDS = {"howLongAgo": "asOf"}
TODAY = "clio.today"
GRAPHQL_RESPONSE = b"application/graphql-response+json"
#: The header a client sends the ``dataVersion`` of its own write in (see docs/editing.md).
MIN_DATA_VERSION = b"clio-min-data-version"


class _ReadsToday(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        pinned_by = CURRENT_DATE_FIELDS.get(node.name.value)
        if pinned_by is None:
            return
        # A variable may be null (then today counts): only a literal date pins the answer.
        pinned = any(
            argument.name.value == pinned_by and isinstance(argument.value, StringValueNode)
            for argument in node.arguments or ()
        )
        if not pinned:
            self.found = True


def reads_today(document: str, max_tokens: int) -> bool | None:
    """Whether ``document`` reads a current-date field without a literal date; None if it does not parse.

    >>> reads_today("{ event(id: 1) { howLongAgo { years } } }", 1000)
    True
    >>> reads_today('{ event(id: 1) { howLongAgo(asOf: "2000-01-01") { years } } }', 1000)
    False
    >>> reads_today("{ event(", 1000) is None
    True
    """
    try:
        tree = parse(document, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return None
    visitor = _ReadsToday()
    visit(tree, visitor)
    return visitor.found


def etag_of(parts: tuple[object, ...]) -> bytes:
    """A weak validator: the same answer, compressed or not, is the same representation to a client."""
    digest = hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f'W/"{digest}"'.encode()


def matches(if_none_match: bytes, etag: bytes) -> bool:
    """Weak comparison of ``If-None-Match`` with an ETag (RFC 9110 13.1.2).

    >>> matches(b'"x", W/"abc"', b'W/"abc"'), matches(b'"abc"', b'W/"abc"'), matches(b'*', b'W/"a"')
    (True, True, True)
    >>> matches(b'W/"abd"', b'W/"abc"')
    False
    """
    if if_none_match.strip() == b"*":
        return True
    opaque = etag.removeprefix(b"W/")
    return any(tag.strip().removeprefix(b"W/") == opaque for tag in if_none_match.split(b","))


class Edge:
    """The middleware (see the module doc); ``path`` is where GraphQL is served."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        persisted: PersistedQueries,
        version: object,
        clock: Clock,
        cache_control: str,
        max_json_depth: int,
        max_tokens: int,
        memo_size: int = 1000,
        path: str = "/graphql",
        reached: Callable[[Scope], Awaitable[None]] | None = None,
    ) -> None:
        self.app = app
        # The app's wait for the data version a request asks for (raises RequestError when
        # it cannot be reached); None where no edits are served.
        self.reached = reached
        self.persisted = persisted
        self.version = version
        self.clock = clock
        self.cache_control = cache_control.encode()
        self.max_json_depth = max_json_depth
        self.max_tokens = max_tokens
        self.path = path
        self._reads_today = BoundedMemo[bool | None](memo_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        scope[TODAY] = today = self.clock.today()
        try:
            if scope["method"] == "GET":
                await self.wait(scope)
                etag = self.etag(scope, today)
                if etag is not None:
                    await self._revalidated(scope, receive, send, etag)
                    return
            elif scope["method"] == "POST":
                receive = await self._post(receive)
        except RequestError as error:
            await answer_refusal(scope, send, error)
            return
        await self.app(scope, receive, send)

    # -- GET: the document from its hash, then the ETag --------------------------------------

    async def wait(self, scope: Scope) -> None:
        """Reach the data version the request asks for before its ETag is made (see the module doc).

        The ETag names the data version: made first, a worker behind the client's own write
        would answer ``304`` to the ETag of the graph before it, and the client would keep
        the answer it asked to be past.
        """
        if self.reached is not None and _header(scope, MIN_DATA_VERSION):
            await self.reached(scope)

    def etag(self, scope: Scope, today: object) -> bytes | None:
        """Fill in a persisted document; the ETag the answer will have (None: not cacheable)."""
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        extensions = params.get("extensions")
        if extensions and "persistedQuery" in extensions:
            decoded = parse_json(extensions, self.max_json_depth)
            if not isinstance(decoded, dict):
                raise RequestError(400, ErrorCode.BAD_REQUEST, "`extensions` must be an object or null")
            query = self.persisted.resolve(params.get("query") or None, decoded)
            if query is not None and params.get("query") != query:
                params["query"] = query
                scope["query_string"] = urlencode(params).encode("latin-1")
        query = params.get("query")
        if not query:
            return None
        raw_variables = params.get("variables")
        try:
            variables = parse_json(raw_variables, self.max_json_depth) if raw_variables else None
            canonical = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
        except (RequestError, TypeError):
            return None  # the router says what is wrong with them
        reads = self._reads_today.get(query, lambda: reads_today(query, self.max_tokens))
        if reads is None:
            return None
        media = GRAPHQL_RESPONSE in _header(scope, b"accept")
        day = str(today) if reads else None
        return etag_of(
            (current_version(self.version), query, canonical, params.get("operationName"), media, day)
        )

    def validators(self, etag: bytes) -> list[tuple[bytes, bytes]]:
        """The headers a cacheable answer (or its 304) carries."""
        return [(b"etag", etag), (b"cache-control", self.cache_control), (b"vary", b"Accept")]

    async def _revalidated(self, scope: Scope, receive: Receive, send: Send, etag: bytes) -> None:
        """Answer 304 for a matching ``If-None-Match``; else run, and stamp a clean answer."""
        if_none_match = _header(scope, b"if-none-match")
        head = self.validators(etag)
        if if_none_match and matches(if_none_match, etag):
            await send({"type": "http.response.start", "status": 304, "headers": head})
            await send({"type": "http.response.body", "body": b""})
            return
        started: Message | None = None

        async def stamping(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start" and message["status"] == 200:
                started = message  # held until the body says whether it has errors
                return
            if started is not None and message["type"] == "http.response.body":
                start, started = started, None
                if not message.get("more_body") and b'"errors":' not in message.get("body", b""):
                    # Only keys are unescaped quoted text in JSON: this finds a top-level
                    # "errors" key and nothing inside a string.
                    start = {**start, "headers": [*start.get("headers", ()), *head]}
                await send(start)
            await send(message)

        await self.app(scope, receive, stamping)

    # -- POST: the document from its hash, in a body rewritten for the router ----------------

    async def _post(self, receive: Receive) -> Receive:
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return replaying(b"".join(chunks), receive, message)
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if b"persistedQuery" in body:
            body = self.resolved_body(body)
        return replaying(body, receive, None)

    def resolved_body(self, body: bytes) -> bytes:
        """A POST body with its persisted document filled in (``body`` itself when there is none)."""
        try:
            data = parse_json(body, self.max_json_depth)
        except RequestError:
            return body  # the router refuses it with its own words
        if not isinstance(data, dict) or not isinstance(data.get("extensions"), dict):
            return body
        query = data.get("query")
        if query is not None and not isinstance(query, str):
            return body
        resolved = self.persisted.resolve(query, data["extensions"])
        if resolved == query:
            return body
        return orjson.dumps({**data, "query": resolved})


def replaying(body: bytes, receive: Receive, pending: Message | None) -> Receive:
    """A ``receive`` that gives ``body`` once, then what the connection says (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent, pending
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if pending is not None:
            message, pending = pending, None
            return message
        return await receive()

    return replay


def _header(scope: Scope, name: bytes) -> bytes:
    return next((value for key, value in scope["headers"] if key == name), b"")


async def answer_refusal(scope: Scope, send: Send, error: RequestError) -> None:
    """An APQ error (or a malformed request) as JSON, never cached; the connection stays open."""
    record = scope.get("state", {}).get("clio")
    if record is not None:
        record.error_codes.append(error.code)
    payload = orjson.dumps(error.body())
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (NO_STORE[0].encode(), NO_STORE[1].encode()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


__all__ = [
    "CURRENT_DATE_FIELDS",
    "MIN_DATA_VERSION",
    "TODAY",
    "Edge",
    "answer_refusal",
    "etag_of",
    "matches",
    "reads_today",
    "replaying",
]
