"""The time limit holds on every root field: its costliest query answers, or stops cleanly, in time.

A generated graph of 25,000 events is large enough for the text filters, facets,
timelines and far connections to run past a 100 ms limit; each answer must arrive
within the limit plus 100 ms, either whole or as a lone ``QUERY_TIMEOUT`` (``connection``
may also answer with the paths it found in time).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import build_schema

from bench.costly import costliest
from bench.generate import Manifest, generate
from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from tests.conftest import REPO

LIMIT_MS = 100
SLACK_S = 0.1  # what the issue allows past the limit
EVENTS = 25_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("generated")
    return out, generate(out, EVENTS)


@pytest.fixture(scope="module")
def limited(generated: tuple[Path, Manifest]) -> Iterator[TestClient]:
    settings = {
        "CLIO_TIME_LIMIT_MS": str(LIMIT_MS),
        "CLIO_LOG_REQUESTS": "0",
        "CLIO_RESPONSE_CACHE_SIZE": "0",
    }
    with TestClient(create_app(Settings.from_env(settings), load_graph(generated[0]))) as client:
        yield client


@pytest.fixture(scope="module")
def queries(generated: tuple[Path, Manifest], limited: TestClient) -> dict[str, str]:
    manifest = generated[1]
    # The hub's first event: its day is shared by many others.
    event = limited.app.state.kg.event_ids_of(manifest.hub.id)[0]  # type: ignore[attr-defined]
    return costliest(manifest.hub.id, manifest.median.id, event)


@pytest.fixture(scope="module")
def answers(limited: TestClient, queries: dict[str, str]) -> dict[str, tuple[float, dict[str, Any]]]:
    """Each root field's costliest query: seconds to the answer, and the answer.

    A query that overran is sent once more and the faster answer kept: on a machine other
    work starves, even a clean answer can come late once; a limit that does not hold comes
    late every time.
    """
    found = {}
    for field, query in queries.items():
        for _ in range(2):
            started = time.perf_counter()
            response = limited.post("/graphql", json={"query": query})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (field, response.text)
            if field not in found or elapsed < found[field][0]:
                found[field] = (elapsed, response.json())
            if elapsed <= LIMIT_MS / 1000 + SLACK_S:
                break
    return found


def test_every_root_field_has_its_costliest_query(queries: dict[str, str]) -> None:
    sdl = build_schema((REPO / "schema.graphql").read_text())
    assert sdl.query_type is not None
    assert set(queries) == set(sdl.query_type.fields)


@pytest.mark.parametrize("field", sorted(costliest("person:a", "person:b", "event:c")))
def test_the_costliest_query_answers_or_stops_within_the_limit(
    answers: dict[str, tuple[float, dict[str, Any]]], field: str
) -> None:
    elapsed, body = answers[field]
    assert elapsed <= LIMIT_MS / 1000 + SLACK_S, f"{field} answered after {elapsed * 1000:.0f} ms"
    if "errors" in body:
        # The executor's own stop has no path and no data; a resolver's (a graph walk that
        # checks the deadline, such as connection's search) has its field's path and a null field.
        [error] = body["errors"]
        assert body["data"] in (None, {field: None})
        assert error["message"] == (
            f"the query ran longer than the time limit of {LIMIT_MS} ms and was stopped; "
            "ask for smaller pages or fewer nested lists"
        )
        assert error["extensions"] == {"code": "QUERY_TIMEOUT", "limit": "timeLimitMs", "maximum": LIMIT_MS}
        assert error.get("path", [field]) == [field]
    else:
        assert field in body["data"]


def test_the_graph_is_large_enough_for_the_limit_to_bite(
    answers: dict[str, tuple[float, dict[str, Any]]],
) -> None:
    stopped = {field for field, (_, body) in answers.items() if "errors" in body}
    # Timelines and facets count from posting lists now (`graph.queries.counts`): their text
    # filter alone reads events, about 50 ms here, so they may answer whole within the limit.
    assert {"events", "eventsConnection"} <= stopped


def test_queries_that_wait_for_a_thread_still_answer_within_the_limit(
    limited: TestClient, queries: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    # One query thread and six costly queries at once: five wait, and the limit counts from
    # when each arrived. Judged as the issue judges it, by the server's own log of each
    # request's duration (the test client's threads add their own waiting on a busy machine).
    settings = {
        "CLIO_TIME_LIMIT_MS": str(LIMIT_MS),
        "CLIO_QUERY_THREADS": "1",
        "CLIO_LOG_REQUESTS": "1",
        "CLIO_RESPONSE_CACHE_SIZE": "0",
    }
    kg = limited.app.state.kg  # type: ignore[attr-defined]
    with TestClient(create_app(Settings.from_env(settings), kg)) as client:

        def send(query: str) -> dict[str, Any]:
            body: dict[str, Any] = client.post("/graphql", json={"query": query}).json()
            return body

        def burst() -> tuple[list[dict[str, Any]], list[float]]:
            caplog.clear()
            with caplog.at_level(logging.INFO, logger="clio.request"), ThreadPoolExecutor(6) as pool:
                bodies = list(pool.map(send, [queries["facets"]] * 5 + ["{ __typename }"]))
            logged = [r.request["duration_ms"] / 1000 for r in caplog.records if hasattr(r, "request")]
            return bodies, logged

        # Up to three bursts, as `answers` retries: a starved machine can be late now and then;
        # a limit counted from when a thread takes the query is late every time (about 500 ms).
        for _ in range(3):
            bodies, durations = burst()
            if max(durations) <= LIMIT_MS / 1000 + SLACK_S:
                break
    assert len(durations) == 6
    for body in bodies:
        # A facets query answers whole (about 50 ms alone) or, kept waiting too long, stops cleanly.
        assert "errors" not in body or [e["extensions"]["code"] for e in body["errors"]] == [
            "QUERY_TIMEOUT"
        ], body
    assert max(durations) <= LIMIT_MS / 1000 + SLACK_S, f"the server logged {max(durations) * 1000:.0f} ms"
