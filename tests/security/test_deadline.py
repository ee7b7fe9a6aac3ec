"""The time limit holds on every root field: its costliest query answers, or stops cleanly, in time.

A generated graph of 25,000 events is large enough for the text filters, facets,
timelines and far connections to run past a 100 ms limit; each answer must arrive
within the limit plus 100 ms, either whole or as a lone ``QUERY_TIMEOUT`` (``connection``
may also answer with the paths it found in time).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
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
        assert body == {
            "data": None,
            "errors": [
                {
                    "message": f"the query ran longer than the time limit of {LIMIT_MS} ms and was stopped; "
                    "ask for smaller pages or fewer nested lists",
                    "extensions": {"code": "QUERY_TIMEOUT", "limit": "timeLimitMs", "maximum": LIMIT_MS},
                }
            ],
        }
    else:
        assert field in body["data"]


def test_the_graph_is_large_enough_for_the_limit_to_bite(
    answers: dict[str, tuple[float, dict[str, Any]]],
) -> None:
    stopped = {field for field, (_, body) in answers.items() if "errors" in body}
    assert {"timeline", "facets", "events", "eventsConnection"} <= stopped
