"""Every GraphQL example of docs/linked-data.md gives the answer printed after it."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import REPO, graphql

DOC = REPO / "docs" / "linked-data.md"
PAIRS = re.findall(r"```graphql\n(.*?)```\s*```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_guide_has_its_examples() -> None:
    assert len(PAIRS) == 4


@pytest.mark.parametrize(("query", "answer"), PAIRS, ids=[f"example-{i}" for i in range(1, len(PAIRS) + 1)])
def test_documented_answer(client: TestClient, query: str, answer: str) -> None:
    assert graphql(client, query) == json.loads(answer)
