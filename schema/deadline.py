"""The per-request time limit: a ``Deadline`` in the request's context, and what checks it.

Resolvers are synchronous and CPU-bound, so nothing can interrupt one mid-call; the query is
stopped at the first check after its deadline. The fast path (``clio.upstream``) runs each
query in a worker thread and checks before every list it completes: lists are where a
query's work multiplies (every list is at most a page of 100), so between two checks the
executor does at most one page's worth of fields not under a further list. Through
Strawberry's stock execution (``CLIO_FAST_PATH=0``) `DeadlineCheck` checks before every
field. A resolver that walks much of the graph (paths, neighbourhoods, facets, timelines,
text filters) gets the same deadline (`deadline_of`) and checks it inside its loops
(`graph.deadline`), so no single resolver runs on past the limit either.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from strawberry.extensions import SchemaExtension

from graph import deadline as graph_deadline
from graph.deadline import TimeLimitExceeded

if TYPE_CHECKING:
    from strawberry.types import Info

#: The error a query stops with; the graph's own, so graph code and the executor raise one class.
QueryTimeout = TimeLimitExceeded

#: Time kept back for the rest of the query when a resolver may answer with what it found so far
#: (``connection``'s paths): its own search stops this much before the request's deadline.
RESERVE_SHARE = 0.1
RESERVE_MAX_S = 0.05


class Deadline(graph_deadline.Deadline):
    """The request's deadline, also an abort signal that trips by itself when time runs out.

    graphql-core reads only ``aborted`` and ``reason`` of an abort signal, so a property
    that compares clocks is enough: no timer thread, nothing to cancel.
    """

    def __init__(self, limit_ms: int, started: float | None = None) -> None:
        super().__init__(limit_ms, started)
        self.reason = QueryTimeout(limit_ms)

    @property
    def aborted(self) -> bool:
        return time.monotonic() >= self.at

    def lift(self) -> None:
        """No limit from now on: the request committed a change, and its answer must say so.

        A ``QUERY_TIMEOUT`` for a change that was made would send its client to retry (or
        give up on) an edit the store holds; what is left to run is the mutation's payload,
        which the cost limit keeps small.
        """
        self.at = math.inf

    def reserving(self) -> graph_deadline.Deadline:
        """A deadline a little earlier than this one, for a search that answers with what it has.

        A search stopped at the request's own deadline would have its partial answer thrown
        away by the executor's last check; stopped ``RESERVE_SHARE`` of the limit earlier (at
        most ``RESERVE_MAX_S``), the rest of the query has time to finish.
        """
        early = graph_deadline.Deadline(self.limit_ms)
        early.at = self.at - min(self.limit_ms / 1000 * RESERVE_SHARE, RESERVE_MAX_S)
        return early


def deadline_of(info: Info[Any, Any]) -> Deadline | None:
    """The request's deadline, or None when the caller set none (tests, notebooks)."""
    context = info.context
    found = context.get("deadline") if isinstance(context, dict) else getattr(context, "deadline", None)
    return found if isinstance(found, Deadline) else None


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


__all__ = ["Deadline", "DeadlineCheck", "QueryTimeout", "deadline_of"]
