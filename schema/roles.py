"""The GraphQL ``Role`` enum, generated from `graph.roles.Role` so the vocabulary is written once."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from graph.roles import Role

# The functional Enum API builds one member per domain role, each carrying its definition as
# the GraphQL value's description; the values are the data files' words ("commander").
_members: dict[str, Any] = {
    role.name: strawberry.enum_value(role.value, description=role.definition) for role in Role
}
_values: type[Enum] = Enum("Role", _members)  # type: ignore[misc]
RoleEnum: type[Enum] = strawberry.enum(
    _values,
    name="Role",
    description="What a person is to an event; every role but MENTIONS is a part in it.",
)


def role_enum(role: Role) -> Enum:
    """The GraphQL member of a domain role."""
    return RoleEnum[role.name]


__all__ = ["RoleEnum", "role_enum"]
