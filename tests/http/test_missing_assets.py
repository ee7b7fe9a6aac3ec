"""GraphiQL and the explorer without their browser files say what fixes it where the server runs.

An installed wheel (`pip install .` before `make serve`) has no ``web/`` beside its package:
telling its user to run ``npm ci --prefix web`` and reload sends them to a directory that does
not exist. The page says instead that the package was built without the files, and how to
build it with them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clio.web

PAGES = [
    pytest.param("/graphql", "GraphiQL", id="graphiql"),
    pytest.param("/explore", "The explorer", id="explorer"),
]


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_an_installed_package_is_told_to_rebuild_not_to_fill_a_web_directory_it_lacks(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, path: str, title: str
) -> None:
    # Where an installed package looks: site-packages/web/node_modules, with no web/ at all.
    monkeypatch.setattr(clio.web, "NODE_MODULES", tmp_path / "site-packages" / "web" / "node_modules")
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert f"<h1>{title} cannot start: its browser packages are not installed</h1>" in response.text
    assert "in this installed package: it was built without them" in response.text
    assert "<code>pip install .</code>" in response.text
    assert "npm ci --prefix web" not in response.text


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_a_checkout_is_told_to_install_into_its_web_directory(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, path: str, title: str
) -> None:
    (tmp_path / "web").mkdir()
    monkeypatch.setattr(clio.web, "NODE_MODULES", tmp_path / "web" / "node_modules")
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert "npm ci --prefix web" in response.text
    assert "installed package" not in response.text
