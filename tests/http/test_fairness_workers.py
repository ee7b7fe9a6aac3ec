"""Per-client limits hold across `clio serve --workers 2` with the production profile.

The kernel hands each connection to either worker. Counted per worker, a client got its
share from each (twice the burst, twice the requests in flight); counted in the table the
workers share, it gets its share of the server. Each test checks that both workers answered,
so it cannot pass on a server where one worker happened to take every connection.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.http.live import Server, clio_serve, raw_request, status_of

QUERY = b'{"query": "{ __typename }"}'
PRODUCTION = {"profile": "production", "workers": 2}
# The production profile's per-client limits (docs/settings.md).
MAX_CONCURRENT, RATE, BURST = 6, 20, 40


def _request(body: bytes = QUERY) -> bytes:
    return (
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
    )


def _worker(response: bytes) -> str:
    for line in response.partition(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"x-clio-worker":
            return value.strip().decode()
    raise AssertionError(f"no X-Clio-Worker in {response[:200]!r}")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with clio_serve(**PRODUCTION) as running:
        yield running


def _await_refill() -> None:
    time.sleep(BURST / RATE + 0.5)  # an empty bucket is full again


def test_a_client_gets_one_burst_from_the_server_not_one_per_worker(server: Server) -> None:
    _await_refill()
    started = time.monotonic()
    responses = [raw_request(server, _request()) for _ in range(2 * BURST)]
    elapsed = time.monotonic() - started
    statuses = [status_of(response) for response in responses]
    assert len({_worker(response) for response in responses}) == 2, "both workers answered"
    # The burst, plus what the bucket refilled while the requests were sent (and one for rounding).
    allowed = BURST + int(elapsed * RATE) + 1
    assert statuses.count(200) <= allowed, (statuses.count(200), allowed, elapsed)
    assert statuses.count(200) >= BURST
    assert set(statuses) == {200, 429}


def test_requests_in_flight_are_capped_across_workers(server: Server) -> None:
    _await_refill()
    holders: list[socket.socket] = []
    try:
        # Each holds a request whose body is still arriving: in flight, on whichever worker.
        for _ in range(MAX_CONCURRENT):
            holder = server.connect()
            holder.sendall(_request()[:-5])
            holders.append(holder)
        time.sleep(0.5)  # every worker has read the heads it was given
        refusals = [raw_request(server, _request()) for _ in range(12)]
        assert [status_of(refused) for refused in refusals] == [429] * 12
        assert all(b"TOO_MANY_CONCURRENT_REQUESTS" in refused for refused in refusals)
        refusing = {_worker(refused) for refused in refusals}
        answers = []
        for holder in holders:
            holder.sendall(QUERY[-5:])
            answer = b""
            while chunk := holder.recv(65536):
                answer += chunk
            answers.append(answer)
    finally:
        for holder in holders:
            holder.close()
    assert [status_of(answer) for answer in answers] == [200] * MAX_CONCURRENT
    # The six held were spread over the workers, or refusals came from both: either way a
    # worker refused while holding fewer than six itself.
    holding = {_worker(answer) for answer in answers}
    assert len(holding | refusing) == 2, (holding, refusing)
    assert len(holding) == 2 or len(refusing) == 2
    assert status_of(raw_request(server, _request())) == 200  # the slots are given back


def _scrape(server: Server) -> tuple[str, dict[str, float]]:
    """Which worker answered ``/metrics``, and its samples by name and labels."""
    response = raw_request(server, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(response) == 200
    samples = {}
    for line in response.partition(b"\r\n\r\n")[2].decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return _worker(response), samples


def test_any_worker_answers_metrics_for_the_whole_server(server: Server) -> None:
    _await_refill()
    _, before = _scrape(server)
    sent: list[bytes] = []
    # The kernel, not Clio, picks the worker; past the burst the answers are 429s, still counted.
    while len({_worker(response) for response in sent}) < 2 and len(sent) < 4 * BURST:
        sent.append(raw_request(server, _request()))
    assert len({_worker(response) for response in sent}) == 2, "both workers answered the queries"
    answered = [status_of(response) for response in sent].count(200)
    # A request is counted just after its answer is sent: let the last one be counted.
    time.sleep(0.5)
    seen: dict[str, dict[str, float]] = {}
    for _ in range(200):  # until each worker has answered a scrape
        worker, samples = _scrape(server)
        seen[worker] = samples
        if len(seen) == 2:
            break
    assert len(seen) == 2, "both workers answered a scrape"
    counted = "clio_request_duration_seconds_count"
    ok = 'clio_requests_total{status="200"}'
    for worker, samples in seen.items():
        # /metrics itself is not counted: every scrape sees exactly the queries sent since.
        assert samples[counted] == before[counted] + len(sent), (worker, samples[counted], before[counted])
        assert samples[ok] == before.get(ok, 0) + answered, (worker, samples[ok], before.get(ok))
        assert samples['clio_request_duration_seconds_bucket{le="+Inf"}'] == samples[counted]
