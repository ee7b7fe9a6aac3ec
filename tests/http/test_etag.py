"""ETag, Cache-Control and 304 on GET /graphql, through the real app; a fake clock crosses midnight."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph

EVENT = "event:establishment-of-mexico-soviet-diplomatic-relations"  # 1924-08-04
TITLE = "query Title($id: ID!) { event(id: $id) { title } }"
AGO = "query Ago($id: ID!) { event(id: $id) { howLongAgo { display } } }"
PINNED = 'query Pinned($id: ID!) { event(id: $id) { howLongAgo(asOf: "2025-01-01") { display } } }'
# With asOf as a variable, null means today: the day still counts.
BY_VARIABLE = "query ByVar($id: ID!, $d: String) { event(id: $id) { howLongAgo(asOf: $d) { display } } }"


class FakeNow:
    """``datetime.now(tz)`` at a moment the test sets (UTC inside, any timezone out)."""

    def __init__(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def __call__(self, tz: datetime.tzinfo | None) -> datetime.datetime:
        return self.moment.astimezone(tz)


@pytest.fixture
def now() -> FakeNow:
    # 22:58 UTC is 23:58 in Paris (winter): two minutes to midnight where the server is.
    return FakeNow(datetime.datetime(2025, 3, 15, 22, 58, tzinfo=datetime.UTC))


@pytest.fixture(params=[True, False], ids=["fast-path", "stock-path"])
def client(request: pytest.FixtureRequest, kg: KnowledgeGraph, now: FakeNow) -> Iterator[TestClient]:
    settings = Settings.from_env(
        {},
        fast_path=request.param,
        timezone="Europe/Paris",
        cache_control="public, max-age=30",
        log_requests=False,
    )
    with TestClient(create_app(settings, kg, now=now)) as test_client:
        yield test_client


def get(client: TestClient, query: str, etag: str | None = None, **variables: Any) -> Response:
    headers = {"If-None-Match": etag} if etag else {}
    params = {"query": query, "variables": json.dumps({"id": EVENT, **variables})}
    return client.get("/graphql", params=params, headers=headers)


def test_a_clean_answer_carries_a_weak_etag_and_the_cache_control_setting(client: TestClient) -> None:
    response = get(client, TITLE)
    assert response.status_code == 200 and "errors" not in response.json()
    assert response.headers["etag"].startswith('W/"')
    assert response.headers["cache-control"] == "public, max-age=30"
    assert "Accept" in response.headers["vary"]


def test_a_matching_if_none_match_is_answered_304_without_a_body(client: TestClient) -> None:
    etag = get(client, TITLE).headers["etag"]
    again = get(client, TITLE, etag)
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    # A list of validators, one of them current, also matches; a stale one does not.
    assert get(client, TITLE, f'W/"stale", {etag}').status_code == 304
    assert get(client, TITLE, 'W/"stale"').status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"id": "event:apollo-11-moon-landing"},  # another variable value
        {"unused": 1},  # another variable at all
    ],
    ids=["variable-value", "extra-variable"],
)
def test_the_etag_names_the_variables(client: TestClient, change: dict[str, Any]) -> None:
    assert get(client, TITLE).headers["etag"] != get(client, TITLE, **change).headers.get("etag")


def test_the_etag_ignores_the_order_of_the_variables(client: TestClient) -> None:
    one = client.get("/graphql", params={"query": TITLE, "variables": json.dumps({"id": EVENT, "x": 1})})
    two = client.get("/graphql", params={"query": TITLE, "variables": json.dumps({"x": 1, "id": EVENT})})
    assert one.headers["etag"] == two.headers["etag"]


def test_the_etag_names_the_media_type_asked_for(client: TestClient) -> None:
    plain = get(client, TITLE).headers["etag"]
    spec = client.get(
        "/graphql",
        params={"query": TITLE, "variables": json.dumps({"id": EVENT})},
        headers={"Accept": "application/graphql-response+json"},
    )
    # The fast path answers this Accept with another media type (and status), so another ETag.
    assert spec.headers["etag"] != plain


def test_answers_with_errors_and_posts_carry_no_etag(client: TestClient) -> None:
    failed = get(client, "{ event(id: 3) { title } }")
    assert "errors" in failed.json() and "etag" not in failed.headers
    posted = client.post("/graphql", json={"query": TITLE, "variables": {"id": EVENT}})
    assert "errors" not in posted.json() and "etag" not in posted.headers


def test_crossing_midnight_changes_the_etag_of_a_document_that_reads_today(
    client: TestClient, now: FakeNow
) -> None:
    before = get(client, AGO)
    etags = {query: get(client, query).headers["etag"] for query in (TITLE, PINNED, BY_VARIABLE)}
    assert get(client, AGO, before.headers["etag"]).status_code == 304
    now.moment += datetime.timedelta(minutes=4)  # 00:02 in Paris, still 23:02 in UTC
    after = get(client, AGO, before.headers["etag"])
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert before.json()["data"]["event"]["howLongAgo"]["display"] == "100 years, 7 months, 11 days ago"
    assert after.json()["data"]["event"]["howLongAgo"]["display"] == "100 years, 7 months, 12 days ago"
    # A document that does not read today, or pins its date, keeps its ETag across midnight.
    assert get(client, TITLE, etags[TITLE]).status_code == 304
    assert get(client, PINNED, etags[PINNED]).status_code == 304
    assert get(client, BY_VARIABLE, etags[BY_VARIABLE]).status_code == 200


def test_the_etag_is_the_same_in_every_process_and_changes_with_the_data_version(
    kg: KnowledgeGraph, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    etag = get(client, TITLE).headers["etag"]
    # Another app over the same data (another worker, a restart) gives the same validator.
    with TestClient(create_app(Settings.from_env({}, log_requests=False), kg)) as same:
        assert get(same, TITLE, etag).status_code == 304
    monkeypatch.setattr(kg, "version", "a reloaded graph")
    with TestClient(create_app(Settings.from_env({}, log_requests=False), kg)) as reloaded:
        answer = get(reloaded, TITLE, etag)
        assert answer.status_code == 200 and answer.headers["etag"] != etag
