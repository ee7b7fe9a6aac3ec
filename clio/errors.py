"""What a client may read of an error: Clio's own messages and GraphQL's, never internals.

Every error that leaves the server has ``extensions.code``. Errors Clio raises on purpose
(``ClioError``), refusals by a limit, and GraphQL's syntax and validation errors pass with
their message; anything else becomes "Internal error; request id …", and the original is
logged with its traceback under the same id, so an operator can find it and a client
learns nothing about files, lines or libraries.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from graphql import AbortedGraphQLExecutionError, GraphQLError, GraphQLSyntaxError, parse

from graph.errors import Ambiguous, ClioError, DateError, LimitExceeded, NotFound
from schema.deadline import QueryTimeout
from schema.limits import Refusal

log = logging.getLogger("clio.errors")

INTERNAL = "INTERNAL_ERROR"
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
# Checked in order: the first class an error is an instance of gives its code.
_CLIO_CODES: tuple[tuple[type[ClioError], str], ...] = (
    (QueryTimeout, "QUERY_TIMEOUT"),
    (NotFound, "NOT_FOUND"),
    (Ambiguous, "AMBIGUOUS"),
    (LimitExceeded, "LIMIT_EXCEEDED"),
    (DateError, "INVALID_DATE"),
    (ClioError, "BAD_USER_INPUT"),
)


@dataclass(frozen=True, slots=True)
class RequestError(Exception):
    """A request refused before GraphQL saw it (body too large, not JSON…): HTTP status, code, message."""

    status: int
    code: str
    message: str

    def body(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}


def present(
    error: GraphQLError, request_id: str, suggestions: bool = True, max_tokens: int | None = None
) -> dict[str, Any]:
    """The error as the client sees it: formatted, with a code; masked when unexpected.

    ``max_tokens`` is the limit the document was parsed with, to tell that syntax error apart.
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
        if extensions["code"] == "TOO_MANY_TOKENS":
            formatted["message"] = (
                f"a query may hold at most {max_tokens} tokens (names, brackets, values); "
                "split it into smaller queries"
            )
            extensions.update(limit="tokens", maximum=max_tokens)
        elif extensions["code"] == "QUERY_TOO_COMPLEX":
            # graphql-core gives up when checking which fields overlap would take too long.
            formatted["message"] = (
                "the query is too complex to validate (many repeated fields or fragment spreads); "
                "ask for each field once"
            )
    else:
        log.error(
            "unexpected error in request %s: %s",
            request_id,
            error.message,
            exc_info=(type(original), original, original.__traceback__),
            extra={"request_id": request_id},
        )
        formatted = {"message": f"Internal error; request id {request_id}"}
        if error.path:
            formatted["path"] = error.path
        extensions = {"code": INTERNAL, "requestId": request_id}
    if not suggestions:
        formatted["message"] = _SUGGESTION.sub("", formatted["message"])
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
    if isinstance(error, Ambiguous):
        extensions["candidates"] = [{"id": node_id, "label": label} for node_id, label in error.candidates]
    if isinstance(error, LimitExceeded):
        extensions.update(argument=error.argument, maximum=error.maximum, actual=error.value)
    if isinstance(error, QueryTimeout):
        extensions.update(limit="timeLimitMs", maximum=error.limit_ms)
    return extensions


def _graphql_code(error: GraphQLError, max_tokens: int | None) -> str:
    # graphql-core exports no name for "validation gave up" (too many errors, or too deep to
    # walk): the class is known by its name, so a release that renames it turns the code
    # into GRAPHQL_VALIDATION_FAILED instead of breaking the import.
    if type(error).__name__ == "ValidationAbortedError":
        return "QUERY_TOO_COMPLEX"
    if isinstance(error, GraphQLSyntaxError):
        return "TOO_MANY_TOKENS" if _token_limit_hit(error, max_tokens) else "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


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
