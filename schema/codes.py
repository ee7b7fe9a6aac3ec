"""Every ``extensions.code`` a client can read, and every ``extensions.reason`` of a bad argument.

A code says what kind of failure it was (a limit, a mistake in the input, a fault); a reason
says which mistake, so a client can act on it without parsing the message. Both are
``StrEnum`` members: they compare equal to, and serialise as, their plain strings.

The HTTP edge's codes live here too, because a client reads them in the same
``errors[].extensions.code`` slot as GraphQL's.

A query limit's code comes from its row of ``schema.limits.table``: each code a row names
becomes a member here, so a new limit needs no line in this file. The codes spelled out
below are those the rest of the code raises by name (a timeout, graphql-core's token limit
and its own complexity refusal); the table names them too, and each becomes one member.
"""

from __future__ import annotations

from enum import StrEnum

from schema.limits.table import LIMITS


class ErrorCode(StrEnum):
    """The ``extensions.code`` of every error the server sends."""

    # A mistake in the input, or a record that is not there.
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    AMBIGUOUS = "AMBIGUOUS"
    INVALID_DATE = "INVALID_DATE"
    INVALID_TEXT = "INVALID_TEXT"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    # A limit said no: the query is fine, but asks too much at once. The query limits'
    # codes are added from their table at the end; these three are raised by name elsewhere.
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    QUERY_TIMEOUT = "QUERY_TIMEOUT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"  # a page size or other argument above its cap
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    # The HTTP edge: a request refused before GraphQL saw it.
    BAD_REQUEST = "BAD_REQUEST"
    MALFORMED_JSON = "MALFORMED_JSON"
    JSON_TOO_DEEP = "JSON_TOO_DEEP"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    BATCHING_DISABLED = "BATCHING_DISABLED"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    UNSUPPORTED_PROTOCOL = "UNSUPPORTED_PROTOCOL"  # a WebSocket upgrade or another protocol
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"  # headers or body sent too slowly
    # Apollo's persisted queries (clio.persisted), spelled as Apollo's clients match them.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    URL_TOO_LONG = "URL_TOO_LONG"
    HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE"
    # Fairness between clients and the server's own capacity.
    RATE_LIMITED = "RATE_LIMITED"
    TOO_MANY_CONCURRENT_REQUESTS = "TOO_MANY_CONCURRENT_REQUESTS"
    SERVER_BUSY = "SERVER_BUSY"
    # Edits (clio.state): who may write, and a store that cannot take a write now.
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"  # the record moved on since the version the change was based on
    STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
    STALE_REPLICA = "STALE_REPLICA"  # this worker has not reached the asked Clio-Min-Data-Version in 1 s
    # A fault of the server; the message carries a request id and nothing else.
    INTERNAL_ERROR = "INTERNAL_ERROR"

    # Every code of the limits table (QUERY_TOO_DEEP, QUERY_TOO_COSTLY…) not spelled above.
    # Python's enum HOWTO builds members in a loop this way; ``_ignore_`` keeps the loop's
    # names out of the members.
    _ignore_ = "_code _members"
    _members = vars()
    for _code in dict.fromkeys(limit.code for limit in LIMITS):
        if _code not in _members:
            _members[_code] = _code


class Reason(StrEnum):
    """The ``extensions.reason`` of a ``BAD_USER_INPUT``: which mistake, so a client need not read prose."""

    OUT_OF_RANGE = "OUT_OF_RANGE"  # a number outside its allowed range (page size, month, hops…)
    INVALID_DATE = "INVALID_DATE"  # a date text that cannot be read, or a day the month does not have
    START_AFTER_END = "START_AFTER_END"  # a range whose start comes after its end
    WRONG_ID_KIND = "WRONG_ID_KIND"  # an id of another kind than the argument takes (a person for an event)
    UNKNOWN_ID = "UNKNOWN_ID"  # a well-formed id that names nothing in the graph
    CONFLICTING_ARGUMENTS = "CONFLICTING_ARGUMENTS"  # two arguments that say one thing twice, or neither
    BAD_CURSOR = "BAD_CURSOR"  # a cursor this server did not give
    INVALID_ARGUMENT = "INVALID_ARGUMENT"  # any other argument the resolver cannot use


# Codes that mean "a limit said no", as opposed to a mistake in the query or a fault.
LIMIT_CODES = frozenset(
    {
        *(ErrorCode(limit.code) for limit in LIMITS),
        ErrorCode.LIMIT_EXCEEDED,
        ErrorCode.BODY_TOO_LARGE,
        ErrorCode.JSON_TOO_DEEP,
        ErrorCode.BATCHING_DISABLED,
        ErrorCode.INTROSPECTION_DISABLED,
        ErrorCode.RATE_LIMITED,
        ErrorCode.TOO_MANY_CONCURRENT_REQUESTS,
        ErrorCode.REQUEST_TIMEOUT,
        ErrorCode.SERVER_BUSY,
        ErrorCode.URL_TOO_LONG,
        ErrorCode.HEADERS_TOO_LARGE,
    }
)

__all__ = ["LIMIT_CODES", "ErrorCode", "Reason"]
