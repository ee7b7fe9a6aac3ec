"""Every GraphQL example of docs/linked-data.md gives the answer printed after it, and so does its
reconciliation batch, posted form-encoded to ``/reconcile`` as OpenRefine posts it."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import REPO, graphql

DOC = REPO / "docs" / "linked-data.md"
PAIRS = re.findall(r"```graphql\n(.*?)```\s*```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
BATCHES = re.findall(r"```reconcile\n(.*?)```\s*```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_guide_has_its_examples() -> None:
    assert len(PAIRS) == 4


@pytest.mark.parametrize(("query", "answer"), PAIRS, ids=[f"example-{i}" for i in range(1, len(PAIRS) + 1)])
def test_documented_answer(client: TestClient, query: str, answer: str) -> None:
    assert graphql(client, query) == json.loads(answer)


def test_the_guide_has_its_reconciliation_example() -> None:
    assert len(BATCHES) == 1


@pytest.mark.parametrize(("batch", "answer"), BATCHES, ids=[f"batch-{i}" for i in range(1, len(BATCHES) + 1)])
def test_documented_reconciliation(client: TestClient, batch: str, answer: str) -> None:
    posted = client.post("/reconcile", data={"queries": json.dumps(json.loads(batch))})
    assert posted.status_code == 200
    assert posted.json() == json.loads(answer)
