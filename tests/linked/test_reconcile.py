"""/reconcile as a client sees it: candidates, evidence, match, preview, errors and shared limits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.deadline import Deadline, TimeLimitExceeded
from graph.reconciliation import MATCH_MARGIN, MATCH_SCORE, reconcile_batch
from graph.store import KnowledgeGraph


def ask(client: TestClient, query: dict[str, Any]) -> list[dict[str, Any]]:
    answer = client.post("/reconcile", data={"queries": json.dumps({"q0": query})})
    assert answer.status_code == 200, answer.text
    result: list[dict[str, Any]] = answer.json()["q0"]["result"]
    return result


def refusal(client: TestClient, batch: object) -> str:
    answer = client.post("/reconcile", json=batch)
    assert answer.status_code == 400, answer.text
    message: str = answer.json()["errors"][0]["message"]
    return message


def test_stalin_reconciles_to_joseph_stalin(client: TestClient) -> None:
    first, *rest = ask(client, {"query": "Stalin"})
    assert first["id"] == "person:joseph-stalin"
    assert first["name"] == "Joseph Stalin"
    assert first["type"] == [{"id": "Person", "name": "Person"}]
    assert first["match"] is True
    assert first["description"].startswith("1878 – 1953")
    assert rest and not any(c["match"] for c in rest)


def test_georgia_answers_its_places_with_their_kinds_and_never_a_match(client: TestClient) -> None:
    found = ask(client, {"query": "Georgia", "limit": 5})
    described = {c["id"]: c["description"] for c in found}
    assert described["location:georgia-country"] == "country, since 1991"
    assert described["location:georgia-us-state"] == "state, in United States"
    assert described["location:democratic-republic-of-georgia"] == "historical-state, 1918 – 1921"
    assert "location:georgian-ssr" in described
    assert not any(c["match"] for c in found)


def test_match_needs_a_score_and_a_lead(client: TestClient) -> None:
    for query in ({"query": "Stalin"}, {"query": "Georgia"}, {"query": "Ford"}, {"query": "Tiflis"}):
        found = ask(client, query)
        lead = found[0]["score"] - (found[1]["score"] if len(found) > 1 else 0)
        assert found[0]["match"] is (found[0]["score"] >= MATCH_SCORE and lead >= MATCH_MARGIN)
        assert not any(c["match"] for c in found[1:])


def test_namesakes_are_told_apart_by_life_dates(client: TestClient) -> None:
    henry = ask(client, {"query": "Ford", "type": "Person", "properties": [{"pid": "birthDate", "v": 1863}]})
    gerald = ask(
        client, {"query": "Ford", "type": "Person", "properties": [{"pid": "deathDate", "v": "2006"}]}
    )
    assert (henry[0]["id"], henry[0]["match"]) == ("person:henry-ford", True)
    assert (gerald[0]["id"], gerald[0]["match"]) == ("person:gerald-ford", True)
    # Without a date the two are equals, and neither is claimed.
    both = ask(client, {"query": "Ford", "type": "Person"})
    assert {c["id"] for c in both[:2]} == {"person:henry-ford", "person:gerald-ford"}
    assert not any(c["match"] for c in both)


def test_features_show_the_evidence(client: TestClient) -> None:
    (henry, gerald, *_) = ask(
        client, {"query": "Ford", "type": "Person", "properties": [{"pid": "birthDate", "v": "1863"}]}
    )
    assert henry["features"] == [{"id": "name", "value": 100.0}, {"id": "birthDate", "value": 6.0}]
    assert gerald["features"] == [{"id": "name", "value": 100.0}, {"id": "birthDate", "value": -40.0}]


def test_a_place_tells_namesake_places_apart(client: TestClient) -> None:
    found = ask(
        client,
        {
            "query": "Georgia",
            "type": "Place",
            "properties": [{"pid": "containedInPlace", "v": "United States"}],
        },
    )
    assert (found[0]["id"], found[0]["match"]) == ("location:georgia-us-state", True)


def test_an_event_by_title_and_a_place_it_lay_in_then(client: TestClient) -> None:
    # Tbilisi lay in the Russian Empire in 1907: a place that held it at any date counts.
    found = ask(
        client,
        {
            "query": "Tiflis bank robbery",
            "type": "Event",
            "properties": [{"pid": "location", "v": "Georgia"}],
        },
    )
    assert (found[0]["id"], found[0]["match"]) == ("event:tiflis-bank-robbery", True)
    assert found[0]["features"][1] == {"id": "location", "value": 6.0}


def test_type_strict_all_of_two_types_has_no_candidate(client: TestClient) -> None:
    assert ask(client, {"query": "Stalin", "type": ["Person", "Place"], "type_strict": "all"}) == []


def test_type_strict_should_prefers_the_type_but_keeps_others(client: TestClient) -> None:
    found = ask(client, {"query": "Stalingrad", "type": "Event", "type_strict": "should", "limit": 10})
    kinds = {c["type"][0]["id"] for c in found}
    assert kinds >= {"Event", "Place"}
    volgograd = next(c for c in found if c["id"] == "location:volgograd")
    assert {"id": "otherType", "value": -10.0} in volgograd["features"]


def test_limit_caps_the_candidates(client: TestClient) -> None:
    assert len(ask(client, {"query": "Stalin", "limit": 2})) == 2
    assert len(ask(client, {"query": "Stalin", "limit": 2.0})) == 2  # JSON's 2.0 is 2


@pytest.mark.parametrize(
    ("batch", "says"),
    [
        ({f"q{i}": {"query": "Stalin"} for i in range(11)}, "at most 10 queries"),
        ({}, "the query batch is empty"),
        ([{"query": "Stalin"}], "a query batch is a JSON object"),
        ({"q0": "Stalin"}, "a query is a JSON object"),
        ({"q0": {"query": "Stalin", "limit": 0}}, "limit must be a whole number from 1 to 25, got 0"),
        ({"q0": {"query": "Stalin", "limit": 26}}, "from 1 to 25, got 26"),
        ({"q0": {"query": "Stalin", "limit": 2.5}}, "got 2.5"),
        ({"q0": {"query": "Stalin", "limit": True}}, "got True"),
        ({"q0": {"query": "Stalin", "limit": "3"}}, "got '3'"),
        (
            {"q0": {"query": "Stalin", "type": "Human"}},
            "unknown type 'Human'; this service knows Person, Event, Place",
        ),
        ({"q0": {"query": "Stalin", "type": 3}}, '"type" must be a type id'),
        ({"q0": {"query": "Stalin", "type_strict": "some"}}, "type_strict must be one of any, should, all"),
        (
            {"q0": {"query": "Stalin", "properties": [{"pid": "born", "v": "1878"}]}},
            "unknown property 'born'",
        ),
        (
            {"q0": {"query": "Stalin", "type": "Place", "properties": [{"pid": "birthDate", "v": "1878"}]}},
            "property 'birthDate' weighs Person candidates, but the query asks for Place",
        ),
        ({"q0": {"query": "Stalin", "properties": [{"pid": "birthDate"}]}}, 'exactly "pid" and "v"'),
        (
            {"q0": {"query": "Stalin", "properties": [{"pid": "birthDate", "v": True}]}},
            "'birthDate' takes a year",
        ),
        ({"q0": {"query": "Stalin", "properties": [{"pid": "birthDate", "v": []}]}}, "needs 1 to 10 values"),
        ({"q0": {"query": "Stalin", "properties": [{"pid": "birthDate", "v": "soon"}]}}, "got 'soon'"),
        (
            {"q0": {"query": "Stalin", "properties": [{"pid": "startDate", "v": 99999999}]}},
            "'startDate' takes a year",
        ),
        ({"q0": {"query": "Stalin", "props": []}}, "unknown field 'props'"),
        ({"q0": {"properties": [{"pid": "birthDate", "v": "1878"}]}}, "finds candidates by name"),
        ({"q0": {"query": ""}}, '"query" is empty'),
        ({"q0": {"query": 5}}, '"query" must be a string'),
        ({"q0": {"query": "x" * 301}}, '"query" may be at most 300 characters, got 301'),
    ],
)
def test_a_bad_batch_is_a_400_that_says_what_to_fix(client: TestClient, batch: object, says: str) -> None:
    assert says in refusal(client, batch)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"q0": {"query"', "application/json", 400, "MALFORMED_JSON"),
        (b"queries=%7B%22q0%22", "application/x-www-form-urlencoded", 400, "MALFORMED_JSON"),
        (b"query=Stalin", "application/x-www-form-urlencoded", 400, "BAD_REQUEST"),
        (b"queries=\xff\xfe", "application/x-www-form-urlencoded", 400, "BAD_REQUEST"),
        (b"Stalin", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"[" * 5000, "application/json", 400, "JSON_TOO_DEEP"),
        (b'{"q0": {"query": "' + b"x" * 200_000 + b'"}}', "application/json", 413, "BODY_TOO_LARGE"),
    ],
)
def test_a_body_that_cannot_be_read_is_refused_clearly(
    client: TestClient, body: bytes, content_type: str, status: int, code: str
) -> None:
    answer = client.post("/reconcile", content=body, headers={"content-type": content_type})
    assert answer.status_code == status
    assert answer.json()["errors"][0]["extensions"]["code"] == code


def test_preview_is_a_small_card_that_escapes_and_loads_nothing(client: TestClient) -> None:
    answer = client.get("/reconcile/preview", params={"id": "location:georgia-us-state"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert ">Georgia</a>" in answer.text and "state, in United States" in answer.text
    assert 'href="http://testserver/places/' in answer.text
    missing = client.get("/reconcile/preview", params={"id": "<script>alert(1)</script>"})
    assert missing.status_code == 404
    assert "<script>" not in missing.text and "&lt;script&gt;" in missing.text


@pytest.mark.parametrize(
    ("path", "params", "says"),
    [
        ("/reconcile/suggest/entity", {}, "prefix is required"),
        ("/reconcile/suggest/entity", {"prefix": "a", "type": "Human"}, "unknown type 'Human'"),
        ("/reconcile/suggest/entity", {"prefix": "a", "cursor": "-1"}, "cursor must be a whole number"),
        ("/reconcile/suggest/entity", {"prefix": "a", "cursor": "9" * 5000}, "cursor must be a whole number"),
        ("/reconcile/suggest/entity", {"prefix": "a" * 301}, "at most 300 characters"),
        ("/reconcile/suggest/property", {"prefix": "", "type": "Thing"}, "unknown type 'Thing'"),
        ("/reconcile/preview", {}, "id is required"),
    ],
)
def test_bad_suggest_and_preview_parameters_are_400s(
    client: TestClient, path: str, params: dict[str, str], says: str
) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 400
    assert says in answer.json()["errors"][0]["message"]


def test_suggest_pages_with_cursor(client: TestClient) -> None:
    first = client.get("/reconcile/suggest/entity", params={"prefix": "stal"}).json()["result"]
    second = client.get("/reconcile/suggest/entity", params={"prefix": "stal", "cursor": "2"}).json()[
        "result"
    ]
    assert [s["id"] for s in first[2:]] == [s["id"] for s in second[: len(first) - 2]]


def test_reconcile_shares_the_per_client_rate_limit_with_graphql(kg: KnowledgeGraph) -> None:
    settings = Settings.from_env({}, client_rate_per_second=1, client_burst=2)
    with TestClient(create_app(settings, kg)) as limited:
        statuses = [
            limited.get("/reconcile/suggest/type", params={"prefix": ""}).status_code for _ in range(3)
        ]
        assert statuses[:2] == [200, 200]
        assert statuses[2] == 429
        assert limited.post("/graphql", json={"query": "{ __typename }"}).status_code == 429


def test_a_request_past_the_time_limit_is_a_503_with_retry_after(kg: KnowledgeGraph) -> None:
    # A full batch of untyped names weighs hundreds of candidates: tens of milliseconds, not one.
    settings = Settings.from_env({}, time_limit_ms=1)
    batch = {f"q{i}": {"query": name} for i, name in enumerate(["Stalin", "Georgia", "Ford", "Mexico"] * 2)}
    with TestClient(create_app(settings, kg)) as hurried:
        answer = hurried.post("/reconcile", data={"queries": json.dumps(batch)})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "30"
    assert answer.json()["errors"][0]["extensions"]["code"] == "QUERY_TIMEOUT"


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/reconcile", {}),
        ("GET", "/reconcile", {"queries": '{"q0": {"query": "Stalin"}}'}),
        ("GET", "/reconcile", {"queries": "{"}),
        ("GET", "/reconcile/suggest/entity", {"prefix": "stal"}),
        ("GET", "/reconcile/suggest/type", {"prefix": ""}),
        ("GET", "/reconcile/suggest/property", {"prefix": ""}),
        ("GET", "/reconcile/preview", {"id": "person:joseph-stalin"}),
        ("GET", "/reconcile/preview", {"id": "person:nobody"}),
    ],
)
def test_a_browser_page_may_read_every_answer(
    client: TestClient, method: str, path: str, params: dict[str, str]
) -> None:
    # OpenRefine reads the manifest, suggestions and previews from its page, by CORS.
    answer = client.request(method, path, params=params, headers={"Origin": "http://127.0.0.1:3333"})
    assert answer.headers["access-control-allow-origin"] == "*"


def test_the_deadline_stops_the_scoring(kg: KnowledgeGraph) -> None:
    with pytest.raises(TimeLimitExceeded):
        reconcile_batch(kg, {"q0": {"query": "Stalin"}}, Deadline(0))


def test_the_notebook_calls_the_same_logic(kg: KnowledgeGraph, client: TestClient) -> None:
    batch = {"q0": {"query": "Alvaro Obregon"}, "q1": {"query": "Georgia"}}
    assert reconcile_batch(kg, batch) == client.post("/reconcile", json=batch).json()
