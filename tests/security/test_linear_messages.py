"""Error messages quote the client's own text; reading them must stay linear in its length."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    "value",
    [
        # 90 kB of spaces in a string where an Int goes: the message quotes all of it, and the
        # production profile strips "Did you mean" hints from every message.
        pytest.param('"' + " " * 90_000 + '"', id="spaces-in-a-string"),
        pytest.param('"' + "Did you mean " * 6_000 + '"', id="hint-words-without-question-mark"),
    ],
)
def test_a_long_value_in_an_error_message_is_answered_quickly(production: TestClient, value: str) -> None:
    query = f"{{ onThisDay(month: {value}, day: 1) {{ title }} }}"
    started = time.process_time()
    body = production.post("/graphql", json={"query": query}).json()
    spent = time.process_time() - started
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert body["errors"][0]["message"].startswith("Int cannot represent non-integer value")
    # The process's CPU, other tests' lingering threads included: a bound that tells linear
    # (tens of ms) from the quadratic reading this guards against (over 20 s for 40 kB).
    assert spent < 2.0, f"the error took {spent:.2f} s of CPU"


def test_hints_are_still_removed_in_production(production: TestClient) -> None:
    body = production.post(
        "/graphql", json={"query": '{ person(id: "person:joseph-stalin") { nme } }'}
    ).json()
    assert body["errors"][0]["message"] == "Cannot query field 'nme' on type 'Person'."
