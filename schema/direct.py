"""Resolvers graphql-core may call directly, without Strawberry's per-call wrapping.

Strawberry wraps every resolver it is given: it builds its own ``Info``, converts each
argument, chains field extensions and then calls the function, about ten Python calls a
field. Most fields of a traversal need none of that: a link is a lookup by id whose
arguments are plain integers. A resolver marked with `direct` may be called as
``resolver(root, info, **arguments)``, where ``info`` is graphql-core's own (it has
``context``, all `schema.context.kg_of` reads); the fast path (``clio.upstream.install``,
on when ``CLIO_FAST_PATH`` is) does so once the schema is built, after `check_direct`.

Through Strawberry's stock execution the same resolvers run wrapped, with the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from graphql import GraphQLField, GraphQLScalarType, get_named_type

F = TypeVar("F", bound=Callable[..., Any])

#: Arguments graphql-core already gives as the Python value the resolver expects.
PLAIN_SCALARS = frozenset({"Int", "Float", "String", "Boolean", "ID"})
_MARK = "__clio_direct__"


def direct(resolver: F) -> F:
    """Mark ``resolver(root, info, *plain arguments)`` as one graphql-core may call itself."""
    setattr(resolver, _MARK, True)
    return resolver


def is_direct(resolver: Callable[..., Any]) -> bool:
    return bool(getattr(resolver, _MARK, False))


def check_direct(type_name: str, name: str, parameters: list[str], field: GraphQLField) -> None:
    """Refuse a marked resolver that graphql-core could not call as it is.

    Raises:
        TypeError: the first two parameters are not ``root, info``, the rest are not the
            field's GraphQL arguments in order, or an argument would need Strawberry's conversion.
    """
    where = f"{type_name}.{name}"
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


__all__ = ["PLAIN_SCALARS", "check_direct", "direct", "is_direct"]
