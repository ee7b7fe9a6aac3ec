"""No "Did you mean …?" hints, through graphql-core's own switch rather than by editing its messages.

A public server hides the hints (``CLIO_SUGGESTIONS=false``): they let a client map fields
and enum values it was not told about. graphql-core 3.3 words every hint itself and leaves
it out when asked (``hide_suggestions``, in ``validate`` and in the coercion of variables);
Strawberry does not pass the switch on, so ``HiddenSuggestions`` runs both steps itself,
before execution, with it on:

- validation, unless an extension before it has already validated or refused the query
  (``clio.upstream``'s validation cache validates with the same switch);
- then the coercion of the operation's variables, which graphql-core would otherwise do at
  the start of execution and word with hints (``$order: "DATE_AS"``). A variable that does
  not coerce stops the query here, with graphql-core's own error, as it would there.

It reads the schema as its SDL says (``types_of``: Strawberry's ``as_str`` is public).
Strawberry adds two rules of its own to validation, for ``Maybe`` arguments and ``@oneOf``
inputs; Clio's schema has neither (``test_the_schema_needs_no_rule_of_strawberrys_own``),
and graphql-core checks ``@oneOf`` itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    get_operation_ast,
    get_variable_values,
    validate,
)
from strawberry.extensions import SchemaExtension

from schema.limits.guard import types_of


def validate_without_suggestions(
    schema: GraphQLSchema, document: DocumentNode, rules: Sequence[type[ASTValidationRule]]
) -> list[GraphQLError]:
    """graphql-core's validation with ``rules``, its messages without hints."""
    return validate(schema, document, rules, hide_suggestions=True)


def variable_errors(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, object]
) -> list[GraphQLError]:
    """graphql-core's errors for the variables of the operation that will run, without hints.

    An empty list when they coerce. An operation that cannot be picked (none by that name,
    several without one) is left to execution, which says so in its own words.
    """
    operation = get_operation_ast(document, operation_name)
    if operation is None or not operation.variable_definitions:
        return []
    coerced = get_variable_values(schema, operation.variable_definitions, variables, hide_suggestions=True)
    return coerced if isinstance(coerced, list) else []


class HiddenSuggestions(SchemaExtension):
    """Validate and coerce the variables before execution, graphql-core's hints left out."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            schema = types_of(context.schema)
            errors = context.pre_execution_errors
            if errors is None:  # nothing before this validated the query
                errors = validate_without_suggestions(schema, document, tuple(context.validation_rules))
            if not errors:
                errors = variable_errors(schema, document, context.operation_name, context.variables or {})
            context.pre_execution_errors = errors
        yield


__all__ = ["HiddenSuggestions", "validate_without_suggestions", "variable_errors"]
