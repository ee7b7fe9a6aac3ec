"""`schema.rules.quick` validates as graphql-core's own rules do: the same errors, in the same order.

Both apps of the differential test validate with the quick rules, so it cannot tell them
apart from graphql-core's; here each document is validated both ways against the schema
the server runs (our introspection refusal and Strawberry's rules included), with and
without "Did you mean" hints.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSyntaxError, parse, specified_rules, validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from schema import build_schema
from schema.limits.extensions import NoIntrospection
from schema.rules import quick
from tests.security.test_attacks import ATTACKS
from tests.test_docs_queries import examples

SCHEMA = build_schema()
SDL = SCHEMA.as_str()
RULES = (*specified_rules, NoIntrospection, MaybeNullValidationRule, OneOfInputValidationRule)
QUICK = tuple(quick(rule) for rule in RULES)


def errors(text: str, rules: tuple[Any, ...], hide_suggestions: bool) -> list[Any]:
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return []
    found = validate(SCHEMA._schema, document, rules, hide_suggestions=hide_suggestions)
    return [(error.message, error.locations, error.extensions) for error in found]


def assert_same(text: str) -> None:
    for hidden in (False, True):
        assert errors(text, QUICK, hidden) == errors(text, RULES, hidden), text


#: What to validate beyond the generated queries: one mistake of each kind a rule reports.
MISTAKES = [
    "{ missing }",
    "{ ranking(kind: NOPE, by: PAGERANK) { id } }",
    'query Q($x: Int) { onThisDay(month: $x, day: "a") { id } }',
    "query Q($unused: Int) { __typename }",
    "{ ...F } fragment F on Nope { id }",
    "{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }",
    "query A { __typename } query A { __typename }",
    "{ __typename } { __typename }",
    "{ __schema { types { name } } }",
    '{ person(name: "a", name: "b") { name } }',
    "{ event { title } }",
    '{ person(name: "a") @skip(if: true) @skip(if: false) { name } }',
    '{ a: person(name: "a") { name } a: onThisDay(month: 1, day: 1) { id } }',
    '{ person(name: "a") }',
    "subscription { __typename }",
]


@pytest.mark.parametrize("text", MISTAKES)
def test_each_mistake_is_reported_alike(text: str) -> None:
    assert errors(text, RULES, False), f"{text!r} should break a rule"
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [case.values[0] for case in examples()]
    + [a[1]["json"]["query"] for a in ATTACKS if isinstance(a[1].get("json", {}).get("query"), str)],
)
def test_documented_queries_and_attacks_are_validated_alike(text: str) -> None:
    assert_same(text)


@given(query=st.one_of(queries(SDL, mode=Mode.POSITIVE), queries(SDL, mode=Mode.NEGATIVE)))
@settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_generated_queries_are_validated_alike(query: str) -> None:
    assert_same(query)


def test_a_rule_is_made_quick_once() -> None:
    assert [quick(rule) for rule in RULES] == list(QUICK)
    assert all(issubclass(made, rule) for made, rule in zip(QUICK, RULES, strict=True))
