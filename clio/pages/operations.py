"""The named GraphQL operations the pages run, kept as files in ``operations/``, one per file.

A page runs them in-process through the app's own schema (``schema.execute_sync``), so the
public limits (depth, cost, time…) hold for a page exactly as for any client: a page never
asks more than a client may. ``PAGE_OPERATIONS`` says which operations each page runs, at
most `MAX_PER_PAGE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schema.deadline import Deadline, QueryTimeout

if TYPE_CHECKING:
    import strawberry

    from graph.dates import HistoricalDate
    from graph.store import KnowledgeGraph

OPERATIONS_DIR = Path(__file__).resolve().parent / "operations"

#: What each page runs: a page may run no more than `MAX_PER_PAGE` operations.
PAGE_OPERATIONS: dict[str, tuple[str, ...]] = {
    "day": ("DayPage",),
    "births": ("DayPeoplePage",),
    "deaths": ("DayPeoplePage",),
    "event": ("EventPage",),
    "person": ("PersonPage",),
    "place": ("PlacePage",),
    "search": ("SearchPage",),
}
MAX_PER_PAGE = 3


class PageQueryFailed(RuntimeError):
    """An operation of a page answered with errors: a bug of the page, or a limit it ran into.

    ``timed_out``: every error was the time limit, so the server was too busy to answer in
    time and the same page may well be built a moment later; any other error would recur.
    """

    def __init__(self, name: str, messages: list[str], timed_out: bool = False) -> None:
        super().__init__(f"operation {name} failed: {'; '.join(messages)}")
        self.name = name
        self.messages = messages
        self.timed_out = timed_out


def read_operations(folder: Path = OPERATIONS_DIR) -> dict[str, str]:
    """Every ``<Name>.graphql`` of the folder, by name."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.graphql"))}


@dataclass(frozen=True, slots=True)
class Operations:
    """The operations, bound to the schema and graph the app serves."""

    schema: strawberry.Schema
    kg: KnowledgeGraph
    time_limit_ms: int
    documents: dict[str, str]

    def run(self, name: str, variables: dict[str, Any], today: HistoricalDate) -> dict[str, Any]:
        """The data of one operation; ``today`` is the day the page is rendered for.

        Raises:
            PageQueryFailed: the answer has errors (the page cannot be built from half of it).
        """
        context: dict[str, Any] = {
            "kg": self.kg,
            "today": today,
            "deadline": Deadline(self.time_limit_ms),
            "request_id": f"page:{name}",
        }
        result = self.schema.execute_sync(
            self.documents[name], variable_values=variables, context_value=context, operation_name=name
        )
        if result.errors:
            timed_out = all(isinstance(error.original_error, QueryTimeout) for error in result.errors)
            raise PageQueryFailed(name, [error.message for error in result.errors], timed_out)
        return result.data or {}


__all__ = [
    "MAX_PER_PAGE",
    "OPERATIONS_DIR",
    "PAGE_OPERATIONS",
    "Operations",
    "PageQueryFailed",
    "read_operations",
]
