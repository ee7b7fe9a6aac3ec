"""A small hand-made data set with dates before Christ, coarse dates and an organisation.

The bundled data has no events before Christ yet, so BCE ranges, BC decades and
centuries are tested here; the bundled data serves everything else.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA


@pytest.fixture(scope="session")
def ancient() -> KnowledgeGraph:
    """Caesar, Augustus, the Parthenon (5th century BC), and a few 1920s events in Rome."""
    return load_graph(TEST_DATA / "ancient")


@pytest.fixture(scope="session")
def ancient_client(ancient: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env({}), ancient)) as test_client:
        yield test_client
