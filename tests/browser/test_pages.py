"""The pages' HTTP side, without a browser: what is served, and what happens without npm."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

import clio.web
from clio.web import CANONICAL_QUERY, VENDOR_FILES


def test_graphiql_page_loads_only_our_own_scripts(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "unpkg" not in response.text and "cdn" not in response.text.lower()
    # Addressed by its content's hash, so a browser may keep it for good (clio.web.with_versions).
    assert re.search(r'<script src="/vendor/graphiql\.js\?v=[0-9a-f]{16}"></script>', response.text)
    embedded = response.text.split('id="clio-default-query">', 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded) == CANONICAL_QUERY


@pytest.mark.parametrize("name", sorted(VENDOR_FILES), ids=sorted(VENDOR_FILES))
def test_each_vendor_file_is_served(client: TestClient, name: str) -> None:
    response = client.get(f"/vendor/{name}")
    assert response.status_code == 200
    assert len(response.content) > 1000


@pytest.mark.parametrize(
    "path",
    [
        # Only the listed builds are served, never the rest of node_modules.
        "/vendor/package.json",
        "/vendor/..%2Fpackage.json",
        "/vendor/graphiql",
    ],
    ids=["unlisted", "traversal", "package-dir"],
)
def test_unlisted_files_are_not_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "title", "names"),
    [
        ("/graphql", "GraphiQL", "react.js, react-dom.js, graphiql.js, graphiql.css"),
        ("/explore", "The explorer", "cytoscape.js"),
    ],
    ids=["graphiql", "explorer"],
)
def test_pages_say_how_to_install_missing_packages(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, title: str, names: str
) -> None:
    """Without web/node_modules the server still answers, and each page says what to run."""
    monkeypatch.setattr(clio.web, "NODE_MODULES", clio.web.NODE_MODULES / "nowhere")
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert f"<h1>{title} cannot start: its browser packages are not installed</h1>" in response.text
    assert f"found no <code>{names}</code>" in response.text
    assert "npm ci --prefix web" in response.text
    # GraphQL itself is unaffected.
    assert client.post("/graphql", json={"query": "{ __typename }"}).json() == {
        "data": {"__typename": "Query"}
    }
