"""A document that has passed every check once runs again without Strawberry's execution steps.

`clio.upstream.PreparedRuns` keeps it only while every extension of the schema is one it
knows to act before execution alone; an extension added to the limits and not to that list
switched it off without a failing test, and each request paid Strawberry's extension runner
again (about 0.13 ms of a one-field request's 0.26 ms below the middleware). Here
``Schema.execute_sync`` is watched over the app as served, with each setting that changes
the extensions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import strawberry
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph

DOCUMENT = "query($name: String!) { person(name: $name) { name } }"


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="defaults"),
        # Hints hidden and introspection off, as in production: two more extensions.
        pytest.param({"suggestions": False, "introspection": False}, id="production-extensions"),
    ],
)
def test_a_document_that_passed_is_run_again_without_strawberrys_execution(
    kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    settings = Settings.from_env({"CLIO_STATE_DIR": str(tmp_path)}, response_cache_size=0, **options)
    calls: list[str] = []
    execute_sync = strawberry.Schema.execute_sync

    def watched(self: strawberry.Schema, query: str | None, *args: Any, **kwargs: Any) -> Any:
        calls.append(query or "")
        return execute_sync(self, query, *args, **kwargs)

    with TestClient(create_app(settings, kg)) as client:
        monkeypatch.setattr(strawberry.Schema, "execute_sync", watched)
        answers = [
            client.post("/graphql", json={"query": DOCUMENT, "variables": {"name": name}}).json()
            for name in ("Joseph Stalin", "Winston Churchill", "Joseph Stalin")
        ]
    assert answers == [
        {"data": {"person": {"name": "Joseph Stalin"}}},
        {"data": {"person": {"name": "Winston Churchill"}}},
        {"data": {"person": {"name": "Joseph Stalin"}}},
    ]
    # The first run goes through Strawberry (the watch can see it); the reruns do not.
    assert calls == [DOCUMENT]


TWO_OPERATIONS = "query Day { onThisDay(month: 8, day: 4, limit: 1) { title } } query Kind { __typename }"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_several_operations_and_no_name_are_refused_the_same_every_time(
    kg: KnowledgeGraph, tmp_path: Path, method: str
) -> None:
    # Strawberry ran the first operation and kept the document; graphql-core alone then
    # refused the same request: one request, two answers. The spec says refuse it.
    settings = Settings.from_env({"CLIO_STATE_DIR": str(tmp_path)}, response_cache_size=0)

    def sent(client: TestClient, body: dict[str, Any]) -> Any:
        if method == "GET":
            return client.get("/graphql", params=body, headers={"accept": "application/json"})
        return client.post("/graphql", json=body)

    with TestClient(create_app(settings, kg)) as client:
        refused = [sent(client, {"query": TWO_OPERATIONS}).json() for _ in range(3)]
        named = [sent(client, {"query": TWO_OPERATIONS, "operationName": "Kind"}).json() for _ in range(2)]
    message = 'This document holds 2 operations (Day, Kind): send "operationName" to say which one to run.'
    refusal = {"message": message, "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}
    assert refused == [{"errors": [refusal]}] * 3
    assert named == [{"data": {"__typename": "Query"}}] * 2
