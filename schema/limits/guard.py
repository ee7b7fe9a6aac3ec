"""``QueryGuard``: measure the parsed document and refuse it, before validation, if it breaks a limit.

The measure runs before graphql-core's validation (``QueryGuard.on_validate`` comes first),
so a refused document never reaches the rules that grow with the square of its size.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any
from weakref import WeakKeyDictionary

from graphql import DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode
from graphql import build_schema as build_graphql_schema
from strawberry.extensions import SchemaExtension
from strawberry.schema import BaseSchema

from schema.codes import ErrorCode
from schema.inputs import check_literals, clean_variables
from schema.limits.measure import DEPTH_MEASURED, Measure, measure
from schema.limits.table import LIMITS, QueryLimits, message_of
from schema.memo import BoundedMemo
from schema.refusal import Refusal


def refusals(found: Measure, document: DocumentNode, limits: QueryLimits) -> list[Refusal]:
    """One refusal per limit of the table the document breaks, each saying how to get under it."""
    broken = []
    for limit in LIMITS:
        if limit.measured is None:
            continue  # enforced elsewhere (the parser's tokens, the executor's deadline)
        value = limit.measured(found, document)
        cap = limits.cap(limit.name)
        if value > cap:
            # Depth is measured down to DEPTH_MEASURED levels; below that it is a lower bound.
            shown = (
                f"more than {DEPTH_MEASURED}" if limit.name == "depth" and value > DEPTH_MEASURED else value
            )
            message = message_of(limit, cap, shown, limits.default_page)
            broken.append(
                Refusal(ErrorCode(limit.code), message, limit=limit.name, maximum=cap, actual=value)
            )
    return broken


_TYPES: WeakKeyDictionary[BaseSchema, GraphQLSchema] = WeakKeyDictionary()
# Keyed by the SDL: every app of a process prints the same one (extensions add no types), and
# rebuilding it was half the cost of building an app (0.2 s of CPU, paid again by every app a
# test suite or a forked server builds). Nothing writes to the built types.
_BY_SDL: dict[str, GraphQLSchema] = {}


def types_of(schema: BaseSchema) -> GraphQLSchema:
    """The types, fields and argument defaults of ``schema``, built once from its SDL.

    Strawberry keeps its graphql-core schema private; the measure reads only what the SDL
    says, and ``as_str`` is public.
    """
    found = _TYPES.get(schema)
    if found is None:
        sdl = schema.as_str()
        found = _BY_SDL.get(sdl)
        if found is None:
            found = _BY_SDL[sdl] = build_graphql_schema(sdl)
        _TYPES[schema] = found
    return found


def unnamed_choice(document: DocumentNode) -> list[GraphQLError]:
    """A refusal when ``document`` holds several operations and the request names none.

    The GraphQL spec makes that a request error. Strawberry would run the first operation,
    and a rerun of the same request (`clio.upstream.PreparedRuns`, graphql-core alone) would
    refuse it: one request, two answers.
    """
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) < 2:
        return []
    names = ", ".join(op.name.value if op.name else "an unnamed one" for op in operations[:5])
    more = f" and {len(operations) - 5} more" if len(operations) > 5 else ""
    return [
        Refusal(
            ErrorCode.GRAPHQL_VALIDATION_FAILED,
            f"This document holds {len(operations)} operations ({names}{more}): "
            'send "operationName" to say which one to run.',
        )
    ]


class QueryGuard(SchemaExtension):
    """Measure the parsed document and refuse it, before graphql-core validates it, if it breaks a limit."""

    def __init__(self, limits: QueryLimits, memo: BoundedMemo[Measure | None] | None = None) -> None:
        self.limits = limits
        # Shared by the requests of one app: a repeated document is walked once, not per request.
        self.memo = memo if memo is not None else BoundedMemo[Measure | None](0)

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # graphql-core stops reading at this many tokens, before building a tree.
        context.parse_options["max_tokens"] = self.limits.cap("tokens")
        # GraphQL's own syntax is ASCII, so NFC changes only what is inside strings and comments.
        if context.query and not context.query.isascii():
            context.query = unicodedata.normalize("NFC", context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            errors, found, context.variables = self.check(
                context.query or "", document, types_of(context.schema), context.variables
            )
            if found is not None and isinstance(context.context, dict):
                context.context["measure"] = found  # for the request log
            # Strawberry keeps the request's operationName only privately (an InitVar).
            if not errors and getattr(context, "_provided_operation_name", None) is None:
                errors = unnamed_choice(document)
            if errors:
                context.pre_execution_errors = errors
        yield

    def check(
        self, query: str, document: DocumentNode, schema: GraphQLSchema, variables: dict[str, Any] | None
    ) -> tuple[list[GraphQLError], Measure | None, dict[str, Any] | None]:
        """One run's refusals, the document's measure (None when refused unmeasured) and the variables in NFC.

        What `on_validate` applies; ``clio.upstream`` applies it too, to a document it has
        seen pass before, whose run may still be refused for its variables.
        """
        try:
            # Literals depend on the text alone (a refused one is never kept, so it is refused
            # every time).
            self.memo.get(("literals", schema, query), lambda: check_literals(document))
            variables = clean_variables(variables)
            found = self._measure(query, document, schema, variables)
        except Refusal as refusal:
            return [refusal], None, variables
        return list(refusals(found, document, self.limits)), found, variables

    def _measure(
        self, query: str, document: DocumentNode, schema: GraphQLSchema, variables: dict[str, Any] | None
    ) -> Measure:
        """The document's measure, walked once per query text and page-size variables.

        The measure depends on the text and on the numeric and null variables, the only ones
        a page size (an ``Int``, which also takes an integral float) can be coerced from.
        """
        pages = tuple(
            (name, type(value).__name__, value)
            for name, value in sorted((variables or {}).items())
            if value is None or (isinstance(value, int | float) and not isinstance(value, bool))
        )
        # Deep enough to report a refused query's true depth, bounded so recursion is too.
        depth_cap = max(DEPTH_MEASURED, self.limits.cap("depth")) + 1
        found = self.memo.get(
            ("measure", schema, query, pages),
            lambda: measure(schema, document, variables, self.limits.default_page, depth_cap=depth_cap),
        )
        assert found is not None
        return found


__all__ = ["QueryGuard", "refusals", "types_of"]
