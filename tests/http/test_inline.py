"""Cheap, bounded documents run on the event loop once priced; everything else in a thread."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph

CHEAP = "query($n: String!) { person(name: $n) { name born { display } } }"


def lanes(client: TestClient, caplog: pytest.LogCaptureFixture, query: str, times: int = 3) -> list[object]:
    """The lane each of ``times`` runs of ``query`` was logged in, and checks they agree."""
    caplog.clear()
    answers = []
    for n in range(times):
        # The response cache off: each run executes. Another name each time for a varied client.
        name = ["Joseph Stalin", "Vladimir Lenin", "Leon Trotsky"][n % 3]
        answers.append(client.post("/graphql", json={"query": query, "variables": {"n": name}}).json())
    logged = [r.request["lane"] for r in caplog.records if hasattr(r, "request")]  # type: ignore[attr-defined]
    assert all("errors" not in a for a in answers), answers
    return logged


@pytest.fixture
def client(kg: KnowledgeGraph) -> TestClient:
    return TestClient(create_app(Settings.from_env({}, response_cache_size=0), kg))


def test_a_cheap_bounded_document_runs_inline_from_its_second_run(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="clio.request")
    logged = lanes(client, caplog, CHEAP, times=4)
    # The first run prices it (a cold first run on a busy machine may also be slow enough to
    # make the second wait for the heavy lane); from then on it is cheap and bounded.
    assert logged[0] is None and logged[-2:] == ["inline", "inline"], logged


@pytest.mark.parametrize(
    "query",
    [
        # A page size given by a variable: the price may differ on the next run.
        "query($n: String!, $k: Int) { person(name: $n) { events(limit: $k) { title } } }",
        # Priced over 50: twenty events, each with its fields.
        "query($n: String!) { person(name: $n) { events { title date { display } } } }",
        # A field that walks a share of the graph, however cheap its price.
        "query($n: String!) { search(text: $n, first: 1) { id } }",
    ],
    ids=["variable-page-size", "priced-over-the-limit", "growing-field"],
)
def test_other_documents_always_take_a_thread(
    client: TestClient, caplog: pytest.LogCaptureFixture, query: str
) -> None:
    caplog.set_level("INFO", logger="clio.request")
    assert "inline" not in lanes(client, caplog, query)


def test_the_setting_at_zero_runs_nothing_inline(
    kg: KnowledgeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="clio.request")
    off = TestClient(create_app(Settings.from_env({}, response_cache_size=0, inline_max_cost=0), kg))
    assert "inline" not in lanes(off, caplog, CHEAP)


def test_inline_and_threaded_runs_answer_alike(client: TestClient) -> None:
    body = {"query": CHEAP, "variables": {"n": "Joseph Stalin"}}
    answers = [client.post("/graphql", json=body).json() for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["data"]["person"]["name"] == "Joseph Stalin"
