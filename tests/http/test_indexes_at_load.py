"""Every index a query reads is built when the app is, never in a request."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import BUNDLED_DATA, Settings
from graph import days, slugs
from graph.indexes import BUILDERS
from graph.loader import load_graph
from graph.queries import neighborhood, paths, ranking, search, text_index
from graph.store import KnowledgeGraph
from tests.conftest import graphql

# (module, builder): the function that builds each index, counted wherever it runs.
BUILT_BY = [
    (search, "SearchIndex"),
    (text_index, "TextIndex"),
    (paths, "_hop_graph"),
    (neighborhood, "_degrees"),
    (ranking, "_pagerank"),
    (KnowledgeGraph, "_name_order"),
    (days, "_life_days"),
    (slugs, "assign"),
]

# One query per index, with arguments that no start-up step used.
FIRST_REQUESTS = [
    '{ search(text: "stalingrad", first: 5) { id } }',
    "{ ranking(kind: PERSON, by: PAGERANK, first: 3) { id } }",
    "{ ranking(kind: TAG, by: DEGREE, first: 3) { id } }",
    '{ connection(from: "person:joseph-stalin", to: "location:mexico", maxHops: 4) { length } }',
    '{ neighborhood(id: "person:joseph-stalin", depth: 2) { nodes { id } } }',
    '{ people(name: "obreg") { id } }',
    '{ tags(name: "war") { id } }',
    '{ eventsConnection(first: 3, filter: { text: "explosion" }) { totalCount } }',
    '{ search(text: "4 August 1924", first: 3) { id } }',
    '{ eventsConnection(first: 3, filter: { text: "pl", people: ["person:joseph-stalin"] }) { totalCount } }',
    '{ timeline(groupBy: DECADE, filter: { text: "treaty" }) { label count } }',
    "{ day(month: 3, day: 5) { births { id } deaths { id } } }",
]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each index builder ran (the real builders, counted)."""
    counted: Counter[str] = Counter()
    for module, name in BUILT_BY:
        real = getattr(module, name)

        def counting(*args: Any, real: Any = real, name: str = name) -> Any:
            counted[name] += 1
            return real(*args)

        monkeypatch.setattr(module, name, counting)
    return counted


def test_the_first_requests_build_nothing(builds: Counter[str]) -> None:
    kg = load_graph(BUNDLED_DATA)  # a fresh graph: nothing built yet
    assert not builds
    app = create_app(Settings.from_env({"CLIO_LOG_REQUESTS": "0"}), kg)
    at_load = dict(builds)
    assert at_load == {
        "SearchIndex": 1,
        "TextIndex": 1,
        "_hop_graph": 1,
        "_degrees": 1,
        "_pagerank": 1,
        "_name_order": 4,
        "_life_days": 1,
        "assign": 3,
    }
    with TestClient(app) as client:
        for query in FIRST_REQUESTS:
            body = graphql(client, query)
            assert "errors" not in body, (query, body)
        # A page finds its record by slug, with the table built at load.
        assert client.get("/people/joseph-stalin").status_code == 200
        assert dict(builds) == at_load


def test_health_says_ready_and_what_was_built(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["ready"] is True
    assert list(body["indexes"]) == list(BUILDERS)
    assert all(isinstance(seconds, float) and seconds >= 0 for seconds in body["indexes"].values())
