"""The full import that ``make audit`` builds into ``build/audit``, served as a client would meet it.

Tests that read it skip, saying how to build it, where it is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph

FULL_IMPORT = Path(__file__).resolve().parents[1] / "build" / "audit"


def full_import_client() -> Iterator[TestClient]:
    """The real app over the full import (loading it takes about 15 s); a fixture's body."""
    if not (FULL_IMPORT / "events.jsonl").is_file():
        pytest.skip(
            f"the full import is not built at {FULL_IMPORT}: `make audit` builds it from ../shared/datasets"
        )
    with TestClient(create_app(Settings.from_env({}), load_graph(FULL_IMPORT))) as client:
        yield client
