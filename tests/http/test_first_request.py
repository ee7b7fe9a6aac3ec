"""The first request builds nothing: every index, and the types the limits read, exist before it.

A fresh app's first request once rebuilt the schema from its printed SDL for the limits
(40 ms of CPU, `schema.limits.guard.types_of`); here every builder that could run on first
use is watched while one request of each kind is sent, and none may run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import BUNDLED_DATA, Settings
from graph.loader import load_graph
from graph.models import Kind
from graph.store import KnowledgeGraph
from schema.limits import guard


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
