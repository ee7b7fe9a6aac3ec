"""Costly queries wait for the heavy lane; cheap ones never wait behind them (a real `clio serve`).

A generated graph of 25,000 events makes the costliest ``eventsConnection`` (a text filter
ranked by relevance over every event) take long enough (over the lane's CPU threshold) that
three of them in a lane of one run one after another; the costliest ``connection``, which
this test used before, now takes about 5 ms on the arrays it walks (`graph.adjacency`), too
little to be heavy; a ``{ __typename }`` sent after them must be answered before the last of them.
The server's own log says which requests went through the lane.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bench.costly import costliest
from bench.generate import Manifest, generate
from tests.http.live import Server, clio_serve

EVENTS = 25_000


def _post(server: Server, query: str) -> tuple[dict[str, Any], float]:
    """The answer, and when it arrived (``time.monotonic()``)."""
    request = urllib.request.Request(
        f"{server.url}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer, time.monotonic()


def _lanes_logged(server: Server, count: int) -> list[str | None]:
    """The lane of each /graphql request the server logged, once it has logged ``count`` of them.

    A request's line is written after its answer is sent, so the client may read first.
    """
    for _ in range(500):
        lines = [json.loads(line) for line in server.stderr().splitlines() if line.startswith("{")]
        requests = [line.get("request", line) for line in lines]
        lanes = [r.get("lane") for r in requests if "duration_ms" in r and r["path"] == "/graphql"]
        if len(lanes) >= count:
            return lanes
        time.sleep(0.02)
    raise AssertionError(f"the server logged {len(lanes)} GraphQL requests, not {count}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("generated")
    return out, generate(out, EVENTS)


@pytest.fixture(scope="module")
def server(generated: tuple[Path, Manifest]) -> Iterator[Server]:
    # A long time limit, so the third query in the lane finishes rather than times out waiting.
    with clio_serve(
        data_dir=generated[0],
        log_requests=1,
        response_cache_size=0,
        time_limit_ms=60_000,
        heavy_lane=1,
        heavy_cpu_ms=50,
    ) as running:
        yield running


def _lane(server: Server) -> tuple[float, float]:
    """Heavy queries waiting for the lane and running in it, by the worker's /metrics."""
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=10) as response:
        text = response.read().decode()
    values = dict(line.split() for line in text.splitlines() if line.startswith("clio_heavy_"))
    return float(values["clio_heavy_waiting"]), float(values["clio_heavy_running"])


def test_a_cheap_query_is_answered_while_heavy_ones_wait_their_turn(
    server: Server, generated: tuple[Path, Manifest]
) -> None:
    manifest = generated[1]
    costly = costliest(manifest.hub.id, manifest.median.id, "")["eventsConnection"]
    learning = len(_lanes_logged(server, 0))
    first, _ = _post(server, costly)  # its first run shows the worker that it is heavy
    assert "errors" not in first, first
    assert _lanes_logged(server, learning + 1)[learning] is None
    assert _lane(server) == (0, 0)
    # A lane of one: once two have arrived, one runs and one waits. The first may finish
    # before the second arrives (a busy machine, a faster search); that round proves nothing
    # either way, so it is run again (at most five rounds; without the lane none ever waits).
    for _ in range(5):
        already = len(_lanes_logged(server, 0))
        with ThreadPoolExecutor(3) as pool:
            heavy = [pool.submit(_post, server, costly) for _ in range(3)]
            while _lane(server)[0] < 1 and not any(f.done() for f in heavy):
                time.sleep(0.01)
            if any(f.done() for f in heavy):
                [f.result() for f in heavy]
                continue
            # Sent while a heavy query waits: the log's order below shows it did not queue.
            cheap, _ = _post(server, "{ __typename }")
            answers = [f.result()[0] for f in heavy]
        break
    else:
        pytest.fail("in five rounds, a heavy query finished before a second one had arrived")
    assert cheap == {"data": {"__typename": "Query"}}
    assert all("errors" not in answer for answer in answers), answers
    assert _lane(server) == (0, 0)
    lanes = _lanes_logged(server, already + 4)[already:]
    # In the order they finished: the cheap one before the last heavy one.
    # The cheap one ran in a thread, or on the event loop once known cheap (clio.inline).
    assert lanes.count("heavy") == 3
    assert [lane for lane in lanes if lane != "heavy"] in ([None], ["inline"])
    assert lanes[-1] == "heavy"


def test_cheap_documents_never_enter_the_lane(server: Server) -> None:
    already = len(_lanes_logged(server, 0))
    for _ in range(3):
        answer, _ = _post(server, "{ events(limit: 3) { id } }")
        assert len(answer["data"]["events"]) == 3
    # Straight to a thread, or (once priced cheap, clio.inline) on the event loop: never the lane.
    assert "heavy" not in _lanes_logged(server, already + 3)[already:]
