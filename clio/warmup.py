"""Warm the query machinery at start-up with documents that run none of our resolvers.

Where a fresh server's first query spends its time beyond a warm one (``python -m
bench.first_call``): once per process, the first run of code no request has yet run
(graphql-core's execution, Strawberry's extension runner, the limits), about 1 ms of CPU;
and once per query text, its parse, the limits' walk and graphql-core's validation, about
2–3 ms, kept after that by the per-text caches (`clio.upstream.RefusingValidationCache`,
``ParserCache``, the measure's memo). A warm-up can take the first away; of the second it
can take only what is known at start-up: the allow-list's documents (``persisted/*.graphql``),
which are all that run by hash in the production profile.

So, with no request in sight:

- ``{ __typename }`` is executed: graphql-core answers it from the root type's name, calling
  no resolver, through every extension a request meets.
- Each allow-list document that declares a required variable without a default is sent
  without its variables: it is parsed, measured and validated as a request would be (and
  the caches keep the outcome), then graphql-core refuses the missing variable before it
  executes a single field. A document any other shape would run its resolvers, so it is
  left for its first request.

Before both, `clio.first_use.fill` answers the per-type and per-resolver questions the
first run of each field would otherwise ask (ABC checks, Strawberry's resolver signatures).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import (
    DocumentNode,
    GraphQLSyntaxError,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    parse,
)

from clio.first_use import FirstUse, fill

#: Answered by graphql-core from the root type itself: no field of ours is resolved.
TYPENAME = "{ __typename }"


class Executes(Protocol):
    """What the warm-up needs of a schema: Strawberry's ``execute_sync``."""

    def execute_sync(
        self, query: str | None, variable_values: dict[str, Any] | None = None, context_value: Any = None
    ) -> Any: ...


@dataclass(frozen=True, slots=True)
class WarmUp:
    """What the warm-up sent, what it left alone, and the CPU seconds it took."""

    validated: tuple[str, ...]
    skipped: tuple[str, ...]
    cpu_seconds: float
    first_use: FirstUse


def stops_before_executing(text: str) -> bool:
    """Whether ``text`` sent without variables is refused before any field executes.

    True for one query operation that declares a non-null variable without a default:
    graphql-core coerces variables before it executes, and refuses a missing one.

    >>> stops_before_executing("query Q($name: String!) { person(name: $name) { name } }")
    True
    >>> stops_before_executing("query Q($name: String! = \\"Ada\\") { person(name: $name) { name } }")
    False
    >>> stops_before_executing("{ onThisDay(month: 8, day: 4) { id } }")
    False
    """
    try:
        document: DocumentNode = parse(text)
    except GraphQLSyntaxError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    return any(
        isinstance(variable.type, NonNullTypeNode) and variable.default_value is None
        for variable in operations[0].variable_definitions or ()
    )


def warm_up(schema: Executes, context: Callable[[], dict[str, Any]], documents: Iterable[str]) -> WarmUp:
    """Run ``{ __typename }`` and pre-validate ``documents`` through ``schema``, executing no resolver.

    ``context`` makes a request context, without a deadline (nothing sent runs a resolver,
    and the server's time limit must not stop its start); ``documents`` are the allow-list's
    texts, exactly as a request by hash sends them.

    Raises:
        RuntimeError: ``{ __typename }`` failed, or a document sent without its variables
            was not refused (it would have executed).
    """
    started = time.process_time()
    first_use = fill(schema)
    result = schema.execute_sync(TYPENAME, context_value=context())
    if result.errors or result.data != {"__typename": "Query"}:
        raise RuntimeError(f"the warm-up's {TYPENAME} failed: {result.errors}")
    validated, skipped = [], []
    for text in documents:
        if not stops_before_executing(text):
            skipped.append(text)
            continue
        result = schema.execute_sync(text, variable_values={}, context_value=context())
        if result.data is not None:
            raise RuntimeError(f"the warm-up executed a document it meant only to validate: {text!r}")
        validated.append(text)
    return WarmUp(tuple(validated), tuple(skipped), time.process_time() - started, first_use)


__all__ = ["TYPENAME", "WarmUp", "stops_before_executing", "warm_up"]
