"""The execution context every Clio schema runs with: plain fields are read without ceremony.

Most fields of a traversal are leaves read straight off a record: ``title``, ``name``,
``date { year }``. For each, graphql-core builds a path entry and a resolve info, calls
the resolver, asks whether the value is awaitable and walks ``complete_value`` before it
coerces the value, several microseconds a field. `ClioExecutionContext.execute_fields`
reads such a leaf itself and coerces it as ``complete_leaf_value`` would; a plain object
that is not a record (``date``) it reads and hands straight to its own fields. Anything
else, and any value that is missing, null where null is not allowed, or refused by its
scalar, goes the ordinary way, so errors and their paths are graphql-core's own. (One
difference: when a non-null field under a plain object fails and takes its parent down,
the parent's other non-plain fields are not run, where graphql-core would have run those
asked before it; the parent is null either way, only the list of errors can be shorter.)
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLLeafType, GraphQLNonNull, GraphQLObjectType, Undefined

# Not public API, but the class Strawberry's resolvers rely on; extending it keeps them
# working. tests/schema and tests/security pin the answers and errors that go through it.
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

PLAIN_LEAF = "__clio_plain_leaf__"
PLAIN_OBJECT = "__clio_plain_object__"
_ORDINARY = object()  # "leave this field to graphql-core"

#: A plain field's plan: the attribute to read, its scalar, enum or object type, and whether
#: null is allowed.
LeafPlan = tuple[str, Any, bool]


def plain_leaf(attribute: str, field_type: Any) -> LeafPlan | None:
    """The plan for a field that reads ``attribute`` and returns a scalar or enum, else None."""
    nullable = not isinstance(field_type, GraphQLNonNull)
    inner = field_type if nullable else field_type.of_type
    return (attribute, inner, nullable) if isinstance(inner, GraphQLLeafType) else None


def plain_object(attribute: str, field_type: Any) -> LeafPlan | None:
    """The plan for a field that reads ``attribute`` and returns an object that is not a record.

    Only object types without ``is_type_of`` (a date, coordinates): records carry one, for
    the ``Node`` interface, and are reached through resolvers anyway.
    """
    nullable = not isinstance(field_type, GraphQLNonNull)
    inner = field_type if nullable else field_type.of_type
    if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
        return (attribute, inner, nullable)
    return None


class ClioExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a short path for plain fields (see the module doc).

    The short path assumes synchronous execution, which is all the app runs
    (``execute_sync``): no resolver of ours is a coroutine.
    """

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        ordinary = super().execute_fields
        manager = self.middleware_manager
        if manager is not None and manager.middlewares:
            # An extension with a per-field hook sees every field, leaves included.
            return ordinary(parent_type, source_value, path, grouped_field_set, position_context)
        fields = parent_type.fields
        results: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for response_name, field_details_list in grouped_field_set.items():
            field = fields.get(field_details_list[0].node.name.value)
            plan = getattr(field.resolve, PLAIN_LEAF, None) if field is not None else None
            if plan is not None:
                value = _read_leaf(plan, source_value)
            elif field is not None and (inner := getattr(field.resolve, PLAIN_OBJECT, None)) is not None:
                value = self._read_object(
                    inner, field, source_value, path, parent_type, response_name, field_details_list
                )
            else:
                value = _ORDINARY
            if value is _ORDINARY:
                rest[response_name] = field_details_list
            else:
                results[response_name] = value
        if not results:
            return ordinary(parent_type, source_value, path, grouped_field_set, position_context)
        if not rest:
            return results
        completed = ordinary(parent_type, source_value, path, rest, position_context)
        if isinstance(completed, dict):
            return _in_order(results, completed, grouped_field_set)
        return self._merge_later(results, completed, grouped_field_set)

    def _read_object(
        self,
        plan: Any,
        field: Any,
        source: Any,
        path: Any,
        parent_type: GraphQLObjectType,
        response_name: str,
        field_details_list: Any,
    ) -> Any:
        attribute, object_type, nullable = plan
        try:
            value = getattr(source, attribute)
        except Exception:  # the ordinary path reads it again and reports the error
            return _ORDINARY
        if value is None:
            return None if nullable else _ORDINARY
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return _ORDINARY
        field_path = path.add_key(response_name, parent_type.name)
        try:
            completed = self.execute_fields(object_type, value, field_path, grouped_field_set, None)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, field_details_list, field_path)
            return None
        return completed if isinstance(completed, dict) else _ORDINARY

    def complete_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        # An object (or a non-null one) goes straight to its fields: graphql-core would reach
        # the same execute_fields through five more calls per object. Nulls, errors, lists,
        # unions and deferred fragments take the ordinary path.
        named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        if (
            position_context is None
            and isinstance(named, GraphQLObjectType)
            and result is not None
            and result is not Undefined
            and not isinstance(result, Exception)
        ):
            is_type_of = named.is_type_of
            if is_type_of is None or is_type_of(result, info) is True:
                grouped_field_set, new_defer_usages, _ = self.collect_subfields(named, field_details_list)
                if not new_defer_usages:
                    return self.execute_fields(named, result, path, grouped_field_set, None)
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    @staticmethod
    async def _merge_later(results: dict[str, Any], completed: Any, order: Any) -> dict[str, Any]:
        return _in_order(results, await completed, order)


def _read_leaf(plan: LeafPlan, source: Any) -> Any:
    """The coerced value of a plain leaf, or ``_ORDINARY`` when graphql-core should say what is wrong."""
    attribute, leaf, nullable = plan
    try:
        value = getattr(source, attribute)
        if value is None:
            return None if nullable else _ORDINARY
        coerced = leaf.coerce_output_value(value)
    except Exception:  # the ordinary path reads it again and reports the error
        return _ORDINARY
    return _ORDINARY if coerced is None or coerced is Undefined else coerced


def _in_order(leaves: dict[str, Any], others: dict[str, Any], order: Any) -> dict[str, Any]:
    """Both parts as one result, keys in the order the query asked for them."""
    merged = {}
    for response_name in order:
        if response_name in leaves:
            merged[response_name] = leaves[response_name]
        elif response_name in others:
            merged[response_name] = others[response_name]
    return merged


__all__ = ["PLAIN_LEAF", "ClioExecutionContext", "plain_leaf"]
