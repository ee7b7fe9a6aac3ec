"""The short paths the schema takes for speed give the answers and errors graphql-core would.

`clio.upstream.install` hands graphql-core plain fields and marked resolvers,
`clio.upstream.FastExecutionContext` reads plain leaves and objects itself, and
`QueryGuard` remembers what it found per query text. Each case here is one a short path could get wrong.
"""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from strawberry.types import Info

from clio.upstream import FastExecutionContext, fast_schema, install
from graph.store import KnowledgeGraph
from schema.direct import direct
from schema.limits.extensions import limit_extensions
from schema.limits.table import QueryLimits


@pytest.fixture(scope="module")
def served() -> strawberry.Schema:
    """The schema as the app builds it, with small caps so that a variable can break one."""
    limits = QueryLimits({"cost": 500})
    return fast_schema(limit_extensions(limits), limits.document_cache_size)


def codes(result: Any) -> list[str]:
    return [error.extensions["code"] for error in result.errors or ()]


def test_leaves_and_objects_keep_the_order_the_query_asks(kg: KnowledgeGraph) -> None:
    query = '{ person(name: "Joseph Stalin") { events(limit: 1) { date { year display } title } name } }'
    result = fast_schema([], 0).execute_sync(query, context_value={"kg": kg})
    assert result.errors is None
    person = result.data["person"]
    assert list(person) == ["events", "name"]
    assert list(person["events"][0]) == ["date", "title"]
    assert list(person["events"][0]["date"]) == ["year", "display"]


@pytest.mark.parametrize(
    ("limit", "refused"),
    [
        # The same text with a page size the cost allows, then one it does not, then again.
        pytest.param(2, False, id="small-page"),
        pytest.param(100, True, id="large-page"),
        pytest.param(2, False, id="small-page-again"),
    ],
)
def test_the_cost_is_measured_per_page_size_variable(
    served: strawberry.Schema, kg: KnowledgeGraph, limit: int, refused: bool
) -> None:
    # Priced 1 + 22 × $n: 45 for a page of 2, 2201 for 100, against a cap of 500.
    query = "query($n: Int!) { events(limit: $n) { title people { name } } }"
    result = served.execute_sync(query, variable_values={"n": limit}, context_value={"kg": kg})
    assert codes(result) == (["QUERY_TOO_COSTLY"] if refused else [])


@pytest.mark.parametrize("attempt", [1, 2], ids=["first", "repeated"])
def test_a_bad_literal_is_refused_every_time(
    served: strawberry.Schema, kg: KnowledgeGraph, attempt: int
) -> None:
    result = served.execute_sync('{ person(name: "Sta\\u0007lin") { name } }', context_value={"kg": kg})
    assert codes(result) == ["INVALID_TEXT"]


@pytest.mark.parametrize("attempt", [1, 2], ids=["first", "repeated"])
def test_an_invalid_query_is_reported_every_time(
    served: strawberry.Schema, kg: KnowledgeGraph, attempt: int
) -> None:
    result = served.execute_sync("{ person(name: 1) { nope } }", context_value={"kg": kg})
    assert result.data is None
    assert [error.message for error in result.errors or ()] == [
        "String cannot represent a non string value: 1",
        "Cannot query field 'nope' on type 'Person'. Did you mean 'name'?",
    ]


# A tiny schema whose records break the rules, to reach the ordinary path's errors.


@strawberry.type
class When:
    year: int


@strawberry.type
class Thing:
    name: str
    size: int
    when: When | None


@direct
def _things(root: Any, info: Info, limit: int = 2) -> list[Thing]:
    return info.context["things"][:limit]


@strawberry.type
class Root:
    things: list[Thing] = strawberry.field(resolver=_things)


def _tiny() -> strawberry.Schema:
    schema = strawberry.Schema(query=Root, execution_context_class=FastExecutionContext)
    install(schema)
    return schema


class Record:
    def __init__(self, name: Any, size: Any, year: Any = 1924) -> None:
        self.name, self.size = name, size
        self.when = Year(year)


class Year:
    def __init__(self, year: Any) -> None:
        self.year = year


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [Record("a", 1), Record("b", 2)],
            (
                {
                    "things": [
                        {"name": "a", "size": 1, "when": {"year": 1924}},
                        {"name": "b", "size": 2, "when": {"year": 1924}},
                    ]
                },
                [],
            ),
            id="plain",
        ),
        pytest.param(
            [Record("a", 1), Record(None, 2)],
            (None, [("Cannot return null for non-nullable field Thing.name.", ["things", 1, "name"])]),
            id="null-in-non-null-leaf",
        ),
        pytest.param(
            [Record("a", "big")],
            (None, [("Int cannot represent non-integer value: 'big'", ["things", 0, "size"])]),
            id="value-the-scalar-refuses",
        ),
        pytest.param(
            # The plain object is nulled, not its parent: `when` may be null.
            [Record("a", 1, year=None)],
            (
                {"things": [{"name": "a", "size": 1, "when": None}]},
                [("Cannot return null for non-nullable field When.year.", ["things", 0, "when", "year"])],
            ),
            id="null-under-a-plain-object",
        ),
    ],
)
def test_plain_fields_fail_as_graphql_core_fails(records: list[Record], expected: Any) -> None:
    result = _tiny().execute_sync("{ things { name size when { year } } }", context_value={"things": records})
    assert (result.data, [(error.message, error.path) for error in result.errors or ()]) == expected


def test_a_direct_resolver_whose_argument_needs_converting_is_refused_at_build() -> None:
    @direct
    def _named(root: Any, info: Info, page_size: int = 2) -> list[Thing]:
        return []

    @strawberry.type
    class Query:
        things: list[Thing] = strawberry.field(resolver=_named)

    schema = strawberry.Schema(query=Query)
    with pytest.raises(TypeError, match="argument names differ"):
        install(schema)
