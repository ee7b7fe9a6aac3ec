"""Hostile edits: any text in any field is applied or refused with a clear error, never a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from tests.conftest import TEST_DATA
from tests.state.conftest import UPDATE_EVENT, add_tokens

EXPECTED = {"BAD_USER_INPUT", "INVALID_TEXT", "INVALID_DATE", "CONFLICT"}
_state = Path(tempfile.mkdtemp(prefix="clio-hostile-"))
_tokens = add_tokens(_state)
_app = create_app(
    Settings.from_env({}, state_dir=_state, log_requests=False, time_limit_ms=30_000),
    load_graph(TEST_DATA / "tiny"),
)

texts = st.one_of(
    st.text(max_size=400), st.sampled_from(["", " ", "-0043-03-15", "1924-02-30", "\u0000", "x" * 5001])
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(["title", "date", "endDate", "category", "summary", "id"]),
    value=texts,
    version=st.one_of(st.none(), st.integers(min_value=-(2**31), max_value=2**31 - 1)),
)
def test_any_value_is_applied_or_refused_clearly(field: str, value: str, version: int | None) -> None:
    fields = {"id": "event:beirut-explosion", "reason": "fuzz", field: value, "expectedVersion": version}
    with TestClient(_app) as client:
        response = client.post(
            "/graphql",
            json={"query": UPDATE_EVENT, "variables": {"input": fields}},
            headers={"Authorization": f"Bearer {_tokens['admin']}"},
        )
    assert response.status_code in (200, 400), response.text
    body = response.json()
    if body.get("errors"):
        assert {e["extensions"]["code"] for e in body["errors"]} <= EXPECTED, body
    else:
        assert body["data"]["updateEvent"]["change"]["status"] == "APPLIED"


@given(change_id=st.text(max_size=30))
@settings(max_examples=30)
def test_any_change_id_is_refused_clearly_or_found(change_id: str) -> None:
    query = "mutation($id: ID!) { reviewChange(id: $id, approve: false) { change { id } } }"
    with TestClient(_app) as client:
        response = client.post(
            "/graphql",
            json={"query": query, "variables": {"id": change_id}},
            headers={"Authorization": f"Bearer {_tokens['reviewer']}"},
        )
    body = response.json()
    assert response.status_code in (200, 400), body
    assert {e["extensions"]["code"] for e in body["errors"]} <= EXPECTED, body
