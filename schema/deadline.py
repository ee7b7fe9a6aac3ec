"""The per-request time limit: a deadline checked by the executor before every list it completes.

Resolvers are synchronous and CPU-bound, so nothing can interrupt one mid-call; the app
runs each query in a worker thread (the event loop stays free) and this module stops the
query at the first list that starts after its deadline. Lists are where a query's work
multiplies (every list is at most a page of 100), so between two checks the executor does
at most one page's worth of fields not under a further list; graphql-core checks once more
when it finishes. A single resolver that runs long is not cut short, which the cost limit
and page caps keep rare.
"""

from __future__ import annotations

import time
from typing import Any

from graph.errors import ClioError
from schema.execution import ClioExecutionContext
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


__all__ = ["Deadline", "DeadlineExecutionContext", "QueryTimeout"]
