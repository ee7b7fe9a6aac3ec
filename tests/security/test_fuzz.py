"""Schemathesis writes queries from the schema and sends them to the real app: none may give a 5xx or hang."""

from __future__ import annotations

import time

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 200
# Above the app's time limit (5 s), so a hang shows as a failure here, not as a slow suite.
SLOWEST_ANSWER_S = 8.0


def test_generated_queries_never_fail_the_server(guarded: TestClient) -> None:
    schema = schemathesis.graphql.from_asgi("/graphql", guarded.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10, "the schema should offer every root field to the fuzzer"
    cases = st.one_of([operation.as_strategy() for operation in operations])
    seen: list[int] = []

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def one_case(case: schemathesis.Case) -> None:
        started = time.perf_counter()
        response = case.call()
        elapsed = time.perf_counter() - started
        seen.append(response.status_code)
        assert response.status_code < 500, (case.body, response.text)
        assert elapsed < SLOWEST_ANSWER_S, (case.body, elapsed)
        body = response.json()
        for error in body.get("errors", ()):
            assert error["extensions"]["code"] != "INTERNAL_ERROR", (case.body, error)

    one_case()
    assert len(seen) >= EXAMPLES // 2, f"only {len(seen)} queries were sent"
