"""The floor process answers what Clio's GraphQL answers, to the very same request bodies."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import orjson
import pytest
from fastapi.testclient import TestClient

from bench.http import fetch, free_port, running
from bench.traversal import CANONICAL_DOCUMENT, ONE_FIELD_DOCUMENT
from bench.wire import healthy
from clio.settings import BUNDLED_DATA


@pytest.fixture(scope="module")
def floor_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """``python -m bench.floor`` over the bundled data, as the benchmark starts it."""
    port = free_port()
    command = [sys.executable, "-m", "bench.floor", str(BUNDLED_DATA), str(port)]
    log = tmp_path_factory.mktemp("floor") / "floor.log"
    with running(command, port, log, healthy, name="the floor", timeout=60):
        yield port


@pytest.mark.parametrize(
    ("path", "document"),
    [
        ("/canonical", CANONICAL_DOCUMENT),  # the traversal every ratio is about
        ("/one-field", ONE_FIELD_DOCUMENT),  # the smallest useful request
    ],
    ids=["canonical", "one-field"],
)
@pytest.mark.parametrize("name", ["Joseph Stalin", "Nobody At All"], ids=["known", "unknown"])
def test_floor_process_answers_the_graphql_body_as_graphql_does(
    client: TestClient, floor_port: int, path: str, document: str, name: str
) -> None:
    body = {"query": document, "variables": {"name": name}}
    expected = client.post("/graphql", json=body).json()
    assert "errors" not in expected
    assert fetch(floor_port, path, orjson.dumps(body)) == expected
