"""The table of limits is the one place a limit is declared: settings, docs and refusals follow it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph
from schema.codes import ErrorCode
from schema.limits.table import LIMITS, Limit
from tests.conftest import REPO

SETTINGS_DOC = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("limit", [row for row in LIMITS if row.setting], ids=lambda row: row.name)
def test_every_limit_with_a_setting_is_documented_with_its_default_and_code(limit: Limit) -> None:
    assert limit.setting is not None
    row = re.search(rf"^\| `CLIO_{limit.setting.upper()}` \| `([\d_]+)` \|(.*)$", SETTINGS_DOC, re.M)
    assert row is not None, f"docs/settings.md has no row for CLIO_{limit.setting.upper()}"
    assert int(row.group(1).replace("_", "")) == limit.default
    assert f"`{limit.code}`" in row.group(2)


@pytest.mark.parametrize("limit", [row for row in LIMITS if row.setting], ids=lambda row: row.name)
def test_every_limit_is_read_from_its_environment_variable(limit: Limit) -> None:
    assert limit.setting is not None
    settings = Settings.from_env({f"CLIO_{limit.setting.upper()}": str(limit.default + 7)})
    assert settings.limit(limit.setting) == limit.default + 7
    assert settings.query_limits().cap(limit.name) == limit.default + 7


def test_a_limit_set_in_the_environment_is_the_one_a_query_meets(kg: KnowledgeGraph) -> None:
    settings = Settings.from_env({"CLIO_MAX_COST": "30", "CLIO_LOG_REQUESTS": "false"})
    with TestClient(create_app(settings, kg)) as client:
        query = "{ events(limit: 5) { title people { name } } }"
        body = client.post("/graphql", json={"query": query}).json()
    # 1 + 5 × (1 + 1 + 20 × 1): each of 5 events, its title, and a default page of 20 people.
    assert body["errors"][0]["extensions"] == {
        "code": ErrorCode.QUERY_TOO_COSTLY,
        "limit": "cost",
        "maximum": 30,
        "actual": 111,
    }


def test_codes_and_reasons_are_plain_strings_on_the_wire() -> None:
    assert ErrorCode.QUERY_TOO_COSTLY == "QUERY_TOO_COSTLY"
    assert f"{ErrorCode.QUERY_TOO_COSTLY}" == "QUERY_TOO_COSTLY"


def test_switched_off_introspection_is_refused_once_per_field_asked(kg: KnowledgeGraph) -> None:
    settings = Settings.from_env({"CLIO_INTROSPECTION": "false", "CLIO_LOG_REQUESTS": "false"})
    query = '{ __typename __schema { types { fields { name } } } __type(name: "Event") { fields { name } } }'
    with TestClient(create_app(settings, kg)) as client:
        body = client.post("/graphql", json={"query": query}).json()
        typename = client.post("/graphql", json={"query": "{ __typename }"}).json()
    # graphql-core's rule finds every introspection field; below a refused one, nothing more is said.
    assert [(e["locations"], e["extensions"]) for e in body["errors"]] == [
        ([{"line": 1, "column": 14}], {"code": "INTROSPECTION_DISABLED", "limit": "introspection"}),
        ([{"line": 1, "column": 53}], {"code": "INTROSPECTION_DISABLED", "limit": "introspection"}),
    ]
    assert typename == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("levels", "said", "actual"),
    [
        # The measure stopped one level past the cap and called a depth of 9 "7".
        pytest.param(9, "this query nests 9;", 9, id="nine"),
        pytest.param(40, "this query nests 40;", 40, id="forty"),
        pytest.param(150, "this query nests more than 100;", 101, id="past-the-measured-depth"),
    ],
)
def test_a_depth_refusal_says_the_depth_the_query_has(
    client: TestClient, levels: int, said: str, actual: int
) -> None:
    lists = ["events", "people"] * levels
    query = "name"
    for field in lists[: levels - 2]:  # person, then the lists, then name
        query = f"{field} {{ {query} }}"
    query = f'{{ person(id: "person:joseph-stalin") {{ {query} }} }}'
    error = client.post("/graphql", json={"query": query}).json()["errors"][0]
    assert said in error["message"]
    assert error["extensions"]["actual"] == actual


@pytest.mark.parametrize(
    ("query", "widest"),
    [
        # Repeats of one field: graphql-core spent about half a second comparing them pairwise.
        pytest.param('{ person(id: "person:joseph-stalin") { ' + "name " * 990 + "} }", 990, id="repeats"),
        pytest.param("{ " + "__typename " * 990 + "}", 990, id="root-typenames"),
        # A fragment's fields merge into the set that spreads it, each time it is spread.
        pytest.param(
            '{ person(id: "person:joseph-stalin") { ...F ...F } } fragment F on Person { '
            + "name " * 60
            + "}",
            120,
            id="fragment-spread-twice",
        ),
    ],
)
def test_a_selection_set_of_too_many_fields_is_refused_before_validation(
    client: TestClient, query: str, widest: int
) -> None:
    body = client.post("/graphql", json={"query": query}).json()
    # Refused by the measure (it names the limit), so graphql-core's validation never ran.
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "QUERY_TOO_COMPLEX", "limit": "selectionFields", "maximum": 100, "actual": widest}
    ]


def test_the_settings_page_lists_the_limits_as_the_table_has_them() -> None:
    # The rows are rendered from the table; a row edited by hand, or a limit added without
    # `python -m schema.limits.document`, fails here.
    from schema.limits.document import rendered

    assert rendered(SETTINGS_DOC) == SETTINGS_DOC, "run `python -m schema.limits.document`"


def test_every_code_of_the_table_is_an_error_code_and_a_limit_code() -> None:
    from schema.codes import LIMIT_CODES

    for limit in LIMITS:
        assert ErrorCode(limit.code) in LIMIT_CODES
