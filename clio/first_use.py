"""Fill the process's first-use caches at start-up, running none of our resolvers.

A fresh process's first search or ``onThisDay`` cost 2.4–2.7× its warm median
(``python -m bench.scale --by-hash``) after `clio.warmup` had run, and profiling the first
call against the next ones (``cProfile`` with a CPU clock) shows what only the first pays,
beyond what its own arguments cost (their records decoded, the limits' measure of their
page sizes):

- **ABC checks on a type not seen before.** ``isinstance(value, Mapping)`` walks every
  class registered under ``Mapping`` (about fifty: NetworkX's views, Starlette's headers,
  ``os.environ``…) the first time it meets ``type(value)``, then answers from a cache.
  graphql-core asks it of the first list a field returns (``is_iterable``), ``Counter``
  of the first generator it counts (the search index's word counts), ``inspect.isawaitable``
  of the first result of each class: about a hundred walks, the largest part of what a
  first search pays over a warm one.
- **Strawberry's resolver signatures**: which parameter takes ``info``, the root, ``self``,
  read once per resolver (``cached_property``) when its field first runs.

Both are per process and per type or field, not per request, so `fill` takes them away
before the first request: it asks the ABC questions of every class a resolver may return
(the builtins, generators, the classes behind the schema's types, the graph's records,
the execution results) and reads every resolver's reserved parameters. It runs no
resolver (`tests/http/test_first_request.py` watches that) and builds no index.
"""

from __future__ import annotations

import dataclasses
import inspect
import time
from collections import Counter
from collections.abc import Awaitable, Collection, Iterable, Mapping, Sequence, Sized
from types import GeneratorType
from typing import Any

import graphql
import strawberry.types.execution

from graph import models

#: The ABCs the execution path asks of values: graphql-core (``is_iterable``: Iterable,
#: Mapping), `collections.Counter` (Mapping), `inspect.isawaitable` (Awaitable), our own
#: code (Sequence, Collection, Sized).
ASKED = (Iterable, Mapping, Awaitable, Sequence, Collection, Sized)
#: What resolvers and the execution return besides the schema's own classes.
BUILTINS: tuple[type, ...] = (
    list, tuple, dict, set, frozenset, str, bytes, int, float, bool, type(None),
    GeneratorType, type({}.keys()), type({}.values()), type({}.items()), range, map, zip,
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class FirstUse:
    """What `fill` touched, and the CPU seconds it took."""

    classes: int
    resolvers: int
    cpu_seconds: float


def _schema_classes(schema: Any) -> tuple[list[type], list[Any]]:
    """The Python classes behind the schema's types, and the resolvers of their fields."""
    classes: list[type] = []
    resolvers: list[Any] = []
    for concrete in schema.schema_converter.type_map.values():
        definition = concrete.definition
        origin = getattr(definition, "origin", None)
        if isinstance(origin, type):
            classes.append(origin)
        for field in getattr(definition, "fields", ()):
            resolver = getattr(field, "base_resolver", None)
            if resolver is not None:
                resolvers.append(resolver)
    return classes, resolvers


def _graph_classes() -> list[type]:
    return [
        value
        for value in vars(models).values()
        if isinstance(value, type) and value.__module__ == models.__name__
    ]


def fill(schema: Any) -> FirstUse:
    """Answer the ABC checks of every class a resolver may return, and read each resolver's signature.

    ``schema`` is the Strawberry schema the server executes; nothing of it runs.

    >>> import strawberry
    >>> @strawberry.type
    ... class Query:
    ...     @strawberry.field
    ...     def answer(self) -> int:
    ...         raise AssertionError("a resolver ran")
    >>> touched = fill(strawberry.Schema(Query))
    >>> touched.resolvers, touched.classes > len(BUILTINS)
    (1, True)
    """
    started = time.process_time()
    classes, resolvers = _schema_classes(schema)
    results = [graphql.ExecutionResult, strawberry.types.execution.ExecutionResult]
    every = [*BUILTINS, *classes, *_graph_classes(), *results]
    for cls in every:
        for abc in ASKED:
            issubclass(cls, abc)
    Counter(str(n) for n in range(0))  # `Counter.update` asks ``isinstance(generator, Mapping)``
    inspect.isawaitable(None)
    for resolver in resolvers:
        # Strawberry reads these when the field first runs (`schema_converter.from_resolver`).
        for name in ("info_parameter", "root_parameter", "self_parameter", "parent_parameter"):
            getattr(resolver, name)
    return FirstUse(len(every), len(resolvers), time.process_time() - started)


__all__ = ["ASKED", "FirstUse", "fill"]
