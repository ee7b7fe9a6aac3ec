"""Resolvers that graphql-core calls directly, without Strawberry's per-call wrapping.

Strawberry wraps every resolver it is given: it builds its own ``Info``, converts each
argument, chains field extensions and then calls the function, about ten Python calls a
field. Most fields of a traversal need none of that: a plain attribute is read off the
record, and a link is a lookup by id whose arguments are plain integers. Once the schema
is built, `install` hands graphql-core such fields as they are:

- a field with no resolver reads ``getattr(record, name)``, as Strawberry's default does;
- a resolver marked with `direct` is called as ``resolver(root, info, **arguments)``, where
  ``info`` is graphql-core's own (it has ``context``, all `schema.context.kg_of` reads).

The schema, its SDL and its answers stay the same; `install` refuses, when the schema is
built, a marked resolver whose arguments would need Strawberry's conversion.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter

from schema.execution import PLAIN_LEAF, PLAIN_OBJECT, plain_leaf, plain_object

F = TypeVar("F", bound=Callable[..., Any])

#: Arguments graphql-core already gives as the Python value the resolver expects.
PLAIN_SCALARS = frozenset({"Int", "Float", "String", "Boolean", "ID"})
_MARK = "__clio_direct__"


def direct(resolver: F) -> F:
    """Mark ``resolver(root, info, *plain arguments)`` to be called by graphql-core itself."""
    setattr(resolver, _MARK, True)
    return resolver


def _attribute(name: str, field: GraphQLField) -> Callable[..., Any]:
    def resolve(source: Any, _info: Any) -> Any:
        return getattr(source, name)

    # A leaf, or an object that is not a record, is read by ClioExecutionContext without this.
    setattr(resolve, PLAIN_LEAF, plain_leaf(name, field.type))
    setattr(resolve, PLAIN_OBJECT, plain_object(name, field.type))
    return resolve


def _check(type_name: str, name: str, field: GraphQLField, resolver: Callable[..., Any]) -> None:
    """Refuse a marked resolver that graphql-core could not call as it is."""
    parameters = list(inspect.signature(resolver).parameters)
    where = f"{type_name}.{name} ({resolver.__qualname__})"
    if parameters[:2] != ["root", "info"]:
        raise TypeError(f"{where}: a direct resolver takes (root, info, ...), not {parameters}")
    if parameters[2:] != list(field.args):
        raise TypeError(
            f"{where}: Python and GraphQL argument names differ: {parameters[2:]} and {list(field.args)}"
        )
    for argument_name, argument in field.args.items():
        named = get_named_type(argument.type)
        if not isinstance(named, GraphQLScalarType) or named.name not in PLAIN_SCALARS:
            raise TypeError(f"{where}: argument {argument_name} is a {named}, which Strawberry converts")


def install(schema: strawberry.Schema) -> None:
    """Give graphql-core the plain fields and the `direct` resolvers of ``schema`` to call as they are."""
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        if graphql_type.name.startswith("__"):
            continue
        for name, field in graphql_type.fields.items():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if definition is None or definition.extensions or definition.permission_classes:
                continue
            if definition.base_resolver is None:
                field.resolve = _attribute(definition.python_name, field)
                continue
            resolver = definition.base_resolver.wrapped_func
            if getattr(resolver, _MARK, False):
                _check(graphql_type.name, name, field, resolver)
                field.resolve = resolver


__all__ = ["PLAIN_SCALARS", "direct", "install"]
