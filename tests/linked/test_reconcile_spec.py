"""/reconcile against the W3C Entity Reconciliation API 0.2's own JSON Schemas (vendored, see its README).

Every answer the service gives is validated: the manifest, batch answers (form-encoded as
OpenRefine sends them, JSON, and GET), and the three suggest services. The spec's example
batches are checked both ways: the invalid ones are refused, the valid ones are read (and
answered, or refused only for naming a type or property this service does not have).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.reconciliation import BadBatch, read_batch
from tests.linked.reconciliation import assert_valid, cases, examples, validator

QUERY_BATCH = "reconciliation-query-batch"
RESULT_BATCH = "reconciliation-result-batch"


def test_manifest_is_valid_and_names_the_types_and_services(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    assert_valid("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "http://testserver/id/"
    assert [t["id"] for t in manifest["defaultTypes"]] == ["Person", "Event", "Place"]
    assert manifest["view"]["url"] == "http://testserver/id/{{id}}"
    assert manifest["preview"]["url"] == "http://testserver/reconcile/preview?id={{id}}"
    assert manifest["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"


def test_the_view_url_leads_to_the_records_page(client: TestClient) -> None:
    url = client.get("/reconcile").json()["view"]["url"].replace("{{id}}", "person:joseph-stalin")
    answer = client.get(url, headers={"Accept": "text/html"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("/people/joseph-stalin")


@pytest.mark.parametrize("case", cases("bundled"), ids=lambda c: f"{c['case']}: {c['query']['query']}")
def test_every_committed_case_is_a_valid_query_and_gets_a_valid_answer(
    client: TestClient, case: dict[str, object]
) -> None:
    batch = {"q0": case["query"]}
    assert_valid(QUERY_BATCH, batch)  # what the cases ask is what the spec allows
    answer = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert answer.status_code == 200, answer.text
    assert_valid(RESULT_BATCH, answer.json())


def test_a_full_batch_of_ten_is_answered_in_json_form_and_get_alike(client: TestClient) -> None:
    batch = {f"q{i}": c["query"] for i, c in enumerate(cases("bundled")[:10])}
    by_form = client.post("/reconcile", data={"queries": json.dumps(batch)})
    by_json = client.post("/reconcile", json=batch)
    by_get = client.get("/reconcile", params={"queries": json.dumps(batch)})
    assert by_form.status_code == by_json.status_code == by_get.status_code == 200
    assert_valid(RESULT_BATCH, by_form.json())
    assert by_form.json() == by_json.json() == by_get.json()
    assert list(by_form.json()) == list(batch)


@pytest.mark.parametrize(
    ("path", "params", "schema"),
    [
        ("/reconcile/suggest/entity", {"prefix": "stal"}, "suggest-entities-response"),
        ("/reconcile/suggest/entity", {"prefix": "geor", "type": "Place"}, "suggest-entities-response"),
        ("/reconcile/suggest/entity", {"prefix": "qqxzv"}, "suggest-entities-response"),
        ("/reconcile/suggest/type", {"prefix": "p"}, "suggest-types-response"),
        ("/reconcile/suggest/type", {"prefix": ""}, "suggest-types-response"),
        ("/reconcile/suggest/property", {"prefix": "date"}, "suggest-properties-response"),
        ("/reconcile/suggest/property", {"prefix": "", "type": "Place"}, "suggest-properties-response"),
    ],
)
def test_suggest_answers_are_valid(
    client: TestClient, path: str, params: dict[str, str], schema: str
) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 200
    assert_valid(schema, answer.json())


def test_suggest_finds_what_a_client_types(client: TestClient) -> None:
    people = client.get("/reconcile/suggest/entity", params={"prefix": "stal", "type": "Person"}).json()
    assert people["result"][0]["id"] == "person:joseph-stalin"
    assert people["result"][0]["notable"] == [{"id": "Person", "name": "Person"}]
    places = client.get("/reconcile/suggest/property", params={"prefix": "", "type": "Place"}).json()
    assert [p["id"] for p in places["result"]] == ["containedInPlace"]


@pytest.mark.parametrize("path", examples(QUERY_BATCH, valid=False), ids=lambda p: p.name)
def test_the_specs_invalid_batches_are_refused(client: TestClient, path: Path) -> None:
    batch = json.loads(path.read_text(encoding="utf-8"))
    assert not validator(QUERY_BATCH).is_valid(batch)  # the vendored schema says so too
    with pytest.raises(BadBatch):
        read_batch(batch)
    answer = client.post("/reconcile", json=batch)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


# Clio knows Person, Event and Place and their properties, not the GND's types in the
# spec's examples; a query without a name cannot be answered (candidates are found by name).
_WHY_REFUSED = ("unknown type 'DifferentiatedPerson'", "unknown property", "finds candidates by name")


@pytest.mark.parametrize("path", examples(QUERY_BATCH, valid=True), ids=lambda p: p.name)
def test_the_specs_valid_batches_are_answered_or_refused_only_for_what_clio_lacks(
    client: TestClient, path: Path
) -> None:
    batch = json.loads(path.read_text(encoding="utf-8"))
    assert validator(QUERY_BATCH).is_valid(batch)
    answer = client.post("/reconcile", data={"queries": json.dumps(batch)})
    if answer.status_code == 200:
        assert_valid(RESULT_BATCH, answer.json())
        assert list(answer.json()) == list(batch)
    else:
        assert answer.status_code == 400
        message = answer.json()["errors"][0]["message"]
        assert any(why in message for why in _WHY_REFUSED), message


def test_the_minimal_example_is_answered(client: TestClient) -> None:
    batch = json.loads((examples(QUERY_BATCH, valid=True)[1]).read_text(encoding="utf-8"))
    assert set(batch) == {"q1", "q2"}  # example-min.json
    answer = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert answer.status_code == 200
    assert answer.json() == {"q1": {"result": []}, "q2": {"result": []}}  # no such people here


@pytest.mark.parametrize("path", examples(RESULT_BATCH, valid=True) + examples(RESULT_BATCH, valid=False))
def test_the_vendored_result_schema_judges_the_specs_examples_as_the_spec_does(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert validator(RESULT_BATCH).is_valid(document) is (path.parent.name == "valid")
