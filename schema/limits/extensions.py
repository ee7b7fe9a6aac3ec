"""The Strawberry extensions that enforce the limits, in the order a request meets them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, ParserCache, SchemaExtension

from schema.codes import ErrorCode
from schema.limits.guard import QueryGuard
from schema.limits.measure import Measure
from schema.limits.table import QueryLimits
from schema.memo import BoundedMemo
from schema.refusal import Refusal
from schema.rules import QuickRules


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
        extensions.append(lambda: ParserCache(maxsize=size))
    if not limits.introspection:
        extensions.append(lambda: AddValidationRules([NoIntrospection]))
    # Last: it replaces every rule the ones before added, and validation caches key on them.
    extensions.append(QuickRules)
    return extensions


__all__ = ["NoIntrospection", "limit_extensions"]
