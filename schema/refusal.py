"""The error of a query refused before it ran, by a limit or for its input text."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class Refusal(GraphQLError):
    """A query refused before it ran: ``extensions`` say which limit, its value and the query's."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message, extensions={"code": code, **details})
        self.code = code


__all__ = ["Refusal"]
