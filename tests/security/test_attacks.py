"""Each attack class, sent over HTTP to the real app: refused clearly, never a 5xx, the server answers on."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.security.conftest import assert_still_answers

JSON = {"content-type": "application/json"}


def _nested(depth: int, inner: str = "name") -> str:
    """person → events → people → events … ``depth`` fields deep."""
    fields = ["events", "people"]
    query = inner
    for level in range(depth - 1):
        query = f"{fields[level % 2]} {{ {query} }}"
    return f'{{ person(id: "person:joseph-stalin") {{ {query} }} }}'


def _fragment_chain(n: int) -> str:
    """n fragments, each spreading the next twice: 2**n expansions if walked naively."""
    fragments = [f"fragment F{i} on Person {{ ...F{i + 1} ...F{i + 1} }}" for i in range(n)]
    fragments.append(f"fragment F{n} on Person {{ a: name }}")
    return '{ person(id: "person:joseph-stalin") { ...F0 } } ' + " ".join(fragments)


# (id, request as keyword arguments of client.request, status, code, words the message must hold)
ATTACKS: list[tuple[str, dict[str, Any], int, str, str]] = [
    # The measured outage: fields nested 60 deep through a cycle in the graph.
    ("deep cycle", {"json": {"query": _nested(60)}}, 200, "QUERY_TOO_DEEP", "at most 6 deep"),
    # person, six lists, and name: eight levels (the measure once stopped counting at seven).
    ("depth 7", {"json": {"query": _nested(7)}}, 200, "QUERY_TOO_DEEP", "this query nests 8"),
    # Nested pages of a billion multiply past 64 bits: still priced and refused, never a 500.
    (
        "astronomical cost",
        {
            "json": {
                "query": "{ events(limit: 960384915) { relatedEvents(limit: 960382851) "
                "{ relatedEvents(limit: 960382851) { title } } } }"
            }
        },
        200,
        "QUERY_TOO_COSTLY",
        "may touch about 9007199254740991 fields",
    ),
    (
        "alias flood",
        {"json": {"query": "{ " + " ".join(f"a{i}: categories {{ name }}" for i in range(1000)) + " }"}},
        200,
        "TOO_MANY_TOKENS",
        "at most 1000 tokens",
    ),
    (
        "aliases",
        {"json": {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"}},
        200,
        "TOO_MANY_ALIASES",
        "at most 15 aliases",
    ),
    # Aliases hidden in a fragment count once per spread: 4 aliases × 5 spreads = 20.
    (
        "aliases in fragments",
        {
            "json": {
                "query": '{ person(id: "person:joseph-stalin") { ...A ...A ...A ...A ...A } }'
                " fragment A on Person { a: name b: name c: name d: name }"
            }
        },
        200,
        "TOO_MANY_ALIASES",
        "this one uses 20",
    ),
    ("exponential fragments", {"json": {"query": _fragment_chain(30)}}, 200, "TOO_MANY_ALIASES", "aliases"),
    (
        "fragment cycle",
        {
            "json": {
                "query": '{ person(id: "x") { ...A } } fragment A on Person { ...B }'
                " fragment B on Person { ...A }"
            }
        },
        200,
        "GRAPHQL_VALIDATION_FAILED",
        "Cannot spread fragment",
    ),
    # One field asked 990 times: graphql-core's overlap check has a work budget, and says so.
    (
        "duplicated fields",
        {"json": {"query": '{ person(id: "person:joseph-stalin") { ' + "name " * 990 + "} }"}},
        200,
        "QUERY_TOO_COMPLEX",
        "ask for each field once",
    ),
    (
        "duplicated list fields",
        {"json": {"query": "{ categories { " + "name " * 990 + "} }"}},
        200,
        "QUERY_TOO_COSTLY",
        "about 19801 fields",
    ),
    (
        "directive flood",
        {"json": {"query": "{ categories { name" + " @include(if: true)" * 51 + " } }"}},
        200,
        "TOO_MANY_DIRECTIVES",
        "at most 50 directives",
    ),
    (
        "root fields",
        {
            "json": {
                "query": "{ "
                + " ".join(f"c{i}: categories {{ name }}" for i in range(14))
                + " "
                + " ".join("tags { name }" for _ in range(7))
                + " }"
            }
        },
        200,
        "TOO_MANY_ROOT_FIELDS",
        "at most 20 top-level fields",
    ),
    (
        "cost",
        {"json": {"query": "{ events(limit: 100) { people { events(limit: 100) { title } } } }"}},
        200,
        "QUERY_TOO_COSTLY",
        "about 202101 fields",
    ),
    # The same cost through variables and a connection's first.
    (
        "cost via variables",
        {
            "json": {
                "query": "query($n: Int!) { eventsConnection(first: $n) { nodes { people "
                "{ events(limit: $n) { title } } } } }",
                "variables": {"n": 100},
            }
        },
        200,
        "QUERY_TOO_COSTLY",
        "more than the 5000 allowed",
    ),
    (
        "oversize page",
        {"json": {"query": "{ events(limit: 101) { title } }"}},
        200,
        "LIMIT_EXCEEDED",
        "at most 100, got 101",
    ),
    (
        "negative page",
        {"json": {"query": "{ eventsConnection(first: -1) { totalCount } }"}},
        200,
        "LIMIT_EXCEEDED",
        "at least 0, got -1",
    ),
    (
        "batched array",
        {
            "content": b'[{"query": "{ categories { name } }"}, {"query": "{ tags { name } }"}]',
            "headers": JSON,
        },
        400,
        "BATCHING_DISABLED",
        "one query per request",
    ),
    (
        "huge body",
        {"content": b'{"query": "' + b" " * 2_000_000 + b'{ categories { name } }"}', "headers": JSON},
        413,
        "BODY_TOO_LARGE",
        "at most 1000000 bytes",
    ),
    (
        "deeply nested JSON",
        {"content": b"[" * 100_000 + b"]" * 100_000, "headers": JSON},
        400,
        "JSON_TOO_DEEP",
        "at most 32 deep",
    ),
    (
        "deep variables",
        {
            "content": b'{"query": "{ categories { name } }", "variables": {"v": '
            + b"[" * 40
            + b"]" * 40
            + b"}}",
            "headers": JSON,
        },
        400,
        "JSON_TOO_DEEP",
        "flatten",
    ),
    (
        "malformed JSON",
        {"content": b'{"query": "{ categories { name } }"', "headers": JSON},
        400,
        "MALFORMED_JSON",
        "not valid JSON",
    ),
    (
        "lone surrogate in JSON",
        {"content": b'{"query": "{ tag(name: \\"\\ud800\\") { name } }"}', "headers": JSON},
        400,
        "MALFORMED_JSON",
        "surrogate",
    ),
    (
        "NUL in a variable",
        {
            "json": {
                "query": "query($n: String) { person(name: $n) { name } }",
                "variables": {"n": "Stalin\u0000"},
            }
        },
        200,
        "INVALID_TEXT",
        "U+0000",
    ),
    (
        "control character in a literal",
        {"json": {"query": '{ person(name: "Sta\\u0007lin") { name } }'}},
        200,
        "INVALID_TEXT",
        "U+0007",
    ),
    (
        "not an object",
        {"content": b'"{ categories { name } }"', "headers": JSON},
        400,
        "BAD_REQUEST",
        "JSON object",
    ),
    ("query not a string", {"json": {"query": 42}}, 400, "BAD_REQUEST", "`query` must be a string"),
    (
        "GET mutation",
        {"method": "GET", "params": {"query": "mutation { deleteEverything }"}},
        405,
        "METHOD_NOT_ALLOWED",
        "GET may only run queries",
    ),
    (
        "form-encoded POST",
        {"data": {"query": "{ categories { name } }"}},
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "application/x-www-form-urlencoded",
    ),
    (
        "multipart POST",
        {"files": {"query": ("q.graphql", b"{ categories { name } }")}},
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "multipart/form-data",
    ),
    (
        "syntax error",
        {"json": {"query": "{ categories { name }"}},
        200,
        "GRAPHQL_PARSE_FAILED",
        "Syntax Error",
    ),
]


@pytest.mark.parametrize(
    ("request_args", "status", "code", "words"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS]
)
def test_attack_is_refused_clearly(
    guarded: TestClient, request_args: dict[str, Any], status: int, code: str, words: str | None
) -> None:
    args = dict(request_args)
    response = guarded.request(args.pop("method", "POST"), "/graphql", **args)
    assert response.status_code == status, response.text
    body = response.json()
    assert code in [error["extensions"]["code"] for error in body["errors"]], body
    if words is not None:
        assert any(words in error["message"] for error in body["errors"]), body
    assert_still_answers(guarded)


def test_a_limit_refusal_is_a_whole_payload(guarded: TestClient) -> None:
    response = guarded.post(
        "/graphql", json={"query": "{ events(limit: 100) { people { events(limit: 100) { title } } } }"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": "this query may touch about 202101 fields "
                "(each list counted at its limit/first, or 20 when it has none), "
                "more than the 5000 allowed; ask for smaller pages or fewer nested lists",
                "extensions": {
                    "code": "QUERY_TOO_COSTLY",
                    "limit": "cost",
                    "maximum": 5000,
                    "actual": 202101,
                },
            }
        ]
    }


def test_a_query_within_every_limit_runs(guarded: TestClient) -> None:
    """The limits refuse what they should and nothing more: depth 6, 15 aliases, a cost near the cap."""
    query = """query Near($n: Int!) {
      person(id: "person:joseph-stalin") {
        events(limit: 2) { people { events(limit: 1) { people { name } } } }
      }
      a1: events(limit: $n) { title } a2: events(limit: $n) { title }
    }"""
    response = guarded.post(
        "/graphql", json={"query": query, "variables": {"n": 100}, "operationName": "Near"}
    )
    body = response.json()
    assert "errors" not in body, body
    assert len(body["data"]["a1"]) == 100


def test_a_huge_string_token_is_answered_quickly(guarded: TestClient) -> None:
    """One 90 kB string is one token within the body limit: it is looked up, found nowhere, that is all."""
    response = guarded.post("/graphql", json={"query": '{ person(name: "' + "x" * 90_000 + '") { name } }'})
    assert response.json() == {"data": {"person": None}}
    assert_still_answers(guarded)
