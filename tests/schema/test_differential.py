"""The fast path answers as Strawberry's stock path does: same data, same errors.

``clio/upstream.py`` is the one module that uses Strawberry's and graphql-core's internals
(``CLIO_FAST_PATH``, on by default). Here a corpus of queries goes over HTTP to two real
apps on the same graph, one with the fast path and one with ``fast_path=False`` (Strawberry's
stock router, execution and validation), and the answers are compared:

- every GraphQL example in the README and docs/queries.md (as ``tests/test_docs_queries.py``
  finds them);
- every attack in ``tests/security/test_attacks.py``;
- queries hypothesis writes from the schema: hypothesis-graphql's, valid ones and ones with
  one mistake each (most of them end in an error), and `traversals`, walks from the root
  with real ids and names and small pages (most of them answer with data).

"Same errors" means the same ``path``, ``extensions.code`` and locations, and the same
message once `MESSAGE_MAPPING` has rewritten both sides. The mapping holds what is meant to
differ per request, and nothing else:

===========================================  ==========================================
``Internal error; request id 3f2a…``         ``Internal error; request id …`` (a new id
                                              per request, by design)
===========================================  ==========================================

What the stock path does differently on purpose is not compared: HTTP status codes and the
bodies of requests refused before GraphQL sees them (Strawberry answers those in plain
text; `test_http_refusals_are_refusals_on_both_paths` checks both refuse), and where a
query stops at the time limit (the fast path checks before lists, the stock path before
fields; `test_a_timeout_is_a_timeout_on_both_paths` checks the code).

``make test-upstream`` runs this file against the newest Strawberry and graphql-core.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_non_null_type,
)
from graphql import build_schema as build_graphql_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from clio.app import create_app
from clio.settings import Settings, SettingsError
from graph.models import Kind
from graph.store import KnowledgeGraph
from schema import build_schema
from tests.conftest import REPO
from tests.security.test_attacks import ATTACKS
from tests.test_docs_queries import examples

#: (pattern, replacement) applied to every error message on both sides before comparing.
MESSAGE_MAPPING: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"request id [0-9a-f-]+"), "request id …"),
)


def _client(kg: KnowledgeGraph, fast_path: bool, **settings: Any) -> TestClient:
    # The body limit of tests/security's `guarded` app, so its attacks mean the same here. The
    # time limit is far away: this file compares answers, and a loaded machine (or a collection
    # of the garbage an earlier test left) must not turn one side's answer into a timeout.
    options: dict[str, Any] = {
        "log_requests": False,
        "max_body_bytes": 1_000_000,
        "time_limit_ms": 120_000,
        **settings,
    }
    return TestClient(create_app(Settings.from_env({}, fast_path=fast_path, **options), kg))


@pytest.fixture(scope="module", params=[True, False], ids=["hints", "hints-hidden"])
def both(kg: KnowledgeGraph, request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, TestClient]]:
    """(fast, stock): the app as served by default, and with CLIO_FAST_PATH=0.

    Each corpus runs twice: with graphql-core's "Did you mean" hints (the default), and with
    them hidden (``CLIO_SUGGESTIONS=false``, as in production), where each path validates and
    coerces variables through ``schema.suggestions`` in its own way.
    """
    suggestions: bool = request.param
    # No response cache on the fast side: `assert_same` asks it twice, and the second answer
    # must come from a run (of the document it has seen pass, `clio.upstream.PreparedRuns`).
    with (
        _client(kg, True, suggestions=suggestions, response_cache_size=0) as fast,
        _client(kg, False, suggestions=suggestions) as stock,
    ):
        yield fast, stock


def _message(text: str) -> str:
    for pattern, replacement in MESSAGE_MAPPING:
        text = pattern.sub(replacement, text)
    return text


def outcome(response: Any) -> dict[str, Any]:
    """What the two paths must agree on: data (and whether it is there), and the errors."""
    body = response.json()
    errors = [
        (
            error.get("path"),
            error.get("extensions", {}).get("code"),
            error.get("locations"),
            _message(error["message"]),
        )
        for error in body.get("errors", ())
    ]
    # The data as JSON text, so that the order of keys (the order the query asked) counts too.
    data = json.dumps(body.get("data"), ensure_ascii=False)
    return {"has data": "data" in body, "data": data, "errors": sorted(errors, key=repr)}


def assert_same(both: tuple[TestClient, TestClient], payload: dict[str, Any]) -> dict[str, Any]:
    """Stock and fast agree, the fast side asked twice: once as new, once as a document it has seen."""
    fast, stock = both
    expected = outcome(stock.post("/graphql", json=payload))
    assert outcome(fast.post("/graphql", json=payload)) == expected, payload
    assert outcome(fast.post("/graphql", json=payload)) == expected, ("asked again", payload)
    return expected


DOCUMENTED = [pytest.param(*case.values, id=case.id) for case in examples()]


@pytest.mark.parametrize(("query", "operation"), DOCUMENTED)
def test_documented_queries_give_the_same_answer(
    both: tuple[TestClient, TestClient], query: str, operation: str | None
) -> None:
    answer = assert_same(both, {"query": query, "operationName": operation})
    assert answer["errors"] == [] and answer["data"] not in ("null", "{}"), (
        answer
    )  # the comparison is of real answers


# Attacks sent as a GraphQL request (a JSON body with a query); the others are refused
# before GraphQL sees them.
GRAPHQL_ATTACKS = [
    pytest.param(args["json"], code, id=name)
    for name, args, _status, code, _words in ATTACKS
    if "json" in args and isinstance(args["json"].get("query"), str) and "method" not in args
]
HTTP_ATTACKS = [
    pytest.param(args, status, id=name)
    for name, args, status, _code, _words in ATTACKS
    if not ("json" in args and isinstance(args["json"].get("query"), str) and "method" not in args)
]


@pytest.mark.parametrize(("payload", "code"), GRAPHQL_ATTACKS)
def test_attacks_are_refused_alike(
    both: tuple[TestClient, TestClient], payload: dict[str, Any], code: str
) -> None:
    answer = assert_same(both, payload)
    assert code in [error[1] for error in answer["errors"]], answer


@pytest.mark.parametrize(("request_args", "status"), HTTP_ATTACKS)
def test_http_refusals_are_refusals_on_both_paths(
    both: tuple[TestClient, TestClient], request_args: dict[str, Any], status: int
) -> None:
    statuses = []
    for client in both:
        args = dict(request_args)
        response = client.request(args.pop("method", "POST"), "/graphql", **args)
        statuses.append(response.status_code)
    fast, stock = statuses
    assert fast == status
    assert 400 <= stock < 500, "Strawberry's stock router refuses it too, in its own words"


SDL = build_schema().as_str()


# hypothesis-graphql's queries mostly stop at an error (random strings and page sizes, and one
# mistake each in negative mode), so the data side is walked by `traversals` below as well.
@given(query=st.one_of(queries(SDL, mode=Mode.POSITIVE), queries(SDL, mode=Mode.NEGATIVE)))
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_generated_queries_give_the_same_answer(both: tuple[TestClient, TestClient], query: str) -> None:
    answer = assert_same(both, {"query": query})
    # Agreeing on a masked crash would be agreement on a bug.
    assert "INTERNAL_ERROR" not in [error[1] for error in answer["errors"]], (query, answer)


GRAPHQL_SCHEMA = build_graphql_schema(SDL)
MAX_LEVEL = 3
_SELECTIONS: dict[tuple[str, int], st.SearchStrategy[str]] = {}


def _argument(name: str, argument: GraphQLArgument, kg: KnowledgeGraph, returns: str) -> Any:
    """A strategy for a plausible value of an argument (real ids and names, small pages), or None."""
    named = get_named_type(argument.type)
    kinds = [kind for kind in Kind if kind.value == returns.lower()] or list(Kind)[:6]
    if name in ("limit", "first"):
        return st.integers(0, 5).map(str)
    if name == "offset":
        return st.integers(0, 3).map(str)
    if name == "month":
        return st.integers(1, 12).map(str)
    if name == "day":
        return st.integers(1, 31).map(str)
    if named.name == "ID":
        return st.sampled_from([i for kind in kinds for i in kg.ids(kind)[:40]]).map(json.dumps)
    if name == "name" and named.name == "String":
        names = [r.name for kind in kinds if kind is not Kind.EVENT for r in kg.records(kind)[:40]]
        return st.sampled_from(names).map(json.dumps)
    if isinstance(named, GraphQLEnumType):
        return st.sampled_from(sorted(named.values))
    if named.name == "Boolean":
        return st.sampled_from(["true", "false"])
    return None


def _field(name: str, field: GraphQLField, kg: KnowledgeGraph, level: int) -> Any:
    named = get_named_type(field.type)
    parts = []
    for argument_name, argument in field.args.items():
        value = _argument(argument_name, argument, kg, named.name)
        if value is None:
            if is_non_null_type(argument.type):
                return None  # an argument this walk cannot fill: leave the field out
            continue
        given = value.map(lambda v, n=argument_name: f"{n}: {v}")
        parts.append(given if is_non_null_type(argument.type) else st.one_of(st.just(""), given))
    arguments = st.tuples(*parts).map(lambda a: f"({', '.join(x for x in a if x)})".replace("()", ""))
    if isinstance(named, GraphQLUnionType):
        below: Any = st.just("{ __typename }")
    elif isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        if level >= MAX_LEVEL:
            return None
        below = _selection(named, kg, level + 1).map(lambda inner: "{ " + inner + " }")
    else:
        below = st.just("")
    return st.tuples(arguments, below).map(lambda ab: (name, f"{name}{ab[0]} {ab[1]}".strip()))


def _selection(parent: Any, kg: KnowledgeGraph, level: int) -> st.SearchStrategy[str]:
    key = (parent.name, level)
    if key not in _SELECTIONS:
        walks = [_field(name, field, kg, level) for name, field in parent.fields.items()]
        fields = [walk for walk in walks if walk is not None]
        _SELECTIONS[key] = st.lists(
            st.one_of(fields), min_size=1, max_size=4, unique_by=lambda pair: pair[0]
        ).map(lambda pairs: " ".join(text for _, text in pairs))
    return _SELECTIONS[key]


def traversals(kg: KnowledgeGraph) -> st.SearchStrategy[str]:
    """Queries that walk the schema from the root with real ids and names and small pages."""
    return _selection(GRAPHQL_SCHEMA.query_type, kg, 1).map(lambda inner: "{ " + inner + " }")


def test_traversals_give_the_same_answer(both: tuple[TestClient, TestClient], kg: KnowledgeGraph) -> None:
    answered: list[bool] = []

    @given(query=traversals(kg))
    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    def one(query: str) -> None:
        answer = assert_same(both, {"query": query})
        assert "INTERNAL_ERROR" not in [error[1] for error in answer["errors"]], (query, answer)
        answered.append(answer["errors"] == [])

    one()
    # The point of this walk is answers with data: most of them must have no error at all.
    assert sum(answered) > len(answered) / 2, f"{sum(answered)} of {len(answered)} answered without error"


def test_a_timeout_is_a_timeout_on_both_paths(kg: KnowledgeGraph) -> None:
    # A time limit no query of this size keeps; where it stops differs by design (see the module doc).
    query = "{ events(limit: 100) { title people { name events(limit: 40) { title date { display } } } } }"
    for fast_path in (True, False):
        with _client(kg, fast_path, time_limit_ms=1, max_cost=1_000_000) as client:
            body = client.post("/graphql", json={"query": query}).json()
        assert body.get("data", "absent") is None, (fast_path, body)
        assert [error["extensions"]["code"] for error in body["errors"]] == ["QUERY_TIMEOUT"], fast_path


@pytest.mark.parametrize(
    ("query", "code"),
    [
        # 1,200 tokens, well-formed: stopped by the limit (1000).
        pytest.param("{ " + "categories { name } " * 300 + "}", "TOO_MANY_TOKENS", id="long"),
        # A mistake at token 5 of a long document: the mistake is what the client must fix.
        pytest.param(
            "{ categories { name ) } " + "categories { name } " * 300 + "}",
            "GRAPHQL_PARSE_FAILED",
            id="early-mistake",
        ),
        # A mistake past the limit is never reached.
        pytest.param("{ " + "categories { name } " * 300 + ") }", "TOO_MANY_TOKENS", id="late-mistake"),
        # Comments count as tokens, as graphql-core counts them.
        pytest.param("{ categories { name } }" + "\n# a comment" * 1200, "TOO_MANY_TOKENS", id="comments"),
    ],
)
def test_the_token_limit_is_told_apart_from_a_mistake(
    both: tuple[TestClient, TestClient], query: str, code: str
) -> None:
    answer = assert_same(both, {"query": query})
    assert [error[1] for error in answer["errors"]] == [code], answer


def test_the_setting_is_read_from_the_environment() -> None:
    assert Settings.from_env({}).fast_path is True
    assert Settings.from_env({"CLIO_FAST_PATH": "0"}).fast_path is False


def test_the_stock_path_never_imports_the_internals() -> None:
    """With the fast path off, a release that moved Strawberry's internals cannot stop the app."""
    code = (
        "import sys\n"
        "from clio.app import create_app\n"
        "from clio.settings import Settings\n"
        "create_app(Settings.from_env({'CLIO_FAST_PATH': '0'}))\n"
        "assert 'clio.upstream' not in sys.modules, 'clio.upstream was imported'\n"
        "create_app(Settings.from_env({}))\n"
        "assert 'clio.upstream' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=120)


@pytest.mark.parametrize(("query", "operation"), DOCUMENTED[:6])
def test_documented_queries_over_get_give_the_same_answer(
    both: tuple[TestClient, TestClient], query: str, operation: str | None
) -> None:
    fast, stock = both
    params = {"query": query, **({"operationName": operation} if operation else {})}
    expected = outcome(stock.get("/graphql", params=params))
    assert outcome(fast.get("/graphql", params=params)) == expected
    assert expected["errors"] == [], expected


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("{ __schema { types { name } } }", id="introspection"),
        pytest.param('{ person(id: "person:joseph-stalin") { nam } }', id="suggestion"),
        pytest.param('{ person(id: "person:joseph-stalin") { name } }', id="plain"),
        pytest.param("{ events(orderBy: DATE_AS) { title } }", id="enum-literal"),
        pytest.param('{ events(filter: { txt: "war" }) { title } }', id="input-field-literal"),
        # Variables are coerced when execution starts: hidden there too, not only in validation.
        pytest.param(
            ("query($o: EventOrderBy) { events(orderBy: $o, limit: 1) { title } }", {"o": "DATE_AS"}),
            id="enum-variable",
        ),
        pytest.param(
            ("query($f: EventFilter) { events(filter: $f, limit: 1) { title } }", {"f": {"txt": "w"}}),
            id="input-field-variable",
        ),
        pytest.param(
            ("query($o: EventOrderBy) { events(orderBy: $o, limit: 2) { title } }", {"o": "DATE_DESC"}),
            id="good-variable",
        ),
    ],
)
@pytest.mark.parametrize("document_cache_size", ["256", "0"], ids=["validation-cached", "uncached"])
def test_the_production_profile_answers_alike(
    kg: KnowledgeGraph, query: str | tuple[str, dict[str, Any]], document_cache_size: str
) -> None:
    text, variables = query if isinstance(query, tuple) else (query, {})
    environment = {
        "CLIO_PROFILE": "production",
        "CLIO_LOG_REQUESTS": "0",
        "CLIO_TIME_LIMIT_MS": "120000",
        "CLIO_DOCUMENT_CACHE_SIZE": document_cache_size,
    }
    answers = []
    for fast_path in ("1", "0"):
        settings = Settings.from_env(
            {**environment, "CLIO_FAST_PATH": fast_path, "CLIO_RESPONSE_CACHE_SIZE": "0"}
        )
        with TestClient(create_app(settings, kg)) as client:
            for _ in range(2):  # the second time, a document the fast path has seen pass
                answers.append(outcome(client.post("/graphql", json={"query": text, "variables": variables})))
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert "Did you mean" not in json.dumps(answers[0])


def test_a_release_without_the_internals_is_a_clear_error_and_the_stock_path_serves(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if an upgrade had removed what clio/upstream.py imports: importing it fails.
    monkeypatch.setitem(sys.modules, "clio.upstream", None)
    with pytest.raises(SettingsError, match="set CLIO_FAST_PATH=0"):
        create_app(Settings.from_env({}, log_requests=False), kg)
    with TestClient(create_app(Settings.from_env({"CLIO_FAST_PATH": "0"}, log_requests=False), kg)) as client:
        assert client.post("/graphql", json={"query": "{ categories { name } }"}).json()["data"]["categories"]


def test_the_schema_needs_no_rule_of_strawberrys_own() -> None:
    # With the hints hidden, the stock path validates with graphql-core's rules alone
    # (schema.suggestions): Strawberry adds two of its own, for `Maybe` arguments and one-of
    # inputs. A schema that starts using either needs them there too.
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "schema").rglob("*.py"))
    assert not re.search(r"\bMaybe\[|one_of\s*=\s*True", sources)
    assert "@oneOf" not in (REPO / "schema.graphql").read_text(encoding="utf-8")


# One document, asked again and again with other variables: after its first run the fast path
# reruns it from what it kept (`clio.upstream.PreparedRuns`), and each variable must still be
# checked as on a first run.
# Priced about 100 a page item: a page of 100 is over the default cap of 5,000.
PAGED = (
    "query($n: Int!, $name: String!) { person(name: $name) { name events(limit: $n) { title "
    "people { name events(limit: 3) { title } } } } }"
)
VARIABLE_REFUSED = "GRAPHQL_VALIDATION_FAILED"  # graphql-core's coercion, before execution
RERUNS = [
    pytest.param({"n": 2, "name": "Joseph Stalin"}, None, id="answered"),
    pytest.param({"n": 100, "name": "Joseph Stalin"}, "QUERY_TOO_COSTLY", id="page-too-costly"),
    pytest.param({"n": 2, "name": "Joseph\u0000Stalin"}, "INVALID_TEXT", id="control-character"),
    pytest.param({"n": "two", "name": "Joseph Stalin"}, VARIABLE_REFUSED, id="variable-of-wrong-type"),
    pytest.param({"n": 2}, VARIABLE_REFUSED, id="variable-missing"),
    pytest.param({"n": 2, "name": "Jose\u0301 Stalin"}, None, id="name-in-nfd"),
    pytest.param({"n": 1, "name": "Joseph Stalin"}, None, id="answered-again"),
]


@pytest.mark.parametrize(("variables", "code"), RERUNS)
def test_a_document_run_again_is_checked_again_for_its_variables(
    both: tuple[TestClient, TestClient], variables: dict[str, Any], code: str | None
) -> None:
    answer = assert_same(both, {"query": PAGED, "variables": variables})
    assert [error[1] for error in answer["errors"]] == ([code] if code else []), answer


def test_a_mutation_that_ran_over_post_is_still_refused_over_get(
    both: tuple[TestClient, TestClient],
) -> None:
    fast, _ = both
    mutation = 'mutation { deleteEvent(input: { id: "event:nope" }) { __typename } }'
    for _ in range(2):  # the second time, a document the fast path has seen pass
        assert "errors" in fast.post("/graphql", json={"query": mutation}).json()
    refused = fast.get("/graphql", params={"query": mutation})
    assert refused.status_code == 405
    assert refused.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
