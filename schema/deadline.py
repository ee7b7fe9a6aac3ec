"""The per-request time limit: a ``Deadline`` in the request's context, and what checks it.

Resolvers are synchronous and CPU-bound, so nothing can interrupt one mid-call; the query is
stopped at the first check after its deadline. The fast path (``clio.upstream``) runs each
query in a worker thread and checks before every list it completes: lists are where a
query's work multiplies (every list is at most a page of 100), so between two checks the
executor does at most one page's worth of fields not under a further list. Through
Strawberry's stock execution (``CLIO_FAST_PATH=0``) `DeadlineCheck` checks before every
field. A single resolver that runs long is not cut short, which the cost limit and page
caps keep rare.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from strawberry.extensions import SchemaExtension

from graph.errors import ClioError
from schema.limits.table import BY_NAME, message_of


class QueryTimeout(ClioError):
    """A query stopped at the time limit."""

    def __init__(self, limit_ms: int) -> None:
        super().__init__(message_of(BY_NAME["timeLimitMs"], limit_ms))
        self.limit_ms = limit_ms


class Deadline:
    """An abort signal that trips by itself when time runs out.

    graphql-core reads only ``aborted`` and ``reason`` of an abort signal, so a property
    that compares clocks is enough: no timer thread, nothing to cancel.
    """

    def __init__(self, limit_ms: int) -> None:
        self.at = time.monotonic() + limit_ms / 1000
        self.reason = QueryTimeout(limit_ms)

    @property
    def aborted(self) -> bool:
        return time.monotonic() >= self.at


class DeadlineCheck(SchemaExtension):
    """Checks the request's ``Deadline`` (``context["deadline"]``) before every field.

    The public way to stop a query mid-way, used when the fast path is off
    (``CLIO_FAST_PATH=0``); the fast path checks before every list instead
    (``clio.upstream.FastExecutionContext``), which costs less than a hook per field.
    """

    def resolve(self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        context = info.context
        deadline = context.get("deadline") if isinstance(context, dict) else None
        if deadline is not None and deadline.aborted:
            raise deadline.reason
        return _next(root, info, *args, **kwargs)


__all__ = ["Deadline", "DeadlineCheck", "QueryTimeout"]
