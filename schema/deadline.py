"""The per-request time limit: a deadline checked by the executor before every list it completes,
and by the graph algorithms inside their loops.

Resolvers are synchronous and CPU-bound, so nothing can interrupt one mid-call; the app
runs each query in a worker thread (the event loop stays free) and the query stops at
the first list that starts after its deadline. Lists are where a query's work multiplies
(every list is at most a page of 100), so between two checks the executor does at most
one page's worth of fields not under a further list; graphql-core checks once more when
it finishes. A resolver that walks much of the graph (paths, neighbourhoods, facets,
timelines, text filters) gets the same deadline (`deadline_of`) and checks it inside its
loops (`graph.deadline`), so no single resolver runs on past the limit either.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from graph import deadline as graph_deadline
from graph.deadline import TimeLimitExceeded
from schema.execution import ClioExecutionContext

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

    async def wait(self) -> QueryTimeout:
        await asyncio.sleep(max(self.at - time.monotonic(), 0))
        return self.reason

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


class DeadlineExecutionContext(ClioExecutionContext):
    """Checks the request's ``Deadline`` (``context["deadline"]``) before completing every list.

    graphql-core checks an abort signal only between root fields and at the end when it
    runs synchronously; our resolvers are synchronous and CPU-bound, so the check has to
    come inside the traversal for a long query to stop near its deadline. Before every
    field, where it used to be, it cost more than some fields do; a list is as good a
    place to stop and comes a page of fields apart at most.
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


__all__ = ["Deadline", "DeadlineExecutionContext", "QueryTimeout", "deadline_of"]
