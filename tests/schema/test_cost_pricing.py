"""The cost limit prices every page size at the value the resolver will run with.

A page size can reach a resolver as a literal, a variable, a variable's default, or a float
such as ``100.0`` (GraphQL's ``Int`` takes an integral float), inside fragments and under
directives. Each is priced from the same coerced values graphql-core hands the resolver,
so a query cannot be priced at one size and run at another.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph
from tests.conftest import graphql

NESTED = "{ id title sameDateEvents(limit: $m) { id title } }"


@pytest.fixture(scope="module")
def pricing(kg: KnowledgeGraph) -> Iterator[TestClient]:
    """A server whose cost cap is 1, so every refusal reports the estimate it priced."""
    settings = Settings.from_env({"CLIO_MAX_COST": "1", "CLIO_LOG_REQUESTS": "false"})
    with TestClient(create_app(settings, kg)) as client:
        yield client


@pytest.fixture(scope="module")
def roomy(kg: KnowledgeGraph) -> Iterator[TestClient]:
    """A server with room for any page of 100 in 100, so the same queries run."""
    settings = Settings.from_env(
        {"CLIO_MAX_COST": "1000000", "CLIO_LOG_REQUESTS": "false", "CLIO_RESPONSE_CACHE_SIZE": "0"}
    )
    with TestClient(create_app(settings, kg)) as client:
        yield client


def estimate(client: TestClient, query: str, variables: dict[str, Any]) -> int:
    """The cost the server priced the query at (at most its cap of 1 when it let the query through)."""
    body = graphql(client, query, variables)
    if "errors" not in body:
        return 1
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY", error
    actual: int = error["extensions"]["actual"]
    return actual


# 1 + 100 events × (id + title + sameDateEvents (1 + 100 × (id + title))) = 20,401 + 100 + 1.
FULL_PRICE = 1 + 100 * (1 + 1 + 1 + 100 * 2)


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        # The issue's dodge: both sizes from the variables' defaults, once priced at 20.
        pytest.param(
            f"query($n: Int = 100, $m: Int = 100) {{ events(limit: $n) {NESTED} }}", {}, id="defaults"
        ),
        # Floats coerce to Int 100; they were priced at the default page.
        pytest.param(
            f"query($n: Int!, $m: Int!) {{ events(limit: $n) {NESTED} }}",
            {"n": 100.0, "m": 100.0},
            id="floats",
        ),
        pytest.param(
            f"query($n: Int = 3, $m: Int = 3) {{ events(limit: $n) {NESTED} }}",
            {"n": 100.0, "m": 100},
            id="float-overrides-default",
        ),
        pytest.param(
            f"query($n: Int = 100, $m: Int = 100) {{ ...Page }} "
            f"fragment Page on Query {{ events(limit: $n) @include(if: true) {NESTED} }}",
            {},
            id="fragment-and-directive",
        ),
        pytest.param(
            f"query($m: Int = 100) {{ ... on Query {{ events(limit: 100) {NESTED} }} }}",
            {},
            id="inline-fragment-literal",
        ),
    ],
)
def test_a_page_size_is_priced_as_it_will_run(
    pricing: TestClient, roomy: TestClient, query: str, variables: dict[str, Any]
) -> None:
    assert estimate(pricing, query, variables) == FULL_PRICE
    ran = graphql(roomy, query, variables)
    assert "errors" not in ran
    assert len(ran["data"]["events"]) == 100


def test_the_default_limits_refuse_the_dodge_over_http(client: TestClient) -> None:
    query = f"query($n: Int = 100, $m: Int = 100) {{ events(limit: $n) {NESTED} }}"
    for variables in ({}, {"n": 100.0, "m": 100.0}):
        body = graphql(client, query, variables)
        assert "data" not in body  # refused before it ran
        assert [e["extensions"] for e in body["errors"]] == [
            {"code": "QUERY_TOO_COSTLY", "limit": "cost", "maximum": 5000, "actual": FULL_PRICE}
        ]


def test_one_fragment_is_priced_per_operation_with_that_operations_defaults(pricing: TestClient) -> None:
    fragment = f"fragment Page on Query {{ events(limit: $n) {NESTED} }}"
    one = estimate(pricing, f"query A($n: Int = 1, $m: Int = 1) {{ ...Page }} {fragment}", {})
    both = estimate(
        pricing,
        "query A($n: Int = 1, $m: Int = 1) { ...Page } query B($n: Int = 100, $m: Int = 100) { ...Page } "
        + fragment,
        {},
    )
    assert (one, both) == (1 + 1 * (3 + 1 * 2), 1 + 1 * (3 + 1 * 2) + FULL_PRICE)


def _count(events: list[dict[str, Any]]) -> int:
    """The fields a response holds: each event's id, title and list, and each nested event's id and title."""
    return sum(3 + 2 * len(event["sameDateEvents"]) for event in events)


@st.composite
def paged_queries(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A query of two nested page sizes, each sent one of the ways a client can send it."""
    parts: list[str] = []
    variables: dict[str, Any] = {}
    arguments = []
    for name in ("n", "m"):
        size = draw(st.integers(0, 100))
        how = draw(st.sampled_from(["literal", "variable", "float", "default", "default-overridden"]))
        if how == "literal":
            arguments.append(str(size))
            continue
        arguments.append(f"${name}")
        if how == "variable":
            parts.append(f"${name}: Int!")
            variables[name] = size
        elif how == "float":
            parts.append(f"${name}: Int!")
            variables[name] = float(size)
        elif how == "default":
            parts.append(f"${name}: Int = {size}")
        else:
            parts.append(f"${name}: Int = {draw(st.integers(0, 100))}")
            variables[name] = size
    selection = (
        f"events(limit: {arguments[0]}) {{ id title sameDateEvents(limit: {arguments[1]}) {{ id title }} }}"
    )
    in_fragment = draw(st.booleans())
    body = f"{{ ...Page }} fragment Page on Query {{ {selection} }}" if in_fragment else f"{{ {selection} }}"
    header = f"query({', '.join(parts)}) " if parts else "query "
    return header + body, variables


@given(paged_queries())
def test_the_estimate_is_never_below_what_the_query_returns(
    pricing: TestClient, roomy: TestClient, case: tuple[str, dict[str, Any]]
) -> None:
    query, variables = case
    ran = graphql(roomy, query, variables)
    assert "errors" not in ran, ran
    # The events field itself counts 1, as the estimate counts it.
    assert estimate(pricing, query, variables) >= 1 + _count(ran["data"]["events"])
