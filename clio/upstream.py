"""Every use of Strawberry's and graphql-core's internals, in one place, behind ``CLIO_FAST_PATH``.

The app imports this module only when ``Settings.fast_path`` is on (the default); off, every
request goes through Strawberry's stock router, execution and validation, which use public
API alone (`clio.router.ClioRouter`, `schema.deadline.DeadlineCheck`). What is here, and the
internal each part leans on:

- `FastExecutionContext`: reads plain leaves and plain non-record objects (``date``) itself
  and completes objects straight into their fields; it extends Strawberry's execution
  context (``strawberry.schema.schema``, not exported) and overrides graphql-core's
  ``execute_fields``, ``complete_value`` and ``complete_list_value`` (no stated contract).
  A value missing, null where null is not allowed or refused by its scalar goes
  graphql-core's way, so errors and paths are its own. (One difference: when a non-null
  field under a plain object fails and nulls its parent, the parent's other non-plain
  fields are not run; the parent is null either way.)
- `install`: hands graphql-core plain fields and `schema.direct` resolvers to call as they
  are, skipping Strawberry's wrapping; it reads the schema's private ``_schema`` and the
  converter's field back-reference.
- `RefusingValidationCache`: validation once per query text, through Strawberry's private
  ``validate_document`` (which adds Strawberry's own rules to graphql-core's); with the hints
  hidden, graphql-core's public ``validate`` with those rules (``schema.suggestions``) on
  the private ``_schema``.
- `Prepared` documents: a query text that has once passed every check before execution
  (parsed, measured, validated) runs again without Strawberry's per-request machinery
  (``Schema.execute_sync``'s extension runner): the checks that depend on the variables
  (`schema.limits.guard.QueryGuard.check`, and ``schema.suggestions.variable_errors`` with
  the hints hidden) run as the extensions would, then graphql-core's ``execute`` with
  Strawberry's private ``_schema``, ``_process_errors`` and ``_coerce_error``. Used only
  when the schema's extensions are the ones `fast_schema` knows.
- `FastRouter`: Strawberry's undocumented ``run``, ``parse_http_body`` and
  ``execute_single``, for the response cache, a worker thread per query, request errors
  as JSON and status codes as the GraphQL-over-HTTP spec asks; an answer the cache keeps is
  encoded once, in ``process_result``, and a hit is sent as those bytes.

- `lean_route`: ``/graphql`` as a plain Starlette route that calls `FastRouter`'s parts
  (``execute_single``, ``process_result``, ``encode_json``) itself, without Strawberry's
  HTTP view (``run``, its request adapters) or FastAPI's dependency injection around it;
  every limit, the cache, the lanes and the deadline are those of ``execute_single``.

``tests/schema/test_differential.py`` runs a corpus of queries through both paths and
compares data and errors, over HTTP, so it covers the lean route; ``make test-upstream``
runs it on the newest releases.
"""

from __future__ import annotations

import inspect
import threading
from collections import OrderedDict
from collections.abc import AsyncIterable, Awaitable, Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeGuard

import anyio
import orjson
import strawberry
from cross_web import HTTPException
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    execute,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import AddValidationRules, ParserCache, SchemaExtension
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import (
    StrawberryGraphQLCoreExecutionContext,
    _coerce_error,
    validate_document,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from clio.cache import Cached, ResponseCache, current_version
from clio.errors import RequestError
from clio.guard import parse_json
from clio.inline import InlineGate
from clio.lanes import Lanes, timed
from clio.observability import record_of
from clio.router import HTTP_CODES, request_data, status_of
from clio.web import OfflineGraphQLRouter
from graph.dates import HistoricalDate
from schema import build_schema
from schema.codes import ErrorCode
from schema.deadline import Deadline
from schema.direct import check_direct, is_direct
from schema.limits.guard import QueryGuard, types_of
from schema.limits.measure import Measure
from schema.memo import BoundedMemo
from schema.rules import QuickRules
from schema.suggestions import HiddenSuggestions, validate_without_suggestions, variable_errors

PLAIN_LEAF = "__clio_plain_leaf__"
PLAIN_OBJECT = "__clio_plain_object__"
_ORDINARY = object()  # "leave this field to graphql-core"

#: A plain field's plan: the attribute to read, its scalar, enum or object type, and whether
#: null is allowed.
LeafPlan = tuple[str, Any, bool]


def _plan(attribute: str, field_type: Any, leaf: bool) -> LeafPlan | None:
    """The plan for a field that reads ``attribute``, or None when it is not plain.

    Plain is a scalar or enum (``leaf``), or else an object type without ``is_type_of`` (a
    date, coordinates): records carry one, for ``Node``, and are reached through resolvers.
    """
    nullable = not isinstance(field_type, GraphQLNonNull)
    inner = field_type if nullable else field_type.of_type
    if leaf:
        fits = isinstance(inner, GraphQLLeafType)
    else:
        fits = isinstance(inner, GraphQLObjectType) and inner.is_type_of is None
    return (attribute, inner, nullable) if fits else None


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a short path for plain fields, and the deadline.

    The short path assumes synchronous execution, which is all the fast router runs
    (``execute_sync``): no resolver of ours is a coroutine. The request's ``Deadline``
    (``context["deadline"]``) becomes graphql-core's abort signal and is checked before
    every list, where a query's work multiplies: graphql-core checks it only between root
    fields when it runs synchronously.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        context = self.context_value
        if self.abort_signal is None and isinstance(context, dict) and context.get("deadline") is not None:
            self.abort_signal = context["deadline"]

    def complete_list_value(self, *args: Any, **kwargs: Any) -> Any:
        signal = self.abort_signal
        if signal is not None and signal.aborted:
            raise self.abort_error()
        return super().complete_list_value(*args, **kwargs)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        ordinary = super().execute_fields
        manager = self.middleware_manager
        if manager is not None and manager.middlewares:
            # An extension with a per-field hook sees every field, leaves included.
            return ordinary(parent_type, source_value, path, grouped_field_set, position_context)
        fields = parent_type.fields
        results: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for response_name, field_details_list in grouped_field_set.items():
            field = fields.get(field_details_list[0].node.name.value)
            plan = getattr(field.resolve, PLAIN_LEAF, None) if field is not None else None
            if plan is not None:
                value = _read_leaf(plan, source_value)
            elif field is not None and (inner := getattr(field.resolve, PLAIN_OBJECT, None)) is not None:
                value = self._read_object(
                    inner, field, source_value, path, parent_type, response_name, field_details_list
                )
            else:
                value = _ORDINARY
            if value is _ORDINARY:
                rest[response_name] = field_details_list
            else:
                results[response_name] = value
        if not results:
            return ordinary(parent_type, source_value, path, grouped_field_set, position_context)
        if not rest:
            return results
        completed = ordinary(parent_type, source_value, path, rest, position_context)
        if isinstance(completed, dict):
            return _in_order(results, completed, grouped_field_set)
        return self._merge_later(results, completed, grouped_field_set)

    def _read_object(
        self,
        plan: Any,
        field: Any,
        source: Any,
        path: Any,
        parent_type: GraphQLObjectType,
        response_name: str,
        field_details_list: Any,
    ) -> Any:
        attribute, object_type, nullable = plan
        try:
            value = getattr(source, attribute)
        except Exception:  # the ordinary path reads it again and reports the error
            return _ORDINARY
        if value is None:
            return None if nullable else _ORDINARY
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return _ORDINARY
        field_path = path.add_key(response_name, parent_type.name)
        try:
            completed = self.execute_fields(object_type, value, field_path, grouped_field_set, None)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, field_details_list, field_path)
            return None
        return completed if isinstance(completed, dict) else _ORDINARY

    def complete_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        # An object (or a non-null one) goes straight to its fields: graphql-core would reach
        # the same execute_fields through five more calls per object. Nulls, errors, lists,
        # unions and deferred fragments take the ordinary path.
        named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        if (
            position_context is None
            and isinstance(named, GraphQLObjectType)
            and result is not None
            and result is not Undefined
            and not isinstance(result, Exception)
        ):
            is_type_of = named.is_type_of
            if is_type_of is None or is_type_of(result, info) is True:
                grouped_field_set, new_defer_usages, _ = self.collect_subfields(named, field_details_list)
                if not new_defer_usages:
                    return self.execute_fields(named, result, path, grouped_field_set, None)
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    @staticmethod
    async def _merge_later(results: dict[str, Any], completed: Any, order: Any) -> dict[str, Any]:
        return _in_order(results, await completed, order)


def _read_leaf(plan: LeafPlan, source: Any) -> Any:
    """The coerced value of a plain leaf, or ``_ORDINARY`` when graphql-core should say what is wrong."""
    attribute, leaf, nullable = plan
    try:
        value = getattr(source, attribute)
        if value is None:
            return None if nullable else _ORDINARY
        coerced = leaf.coerce_output_value(value)
    except Exception:  # the ordinary path reads it again and reports the error
        return _ORDINARY
    return _ORDINARY if coerced is None or coerced is Undefined else coerced


def _in_order(leaves: dict[str, Any], others: dict[str, Any], order: Any) -> dict[str, Any]:
    """Both parts as one result, keys in the order the query asked for them."""
    merged = {}
    for response_name in order:
        if response_name in leaves:
            merged[response_name] = leaves[response_name]
        elif response_name in others:
            merged[response_name] = others[response_name]
    return merged


# -- Resolvers graphql-core calls itself ----------------------------------------------------


def _attribute(name: str, field: GraphQLField) -> Callable[..., Any]:
    def resolve(source: Any, _info: Any) -> Any:
        return getattr(source, name)

    # A leaf, or an object that is not a record, is read by FastExecutionContext without this.
    setattr(resolve, PLAIN_LEAF, _plan(name, field.type, leaf=True))
    setattr(resolve, PLAIN_OBJECT, _plan(name, field.type, leaf=False))
    return resolve


def install(schema: strawberry.Schema) -> None:
    """Give graphql-core the plain fields and the `direct` resolvers of ``schema`` to call as they are."""
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        if graphql_type.name.startswith("__"):
            continue
        for name, field in graphql_type.fields.items():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if definition is None or definition.extensions or definition.permission_classes:
                continue
            if definition.base_resolver is None:
                field.resolve = _attribute(definition.python_name, field)
                continue
            resolver = definition.base_resolver.wrapped_func
            if is_direct(resolver):
                check_direct(graphql_type.name, name, list(inspect.signature(resolver).parameters), field)
                field.resolve = resolver


class RefusingValidationCache(SchemaExtension):
    """Validation once per query text, skipped when ``QueryGuard`` has already refused the query.

    Strawberry's ``ValidationCache`` keys on the parsed document, whose hash walks the tree
    on every request; the text (``ParserCache`` gives one document per text) costs a hash.
    """

    def __init__(self, memo: BoundedMemo[list[GraphQLError]], suggestions: bool = True) -> None:
        self.memo = memo
        self.suggestions = suggestions

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if not context.pre_execution_errors and document is not None:
            schema, rules = context.schema._schema, tuple(context.validation_rules)
            if self.suggestions:
                validated = partial(validate_document, schema, document, rules)
            else:
                rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
                validated = partial(validate_without_suggestions, schema, document, rules)
            context.pre_execution_errors = self.memo.get((schema, context.query, rules), validated)
        yield


# -- Documents that passed before -----------------------------------------------------------

#: The context key under which `Remember` hands the router a document that passed.
_PREPARED = "clio.prepared"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query that passed every check before execution once: its text as parsed (NFC), tree and kind."""

    query: str
    document: DocumentNode
    operation_type: OperationType


class Remember(SchemaExtension):
    """Last of the extensions: a query that reaches execution is handed to the router as `Prepared`."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if isinstance(context.context, dict) and context.graphql_document is not None:
            context.context[_PREPARED] = Prepared(
                context.query or "", context.graphql_document, context.operation_type
            )
        yield


#: Extensions whose hooks only parse, validate or refuse before execution: with these and
#: nothing else, running a `Prepared` document without them changes nothing but the cost.
_BEFORE_EXECUTION = (
    QueryGuard,
    ParserCache,
    AddValidationRules,
    RefusingValidationCache,
    HiddenSuggestions,
    QuickRules,
    Remember,
)


class PreparedRuns:
    """Per worker, the last ``size`` documents (by text and operation name) that passed, and how to rerun one.

    What a rerun still checks is what depends on the variables: the guard's refusals (text
    in NFC, the price where a page size is a variable) and, with the hints hidden, their
    coercion; validation depends on the document alone and passed.
    """

    def __init__(self, schema: Any, size: int, suggestions: bool) -> None:
        made = [each if isinstance(each, SchemaExtension) else each() for each in schema.extensions]
        guards = [extension for extension in made if isinstance(extension, QueryGuard)]
        known = all(isinstance(extension, _BEFORE_EXECUTION) for extension in made)
        self.size = size if known and len(guards) == 1 and not schema.directives else 0
        self.guard = guards[0] if guards else None
        self.schema = schema
        self.suggestions = suggestions
        self._documents: OrderedDict[Hashable, Prepared] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Prepared | None:
        if not self.size:
            return None
        with self._lock:
            return self._documents.get(key)

    def keep(self, key: Hashable, context: dict[str, Any]) -> None:
        """Keep the document `Remember` left in ``context``, if any."""
        prepared = context.pop(_PREPARED, None)
        if not self.size or not isinstance(prepared, Prepared):
            return
        with self._lock:
            self._documents[key] = prepared
            self._documents.move_to_end(key)
            while len(self._documents) > self.size:
                self._documents.popitem(last=False)

    def run(
        self, prepared: Prepared, variables: dict[str, Any] | None, operation_name: str | None, context: Any
    ) -> ExecutionResult:
        """What ``Schema.execute_sync`` answers for a document that passed before, in fewer steps."""
        schema, guard = self.schema, self.guard
        assert guard is not None
        types = types_of(schema)
        errors, found, variables = guard.check(prepared.query, prepared.document, types, variables)
        if found is not None and isinstance(context, dict):
            context["measure"] = found
        if not errors and not self.suggestions:
            errors = variable_errors(types, prepared.document, operation_name, variables or {})
        if errors:
            schema._process_errors(errors)
            return ExecutionResult(data=None, errors=errors)
        try:
            result = execute(
                schema._schema,
                prepared.document,
                context_value=context,
                variable_values=variables,
                operation_name=operation_name,
                executor_class=FastExecutionContext,
                is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
                is_async_iterable=_never_async_iterable,
                operation_extensions=None,
            )
            if inspect.isawaitable(result):  # no resolver of ours is a coroutine
                raise RuntimeError("GraphQL execution failed to complete synchronously.")
        except Exception as error:
            errors = [_coerce_error(error)]
            schema._process_errors(errors)
            return ExecutionResult(data=None, errors=errors)
        if result.errors:
            schema._process_errors(result.errors)
        return ExecutionResult(data=result.data, errors=result.errors)


def _never_async_iterable(_: object) -> TypeGuard[AsyncIterable[Any]]:
    return False  # as Strawberry runs a query synchronously


def fast_schema(
    extensions: Sequence[Callable[[], SchemaExtension]], document_cache_size: int, suggestions: bool = True
) -> strawberry.Schema:
    """The schema with the fast execution context, direct resolvers and the validation cache.

    Without ``suggestions``, `schema.suggestions.HiddenSuggestions` comes last: it coerces
    the variables once the cache has validated the query (or validates, without a cache).
    """
    extensions = list(extensions)
    if document_cache_size:
        validated = BoundedMemo[list[GraphQLError]](document_cache_size)
        extensions.append(lambda: RefusingValidationCache(validated, suggestions))
    if not suggestions:
        extensions.append(HiddenSuggestions)
    if document_cache_size:
        extensions.append(Remember)
    schema = build_schema(extensions, execution_context_class=FastExecutionContext)
    install(schema)
    return schema


# -- The HTTP side --------------------------------------------------------------------------


class FastRouter(OfflineGraphQLRouter):
    """Clio's router with the response cache, a worker thread per query and spec status codes.

    ``parse_http_body`` applies `clio.router.request_data`; ``execute_single`` answers from
    the cache or runs the query in a worker thread (a long query never holds the event
    loop) under a ``Deadline``; ``run`` sets `clio.router.status_of`'s status and media
    type, and answers request errors as GraphQL-shaped JSON.
    """

    # At most ``query_threads`` queries run at once; made in the event loop, on first use.
    _threads: anyio.CapacityLimiter | None = None
    _lanes: Lanes | None = None

    _inline: InlineGate | None = None
    _prepared: PreparedRuns | None = None

    @property
    def prepared(self) -> PreparedRuns:
        """The documents this worker has seen pass, to run again in fewer steps."""
        if self._prepared is None:
            settings = self.settings
            self._prepared = PreparedRuns(self.schema, settings.document_cache_size, settings.suggestions)
        return self._prepared

    @property
    def inline(self) -> InlineGate:
        """The documents this worker may run on the event loop (`clio.inline`)."""
        if self._inline is None:
            self._inline = InlineGate(self.settings.inline_max_cost, self.settings.max_tokens)
        return self._inline

    @property
    def lanes(self) -> Lanes:
        """This router's heavy lane (`clio.lanes`); each forked worker has its own copy."""
        if self._lanes is None:
            settings = self.settings
            self._lanes = Lanes(settings.heavy_lane, settings.heavy_cost, settings.heavy_cpu_ms)
        return self._lanes

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if self.is_websocket_request(request):
            return await super().run(request, context, root_value)
        record = record_of(request)
        try:
            response = await super().run(request, context, root_value)
        except RequestError as error:
            record.error_codes.append(error.code)
            return _json_response(error)
        except HTTPException as error:
            code = HTTP_CODES.get(error.status_code, ErrorCode.BAD_REQUEST)
            record.error_codes.append(code)
            return _json_response(RequestError(error.status_code, code, str(error.reason)))
        graphql = request.scope.get("clio.graphql")
        if graphql is not None:
            response.status_code, response.headers["content-type"] = graphql
        return response

    def decode_json(self, data: str | bytes) -> object:
        return parse_json(data, self.settings.max_json_depth)

    async def parse_http_body(self, request_adapter: Any) -> GraphQLRequestData:
        if request_adapter.method == "GET":
            body: bytes | None = None
        else:
            body = await request_adapter.get_body()
        return request_data(
            request_adapter.method,
            request_adapter.query_params,
            request_adapter.content_type,
            body,
            self.settings,
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
            raise RequestError(400, ErrorCode.BAD_REQUEST, 'no query: send {"query": "{ … }"}')
        # The request's day, read once (by the app's context): the cache key names it and
        # howLongAgo counts to it.
        today = context.get("today")
        if not isinstance(today, HistoricalDate):
            context["today"] = today = HistoricalDate.today()
        # The version of the graph this request reads (its context's), not the one served by
        # now: a graph swapped in since (an edit, PageRank computed in the background) must
        # never have this answer, read from the graph before, cached under its version.
        read = getattr(context.get("kg"), "version", None)
        key = ResponseCache.key(
            request_data.query,
            request_data.variables,
            request_data.operation_name,
            read if read is not None else current_version(self.version),
            today,
        )
        cached = self.response_cache.get(key)
        if cached is not None:
            record.cache, record.cost = "hit", cached.cost
            return CachedResult(cached.answer)
        allowed = OperationType.from_http(request_adapter.method)
        # The clock starts when the request arrived, not when a worker thread takes it: under
        # load a query waits for a thread, and the limit is what its client waits in all.
        deadline = context["deadline"] = Deadline(self.settings.time_limit_ms, record.arrived)
        run = partial(
            _started_in_time,
            deadline,
            partial(_returning_refusal, partial(self._execute, request_data, context, allowed)),
        )
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(self.settings.query_threads)
        lanes = self.lanes
        document = (request_data.query, request_data.operation_name)
        heavy = lanes.is_heavy(document)
        record.lane = "heavy" if heavy else None
        outcome: ExecutionResult | RequestError
        if not heavy and self.inline.allows(document):
            # Cheap and bounded (clio.inline): the thread hop would cost more than the query.
            record.lane = "inline"
            outcome, cpu_ms = timed(run)
            measured = context.get("measure")
            cost = measured.cost if isinstance(measured, Measure) else None
            lanes.observe(document, cost, cpu_ms)
            self.inline.observe(document, cost)
            return self._finished(request, record, context, key, outcome)
        # Cancels only the waits, for the heavy lane and for a thread: once the query runs,
        # anyio waits for it, and its outcome stands (its own checks stop it at the deadline,
        # unless it committed a change). Whether a wait was cut is asked of the outcome, not
        # of the clock: the event loop may fire its timer a hair before `deadline.expired`
        # reads true, which once made a 500 of a QUERY_TIMEOUT.
        ran: tuple[ExecutionResult | RequestError, float] | None = None
        with anyio.move_on_after(deadline.remaining()):
            async with lanes.lane(heavy):
                ran = await anyio.to_thread.run_sync(partial(timed, run), limiter=self._threads)
        if ran is None:
            outcome = ExecutionResult(
                data=None, errors=[GraphQLError(str(deadline.reason), original_error=deadline.reason)]
            )
        else:
            outcome, cpu_ms = ran
            measured = context.get("measure")
            cost = measured.cost if isinstance(measured, Measure) else None
            lanes.observe(document, cost, cpu_ms)
            self.inline.observe(document, cost)
        return self._finished(request, record, context, key, outcome)

    def _finished(
        self,
        request: Request,
        record: Any,
        context: dict[str, Any],
        key: Any,
        outcome: ExecutionResult | RequestError,
    ) -> ExecutionResult:
        if isinstance(outcome, RequestError):
            raise outcome
        measured = context.get("measure")
        record.cost = measured.cost if isinstance(measured, Measure) else None
        if not outcome.errors and self.response_cache.size and not context.get("uncacheable"):
            # Kept by process_result, once the answer is encoded: it is encoded only once.
            request.scope[_CACHE_AS] = key
        return outcome

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if isinstance(result, CachedResult):
            request.scope["clio.graphql"] = status_of(request, False)
            return RawAnswer(result.answer)  # type: ignore[return-value]
        response = await super().process_result(request, result)
        key = request.scope.get(_CACHE_AS)
        if key is None:
            return response
        answer = orjson.dumps(response)
        record = record_of(request)
        record.cache = "miss" if self.response_cache.put(key, Cached(answer, record.cost)) else "too-large"
        return RawAnswer(answer)  # type: ignore[return-value]

    def encode_json(self, data: object) -> bytes:
        if isinstance(data, RawAnswer):
            return data.answer
        return orjson.dumps(data)

    def _execute(
        self, request_data: GraphQLRequestData, context: dict[str, Any], allowed: set[OperationType]
    ) -> ExecutionResult:
        runs, key = self.prepared, (request_data.query, request_data.operation_name)
        prepared = runs.get(key)
        if prepared is not None and prepared.operation_type in allowed:
            return runs.run(prepared, request_data.variables, request_data.operation_name, context)
        try:
            result = self.schema.execute_sync(
                request_data.query,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
            )
            runs.keep(key, context)
            return result
        except InvalidOperationTypeError as error:
            raise RequestError(
                405, ErrorCode.METHOD_NOT_ALLOWED, "GET may only run queries; send other operations with POST"
            ) from error
        except CannotGetOperationTypeError as error:
            raise RequestError(400, ErrorCode.BAD_REQUEST, error.as_http_error_reason()) from error
        except MissingQueryError as error:
            raise RequestError(400, ErrorCode.BAD_REQUEST, 'no query: send {"query": "{ … }"}') from error


# The scope key under which execute_single leaves a cacheable answer's cache key.
_CACHE_AS = "clio.cache_key"


class CachedResult(ExecutionResult):
    """A cached answer, still the bytes it was sent as the first time.

    Decoding it into dicts only to encode it again cost more than running a small query.
    """

    def __init__(self, answer: bytes) -> None:
        super().__init__(data=None, errors=None)
        self.answer = answer


class RawAnswer(dict[str, Any]):
    """What ``process_result`` hands ``encode_json`` for an answer it has already encoded."""

    def __init__(self, answer: bytes) -> None:
        super().__init__()
        self.answer = answer


#: The share of the time limit a query must still have when a thread takes it, at most
#: `START_MARGIN_MAX_S`: a query that waited for the heavy lane or a thread until its last
#: moments would overrun the limit by its first step that cannot stop (5,280 ms against
#: 5,100 in the load benchmark); it is answered QUERY_TIMEOUT at once instead.
START_MARGIN_SHARE = 0.02
START_MARGIN_MAX_S = 0.1


def _started_in_time(
    deadline: Deadline, run: Callable[[], ExecutionResult | RequestError]
) -> ExecutionResult | RequestError:
    """``run()`` if enough of ``deadline`` is left to start it, else the time-limit answer.

    >>> import time
    >>> late = Deadline(5_000, started=time.monotonic() - 4.95)
    >>> [type(error.original_error).__name__ for error in _started_in_time(late, lambda: None).errors]
    ['TimeLimitExceeded']
    >>> _started_in_time(Deadline(5_000), lambda: "ran")
    'ran'
    """
    margin = min(deadline.limit_ms / 1000 * START_MARGIN_SHARE, START_MARGIN_MAX_S)
    if deadline.remaining() <= margin:
        return ExecutionResult(
            data=None, errors=[GraphQLError(str(deadline.reason), original_error=deadline.reason)]
        )
    return run()


def _returning_refusal(run: Callable[[], ExecutionResult]) -> ExecutionResult | RequestError:
    """``run()``, with a `RequestError` returned rather than raised.

    A frozen dataclass cannot take the traceback a context manager's exit writes into an
    exception passing through it, so the refusal crosses ``move_on_after`` as a value.
    """
    try:
        return run()
    except RequestError as error:
        return error


def lean_route(
    router: FastRouter, context_getter: Callable[[Request], Awaitable[dict[str, Any]]]
) -> Callable[[Request], Awaitable[Response]]:
    """The ``/graphql`` endpoint without Strawberry's HTTP view: what `FastRouter.run` does, directly.

    GraphiQL for a browser's GET without a query (404 when it is off), `clio.router.request_data`
    for the request, then the router's ``execute_single`` and ``process_result``: the same
    answers, status codes, media types and refusals as the router, in fewer steps.
    """

    async def graphql(request: Request) -> Response:
        method = request.method
        if method == "GET" and "query" not in request.query_params and _wants_html(request):
            if router.graphql_ide:
                page: Response = await router.render_graphql_ide(request)
                return page
            return _refused(request, RequestError(404, ErrorCode.NOT_FOUND, "Not Found"))
        try:
            body = await request.body() if method == "POST" else None
            data = request_data(
                method, request.query_params, request.headers.get("content-type"), body, router.settings
            )
            context = await context_getter(request)
            result = await router.execute_single(request, request, None, context, None, data)
            answer = await router.process_result(request, result)
        except RequestError as error:
            return _refused(request, error)
        status, media = request.scope.get("clio.graphql") or (200, "application/json")
        return Response(router.encode_json(answer), status_code=status, media_type=media)

    return graphql


def lean_app(endpoint: Callable[[Request], Awaitable[Response]]) -> ASGIApp:
    """`lean_route`'s endpoint as a bare ASGI app, for `clio.front.Front` to call without routing."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        response = await endpoint(Request(scope, receive))
        await response(scope, receive, send)

    return app


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept


def _refused(request: Request, error: RequestError) -> Response:
    record_of(request).error_codes.append(error.code)
    return _json_response(error)


def _json_response(error: RequestError) -> Response:
    return Response(orjson.dumps(error.body()), status_code=error.status, media_type="application/json")


__all__ = [
    "FastExecutionContext",
    "FastRouter",
    "Prepared",
    "PreparedRuns",
    "RefusingValidationCache",
    "Remember",
    "fast_schema",
    "install",
    "lean_app",
    "lean_route",
]
