"""What every resolver can reach: the graph, and the paging rules that protect it."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from graph.dates import HistoricalDate
from graph.errors import ArgumentError, LimitExceeded

if TYPE_CHECKING:
    from strawberry.types import Info

    from graph.store import KnowledgeGraph

T = TypeVar("T")

DEFAULT_PAGE = 20
MAX_PAGE = 100


def kg_of(info: Info[Any, Any]) -> KnowledgeGraph:
    """The graph this request runs against (set by the HTTP app or by tests)."""
    context = info.context
    kg: KnowledgeGraph = context["kg"] if isinstance(context, dict) else context.kg
    return kg


def today_of(info: Info[Any, Any]) -> HistoricalDate:
    """The request's day (set once by the HTTP app, which keys its cache on it), or today."""
    context = info.context
    today = context.get("today") if isinstance(context, dict) else getattr(context, "today", None)
    return today if isinstance(today, HistoricalDate) else HistoricalDate.today()


def check_page(limit: int, offset: int = 0, argument: str = "limit") -> None:
    """Refuse pages above the cap or below zero, saying what to ask instead."""
    if limit < 0 or limit > MAX_PAGE:
        raise LimitExceeded(argument, limit, MAX_PAGE, pageable=True)
    if offset < 0:
        raise LimitExceeded("offset", offset, maximum=10**9, minimum=0)


def page(items: Sequence[T], limit: int, offset: int) -> list[T]:
    """One checked page of a sequence."""
    check_page(limit, offset)
    return list(items[offset : offset + limit])


class BadCursor(ArgumentError):
    """An ``after`` cursor this server did not give."""

    def __init__(self, cursor: str) -> None:
        message = f"cursor {cursor!r} was not given by this server; use an endCursor from a previous page"
        super().__init__("after", cursor, "an endCursor from a previous page", message, whole=True)


def encode_cursor(position: int) -> str:
    """Cursors are opaque to clients; inside, a position in the ordered result."""
    return base64.urlsafe_b64encode(f"clio:{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        prefix, position = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        if prefix != "clio" or int(position) < 0:
            raise ValueError(cursor)
        return int(position)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadCursor(cursor) from error
