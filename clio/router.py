"""Strawberry's FastAPI router, made safe and quick for a public endpoint.

What it changes, each in one method below:

- ``parse_http_body``: POST must be JSON (415 otherwise, so no HTML form can post a query
  across sites); JSON is checked for nesting before it is decoded (``clio.guard``); a JSON
  array (a batch) is refused; every field must have the type the spec gives it.
- ``execute_single``: answers from the response cache when it can; otherwise runs the query
  in one of ``query_threads`` worker threads, so a long query never holds the event loop,
  with a ``Deadline`` that stops it ``time_limit_ms`` after the request arrived; a query
  still waiting for a thread then is answered ``QUERY_TIMEOUT`` without running.
- ``process_result``: every error through ``clio.errors.present`` (codes, masking).
- ``run``: status and media type as the GraphQL-over-HTTP spec asks (see ``_status``), and
  request errors as GraphQL-shaped JSON rather than Strawberry's plain text.
- ``encode_json``: orjson.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import anyio
import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from clio.cache import ResponseCache
from clio.errors import RequestError, code_of, present
from clio.guard import parse_json
from clio.observability import record_of
from clio.settings import Settings
from schema.deadline import Deadline
from schema.limits import Measure

JSON_TYPES = ("application/json", "application/graphql-response+json")
GRAPHQL_RESPONSE = "application/graphql-response+json"
# Errors raised before execution: under application/graphql-response+json they make a 400.
_EXECUTION_CODES = frozenset(
    {
        "INTERNAL_ERROR",
        "QUERY_TIMEOUT",
        "NOT_FOUND",
        "AMBIGUOUS",
        "LIMIT_EXCEEDED",
        "INVALID_DATE",
        "BAD_USER_INPUT",
    }
)
_HTTP_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


class ClioRouter(GraphQLRouter[dict[str, Any], None]):
    """``GraphQLRouter`` with the limits, hygiene and speed of a public server (see the module doc)."""

    def __init__(
        self, schema: Any, settings: Settings, response_cache: ResponseCache, version: object, **options: Any
    ) -> None:
        super().__init__(schema, subscription_protocols=(), **options)
        self.settings = settings
        self.response_cache = response_cache
        self.version = version
        self._threads: anyio.CapacityLimiter | None = None  # made in the event loop, on first use

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if self.is_websocket_request(request):
            return await super().run(request, context, root_value)
        record = record_of(request)
        try:
            response = await super().run(request, context, root_value)
        except RequestError as error:
            record.error_codes.append(error.code)
            return Response(
                orjson.dumps(error.body()), status_code=error.status, media_type="application/json"
            )
        except HTTPException as error:
            code = _HTTP_CODES.get(error.status_code, "BAD_REQUEST")
            record.error_codes.append(code)
            body = RequestError(error.status_code, code, str(error.reason)).body()
            return Response(orjson.dumps(body), status_code=error.status_code, media_type="application/json")
        graphql = request.scope.get("clio.graphql")
        if graphql is not None:
            response.status_code, response.headers["content-type"] = graphql
        return response

    def decode_json(self, data: str | bytes) -> object:
        return parse_json(data, self.settings.max_json_depth)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def parse_http_body(self, request_adapter: Any) -> GraphQLRequestData:
        if request_adapter.method == "GET":
            if len(request_adapter.query_params.get("query") or "") > self.settings.max_body_bytes:
                raise RequestError(
                    413, "BODY_TOO_LARGE", f"a query may be at most {self.settings.max_body_bytes} bytes"
                )
            data: Any = self.parse_query_params(request_adapter.query_params)
        else:
            content_type, _ = parse_content_type(request_adapter.content_type or "")
            if content_type not in JSON_TYPES:
                raise RequestError(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    f"POST a JSON body with Content-Type: application/json (got {content_type or 'none'!r})",
                )
            data = self.decode_json(await request_adapter.get_body())
        if isinstance(data, list):
            raise RequestError(
                400,
                "BATCHING_DISABLED",
                "batched queries (a JSON array) are not accepted; send one query per request",
            )
        if not isinstance(data, dict):
            raise RequestError(
                400, "BAD_REQUEST", 'the body must be a JSON object such as {"query": "{ … }"}'
            )
        expected = (("query", str), ("variables", dict), ("operationName", str), ("extensions", dict))
        for name, kind in expected:
            if data.get(name) is not None and not isinstance(data[name], kind):
                what = "a string" if kind is str else "an object"
                raise RequestError(400, "BAD_REQUEST", f"`{name}` must be {what} or null")
        return GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
            protocol="http",
        )

    async def execute_single(
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Any,
        context: dict[str, Any],
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        record = record_of(request)
        record.operation = request_data.operation_name
        if not request_data.query:
            raise RequestError(400, "BAD_REQUEST", 'no query: send {"query": "{ … }"}')
        key = ResponseCache.key(
            request_data.query, request_data.variables, request_data.operation_name, self.version
        )
        cached = self.response_cache.get(key)
        if cached is not None:
            record.cache, (result, record.cost) = "hit", cached
            return result  # type: ignore[no-any-return]
        allowed = OperationType.from_http(request_adapter.method)
        # The clock starts when the request arrived, not when a worker thread takes it: under
        # load a query waits for a thread, and the limit is what its client waits in all. One
        # that waited past it stops at its first check, and no request outlives the limit by more.
        deadline = context["deadline"] = Deadline(self.settings.time_limit_ms, record.arrived)
        run = partial(self._execute, request_data, context, allowed)
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(self.settings.query_threads)
        outcome: ExecutionResult | RequestError
        try:
            # Cancels only the wait for a thread: once the query runs, anyio waits for it
            # (its own checks stop it at the deadline).
            with anyio.fail_after(deadline.remaining()):
                outcome = await anyio.to_thread.run_sync(
                    partial(_returning_refusal, run), limiter=self._threads
                )
        except TimeoutError:
            if not deadline.expired:
                raise
            outcome = ExecutionResult(
                data=None, errors=[GraphQLError(str(deadline.reason), original_error=deadline.reason)]
            )
        if isinstance(outcome, RequestError):
            raise outcome
        executed = outcome
        measured = context.get("measure")
        record.cost = measured.cost if isinstance(measured, Measure) else None
        if not executed.errors and self.response_cache.size:
            record.cache = "miss"
            self.response_cache.put(key, (executed, record.cost))
        return executed

    def _execute(
        self, request_data: GraphQLRequestData, context: dict[str, Any], allowed: set[OperationType]
    ) -> ExecutionResult:
        try:
            return self.schema.execute_sync(
                request_data.query,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
            )
        except InvalidOperationTypeError as error:
            raise RequestError(
                405, "METHOD_NOT_ALLOWED", "GET may only run queries; send other operations with POST"
            ) from error
        except CannotGetOperationTypeError as error:
            raise RequestError(400, "BAD_REQUEST", error.as_http_error_reason()) from error
        except MissingQueryError as error:
            raise RequestError(400, "BAD_REQUEST", 'no query: send {"query": "{ … }"}') from error

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        record = record_of(request)
        response: GraphQLHTTPResponse = {}
        errors = [present(e, record.request_id, self.settings.suggestions) for e in result.errors or ()]
        codes = [code_of(e) for e in errors]
        record.error_codes.extend(codes)
        if "QUERY_TIMEOUT" in codes:
            # Never a half-built answer: the timeout alone, no partial data.
            response = {"data": None, "errors": [errors[codes.index("QUERY_TIMEOUT")]]}
        else:
            request_error = result.data is None and bool(codes) and not _EXECUTION_CODES.intersection(codes)
            if not request_error:
                response["data"] = result.data
            if errors:
                response["errors"] = list(errors)
        if result.extensions:
            response["extensions"] = result.extensions
        request.scope["clio.graphql"] = _status(request, "data" not in response)
        return response


def _returning_refusal(run: Callable[[], ExecutionResult]) -> ExecutionResult | RequestError:
    """``run()``, with a `RequestError` returned rather than raised.

    A frozen dataclass cannot take the traceback a context manager's exit writes into an
    exception passing through it, so the refusal crosses ``fail_after`` as a value.
    """
    try:
        return run()
    except RequestError as error:
        return error


def _status(request: Request, request_error: bool) -> tuple[int, str]:
    """Status and media type, as the GraphQL-over-HTTP spec says.

    A client that accepts ``application/graphql-response+json`` gets that type, and 400 when
    the request failed before execution (syntax, validation, a limit); any other client gets
    ``application/json`` and 200 for every GraphQL response, the form older clients expect.
    """
    if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
        return (400 if request_error else 200), GRAPHQL_RESPONSE
    return 200, "application/json"
