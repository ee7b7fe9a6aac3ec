"""Clients over the real app, with the settings each attack needs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph

# A normal query and its answer from the bundled data: asked after every attack.
NORMAL_QUERY = '{ person(id: "person:joseph-stalin") { name } }'
NORMAL_ANSWER = {"data": {"person": {"name": "Joseph Stalin"}}}


def client_for(kg: KnowledgeGraph, **settings: Any) -> TestClient:
    settings.setdefault("log_requests", False)
    return TestClient(create_app(Settings.from_env({}, **settings), kg))


@pytest.fixture(scope="session")
def guarded(kg: KnowledgeGraph) -> Iterator[TestClient]:
    """The app with default limits, but a body limit large enough for a deep JSON body to be parsed."""
    with client_for(kg, max_body_bytes=1_000_000) as client:
        yield client


@pytest.fixture(scope="session")
def production(kg: KnowledgeGraph) -> Iterator[TestClient]:
    """The app as ``CLIO_PROFILE=production`` builds it."""
    with TestClient(
        create_app(Settings.from_env({"CLIO_PROFILE": "production", "CLIO_LOG_REQUESTS": "0"}), kg)
    ) as c:
        yield c


def assert_still_answers(client: TestClient) -> None:
    """The server answers a normal query correctly, and within a second."""
    started = time.perf_counter()
    response = client.post("/graphql", json={"query": NORMAL_QUERY})
    elapsed = time.perf_counter() - started
    assert response.json() == NORMAL_ANSWER
    assert elapsed < 1.0, f"a normal query took {elapsed:.2f} s right after the attack"
