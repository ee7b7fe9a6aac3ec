"""What a hostile client met and how each is refused: hidden text, unknown ids, floods of edits."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph
from tests.state.conftest import Editing, add_tokens, editing_on, error_code
from tests.state.serving import post, start_server, stop_server

EVENT = "event:beirut-explosion"
CREATE_EVENT = "mutation($i: CreateEventInput!) { createEvent(input: $i) { change { id } } }"
UPDATE_PERSON = "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { change { id } } }"
CREATE_LOCATION = "mutation($i: CreateLocationInput!) { createLocation(input: $i) { change { id } } }"
REVIEW = (
    "mutation($id: ID!, $c: String) { reviewChange(id: $id, approve: false, comment: $c) { change { id } } }"
)
NEW_EVENT = {"title": "T", "date": "1924", "category": "category:politics-government", "reason": "r"}

# Characters a reader cannot see, or that reorder what they see; each is refused in any field.
HIDDEN = {
    "\u202e": "right-to-left override",
    "\u2067": "right-to-left isolate",
    "\u200b": "zero-width space",
    "\ufeff": "byte order mark",
    "\U000e0041": "tag character",
    "\u2060": "word joiner",
    "\ue000": "private use",
    "\ufdd0": "noncharacter",
}
# Every text input of every mutation: (query, variables with the text at {}, the field named).
FIELDS: list[tuple[str, Any, str]] = [
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "title": t}}, "title"),
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "summary": t}}, "summary"),
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "whatHappened": t}}, "whatHappened"),
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "whyItMatters": t}}, "whyItMatters"),
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "date": "19" + t + "24"}}, "date"),
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "reason": t}}, "reason"),
    (CREATE_EVENT, lambda t: {"i": {**NEW_EVENT, "clientMutationId": t}}, "clientMutationId"),
    (UPDATE_PERSON, lambda t: {"i": {"id": "person:joseph-stalin", "name": t, "reason": "r"}}, "name"),
    (
        UPDATE_PERSON,
        lambda t: {"i": {"id": "person:joseph-stalin", "aliases": ["ok", t], "reason": "r"}},
        "aliases",
    ),
    (
        UPDATE_PERSON,
        lambda t: {"i": {"id": "person:joseph-stalin", "description": t, "reason": "r"}},
        "description",
    ),
    (CREATE_LOCATION, lambda t: {"i": {"name": "Tyre", "kind": "ci" + t + "ty", "reason": "r"}}, "kind"),
    (REVIEW, lambda t: {"id": "1", "c": t}, "comment"),
]


@pytest.fixture
def on_sqlite(tmp_path: Path, tiny: KnowledgeGraph) -> Iterator[Editing]:
    """Edits on SQLite alone, for rules the store does not take part in."""
    yield from editing_on(tmp_path, tiny, "")


def test_a_hidden_character_in_any_text_of_any_mutation_is_refused_by_field(on_sqlite: Editing) -> None:
    editing = on_sqlite
    pending = editing.update("editor", id=EVENT, summary="waiting")["data"]["updateEvent"]["change"]["id"]
    assert pending == "1"  # reviewChange's comment is checked on it
    for (query, variables, field), hidden in itertools.product(FIELDS, HIDDEN):
        body = editing.post(query, variables(f"Nap{hidden}oleon"), "reviewer")
        assert error_code(body) == "BAD_USER_INPUT", (field, HIDDEN[hidden], body)
        message = body["errors"][0]["message"]
        assert message.startswith(f"{field}: holds U+{ord(hidden):04X} "), (HIDDEN[hidden], message)
    changes = editing.post("{ changes { nodes { id status } } }")["data"]["changes"]["nodes"]
    assert changes == [{"id": "1", "status": "PENDING"}]


def test_joiners_that_scripts_need_are_kept(on_sqlite: Editing) -> None:
    editing = on_sqlite
    # Persian writes the zero-width non-joiner inside words; emoji sequences use the joiner.
    name = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f469\u200d\U0001f52c"
    body = editing.post(
        UPDATE_PERSON, {"i": {"id": "person:joseph-stalin", "name": name, "reason": "r"}}, "admin"
    )
    assert "errors" not in body, body
    assert editing.post('{ person(id: "person:joseph-stalin") { name } }')["data"]["person"]["name"] == name


def test_a_control_character_in_a_literal_names_its_argument(on_sqlite: Editing) -> None:
    editing = on_sqlite
    query = (
        'mutation { createEvent(input: {title: "bell\\u0007", date: "1924", category: "c", reason: "r"}) '
        "{ change { id } } }"
    )
    body = editing.post(query, role="admin")
    assert error_code(body) == "INVALID_TEXT"
    assert body["errors"][0]["message"].startswith("argument input.title of createEvent holds U+0007")


def test_a_negative_expected_version_is_bad_input_not_a_conflict(on_sqlite: Editing) -> None:
    body = on_sqlite.update("reviewer", id=EVENT, summary="s", expectedVersion=-1)
    assert error_code(body) == "BAD_USER_INPUT", body
    assert (
        body["errors"][0]["message"] == "expectedVersion: counts applied changes, so it is 0 or more; got -1"
    )
    assert on_sqlite.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []


def test_history_and_version_of_an_id_that_names_nothing_are_not_found(editing: Editing) -> None:
    editing.update("admin", id=EVENT, summary="an applied change")
    # An empty id once listed every change; a wildcard or a look-alike must not match either.
    for record_id in ("event:nope", "", "%", "event:beirut-explosion\u200b"):
        for field in ("history(id: $id) { nodes { id } }", "recordVersion(id: $id)"):
            body = editing.post(f"query($id: ID!) {{ {field} }}", {"id": record_id})
            assert body["data"] is None
            assert [(e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
                ("NOT_FOUND", f"{record_id!r} is not in the graph")
            ]


def test_history_of_a_deleted_or_merged_record_is_still_answered(editing: Editing) -> None:
    editing.post(
        "mutation($i: DeleteInput!) { deleteEvent(input: $i) { change { id } } }",
        {"i": {"id": EVENT, "reason": "a duplicate"}},
        "admin",
    )
    body = editing.post(
        f'{{ history(id: "{EVENT}") {{ nodes {{ operation }} }} recordVersion(id: "{EVENT}") }}'
    )
    assert body == {"data": {"history": {"nodes": [{"operation": "deleteEvent"}]}, "recordVersion": 1}}
    untouched = editing.post('{ history(id: "person:joseph-stalin") { nodes { id } } }')
    assert untouched == {"data": {"history": {"nodes": []}}}


@pytest.fixture
def limited(tmp_path: Path, tiny: KnowledgeGraph) -> Iterator[Editing]:
    """An app whose tokens may make three edits at once, then one a minute."""
    tokens = add_tokens(tmp_path)
    settings = Settings.from_env(
        {}, state_dir=tmp_path, log_requests=False, token_edits_per_minute=1, token_edit_burst=3
    )
    with TestClient(create_app(settings, tiny)) as client:
        yield Editing(client, tmp_path, tokens)


def test_a_token_making_too_many_edits_is_refused_with_the_wait(limited: Editing) -> None:
    answers = [limited.update("admin", id=EVENT, summary=f"edit {n}") for n in range(4)]
    assert ["errors" not in body for body in answers] == [True, True, True, False]
    error = answers[3]["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 50 <= error["extensions"]["retryAfter"] <= 60
    assert (
        error["message"]
        == f"the token 'admin' made too many edits; wait {error['extensions']['retryAfter']} s"
    )
    # Reviews count too; another token has its own bucket; reads are not edits.
    review = limited.post(
        'mutation { reviewChange(id: "1", approve: false) { change { id } } }', role="admin"
    )
    assert error_code(review) == "RATE_LIMITED"
    assert "errors" not in limited.update("reviewer", id=EVENT, summary="another author")
    assert "errors" not in limited.post('{ event(id: "event:beirut-explosion") { title } }', role="admin")
    assert len(limited.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"]) == 4


def test_a_tokens_edits_are_counted_once_across_workers(tmp_path: Path) -> None:
    state = tmp_path / "state"
    token = add_tokens(state)["admin"]
    server = start_server(
        state, tmp_path / "server.log", workers=2, CLIO_TOKEN_EDITS_PER_MINUTE="1", CLIO_TOKEN_EDIT_BURST="3"
    )
    update = "mutation($i: UpdateEventInput!) { updateEvent(input: $i) { dataVersion } }"
    workers: set[str] = set()
    accepted = 0
    try:
        for n in itertools.count():
            body, headers = post(
                server, update, {"i": {"id": EVENT, "summary": f"s{n}", "reason": "r"}}, token
            )
            workers.add(headers["x-clio-worker"])
            if "errors" in body:
                assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED", body
            else:
                accepted += 1
            if (len(workers) == 2 and n >= 6) or n == 40:
                break
    finally:
        stop_server(server)
    assert len(workers) == 2, "every request went to one worker"
    assert accepted == 3  # counted per worker, it would be up to six


def test_a_change_committed_past_the_time_limit_is_answered(
    tmp_path: Path, tiny: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow disk: the commit ends after the time limit. The change is in the store, so its
    # answer must say so; a QUERY_TIMEOUT once sent the client to retry an edit that was made.
    tokens = add_tokens(tmp_path)
    settings = Settings.from_env({}, state_dir=tmp_path, log_requests=False, time_limit_ms=300)
    monkeypatch.setenv("CLIO_STORE_COMMIT_DELAY_MS", "600")
    with TestClient(create_app(settings, tiny)) as client:
        editing = Editing(client, tmp_path, tokens)
        body = editing.update("admin", id=EVENT, summary="written to a slow disk")
        assert "errors" not in body, body
        assert body["data"]["updateEvent"]["change"]["status"] == "APPLIED"
        # The next request has its own limit again.
        slow = editing.post("{ changes { nodes { id } } }")
        assert slow["data"]["changes"]["nodes"] == [{"id": "1"}]
