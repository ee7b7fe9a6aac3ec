"""Hostile batches against /reconcile: always a clear 4xx or a valid answer, never a 500, never slow.

Hypothesis builds batches a careless or hostile client might send (huge or fractional
limits, unknown types and properties, values of every JSON kind, too many queries, long
names, deep or broken JSON) in both of the forms the service reads. Each answer is a 200
that the spec's result schema accepts, or a 400/413/415 with a JSON error and a message;
each comes back within the server's time limit (plus a margin for a loaded machine).
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clio.settings import Settings
from tests.linked.reconciliation import validator

LIMIT_S = Settings.from_env({}).time_limit_ms / 1000 + 1.0
RESULT = validator("reconciliation-result-batch")

names = st.one_of(
    st.sampled_from(["Stalin", "Georgia", "Ford", "Álvaro Obregón", "Bloody Sunday", "", " ", "a", "st"]),
    st.text(max_size=40),
    st.text(alphabet="aeiou -'", min_size=100, max_size=400),  # long runs of one kind of word
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
values = st.one_of(
    json_scalars,
    st.fixed_dictionaries(
        {"id": st.sampled_from(["location:moscow", "location:nope", "person:joseph-stalin", ""])}
    ),
    st.lists(json_scalars, max_size=12),
)
properties = st.lists(
    st.fixed_dictionaries(
        {
            "pid": st.sampled_from(
                ["birthDate", "deathDate", "startDate", "location", "containedInPlace", "born", ""]
            ),
            "v": values,
        }
    ),
    max_size=11,
)
queries = st.fixed_dictionaries(
    {"query": names},
    optional={
        "type": st.one_of(
            st.sampled_from(["Person", "Event", "Place", "Human", ""]),
            st.lists(st.sampled_from(["Person", "Event", "Place", "Thing"]), max_size=4),
            json_scalars,
        ),
        "type_strict": st.sampled_from(["any", "should", "all", "none"]),
        "limit": st.one_of(
            st.integers(min_value=-5, max_value=10**18),
            st.floats(allow_nan=False),
            st.sampled_from([1, 5, 25, 26, 3.0, 2.5, "3", True]),
        ),
        "properties": properties,
    },
)
batches = st.one_of(
    st.dictionaries(st.text(max_size=8), queries, min_size=1, max_size=11),
    st.dictionaries(st.text(max_size=4), json_scalars, max_size=3),
    st.lists(queries, max_size=2),
    json_scalars,
)


def _judge(answer: Any, took: float) -> None:
    assert took < LIMIT_S, f"answered in {took:.2f} s"
    assert answer.status_code in (200, 400, 413, 415), answer.text[:300]
    body = answer.json()
    if answer.status_code == 200:
        assert RESULT.is_valid(body), body
    else:
        assert body["errors"][0]["message"]
        assert body["errors"][0]["extensions"]["code"] != "INTERNAL_ERROR"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=batches, form=st.booleans())
def test_any_batch_is_answered_or_refused_clearly(client: TestClient, batch: object, form: bool) -> None:
    started = time.perf_counter()
    if form:
        answer = client.post("/reconcile", data={"queries": json.dumps(batch)})
    else:
        answer = client.post(
            "/reconcile", content=json.dumps(batch), headers={"content-type": "application/json"}
        )
    _judge(answer, time.perf_counter() - started)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_are_answered_or_refused_clearly(client: TestClient, raw: bytes) -> None:
    started = time.perf_counter()
    for content_type in ("application/json", "application/x-www-form-urlencoded"):
        answer = client.post("/reconcile", content=raw, headers={"content-type": content_type})
        _judge(answer, time.perf_counter() - started)


def test_a_query_of_more_words_than_search_reads_is_refused(client: TestClient) -> None:
    # Search reads at most 32 words (`graph.queries.word_index.MAX_WORDS`): a 400 saying so, not a 500.
    batch = {"q0": {"query": " ".join(["Stalin"] * 40)}}
    answer = client.post(
        "/reconcile", content=json.dumps(batch), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400, answer.text[:300]
    assert "at most 32" in answer.text


def test_broken_and_oversized_bodies(client: TestClient) -> None:
    megabyte_name = json.dumps({"q0": {"query": "Stalin" * 200_000}}).encode()
    for body, content_type in [
        (b'{"q0": {"query": "Stalin"', "application/json"),  # unclosed
        (b'{"q0": {"query": "Stal' + b"\\" * 50_000, "application/json"),  # a run of backslashes
        (b"queries=" + b"%5B" * 20_000, "application/x-www-form-urlencoded"),  # deep once decoded
        (b"queries=" + b"x&" * 30_000, "application/x-www-form-urlencoded"),  # many fields
        (megabyte_name, "application/json"),
        (b"queries=" + megabyte_name, "application/x-www-form-urlencoded"),
    ]:
        started = time.perf_counter()
        answer = client.post("/reconcile", content=body, headers={"content-type": content_type})
        _judge(answer, time.perf_counter() - started)
        assert answer.status_code != 200


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.text(max_size=400), cursor=st.text(max_size=6), type_id=st.text(max_size=8))
def test_any_suggest_parameters_are_answered_or_refused_clearly(
    client: TestClient, prefix: str, cursor: str, type_id: str
) -> None:
    for path in ("/reconcile/suggest/entity", "/reconcile/suggest/type", "/reconcile/suggest/property"):
        started = time.perf_counter()
        answer = client.get(path, params={"prefix": prefix, "cursor": cursor, "type": type_id})
        assert time.perf_counter() - started < LIMIT_S
        assert answer.status_code in (200, 400), answer.text[:300]
        assert "result" in answer.json() or answer.json()["errors"][0]["message"]
    preview = client.get("/reconcile/preview", params={"id": prefix})
    assert preview.status_code in (200, 400, 404)
