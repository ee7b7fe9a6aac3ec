"""Hostile or careless edits: each gets a clear refusal, and nothing changes."""

from __future__ import annotations

import pytest

from tests.state.conftest import Editing, error_code

EVENT = "event:beirut-explosion"
UPDATE_LOCATION = "mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { change { id } } }"


def test_wildcards_in_an_id_are_taken_literally(editing: Editing) -> None:
    editing.update("admin", id=EVENT, title="Edited")
    # LIKE's % and _ once matched every change, or ids that differ where the _ stands.
    answer = editing.post(
        '{ changes(target: "%") { nodes { id } } '
        'event(id: "event:beirut-explosion") { history { nodes { id } } } }'
    )
    assert answer["data"] == {"changes": {"nodes": []}, "event": {"history": {"nodes": [{"id": "1"}]}}}
    for field in ('history(id: "%") { nodes { id } }', 'recordVersion(id: "event:beirut_explosion")'):
        assert error_code(editing.post(f"{{ {field} }}")) == "NOT_FOUND"


def test_a_place_cannot_be_put_inside_its_own_part(editing: Editing) -> None:
    # Mexico City lies in Mexico: Mexico inside Mexico City is a cycle, which the import refuses too.
    body = editing.post(
        UPDATE_LOCATION,
        {"i": {"id": "location:mexico", "partOf": "location:mexico-city", "reason": "r"}},
        "admin",
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == (
        "partOf: location:mexico-city lies inside location:mexico: the place would end up inside itself"
    )
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []


@pytest.mark.parametrize(
    "record_id",
    [
        pytest.param("event:beirut-\u0435xplosion", id="cyrillic-e"),
        pytest.param("event:beirut-explosion\u200b", id="zero-width-space"),
        pytest.param("event:beirut\u2010explosion", id="unicode-hyphen"),
        pytest.param("EVENT:BEIRUT-EXPLOSION", id="upper-case"),
        pytest.param("person:joseph-stalin", id="wrong-kind"),
    ],
)
def test_an_id_that_only_looks_right_is_refused_by_name(editing: Editing, record_id: str) -> None:
    body = editing.update("admin", id=record_id, title="x")
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("id: ")
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []


def test_a_request_makes_at_most_five_mutations(editing: Editing) -> None:
    many = "mutation($i: UpdateEventInput!) { " + " ".join(
        f"a{n}: updateEvent(input: $i) {{ dataVersion }}" for n in range(6)
    )
    body = editing.post(many + " }", {"i": {"id": EVENT, "summary": "s", "reason": "r"}}, "editor")
    assert error_code(body) == "TOO_MANY_MUTATIONS"
    assert body["errors"][0]["extensions"]["maximum"] == 5
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []


def test_a_batch_or_a_text_body_of_mutations_is_refused(editing: Editing) -> None:
    mutation = (
        f'mutation {{ updateEvent(input: {{id: "{EVENT}", title: "x", reason: "r"}}) {{ dataVersion }} }}'
    )
    headers = {"Authorization": f"Bearer {editing.tokens['admin']}"}
    batch = editing.client.post("/graphql", json=[{"query": mutation}, {"query": mutation}], headers=headers)
    assert batch.status_code == 400 and batch.json()["errors"][0]["extensions"]["code"] == "BATCHING_DISABLED"
    # A browser sends text/plain across origins without asking first: it is not read as JSON.
    plain = editing.client.post(
        "/graphql",
        content=f'{{"query": "{mutation.replace(chr(34), chr(92) + chr(34))}"}}',
        headers={**headers, "Content-Type": "text/plain"},
    )
    assert plain.status_code == 415
    assert editing.post("{ changes { nodes { id } } }")["data"]["changes"]["nodes"] == []
