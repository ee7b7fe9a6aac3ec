"""The first request builds nothing: every index, and the types the limits read, exist before it.

A fresh app's first request once rebuilt the schema from its printed SDL for the limits
(40 ms of CPU, `schema.limits.guard.types_of`); here every builder that could run on first
use is watched while one request of each kind is sent, and none may run.

Before that first request, the app warms the query machinery (`clio.warmup`): the fields
graphql-core executes and the documents it validates are watched while the app is built,
and no resolver of ours may run.
"""

from __future__ import annotations

import _abc
from abc import ABCMeta
from pathlib import Path
from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from fastapi.testclient import TestClient
from graphql.execution.executor import Executor

from clio.app import create_app
from clio.first_use import ASKED
from clio.persisted import AllowList, sha256_of
from clio.settings import BUNDLED_DATA, Settings
from graph.loader import load_graph
from graph.models import Kind
from graph.store import KnowledgeGraph
from schema import suggestions
from schema.limits import guard
from tests.conftest import REPO


def test_no_request_builds_an_index_or_the_limits_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kg = load_graph(BUNDLED_DATA)
    app = create_app(Settings.from_env({"CLIO_STATE_DIR": str(tmp_path)}), kg)
    built: list[str] = []
    memo = KnowledgeGraph.memo

    def watched(self: KnowledgeGraph, name: str, build: Any) -> Any:
        if name not in self._memo:
            built.append(name)
        return memo(self, name, build)

    build_types = guard.build_graphql_schema

    def rebuilt(sdl: str) -> Any:
        built.append("the limits' types")
        return build_types(sdl)

    monkeypatch.setattr(KnowledgeGraph, "memo", watched)
    monkeypatch.setattr(guard, "build_graphql_schema", rebuilt)
    person = max(kg.ids(Kind.PERSON), key=lambda p: len(kg.event_ids_of(p)))
    other = kg.ids(Kind.PERSON)[0]
    documents = [
        '{ search(text: "stal", first: 10) { id } }',
        f'{{ eventsConnection(first: 10, filter: {{ text: "of the", people: ["{person}"] }}) '
        "{ totalCount } }",
        '{ facets(filter: { categories: ["category:politics-government"] }) { total } }',
        "{ timeline(groupBy: DECADE) { label count } }",
        "{ ranking(kind: PERSON, by: PAGERANK, first: 10) { id } }",
        f'{{ neighborhood(id: "{person}", depth: 2, limit: 50) {{ nodes {{ id }} }} }}',
        f'{{ connection(from: "{person}", to: "{other}", maxHops: 4, first: 1) {{ length }} }}',
        "{ onThisDay(month: 8, day: 4, limit: 5) { id } }",
    ]
    with TestClient(app) as client:
        for document in documents:
            response = client.post("/graphql", json={"query": document})
            assert response.status_code == 200, response.text
            assert "errors" not in response.json(), response.text
    assert built == []
    # The watch can fail: a graph nothing was built for builds on first use.
    fresh = load_graph(BUNDLED_DATA)
    fresh.memo("postings", lambda kg: 0)
    assert built == ["postings"]


def watch_fields(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every field graphql-core executes from now on, the root's first."""
    executed: list[str] = []
    execute_field = Executor.execute_field

    def watched(self: Executor[Any], parent_type: Any, source: Any, details: Any, *rest: Any) -> Any:
        executed.append(details[0].node.name.value)
        return execute_field(self, parent_type, source, details, *rest)

    monkeypatch.setattr(Executor, "execute_field", watched)
    return executed


def watch_validation(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every document graphql-core validates from now on (either validation path)."""
    validated: list[str] = []

    def watching(validate: Any) -> Any:
        def watched(schema: Any, document: Any, *rest: Any, **options: Any) -> Any:
            validated.append(document.loc.source.body)
            return validate(schema, document, *rest, **options)

        return watched

    monkeypatch.setattr(strawberry_schema, "validate", watching(strawberry_schema.validate))
    monkeypatch.setattr(suggestions, "validate", watching(suggestions.validate))
    return validated


@pytest.mark.parametrize("fast_path", [True, False], ids=["fast-path", "stock-path"])
def test_start_up_runs_no_resolver_and_validates_the_allow_list_before_the_first_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_path: bool
) -> None:
    kg = load_graph(BUNDLED_DATA)
    executed, validated = watch_fields(monkeypatch), watch_validation(monkeypatch)
    settings = Settings.from_env({"CLIO_STATE_DIR": str(tmp_path)}, fast_path=fast_path)
    app = create_app(settings, kg)
    # Only the root's own name: graphql-core answers it without a resolver of ours.
    assert executed == ["__typename"]
    canonical = (REPO / "persisted" / "canonical.graphql").read_text()
    assert canonical in validated
    assert app.state.warm_up.validated == tuple(AllowList.read(REPO / "persisted").documents.values())
    executed.clear()
    validated.clear()
    with TestClient(app) as client:
        by_hash = {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(canonical)}}
        response = client.post(
            "/graphql", json={"extensions": by_hash, "variables": {"name": "Joseph Stalin"}}
        )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["person"]["name"] == "Joseph Stalin"
    # The first request by hash executes (the watch can fail); the fast path, which keeps each
    # text's validation, does not validate it again (the stock path validates every request).
    assert executed[0] == "person"
    assert validated == ([] if fast_path else [canonical])


#: Allow-list documents the warm-up must not send: without variables, each would run resolvers.
WOULD_RUN = {
    "no-variables.graphql": "{ onThisDay(month: 8, day: 4, limit: 5) { id } }",
    "a-default.graphql": 'query Who($name: String! = "Joseph Stalin") { person(name: $name) { name } }',
    "nullable.graphql": "query Who($name: String) { person(name: $name) { name } }",
    "two-operations.graphql": (
        "query A($name: String!) { person(name: $name) { name } } "
        "query B { onThisDay(month: 8, day: 4) { id } }"
    ),
    "mutation.graphql": 'mutation M($id: ID!) { deleteEvent(id: $id, reason: "x") { id } }',
    "not-graphql.graphql": "{ onThisDay(month: 8",
}


def test_an_allow_list_document_that_would_run_a_resolver_is_left_to_its_first_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    persisted = tmp_path / "persisted"
    persisted.mkdir()
    for name, text in WOULD_RUN.items():
        (persisted / name).write_text(text)
    needs = "query Who($name: String!) { person(name: $name) { name } }"
    (persisted / "needs-a-variable.graphql").write_text(needs)
    executed = watch_fields(monkeypatch)
    settings = Settings.from_env(
        {"CLIO_STATE_DIR": str(tmp_path / "state"), "CLIO_PERSISTED_DIR": str(persisted)}
    )
    app = create_app(settings, load_graph(BUNDLED_DATA))
    assert executed == ["__typename"]
    assert app.state.warm_up.validated == (needs,)
    assert sorted(app.state.warm_up.skipped) == sorted(WOULD_RUN.values())


@pytest.mark.parametrize("fast_path", [True, False], ids=["fast-path", "stock-path"])
def test_the_shortest_time_limit_does_not_stop_the_warm_up(tmp_path: Path, fast_path: bool) -> None:
    # A request's first parse and validation alone take longer than 1 ms; the warm-up, which
    # runs no resolver, is held to no time limit, so the server starts and answers.
    settings = Settings.from_env({"CLIO_STATE_DIR": str(tmp_path)}, fast_path=fast_path, time_limit_ms=1)
    app = create_app(settings, load_graph(BUNDLED_DATA))
    assert len(app.state.warm_up.validated) == len(AllowList.read(REPO / "persisted").documents)
    with TestClient(app) as client:
        assert client.get("/health").json()["ready"] is True


#: The packages whose classes a query's execution meets: the builtins and the query path.
SERVED = frozenset({"builtins", "graph", "schema", "clio", "graphql", "strawberry"})


def _answered(asked: ABCMeta) -> set[type]:
    """The classes ``asked`` has cached an answer for, yes or no (`abc._get_dump`)."""
    _, cache, negative, _ = _abc._get_dump(asked)  # type: ignore[attr-defined]
    return {ref() for ref in (*cache, *negative)} - {None}


def test_the_first_search_and_on_this_day_ask_no_abc_check_the_start_up_could_answer(tmp_path: Path) -> None:
    # Each ABC caches its answer per class, for the whole process: forgotten here, so that
    # only this app's start-up (`clio.first_use`) can have answered them.
    for asked in ASKED:
        asked._abc_caches_clear()  # type: ignore[attr-defined]
    app = create_app(Settings.from_env({"CLIO_STATE_DIR": str(tmp_path)}), load_graph(BUNDLED_DATA))
    assert app.state.warm_up.first_use.resolvers > 50
    documents = [
        '{ search(text: "stal", first: 8) { id kind label detail } }',
        "{ onThisDay(month: 8, day: 4, limit: 12) { id title date { display year } category { name } } }",
    ]
    with TestClient(app) as client:
        before = {asked: _answered(asked) for asked in ASKED}
        for document in documents:
            response = client.post("/graphql", json={"query": document})
            assert response.status_code == 200, response.text
            assert response.json()["data"], response.text
    # Without the start-up's checks: the search index's `Counter` asks Mapping of a generator,
    # graphql-core's `is_iterable` asks Iterable and Mapping of a list. The test client's own
    # classes (anyio, httpx, asyncio) are no request's: a server's event loop has met them.
    asked_first = {
        (asked.__name__, cls.__name__)
        for asked in ASKED
        for cls in _answered(asked) - before[asked]
        if cls.__module__.partition(".")[0] in SERVED
    }
    assert asked_first == set()
