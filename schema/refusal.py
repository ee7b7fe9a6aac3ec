"""The error of a query refused before it ran, by a limit or for its input text."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from graphql import GraphQLError, Node

from schema.codes import ErrorCode


class Refusal(GraphQLError):
    """A query refused before it ran: ``extensions`` say which limit, its value and the query's."""

    def __init__(
        self, code: ErrorCode, message: str, nodes: Collection[Node] | Node | None = None, **details: Any
    ) -> None:
        super().__init__(message, nodes=nodes, extensions={"code": code, **details})
        self.code = code


__all__ = ["Refusal"]
