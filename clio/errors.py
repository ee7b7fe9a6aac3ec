"""What a client may read of an error: Clio's own messages and GraphQL's, never internals.

Every error that leaves the server has ``extensions.code``. Errors Clio raises on purpose
(``ClioError``), refusals by a limit, and GraphQL's syntax and validation errors pass with
their message; anything else becomes "Internal error; request id …", and the original is
logged with its traceback under the same id, so an operator can find it and a client
learns nothing about files, lines or libraries.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import AbortedGraphQLExecutionError, GraphQLError, GraphQLSyntaxError, parse

from graph.errors import (
    Ambiguous,
    ArgumentError,
    ArgumentErrors,
    BadDate,
    ClioError,
    ConflictingArguments,
    DateError,
    LimitExceeded,
    NotFound,
    OutOfRange,
    StartAfterEnd,
    UnknownId,
    WrongKind,
)
from schema.codes import ErrorCode, Reason
from schema.context import BadCursor
from schema.deadline import QueryTimeout
from schema.limits.table import BY_NAME, message_of
from schema.refusal import Refusal

log = logging.getLogger("clio.errors")

INTERNAL = ErrorCode.INTERNAL_ERROR
# Checked in order: the first class an error is an instance of gives its code.
_CLIO_CODES: tuple[tuple[type[ClioError], ErrorCode], ...] = (
    (QueryTimeout, ErrorCode.QUERY_TIMEOUT),
    (ArgumentError, ErrorCode.BAD_USER_INPUT),
    (ArgumentErrors, ErrorCode.BAD_USER_INPUT),
    (NotFound, ErrorCode.NOT_FOUND),
    (Ambiguous, ErrorCode.AMBIGUOUS),
    (LimitExceeded, ErrorCode.LIMIT_EXCEEDED),
    (DateError, ErrorCode.INVALID_DATE),
    (ClioError, ErrorCode.BAD_USER_INPUT),
)

# The reason of each argument mistake, first match wins (``BAD_USER_INPUT`` errors only).
_REASONS: tuple[tuple[type[ClioError], Reason], ...] = (
    (WrongKind, Reason.WRONG_ID_KIND),
    (UnknownId, Reason.UNKNOWN_ID),
    (OutOfRange, Reason.OUT_OF_RANGE),
    (StartAfterEnd, Reason.START_AFTER_END),
    (BadDate, Reason.INVALID_DATE),
    (ConflictingArguments, Reason.CONFLICTING_ARGUMENTS),
    (BadCursor, Reason.BAD_CURSOR),
    (ClioError, Reason.INVALID_ARGUMENT),
)


@dataclass(frozen=True, slots=True)
class RequestError(Exception):
    """A request refused before GraphQL saw it (body too large, not JSON…): HTTP status, code, message."""

    status: int
    code: ErrorCode
    message: str

    def body(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}


async def send_refusal(
    scope: MutableMapping[str, Any],
    send: Callable[[dict[str, Any]], Awaitable[None]],
    error: RequestError,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    """Answer an ASGI request with ``error`` as JSON and close the connection (the body may be unread).

    The code goes on the request's record (``clio.observability``) for the log line and metrics.
    """
    record = scope.get("state", {}).get("clio")
    if record is not None:
        record.error_codes.append(error.code)
    payload = orjson.dumps(error.body())
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [*head, *headers, (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def log_unexpected(error: BaseException, request_id: str) -> None:
    """Log a fault the client must not see, with its traceback, under the request's id."""
    log.error(
        "unexpected error in request %s: %s",
        request_id,
        error,
        exc_info=(type(error), error, error.__traceback__),
        extra={"request_id": request_id},
    )


def internal_error_body(request_id: str) -> dict[str, Any]:
    """What a client reads of a fault: the request id to quote, nothing else."""
    return {
        "errors": [
            {
                "message": f"Internal error; request id {request_id}",
                "extensions": {"code": INTERNAL, "requestId": request_id},
            }
        ]
    }


def present(error: GraphQLError, request_id: str, max_tokens: int | None = None) -> dict[str, Any]:
    """The error as the client sees it: formatted, with a code; masked when unexpected.

    ``max_tokens`` is the limit the document was parsed with, to tell that syntax error apart.
    GraphQL's own messages pass as graphql-core words them: with ``CLIO_SUGGESTIONS`` off it
    leaves out its "Did you mean …?" hints itself (``schema.suggestions``).
    """
    original = _unwrap(error)
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = dict(formatted.get("extensions") or {})
    if isinstance(original, ClioError):
        formatted["message"] = str(original)
        extensions.update(_clio_extensions(original))
    elif isinstance(original, Refusal):
        formatted["message"] = original.message
        extensions.update(original.extensions or {})
    elif original is None:
        extensions["code"] = extensions.get("code") or _graphql_code(error, max_tokens)
        if extensions["code"] == ErrorCode.TOO_MANY_TOKENS:
            formatted["message"] = message_of(BY_NAME["tokens"], max_tokens)
            extensions.update(limit="tokens", maximum=max_tokens)
        elif extensions["code"] == ErrorCode.QUERY_TOO_COMPLEX:
            # graphql-core gives up when checking which fields overlap would take too long.
            formatted["message"] = (
                "the query is too complex to validate (many repeated fields or fragment spreads); "
                "ask for each field once"
            )
    else:
        log_unexpected(original, request_id)
        formatted = dict(internal_error_body(request_id)["errors"][0])
        extensions = formatted.pop("extensions")
        if error.path:
            formatted["path"] = error.path
    formatted["extensions"] = extensions
    return formatted


def code_of(presented: dict[str, Any]) -> str:
    return str(presented.get("extensions", {}).get("code", INTERNAL))


def _unwrap(error: GraphQLError) -> BaseException | None:
    """The exception behind a GraphQL error, through graphql-core's wrappers; None for GraphQL's own."""
    if isinstance(error, Refusal):
        return error
    original: BaseException | None = error.original_error
    while True:
        if isinstance(original, AbortedGraphQLExecutionError):
            original = original.reason if isinstance(original.reason, BaseException) else original.__cause__
        elif isinstance(original, GraphQLError) and not isinstance(original, Refusal):
            original = original.original_error
        else:
            return original


def _clio_extensions(error: ClioError) -> dict[str, Any]:
    code = next(code for cls, code in _CLIO_CODES if isinstance(error, cls))
    extensions: dict[str, Any] = {"code": code}
    if code == ErrorCode.BAD_USER_INPUT:
        extensions.update(_argument_extensions(error))
    if isinstance(error, Ambiguous):
        extensions["candidates"] = [{"id": node_id, "label": label} for node_id, label in error.candidates]
    if isinstance(error, LimitExceeded):
        extensions.update(argument=error.argument, maximum=error.maximum, actual=error.value)
    if isinstance(error, QueryTimeout):
        extensions.update(limit="timeLimitMs", maximum=error.limit_ms)
    return extensions


def _argument_extensions(error: ClioError) -> dict[str, Any]:
    """``reason``, and for an argument its name, what it takes and the value; every problem of several."""
    if isinstance(error, ArgumentErrors):
        problems = [_argument_extensions(problem) for problem in error.shown]
        several: dict[str, Any] = {**problems[0], "problems": problems}
        if len(error.errors) > len(error.shown):
            several["problemCount"] = len(error.errors)
        return several
    extensions: dict[str, Any] = {
        "reason": next(reason for cls, reason in _REASONS if isinstance(error, cls))
    }
    if isinstance(error, ArgumentError):
        extensions.update(argument=error.argument, expected=error.expected, value=error.value)
    if isinstance(error, OutOfRange):
        extensions.update(minimum=error.minimum, maximum=error.maximum)
    return extensions


def _graphql_code(error: GraphQLError, max_tokens: int | None) -> ErrorCode:
    # graphql-core exports no name for "validation gave up" (too many errors, or too deep to
    # walk): the class is known by its name, so a release that renames it turns the code
    # into GRAPHQL_VALIDATION_FAILED instead of breaking the import.
    if type(error).__name__ == "ValidationAbortedError":
        return ErrorCode.QUERY_TOO_COMPLEX
    if isinstance(error, GraphQLSyntaxError):
        if _token_limit_hit(error, max_tokens):
            return ErrorCode.TOO_MANY_TOKENS
        return ErrorCode.GRAPHQL_PARSE_FAILED
    return ErrorCode.GRAPHQL_VALIDATION_FAILED


def _token_limit_hit(error: GraphQLSyntaxError, max_tokens: int | None) -> bool:
    """Whether parsing stopped at the token limit rather than at a mistake.

    Parsed again with twice the room, such a document gets further (or parses); a mistake
    stops it at the same place. No message text is read, so graphql-core may word its errors
    as it likes, and the second parse is bounded like the first. Twice, not one more:
    graphql-core before 3.3.2 counts a run of comments only at the token after it, so its
    error stands at that token either way.
    """
    if max_tokens is None or error.source is None or not error.positions:
        return False
    try:
        parse(error.source, max_tokens=2 * max_tokens + 1)
    except GraphQLSyntaxError as again:
        return min(again.positions or (0,)) > min(error.positions)
    return True
