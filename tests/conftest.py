"""Shared fixtures: the real bundled data, loaded once, and an HTTP client over the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from clio.app import create_app
from clio.settings import BUNDLED_DATA, Settings
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from tests.skip_reasons import pytest_runtest_makereport  # noqa: F401  (a hook: pytest finds it here)

# Properties are checked on example counts, not time: a loaded 2-core CI machine must not
# turn a slow example into a failure.
hypothesis_settings.register_profile("clio", deadline=None)
hypothesis_settings.load_profile("clio")

REPO = Path(__file__).resolve().parent.parent
TEST_DATA = REPO / "tests" / "data"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The bundled data set, through the real loader."""
    return load_graph(BUNDLED_DATA)


@pytest.fixture(scope="session")
def client(kg: KnowledgeGraph) -> Iterator[TestClient]:
    """An HTTP client over the real app serving the bundled data."""
    with TestClient(create_app(Settings.from_env({}), kg)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """``../shared/datasets`` beside the repository; tests that need it skip where it is absent."""
    path = SHARED / "datasets"
    if not path.is_dir():
        pytest.skip(f"the shared data sets are not at {path} (they live beside the repository, not in it)")
    return path


def graphql(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST a query as a browser or `gql` would, and return the decoded body."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body
