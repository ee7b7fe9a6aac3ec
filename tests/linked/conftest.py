"""A small real import with Wikidata rows in it, served by the real app: the linked-data tests' graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.importers.pipeline import SourceSpec, run_import
from graph.loader import load_graph
from graph.store import KnowledgeGraph

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made Wikidata rows and the pipeline's canonical data, imported as `clio import` does."""
    out = tmp_path_factory.mktemp("linked") / "graph"
    run_import(
        [
            SourceSpec("wikidata", (DATA / "wikidata" / "merge",)),
            SourceSpec("canonical", (DATA / "pipeline" / "data",)),
        ],
        out,
    )
    return out


@pytest.fixture(scope="session")
def linked_kg(imported: Path) -> KnowledgeGraph:
    return load_graph(imported)


@pytest.fixture(scope="session")
def linked_client(linked_kg: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env({}), linked_kg)) as test_client:
        yield test_client
