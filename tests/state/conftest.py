"""An app over the tiny data set with its own store of edits, and one token of each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from clio.state import open_store
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA
from tests.state.postgres import Cluster, cluster, why_not_available

UPDATE_EVENT = """
mutation($input: UpdateEventInput!) {
  updateEvent(input: $input) {
    clientMutationId dataVersion
    change { id status author target diff expectedVersion dataVersion }
    node { id ... on Event { title date { edtf } } }
  }
}
"""


def tiny_without(event_id: str, data: Path) -> Path:
    """The tiny data set written to ``data`` without one event: a re-import that lost it."""
    data.mkdir()
    for source in (TEST_DATA / "tiny").iterdir():
        lines = [line for line in source.read_text().splitlines() if event_id not in line]
        (data / source.name).write_text("\n".join(lines) + "\n")
    return data


@pytest.fixture(scope="session")
def tiny() -> KnowledgeGraph:
    return load_graph(TEST_DATA / "tiny")


@dataclass
class Editing:
    """A client of an app with edits, its store (a directory, or a PostgreSQL URL), a secret per role."""

    client: TestClient
    state_dir: Path
    tokens: dict[str, str]
    url: str = ""

    def post(
        self, query: str, variables: dict[str, Any] | None = None, role: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400), response.text
        body: dict[str, Any] = response.json()
        return body

    def update(self, role: str | None, **fields: Any) -> dict[str, Any]:
        fields.setdefault("reason", "checked against the source")
        return self.post(UPDATE_EVENT, {"input": fields}, role)


def add_tokens(state_dir: Path, url: str = "") -> dict[str, str]:
    store = open_store(url, state_dir)
    tokens = {role: f"secret-{role}" for role in ("editor", "reviewer", "admin")}
    tokens["editor2"] = "secret-editor2"
    with store.writing() as tx:
        for name, secret in tokens.items():
            tx.add_token(name, name.rstrip("2"), secret)
    store.close()
    return tokens


@pytest.fixture(scope="session")
def postgresql() -> Iterator[Cluster]:
    """One throw-away PostgreSQL server for the session; each test takes a fresh database of it."""
    reason = why_not_available()
    if reason:
        pytest.skip(f"PostgreSQL store tests: {reason}")
    with cluster() as running:
        yield running


def editing_on(tmp_path: Path, kg: KnowledgeGraph, url: str) -> Iterator[Editing]:
    tokens = add_tokens(tmp_path, url)
    # A generous time limit: these tests are about edits, and a loaded CI machine is slow.
    settings = Settings.from_env({}, state_dir=tmp_path, store=url, log_requests=False, time_limit_ms=30_000)
    app = create_app(settings, kg)
    with TestClient(app) as client:
        yield Editing(client, tmp_path, tokens, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def editing(request: pytest.FixtureRequest, tmp_path: Path, tiny: KnowledgeGraph) -> Iterator[Editing]:
    """Edits on each store: the same tests hold for SQLite and PostgreSQL."""
    url = request.getfixturevalue("postgresql").new_database() if request.param == "postgresql" else ""
    yield from editing_on(tmp_path, tiny, url)


def error_code(body: dict[str, Any]) -> str:
    code: str = body["errors"][0]["extensions"]["code"]
    return code
