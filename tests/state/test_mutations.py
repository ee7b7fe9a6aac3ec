"""Mutations over HTTP: checked input, review, conflicts, retries, and who may do what."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.edits import plain
from graph.loader import load_graph
from graph.models import Kind
from graph.store import KnowledgeGraph
from tests.state.conftest import Editing, error_code, tiny_without

EVENT = "event:beirut-explosion"


def test_a_reviewers_update_applies_at_once_and_is_read_back(editing: Editing) -> None:
    body = editing.update("reviewer", id=EVENT, title="Beirut port explosion", expectedVersion=0)
    payload = body["data"]["updateEvent"]
    assert payload["change"]["status"] == "APPLIED"
    assert payload["change"]["diff"] == {
        "title": ["Massive Explosion at Beirut Port Kills Hundreds", "Beirut port explosion"]
    }
    assert payload["node"]["title"] == "Beirut port explosion"
    assert payload["dataVersion"] == payload["change"]["dataVersion"] == 1
    read = editing.post(
        '{ event(id: "event:beirut-explosion") { title sources { name record } } '
        'recordVersion(id: "event:beirut-explosion") }'
    )
    # The applied change is one of the record's sources.
    assert read["data"] == {
        "event": {"title": "Beirut port explosion", "sources": [{"name": "edit", "record": "1"}]},
        "recordVersion": 1,
    }
    # The data version moved, so neither the ETag nor the response cache serves the old title.
    health = editing.client.get("/health").json()
    assert health["data_version"].endswith(".1") and health["edits"]["applied"] == 1


def test_an_editors_change_waits_and_its_author_cannot_approve_it(editing: Editing) -> None:
    pending = editing.update("editor", id=EVENT, date="2020-08-05")["data"]["updateEvent"]["change"]
    assert pending["status"] == "PENDING"
    assert (
        editing.post('{ event(id: "event:beirut-explosion") { date { edtf } } }')["data"]["event"]["date"][
            "edtf"
        ]
        == "2020-08-04"
    )
    review = (
        "mutation($id: ID!, $ok: Boolean!) "
        "{ reviewChange(id: $id, approve: $ok) { change { status reviewer } } }"
    )
    own = editing.post(review, {"id": pending["id"], "ok": True}, "editor")
    assert error_code(own) == "FORBIDDEN"
    other_editor = editing.post(review, {"id": pending["id"], "ok": True}, "editor2")
    assert error_code(other_editor) == "FORBIDDEN"
    queue = editing.post("{ changes(status: PENDING) { nodes { id author } } }")
    assert queue["data"]["changes"]["nodes"] == [{"id": pending["id"], "author": "editor"}]
    approved = editing.post(review, {"id": pending["id"], "ok": True}, "reviewer")
    assert approved["data"]["reviewChange"]["change"] == {"status": "APPLIED", "reviewer": "reviewer"}
    assert (
        editing.post('{ event(id: "event:beirut-explosion") { date { edtf } } }')["data"]["event"]["date"][
            "edtf"
        ]
        == "2020-08-05"
    )
    history = editing.post('{ history(id: "event:beirut-explosion") { nodes { id reason author } } }')
    assert history["data"]["history"]["nodes"] == [
        {"id": pending["id"], "reason": "checked against the source", "author": "editor"}
    ]


def test_approving_a_change_whose_target_moved_on_is_a_conflict(editing: Editing) -> None:
    pending = editing.update("editor", id=EVENT, title="One", expectedVersion=0)["data"]["updateEvent"][
        "change"
    ]
    editing.update("reviewer", id=EVENT, title="Two", expectedVersion=0)
    review = "mutation($id: ID!) { reviewChange(id: $id, approve: true) { change { status } } }"
    body = editing.post(review, {"id": pending["id"]}, "admin")
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"]["currentVersion"] == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"date": "1924-13-45"}, "date", id="not-an-edtf-date"),
        pytest.param({"endDate": "1900"}, "endDate", id="end-before-start"),
        pytest.param({"category": "category:nope"}, "category", id="unknown-category"),
        pytest.param({"category": "person:joseph-stalin"}, "category", id="wrong-kind-of-id"),
        pytest.param({"title": "x" * 301}, "title", id="too-long"),
        pytest.param({"id": "event:nope"}, "id", id="unknown-event"),
        pytest.param({"id": "person:joseph-stalin", "title": "x"}, "id", id="a-person-as-an-event"),
        pytest.param({"reason": "  "}, "reason", id="no-reason"),
        pytest.param({}, "", id="nothing-to-change"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(
    editing: Editing, fields: dict[str, object], field: str
) -> None:
    body = editing.update("admin", **{"id": EVENT, **fields})
    assert error_code(body) == "BAD_USER_INPUT", body
    assert body["errors"][0]["message"].startswith(f"{field}: " if field else "nothing to change")
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []
    assert not body.get("data")


def test_a_control_character_is_refused_before_the_mutation_runs(editing: Editing) -> None:
    body = editing.update("admin", id=EVENT, title="bell\u0007")
    assert error_code(body) == "INVALID_TEXT"
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []


def test_text_is_stored_nfc(editing: Editing) -> None:
    body = editing.update("admin", id=EVENT, title="Obrego\u0301n")
    assert body.get("data") and body["data"]["updateEvent"]["node"]["title"] == "Obregón", body


def test_a_retried_client_mutation_id_gives_one_change_and_other_input_is_refused(editing: Editing) -> None:
    first = editing.update("reviewer", id=EVENT, title="Retry", clientMutationId="c-1")
    again = editing.update("reviewer", id=EVENT, title="Retry", clientMutationId="c-1")
    assert first["data"]["updateEvent"]["change"] == again["data"]["updateEvent"]["change"]
    assert len(editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"]) == 1
    other = editing.update("reviewer", id=EVENT, title="Something else", clientMutationId="c-1")
    assert error_code(other) == "BAD_USER_INPUT"
    assert other["errors"][0]["message"].startswith("clientMutationId:")


def test_create_link_merge_and_delete_through_the_graph(editing: Editing) -> None:
    created = editing.post(
        "mutation($i: CreatePersonInput!) { createPerson(input: $i) { node { id } change { status } } }",
        {"i": {"name": "Stalin (duplicate)", "born": "1878-12-18", "reason": "a second record"}},
        "admin",
    )["data"]["createPerson"]
    twin = created["node"]["id"]
    assert twin == "person:stalin-duplicate" and created["change"]["status"] == "APPLIED"
    link = (
        "mutation($i: LinkEventInput!) "
        "{ linkEvent(input: $i) { node { ... on Event { people { id } mentions { id } } } } }"
    )
    linked = editing.post(
        link, {"i": {"eventId": EVENT, "targetId": twin, "role": "mentions", "reason": "named"}}, "admin"
    )
    assert linked["data"]["linkEvent"]["node"]["mentions"] == [{"id": twin}]
    bad_role = editing.post(
        link, {"i": {"eventId": EVENT, "targetId": twin, "role": "king", "reason": "r"}}, "admin"
    )
    assert bad_role["errors"][0]["message"].startswith("role: must be one of")
    merge = "mutation($i: MergeInput!) { mergePeople(input: $i) { node { id ... on Person { aliases } } } }"
    merged = editing.post(
        merge, {"i": {"survivorId": "person:joseph-stalin", "mergedId": twin, "reason": "one man"}}, "admin"
    )
    assert "Stalin (duplicate)" in merged["data"]["mergePeople"]["node"]["aliases"]
    # The merged id keeps resolving, to the survivor, and the event now names the survivor.
    read = editing.post(
        f'{{ node(id: "{twin}") {{ id }} event(id: "event:beirut-explosion") {{ mentions {{ id }} }} }}'
    )
    assert read["data"] == {
        "node": {"id": "person:joseph-stalin"},
        "event": {"mentions": [{"id": "person:joseph-stalin"}]},
    }
    deleted = editing.post(
        "mutation($i: DeleteInput!) { deleteEvent(input: $i) { node { id } } }",
        {"i": {"id": EVENT, "reason": "r"}},
        "admin",
    )
    assert deleted["data"]["deleteEvent"]["node"] is None
    assert editing.post('{ event(id: "event:beirut-explosion") { id } }')["data"]["event"] is None


def test_anonymous_and_revoked_callers_cannot_edit(editing: Editing) -> None:
    assert error_code(editing.update(None, id=EVENT, title="x")) == "UNAUTHENTICATED"
    from clio.state import open_store

    store = open_store(editing.url, editing.state_dir)
    with store.writing() as tx:
        assert tx.revoke_token("editor")
    store.close()
    assert error_code(editing.update("editor", id=EVENT, title="x")) == "UNAUTHENTICATED"


def test_failed_tokens_are_rate_limited_and_never_logged(
    editing: Editing, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    codes = []
    for attempt in range(12):
        editing.tokens["guess"] = f"guess-{attempt}-0123456789"
        codes.append(error_code(editing.update("guess", id=EVENT, title="x")))
    assert codes[:10] == ["UNAUTHENTICATED"] * 10 and codes[10:] == ["RATE_LIMITED"] * 2
    assert "guess-" not in caplog.text and "authentication failed" in caplog.text


def test_a_mutation_over_get_or_a_form_is_refused(editing: Editing) -> None:
    query = (
        'mutation { updateEvent(input: {id: "event:beirut-explosion", title: "x", reason: "r"}) '
        "{ dataVersion } }"
    )
    headers = {"Authorization": f"Bearer {editing.tokens['admin']}"}
    got = editing.client.get("/graphql", params={"query": query}, headers=headers)
    assert got.status_code == 405
    form = editing.client.post("/graphql", data={"query": query}, headers=headers)
    assert form.status_code == 415
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []


def test_fifty_concurrent_edits_of_one_event_one_wins_the_rest_conflict(
    editing: Editing, tiny: KnowledgeGraph
) -> None:
    def edit(n: int) -> dict[str, object]:
        return editing.update("admin", id=EVENT, title=f"Title {n}", expectedVersion=0)

    with ThreadPoolExecutor(max_workers=16) as pool:
        bodies = list(pool.map(edit, range(50)))
    winners = [b for b in bodies if "data" in b and b["data"] and b["data"]["updateEvent"]]
    assert len(winners) == 1
    assert sorted(error_code(b) for b in bodies if b not in winners) == ["CONFLICT"] * 49
    title = winners[0]["data"]["updateEvent"]["node"]["title"]  # type: ignore[index]
    assert (
        editing.post('{ event(id: "event:beirut-explosion") { title } }')["data"]["event"]["title"] == title
    )
    # The worker's graph equals a fresh load from the store.
    settings = Settings.from_env({}, state_dir=editing.state_dir, store=editing.url, log_requests=False)
    with TestClient(create_app(settings, tiny)) as fresh:
        assert fresh.app.state.live.kg.version == editing.client.app.state.live.kg.version  # type: ignore[attr-defined]
        assert _records(fresh.app.state.live.kg) == _records(editing.client.app.state.live.kg)  # type: ignore[attr-defined]


def _records(kg: KnowledgeGraph) -> list[object]:
    return [
        plain(list(r.__slots__ and [getattr(r, s) for s in r.__slots__]))
        for kind in Kind
        for r in kg.records(kind)
        if r
    ]


def test_applied_edits_are_replayed_at_load_and_a_vanished_target_is_reported(
    editing: Editing, tmp_path: Path
) -> None:
    editing.update("admin", id=EVENT, title="Kept across restarts")
    editing.update("admin", id="event:obregon-in-capital", title="Gone later")
    # A re-import without the second event: the first edit still applies, the second is reported.
    data = tiny_without("event:obregon-in-capital", tmp_path / "data")
    settings = Settings.from_env({}, state_dir=editing.state_dir, store=editing.url, log_requests=False)
    app = create_app(settings, load_graph(data))
    with TestClient(app) as client:
        answer = client.post(
            "/graphql", json={"query": '{ event(id: "event:beirut-explosion") { title } }'}
        ).json()
        assert answer["data"]["event"]["title"] == "Kept across restarts"
        vanished = client.get("/health").json()["edits"]["vanished"]
        assert [(v["change"], v["target"]) for v in vanished] == [(2, "event:obregon-in-capital")]
    assert json.loads(json.dumps(vanished))  # the report is plain JSON


def test_a_mutation_is_priced_like_a_query_and_refused_before_it_changes_anything(
    tmp_path: Path, tiny: KnowledgeGraph
) -> None:
    from tests.state.conftest import add_tokens

    tokens = add_tokens(tmp_path)
    settings = Settings.from_env({"CLIO_MAX_COST": "30"}, state_dir=tmp_path, log_requests=False)
    query = (
        'mutation { updateEvent(input: {id: "event:beirut-explosion", title: "x", reason: "r"}) '
        "{ change { id } node { ... on Event { people { events { title } } } } } }"
    )
    with TestClient(create_app(settings, tiny)) as client:
        headers = {"Authorization": f"Bearer {tokens['admin']}"}
        body = client.post("/graphql", json={"query": query}, headers=headers).json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]
        changes = client.post("/graphql", json={"query": "{ changes { nodes { id } } }"}).json()
        assert changes["data"]["changes"]["nodes"] == []


@pytest.mark.parametrize("fault", ["EROFS", "ENOSPC", "EIO"])
def test_a_failing_disk_fails_mutations_clearly_while_reads_work(
    editing: Editing, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIO_STORE_FAULT", fault)
    body = editing.update("admin", id=EVENT, title="never saved")
    assert error_code(body) == "STORE_UNAVAILABLE"
    assert "reads still work" in body["errors"][0]["message"]
    read = editing.post('{ event(id: "event:beirut-explosion") { title } }')
    assert read["data"]["event"]["title"] == "Massive Explosion at Beirut Port Kills Hundreds"
    monkeypatch.delenv("CLIO_STORE_FAULT")
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []
