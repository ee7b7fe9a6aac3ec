"""Strawberry's FastAPI router, through its public hooks, and the request rules both routers share.

`ClioRouter` is what serves ``/graphql`` when ``CLIO_FAST_PATH=0``: Strawberry's stock
router with only its documented hooks overridden:

- ``decode_json``: JSON is checked for nesting before it is decoded (``clio.guard``);
- ``encode_json``: orjson;
- ``process_result``: every error through ``clio.errors.present`` (codes, masking), and a
  timeout alone, never with partial data.

Everything else (status codes, request errors as Strawberry's plain text, execution in the
event loop, no response cache) is Strawberry's own. The fast path's router
(``clio.upstream.FastRouter``) extends this one and applies `request_data` and `status_of`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from clio.cache import ResponseCache
from clio.errors import RequestError, code_of, present
from clio.guard import parse_json
from clio.observability import record_of
from clio.settings import Settings
from schema.codes import ErrorCode

JSON_TYPES = ("application/json", "application/graphql-response+json")
GRAPHQL_RESPONSE = "application/graphql-response+json"
# Errors raised before execution: under application/graphql-response+json they make a 400.
_EXECUTION_CODES = frozenset(
    {
        ErrorCode.INTERNAL_ERROR,
        ErrorCode.QUERY_TIMEOUT,
        ErrorCode.NOT_FOUND,
        ErrorCode.AMBIGUOUS,
        ErrorCode.LIMIT_EXCEEDED,
        ErrorCode.INVALID_DATE,
        ErrorCode.BAD_USER_INPUT,
    }
)
HTTP_CODES = {400: ErrorCode.BAD_REQUEST, 404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}


class ClioRouter(GraphQLRouter[dict[str, Any], None]):
    """``GraphQLRouter`` with Clio's error presentation, through public hooks only (see the module doc)."""

    def __init__(
        self, schema: Any, settings: Settings, response_cache: ResponseCache, version: object, **options: Any
    ) -> None:
        super().__init__(schema, subscription_protocols=(), **options)
        self.settings = settings
        self.response_cache = response_cache
        self.version = version

    def decode_json(self, data: str | bytes) -> object:
        # Strawberry answers a JSONDecodeError with a 400; any other error would be a 500,
        # and so would a body that is JSON but neither an object nor an array ("{ … }").
        try:
            decoded = parse_json(data, self.settings.max_json_depth)
        except RequestError as error:
            raise json.JSONDecodeError(error.message, "", 0) from None
        if not isinstance(decoded, dict | list):
            raise json.JSONDecodeError("the body must be a JSON object", "", 0)
        return decoded

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        record = record_of(request)
        response: GraphQLHTTPResponse = {}
        errors = [present(e, record.request_id, self.settings.max_tokens) for e in result.errors or ()]
        codes = [code_of(e) for e in errors]
        record.error_codes.extend(codes)
        if ErrorCode.QUERY_TIMEOUT in codes:
            # Never a half-built answer: the timeout alone, no partial data.
            response = {"data": None, "errors": [errors[codes.index(ErrorCode.QUERY_TIMEOUT)]]}
        else:
            request_error = result.data is None and bool(codes) and not _EXECUTION_CODES.intersection(codes)
            if not request_error:
                response["data"] = result.data
            if errors:
                response["errors"] = list(errors)
        if result.extensions:
            response["extensions"] = result.extensions
        request.scope["clio.graphql"] = status_of(request, "data" not in response)
        return response


#: The longest ``operationName`` taken: a name is echoed in errors and logged with the request.
MAX_OPERATION_NAME = 128


def request_data(
    method: str,
    query_params: Mapping[str, Any],
    content_type: str | None,
    body: bytes | None,
    settings: Settings,
) -> GraphQLRequestData:
    """The GraphQL request in an HTTP request, or a `RequestError` saying what is wrong with it.

    POST must be JSON (415 otherwise, so no HTML form can post a query across sites); a JSON
    array (a batch) is refused; every field must have the type the spec gives it.
    """
    data: Any
    if method == "GET":
        query = query_params.get("query") or ""
        if len(query) > settings.max_body_bytes:
            raise RequestError(
                413, ErrorCode.BODY_TOO_LARGE, f"a query may be at most {settings.max_body_bytes} bytes"
            )
        data = dict(query_params)
        for name in ("variables", "extensions"):
            if data.get(name):
                data[name] = parse_json(data[name], settings.max_json_depth)
    else:
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        if media_type not in JSON_TYPES:
            raise RequestError(
                415,
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                f"POST a JSON body with Content-Type: application/json (got {media_type or 'none'!r})",
            )
        data = parse_json(body or b"", settings.max_json_depth)
    if isinstance(data, list):
        raise RequestError(
            400,
            ErrorCode.BATCHING_DISABLED,
            "batched queries (a JSON array) are not accepted; send one query per request",
        )
    if not isinstance(data, dict):
        raise RequestError(
            400, ErrorCode.BAD_REQUEST, 'the body must be a JSON object such as {"query": "{ … }"}'
        )
    expected = (("query", str), ("variables", dict), ("operationName", str), ("extensions", dict))
    for name, kind in expected:
        if data.get(name) is not None and not isinstance(data[name], kind):
            what = "a string" if kind is str else "an object"
            raise RequestError(400, ErrorCode.BAD_REQUEST, f"`{name}` must be {what} or null")
    operation_name = data.get("operationName")
    if operation_name is not None and len(operation_name) > MAX_OPERATION_NAME:
        # Not echoed: the name goes into the error ("Unknown operation named …") and the log line.
        raise RequestError(
            400,
            ErrorCode.BAD_REQUEST,
            f"`operationName` is {len(operation_name)} characters long; "
            f"at most {MAX_OPERATION_NAME} are allowed",
        )
    return GraphQLRequestData(
        query=data.get("query"),
        variables=data.get("variables"),
        operation_name=operation_name,
        extensions=data.get("extensions"),
        protocol="http",
    )


def status_of(request: Request, request_error: bool) -> tuple[int, str]:
    """Status and media type, as the GraphQL-over-HTTP spec says.

    A client that accepts ``application/graphql-response+json`` gets that type, and 400 when
    the request failed before execution (syntax, validation, a limit); any other client gets
    ``application/json`` and 200 for every GraphQL response, the form older clients expect.
    """
    if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
        return (400 if request_error else 200), GRAPHQL_RESPONSE
    return 200, "application/json"
