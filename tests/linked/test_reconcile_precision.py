"""Top-1 precision of /reconcile on the committed cases (`tests/data/reconciliation`), over HTTP.

A case with an expected id is right when the first candidate has it; a case expecting none
is right when no candidate claims ``match: true``. The rate is printed (``pytest -s``) and
must be at least 90%, on the bundled data and on the full import (``build/audit``, built by
``make audit``; skipped with the reason where it is absent).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.full_import import full_import_client
from tests.linked.reconciliation import cases

TARGET = 0.90
BATCH = 10


def answers(client: TestClient, queries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Each query's candidates, asked in batches of ten, form-encoded, as OpenRefine asks."""
    found: list[list[dict[str, Any]]] = []
    for start in range(0, len(queries), BATCH):
        batch = {f"q{i}": q for i, q in enumerate(queries[start : start + BATCH])}
        answer = client.post("/reconcile", data={"queries": json.dumps(batch)})
        assert answer.status_code == 200, answer.text
        found += [answer.json()[key]["result"] for key in batch]
    return found


def is_right(case: dict[str, Any], candidates: list[dict[str, Any]]) -> bool:
    if case["expect"] is None:
        return not any(c["match"] for c in candidates)
    return bool(candidates) and candidates[0]["id"] == case["expect"]


def precision(client: TestClient, all_cases: list[dict[str, Any]], label: str) -> float:
    results = answers(client, [c["query"] for c in all_cases])
    wrong = [
        f"{c['case']} ({c['query']['query']!r}): expected {c['expect']}, got "
        + str([(r["id"], r["score"], r["match"]) for r in found[:3]])
        for c, found in zip(all_cases, results, strict=True)
        if not is_right(c, found)
    ]
    rate = 1 - len(wrong) / len(all_cases)
    right = len(all_cases) - len(wrong)
    print(f"\nreconciliation top-1 precision on {label}: {rate:.1%} ({right}/{len(all_cases)})")
    for line in wrong:
        print("  wrong:", line)
    return rate


def test_there_are_at_least_fifty_cases() -> None:
    assert len(cases("bundled")) >= 50


def test_top1_precision_on_the_bundled_data(client: TestClient) -> None:
    assert precision(client, cases("bundled"), "the bundled data") >= TARGET


@pytest.fixture(scope="module")
def full() -> Iterator[TestClient]:
    yield from full_import_client()


def test_top1_precision_on_the_full_import(full: TestClient) -> None:
    assert precision(full, cases("bundled") + cases("full"), "the full import") >= TARGET


def test_stalin_is_joseph_stalin_on_the_full_import(full: TestClient) -> None:
    (found,) = answers(full, [{"query": "Stalin"}])
    assert found[0]["id"] == "person:joseph-stalin"
    assert found[0]["match"] is True
    assert not any(c["match"] for c in found[1:])


def test_georgia_is_never_a_match_on_the_full_import(full: TestClient) -> None:
    (found,) = answers(full, [{"query": "Georgia", "type": "Place"}])
    assert {"location:georgia-country", "location:georgia-us-state"} <= {c["id"] for c in found[:3]}
    assert not any(c["match"] for c in found)
