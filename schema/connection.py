"""Relay-style connections: cursor paging with a total count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import strawberry

from graph.store import KnowledgeGraph
from schema.context import DEFAULT_PAGE, check_page, decode_cursor, encode_cursor

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="One page of a longer list; pass pageInfo.endCursor as `after` for the next.")
class Connection(Generic[T]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field(description="The nodes of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connect(
    ids: Sequence[str], kg: KnowledgeGraph, first: int = DEFAULT_PAGE, after: str | None = None
) -> Any:
    """A page of ``ids`` after the cursor; cursors are positions in this ordered result."""
    check_page(first, argument="first")
    start = decode_cursor(after) + 1 if after is not None else 0
    chunk = ids[start : start + first]
    edges = [
        Edge(cursor=encode_cursor(start + i), node=record) for i, record in enumerate(kg.records_of(chunk))
    ]
    return Connection(
        total_count=len(ids),
        page_info=PageInfo(
            has_next_page=start + len(chunk) < len(ids),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
