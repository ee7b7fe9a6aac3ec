"""The response cache: a key that names every input (the day included), and a bound in bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clio.cache import LARGEST_SHARE
from clio.settings import Settings
from graph.dates import HistoricalDate
from graph.store import KnowledgeGraph
from tests.security.conftest import client_for

EVENT = "event:establishment-of-mexico-soviet-diplomatic-relations"  # 1924-08-04


class Clock:
    """The one clock Clio reads (``HistoricalDate.today``), set by the test."""

    def __init__(self, today: HistoricalDate) -> None:
        self.today = today

    def __call__(self) -> HistoricalDate:
        return self.today


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(HistoricalDate(2025, 3, 15))
    monkeypatch.setattr(HistoricalDate, "today", clock)
    return clock


@pytest.fixture
def fresh(kg: KnowledgeGraph) -> Iterator[TestClient]:
    with client_for(kg) as client:
        yield client


def _how_long_ago(client: TestClient, as_of: str = "") -> str:
    argument = f'(asOf: "{as_of}")' if as_of else ""
    query = f'{{ event(id: "{EVENT}") {{ howLongAgo{argument} {{ display }} }} }}'
    display: str = client.post("/graphql", json={"query": query}).json()["data"]["event"]["howLongAgo"][
        "display"
    ]
    return display


def test_how_long_ago_without_as_of_counts_to_the_new_day_after_midnight(
    fresh: TestClient, clock: Clock
) -> None:
    assert _how_long_ago(fresh) == "100 years, 7 months, 11 days ago"
    clock.today = HistoricalDate(2025, 3, 16)
    # The same document after midnight: yesterday's cached answer must not be served.
    assert _how_long_ago(fresh) == "100 years, 7 months, 12 days ago"
    assert _how_long_ago(fresh) == _how_long_ago(fresh, as_of="2025-03-16")


def test_the_same_day_is_still_answered_from_the_cache(fresh: TestClient, clock: Clock) -> None:
    _how_long_ago(fresh)
    _how_long_ago(fresh)
    cache = fresh.app.state.response_cache  # type: ignore[attr-defined]
    assert (cache.hits, cache.misses) == (1, 1)


def _page(client: TestClient, offset: int) -> str:
    query = "query($o: Int) { events(limit: 100, offset: $o) { id title date { display } } }"
    response = client.post("/graphql", json={"query": query, "variables": {"o": offset}})
    assert len(response.json()["data"]["events"]) > 0
    return response.headers["x-request-id"]


def test_the_cache_holds_no_more_bytes_than_its_bound(kg: KnowledgeGraph) -> None:
    bound = 200_000
    with client_for(kg, response_cache_bytes=bound) as client:
        cache = client.app.state.response_cache  # type: ignore[attr-defined]
        for offset in range(0, 600, 20):
            _page(client, offset)
            assert cache.bytes <= bound
        # Every answer (about 10 kB) fits, but not all 30 together: the oldest went first.
        assert 0 < len(cache) < 30
        assert cache.bytes == sum(key.size() + len(value.answer) for key, value in cache._items.items())
        _page(client, 580)
        assert cache.hits == 1
        _page(client, 0)
        assert cache.hits == 1


def test_an_answer_larger_than_its_share_of_the_cache_is_not_kept(kg: KnowledgeGraph) -> None:
    with client_for(kg, response_cache_bytes=LARGEST_SHARE * 5_000, log_requests=True) as client:
        _page(client, 0)  # about 10 kB, more than an eighth of 40 kB
        assert len(client.app.state.response_cache) == 0  # type: ignore[attr-defined]


def test_the_byte_bound_is_a_setting() -> None:
    assert Settings.from_env({"CLIO_RESPONSE_CACHE_BYTES": "1_000_000"}).response_cache_bytes == 1_000_000
    assert Settings.from_env({"CLIO_RESPONSE_CACHE_BYTES": "0"}).response_cache_bytes == 0


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
def test_a_cached_answer_is_the_same_response_byte_for_byte(fresh: TestClient, accept: str) -> None:
    query = "{ events(limit: 5) { id title date { display } people { name } } }"
    first, again = (
        fresh.post("/graphql", json={"query": query}, headers={"accept": accept}) for _ in range(2)
    )
    assert fresh.app.state.response_cache.hits == 1  # type: ignore[attr-defined]
    assert (again.status_code, again.headers["content-type"], again.content) == (
        first.status_code,
        first.headers["content-type"],
        first.content,
    )


def test_an_answer_is_cached_under_the_version_of_the_graph_it_read(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A newer graph (an edit, or PageRank computed in the background) swapped in after a
    # request took its graph: its answer, read from the graph before, must not be kept
    # under the newer version, where every later request would be answered with it.
    import dataclasses

    from clio.fairness import client_of
    from graph.incremental import patch

    document = {"query": f'{{ event(id: "{EVENT}") {{ summary }} }}'}
    with client_for(kg) as client:
        live = client.app.state.live  # type: ignore[attr-defined]
        old = live.kg
        newer = patch(old, {EVENT: dataclasses.replace(old.record(EVENT), summary="Newer words.")})
        assert newer is not None
        newer.version = f"{old.version}.1"
        took_graph = client_of

        def swapping(*given: object) -> object:
            live.kg = newer  # once the request has read its graph
            monkeypatch.setattr("clio.app.client_of", took_graph)
            return took_graph(*given)  # type: ignore[arg-type]

        monkeypatch.setattr("clio.app.client_of", swapping)
        first = client.post("/graphql", json=document).json()
        assert first == {"data": {"event": {"summary": old.record(EVENT).summary}}}
        again = client.post("/graphql", json=document).json()
    assert again == {"data": {"event": {"summary": "Newer words."}}}
