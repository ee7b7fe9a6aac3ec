"""What reaches a client of an error: Clio's messages with codes, never internals."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.loader import load_graph
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA
from tests.security.conftest import NORMAL_ANSWER, NORMAL_QUERY, assert_still_answers, client_for

TWO_SMITHS = [
    {"id": "person:john-smith-explorer", "name": "John Smith", "born": "1580", "died": "1631"},
    {"id": "person:john-smith-economist", "name": "John Smith", "born": "1938", "died": "1994"},
]


@pytest.fixture(scope="module")
def smiths(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The tiny data set with two people of one name."""
    data = tmp_path_factory.mktemp("smiths")
    for path in (TEST_DATA / "tiny").glob("*.jsonl"):
        shutil.copy(path, data / path.name)
    with (data / "people.jsonl").open("a", encoding="utf-8") as people:
        people.writelines(json.dumps(person) + "\n" for person in TWO_SMITHS)
    with client_for(load_graph(data)) as client:
        yield client


def test_the_error_shape(smiths: TestClient) -> None:
    """Pinned: the shape every client of an expected error relies on."""
    response = smiths.post("/graphql", json={"query": '{ person(name: "john smith") { id } }'})
    assert response.status_code == 200
    assert response.json() == {
        "data": {"person": None},
        "errors": [
            {
                "message": "'john smith' matches 2 entries: "
                "John Smith, 1938 – 1994 (person:john-smith-economist); "
                "John Smith, 1580 – 1631 (person:john-smith-explorer). Ask by id instead.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["person"],
                "extensions": {
                    "code": "AMBIGUOUS",
                    "candidates": [
                        {"id": "person:john-smith-economist", "label": "John Smith, 1938 – 1994"},
                        {"id": "person:john-smith-explorer", "label": "John Smith, 1580 – 1631"},
                    ],
                },
            }
        ],
    }


def test_an_unexpected_exception_is_masked_and_logged_with_the_request_id(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("secret: /srv/clio/graph/store.py line 12, password=hunter2")

    monkeypatch.setattr(KnowledgeGraph, "one_by_name", broken)
    with client_for(kg) as client:
        response = client.post("/graphql", json={"query": '{ person(name: "Stalin") { name } }'})
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "data": {"person": None},
        "errors": [
            {
                "message": f"Internal error; request id {request_id}",
                "path": ["person"],
                "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
            }
        ],
    }
    assert "hunter2" not in response.text and "store.py" not in response.text
    [logged] = [r for r in caplog.records if r.name == "clio.errors"]
    assert logged.request_id == request_id  # type: ignore[attr-defined]
    assert logged.exc_info is not None and "hunter2" in str(logged.exc_info[1])


def test_a_timeout_stops_the_query_and_returns_no_partial_data(kg: KnowledgeGraph) -> None:
    # 1 ms is less than any query over the bundled data takes to resolve its first list.
    with client_for(kg, time_limit_ms=1) as client:
        response = client.post("/graphql", json={"query": "{ events(limit: 100) { title people { name } } }"})
        assert response.status_code == 200
        assert response.json() == {
            "data": None,
            "errors": [
                {
                    "message": "the query ran longer than the time limit of 1 ms and was stopped; "
                    "ask for smaller pages or fewer nested lists",
                    "extensions": {"code": "QUERY_TIMEOUT", "limit": "timeLimitMs", "maximum": 1},
                }
            ],
        }


@pytest.mark.parametrize(
    ("query", "code"),
    [
        pytest.param("{ __schema { types { name } } }", "INTROSPECTION_DISABLED", id="__schema"),
        pytest.param('{ __type(name: "Event") { name } }', "INTROSPECTION_DISABLED", id="__type"),
    ],
)
def test_production_refuses_introspection(production: TestClient, query: str, code: str) -> None:
    body = production.post("/graphql", json={"query": query}).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert_still_answers(production)


def test_production_keeps_typename(production: TestClient) -> None:
    body = production.post(
        "/graphql", json={"query": '{ node(id: "person:joseph-stalin") { __typename } }'}
    ).json()
    assert body == {"data": {"node": {"__typename": "Person"}}}


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        pytest.param("{ persn { name } }", "Did you mean 'person'?", id="field"),
        pytest.param('{ person(nam: "Stalin") { name } }', "Did you mean 'name'?", id="argument"),
        pytest.param(
            "{ events(orderBy: DATE_AS) { title } }", "Did you mean the enum value", id="enum value"
        ),
    ],
)
def test_suggestions_only_where_switched_on(
    guarded: TestClient, production: TestClient, query: str, suggested: str
) -> None:
    with_hints = guarded.post("/graphql", json={"query": query}).json()["errors"][0]["message"]
    without = production.post("/graphql", json={"query": query}).json()["errors"][0]["message"]
    assert suggested in with_hints
    assert "Did you mean" not in without
    assert without == with_hints[: with_hints.index(" Did you mean")]


@pytest.mark.parametrize(
    ("query", "variables", "suggested"),
    [
        # Coerced when execution starts, not by validation: graphql-core words these too.
        pytest.param(
            "query($o: EventOrderBy) { events(orderBy: $o, limit: 1) { title } }",
            {"o": "DATE_AS"},
            "Did you mean the enum value 'DATE_ASC' or 'DATE_DESC'?",
            id="enum value in a variable",
        ),
        pytest.param(
            "query($f: EventFilter) { events(filter: $f, limit: 1) { title } }",
            {"f": {"txt": "war"}},
            "Did you mean 'text'?",
            id="input field in a variable",
        ),
    ],
)
def test_variables_are_refused_without_suggestions_where_switched_off(
    guarded: TestClient, production: TestClient, query: str, variables: dict[str, object], suggested: str
) -> None:
    request = {"query": query, "variables": variables}
    with_hints = guarded.post("/graphql", json=request).json()
    without = production.post("/graphql", json=request).json()
    assert suggested in with_hints["errors"][0]["message"]
    # The same error in graphql-core's own words without the hint (which it words differently
    # then: "unknown field 'txt', found: …"), and the query did not run.
    [hinted], [plain] = with_hints.pop("errors"), without.pop("errors")
    assert without == with_hints
    assert "Did you mean" not in plain.pop("message")
    assert plain == {key: value for key, value in hinted.items() if key != "message"}


def test_production_serves_no_graphiql(production: TestClient, guarded: TestClient) -> None:
    assert production.get("/graphql", headers={"accept": "text/html"}).status_code == 404
    assert guarded.get("/graphql", headers={"accept": "text/html"}).status_code == 200


def test_get_runs_queries(guarded: TestClient) -> None:
    assert guarded.get("/graphql", params={"query": NORMAL_QUERY}).json() == NORMAL_ANSWER


def test_cors_allows_only_the_configured_origins(kg: KnowledgeGraph) -> None:
    with client_for(kg, cors_origins=("https://clio.example",)) as client:
        allowed = client.options(
            "/graphql", headers={"origin": "https://clio.example", "access-control-request-method": "POST"}
        )
        refused = client.options(
            "/graphql", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://clio.example"
    assert "access-control-allow-origin" not in refused.headers


def test_no_cors_by_default(guarded: TestClient) -> None:
    response = guarded.post(
        "/graphql", json={"query": NORMAL_QUERY}, headers={"origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    "request_json",
    [
        pytest.param(
            {
                "query": 'query($d: String) { event(id: "event:mexico-soviet-relations") '
                "{ howLongAgo(asOf: $d) { years } } }",
                "variables": {"d": "e\u0301te\u0301"},
            },
            id="variable",
        ),
        pytest.param(
            {
                "query": '{ event(id: "event:mexico-soviet-relations") '
                '{ howLongAgo(asOf: "e\u0301te\u0301") { years } } }'
            },
            id="literal",
        ),
    ],
)
def test_strings_reach_resolvers_in_nfc(request_json: dict[str, object]) -> None:
    """'été' typed with combining accents reaches the resolver precomposed (its error message echoes it)."""
    with client_for(load_graph(TEST_DATA / "tiny")) as client:
        [error] = client.post("/graphql", json=request_json).json()["errors"]
    assert error["message"].startswith("cannot read date '\u00e9t\u00e9'")
