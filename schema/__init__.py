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
    from schema.limits.guard import types_of

    schema = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[EventType, PersonType, LocationType, OrganizationType, CategoryType, TagType],
        extensions=list(extensions),
        **options,
    )
    # The limits read the types from the printed SDL, rebuilt by graphql-core: 40 ms of CPU
    # that the first request paid for when built on first use.
    types_of(schema)
    return schema


__all__ = ["build_schema"]
