"""A small real import with Wikidata rows in it, served by the real app: the linked-data tests' graph."""

from __future__ import annotations

import json
import shutil
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
ZELA_IMAGE = "http://commons.wikimedia.org/wiki/Special:FilePath/Pontus%20Zela%20map.png"


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made Wikidata rows and the pipeline's canonical data, imported as `clio import` does."""
    root = tmp_path_factory.mktemp("linked")
    rows = root / "wikidata"
    shutil.copytree(DATA / "wikidata" / "merge", rows)
    # The Battle of Zela's row as Wikidata gives it, with its image (P18) on Commons.
    events = json.loads((rows / "historic_events.json").read_text(encoding="utf-8"))
    for row in events:
        if row["event"].endswith("/Q2464364"):
            row["image"] = ZELA_IMAGE
    (rows / "historic_events.json").write_text(json.dumps(events), encoding="utf-8")
    out = root / "graph"
    run_import(
        [
            SourceSpec("wikidata", (rows,)),
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
