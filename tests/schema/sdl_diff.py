"""What a schema change changes for clients: the coordinates (``Type``, ``Type.field``) that differ.

Descriptions are left out: they are documentation, not contract. A field's type, its
arguments with their defaults, and its deprecation are the contract.
"""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    is_introspection_type,
    is_specified_scalar_type,
)


def _argument(name: str, arg: GraphQLArgument | GraphQLInputField) -> str:
    return f"{name}: {arg.type} = {arg.default_value!r} ({arg.deprecation_reason})"


def _field(field: GraphQLField) -> str:
    args = ", ".join(_argument(name, arg) for name, arg in sorted(field.args.items()))
    return f"({args}): {field.type} ({field.deprecation_reason})"


def _members(t: GraphQLNamedType) -> dict[str, str]:
    """Each member of a type (field, input field, enum value) and how a client sees it."""
    if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
        members = {name: _field(field) for name, field in t.fields.items()}
        members[""] = " & ".join(sorted(i.name for i in t.interfaces))
        return members
    if isinstance(t, GraphQLInputObjectType):
        return {name: _argument(name, field) for name, field in t.fields.items()}
    if isinstance(t, GraphQLEnumType):
        return {name: str(value.deprecation_reason) for name, value in t.values.items()}
    if isinstance(t, GraphQLUnionType):
        return {"": " | ".join(sorted(member.name for member in t.types))}
    return {}


def _types(schema: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    return {
        name: t
        for name, t in schema.type_map.items()
        if not is_introspection_type(t) and not is_specified_scalar_type(t)
    }


def changed_coordinates(old: GraphQLSchema, new: GraphQLSchema) -> list[str]:
    """``Type`` for a type added, removed or changed as a whole; ``Type.member`` for a member."""
    before, after = _types(old), _types(new)
    changed = [name for name in before.keys() ^ after.keys()]
    for name in before.keys() & after.keys():
        if type(before[name]) is not type(after[name]):
            changed.append(name)
            continue
        was, now = _members(before[name]), _members(after[name])
        for member in was.keys() | now.keys():
            if was.get(member) != now.get(member):
                changed.append(f"{name}.{member}" if member else name)
    return sorted(changed)
