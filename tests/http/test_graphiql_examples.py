"""GraphiQL as a newcomer meets it: readable on a phone, a way back to the site, example queries that run."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from clio.web import CANONICAL_QUERY, graphiql_examples

EXAMPLES = graphiql_examples()


def _page(client: TestClient) -> BeautifulSoup:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_graphiql_has_a_viewport_and_a_way_back(client: TestClient) -> None:
    page = _page(client)
    viewport = page.find("meta", attrs={"name": "viewport"})
    assert viewport is not None and "width=device-width" in str(viewport.get("content"))
    links = {str(a.get("href")) for a in page.select("nav a")}
    assert {"/", "/explore"} <= links
    assert client.get("/", follow_redirects=True).status_code == 200


def test_graphiql_carries_every_example_after_the_canonical_query(client: TestClient) -> None:
    page = _page(client)
    carried = json.loads(page.find("script", id="clio-examples").string or "")  # type: ignore[union-attr]
    assert carried == EXAMPLES and len(EXAMPLES) >= 3
    assert CANONICAL_QUERY not in carried  # the first tab already holds it


@pytest.mark.parametrize("query", EXAMPLES, ids=[q.splitlines()[0][2:40] for q in EXAMPLES])
def test_each_example_query_runs_and_finds_something(client: TestClient, query: str) -> None:
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    (answer,) = body["data"].values()
    assert answer, "an example that finds nothing teaches nothing"
