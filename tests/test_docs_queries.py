"""Every GraphQL example in the README and the guides runs, over HTTP, on the bundled data.

Each ```graphql block is sent exactly as written, the whole block as one document, as it
would be pasted into GraphiQL; a block of several operations names each one, and each is
run by its operation name.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from graphql import OperationDefinitionNode, parse

from tests.conftest import REPO

DOCS = ["README.md", "docs/queries.md"]


def examples() -> list[pytest.ParameterSet]:
    found = []
    for doc in DOCS:
        text = (REPO / doc).read_text(encoding="utf-8")
        for block_number, block in enumerate(re.findall(r"```graphql\n(.*?)```", text, re.S), start=1):
            operations = [d for d in parse(block).definitions if isinstance(d, OperationDefinitionNode)]
            names = [op.name.value if op.name else None for op in operations]
            if len(operations) > 1:
                # GraphiQL and the spec refuse a document of several operations unless each has a name.
                assert None not in names, f"{doc} block {block_number}: name every operation of a block"
            for name in names:
                found.append(pytest.param(block, name, id=f"{doc}-{block_number}-{name or 'query'}"))
    return found


@pytest.mark.parametrize(("document", "operation"), examples())
def test_documented_query_runs_without_errors(
    client: TestClient, document: str, operation: str | None
) -> None:
    response = client.post("/graphql", json={"query": document, "operationName": operation})
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    assert body["data"] and all(value is not None for value in body["data"].values())
