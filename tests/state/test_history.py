"""``history`` on every record, and applied changes that no longer apply, through GraphQL."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from tests.state.conftest import Editing, error_code, tiny_without

EVENT = "event:beirut-explosion"
HISTORY = "history(first: $first, after: $after) { nodes { id operation } endCursor hasNextPage }"


def _history(editing: Editing, field: str, node_id: str, first: int = 20, after: str | None = None) -> object:
    selection = f"{{ {HISTORY} }}" if field != "node" else f"{{ ... on Event {{ {HISTORY} }} }}"
    query = f"query($id: ID!, $first: Int!, $after: String) {{ {field}(id: $id) {selection} }}"
    body = editing.post(query, {"id": node_id, "first": first, "after": after})
    assert "errors" not in body, body
    return body["data"][field]["history"]


def test_every_record_lists_the_applied_changes_that_shaped_it(editing: Editing) -> None:
    editing.update("admin", id=EVENT, title="First title")
    editing.update("editor", id=EVENT, title="Waiting for review")  # PENDING: not history
    editing.update("admin", id=EVENT, summary="A port explosion.")
    person = editing.post(
        "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { change { id } } }",
        {"i": {"id": "person:joseph-stalin", "description": "Soviet leader", "reason": "r"}},
        "admin",
    )["data"]["updatePerson"]["change"]["id"]
    place = editing.post(
        "mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { change { id } } }",
        {"i": {"id": "location:beirut", "description": "Capital of Lebanon", "reason": "r"}},
        "admin",
    )["data"]["updateLocation"]["change"]["id"]
    assert _history(editing, "event", EVENT) == {
        "nodes": [{"id": "1", "operation": "updateEvent"}, {"id": "3", "operation": "updateEvent"}],
        "endCursor": "3",
        "hasNextPage": False,
    }
    assert _history(editing, "node", EVENT) == _history(editing, "event", EVENT)
    assert _history(editing, "person", "person:joseph-stalin")["nodes"] == [  # type: ignore[index]
        {"id": person, "operation": "updatePerson"}
    ]
    assert _history(editing, "location", "location:beirut")["nodes"] == [  # type: ignore[index]
        {"id": place, "operation": "updateLocation"}
    ]
    # Records no edit has touched answer an empty page, whatever their type.
    for field, node_id in (("category", "category:politics-government"), ("tag", "tag:diplomacy")):
        assert _history(editing, field, node_id) == {"nodes": [], "endCursor": None, "hasNextPage": False}


def test_history_pages_with_first_and_after(editing: Editing) -> None:
    for n in range(3):
        editing.update("admin", id=EVENT, title=f"Title {n}")
    first = _history(editing, "event", EVENT, first=2)
    assert first == {
        "nodes": [{"id": "1", "operation": "updateEvent"}, {"id": "2", "operation": "updateEvent"}],
        "endCursor": "2",
        "hasNextPage": True,
    }
    assert _history(editing, "event", EVENT, first=2, after="2") == {
        "nodes": [{"id": "3", "operation": "updateEvent"}],
        "endCursor": "3",
        "hasNextPage": False,
    }


def test_history_is_priced_like_a_list_and_refuses_a_page_too_big(editing: Editing) -> None:
    too_big = editing.post(f'{{ event(id: "{EVENT}") {{ history(first: 101) {{ nodes {{ id }} }} }} }}')
    assert error_code(too_big) == "LIMIT_EXCEEDED"
    assert too_big["errors"][0]["extensions"]["argument"] == "first"
    # 100 events × 100 changes × their fields is far past the cost limit: refused before it runs.
    costly = editing.post(
        "{ events(limit: 100) { history(first: 100) { nodes { id author reason diff input } } } }"
    )
    assert error_code(costly) == "QUERY_TOO_COSTLY", costly


def test_a_vanished_change_says_why_and_reviewers_can_list_them(editing: Editing, tmp_path: Path) -> None:
    editing.update("admin", id=EVENT, title="Kept across restarts")
    editing.update("admin", id="event:obregon-in-capital", title="Gone later")
    data = tiny_without("event:obregon-in-capital", tmp_path / "data")
    settings = Settings.from_env({}, state_dir=editing.state_dir, store=editing.url, log_requests=False)
    with TestClient(create_app(settings, load_graph(data))) as client:

        def changes(vanished: bool | None) -> list[dict[str, object]]:
            query = (
                "query($v: Boolean) { changes(vanished: $v) "
                "{ nodes { id status target noLongerApplies } hasNextPage } }"
            )
            body = client.post("/graphql", json={"query": query, "variables": {"v": vanished}}).json()
            assert "errors" not in body, body
            nodes: list[dict[str, object]] = body["data"]["changes"]["nodes"]
            return nodes

        gone = changes(True)
        assert [(c["id"], c["status"], c["target"]) for c in gone] == [
            ("2", "APPLIED", "event:obregon-in-capital")
        ]
        assert "event:obregon-in-capital" in str(gone[0]["noLongerApplies"])
        assert [(c["id"], c["noLongerApplies"]) for c in changes(False)] == [("1", None)]
        assert [c["id"] for c in changes(None)] == ["1", "2"]
