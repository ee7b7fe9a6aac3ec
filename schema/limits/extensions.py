"""The Strawberry extensions that enforce the limits, in the order a request meets them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, ParserCache, SchemaExtension
from strawberry.schema.schema import validate_document

from schema.codes import ErrorCode
from schema.limits.guard import QueryGuard
from schema.limits.measure import Measure
from schema.limits.table import QueryLimits
from schema.memo import BoundedMemo
from schema.refusal import Refusal


class RefusingValidationCache(SchemaExtension):
    """Validation once per query text, skipped when ``QueryGuard`` has already refused the query.

    Strawberry's own ``ValidationCache`` keys its cache on the parsed document, whose hash
    walks the whole tree on every request; the text it was parsed from (``ParserCache``
    gives one document per text) is the same key at the cost of a string's cached hash.
    """

    def __init__(self, memo: BoundedMemo[list[GraphQLError]]) -> None:
        self.memo = memo

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if not context.pre_execution_errors and document is not None:
            schema, rules = context.schema._schema, tuple(context.validation_rules)
            context.pre_execution_errors = self.memo.get(
                (schema, context.query, rules), lambda: validate_document(schema, document, rules)
            )
        yield


class NoIntrospection(NoSchemaIntrospectionCustomRule):
    """graphql-core's own rule (what Strawberry's ``DisableIntrospection`` adds), refusing with our code.

    The rule decides what is introspection (``__schema``, ``__type``; ``__typename`` stays, as
    clients need it for unions); only the error it reports is ours, so a client reads
    ``INTROSPECTION_DISABLED`` and where the schema is published instead, once per refused
    field rather than again for each introspection field below it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: list[tuple[int, int]] = []  # where each refused field starts and ends

    def report_error(self, error: GraphQLError) -> None:
        loc = error.nodes[0].loc if error.nodes else None
        span = (loc.start, loc.end) if loc is not None else None
        if span is not None:
            if any(start <= span[0] and span[1] <= end for start, end in self.refused):
                return  # inside a field already refused
            self.refused.append(span)
        super().report_error(
            Refusal(
                ErrorCode.INTROSPECTION_DISABLED,
                "introspection is switched off on this server; the schema is published as schema.graphql",
                nodes=error.nodes,
                limit="introspection",
            )
        )


def limit_extensions(limits: QueryLimits) -> list[Callable[[], SchemaExtension]]:
    """The extensions, in order, as factories (Strawberry makes one of each per request)."""
    memo = BoundedMemo[Measure | None](limits.document_cache_size)
    extensions: list[Callable[[], SchemaExtension]] = [lambda: QueryGuard(limits, memo)]
    if limits.document_cache_size:
        size = limits.document_cache_size
        validated = BoundedMemo[list[GraphQLError]](size)
        extensions += [lambda: ParserCache(maxsize=size), lambda: RefusingValidationCache(validated)]
    if not limits.introspection:
        extensions.append(lambda: AddValidationRules([NoIntrospection]))
    return extensions


__all__ = ["NoIntrospection", "RefusingValidationCache", "limit_extensions"]
