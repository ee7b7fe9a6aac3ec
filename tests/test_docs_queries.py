"""Every GraphQL example in the README and the guides runs, over HTTP, on the bundled data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import REPO, graphql

DOCS = ["README.md", "docs/queries.md"]


def examples() -> list[pytest.ParameterSet]:
    found = []
    for doc in DOCS:
        text = (REPO / doc).read_text(encoding="utf-8")
        for block_number, block in enumerate(re.findall(r"```graphql\n(.*?)```", text, re.S), start=1):
            # A block may hold several queries, each after its own comment line.
            queries = [q.strip() for q in re.split(r"(?m)^#.*$", block) if q.strip()]
            for query_number, query in enumerate(queries, start=1):
                found.append(pytest.param(query, id=f"{doc}-{block_number}.{query_number}"))
    return found


@pytest.mark.parametrize("query", examples())
def test_documented_query_runs_without_errors(client: TestClient, query: str) -> None:
    body = graphql(client, query)
    assert "errors" not in body, body["errors"]
    assert body["data"] and all(value is not None for value in body["data"].values())
