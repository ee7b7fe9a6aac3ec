"""Clio's GraphQL schema, built on `graph`. `build_schema()` gives a Strawberry schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry

from schema.mutation import Mutation
from schema.query import Query
from schema.types import CategoryType, EventType, LocationType, OrganizationType, PersonType, TagType


def build_schema(extensions: Sequence[Any] = (), **options: Any) -> strawberry.Schema:
    """The schema with the given extensions (limits, masking… are added by the app).

    Executed as Strawberry executes any schema; ``clio.upstream.fast_schema`` adds the fast path.
    """
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[EventType, PersonType, LocationType, OrganizationType, CategoryType, TagType],
        extensions=list(extensions),
        **options,
    )


__all__ = ["build_schema"]
