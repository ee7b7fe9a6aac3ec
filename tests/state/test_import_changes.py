"""``clio db import-changes``: an exported log replays into another store, once, or not at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clio.state import open_store
from clio.state.replay import read_changes
from clio.state.sqlite import STORE_FILE
from graph.errors import DataErrors
from graph.store import KnowledgeGraph
from tests.conftest import REPO
from tests.state.conftest import Editing, editing_on
from tests.state.postgres import Cluster

EVENT = "event:beirut-explosion"
CREATE = "mutation($i: CreatePersonInput!) { createPerson(input: $i) { change { id status } } }"
REVIEW = "mutation($id: ID!, $ok: Boolean!) { reviewChange(id: $id, approve: $ok) { change { status } } }"


def _clio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clio", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def _export(where: list[str], out: Path) -> list[dict[str, Any]]:
    done = _clio("db", "export-changes", "--out", str(out), *where)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _import(where: list[str], file: Path) -> subprocess.CompletedProcess[str]:
    return _clio("db", "import-changes", str(file), *where)


def _some_changes(editing: Editing) -> None:
    """Applied, pending, rejected and withdrawn changes, with and without a clientMutationId."""
    editing.update("admin", id=EVENT, title="Beirut port explosion", clientMutationId="t1")
    pending = editing.update("editor", id=EVENT, summary="Waiting")["data"]["updateEvent"]["change"]["id"]
    rejected = editing.update("editor", id=EVENT, summary="No")["data"]["updateEvent"]["change"]["id"]
    withdrawn = editing.update("editor", id=EVENT, summary="Oops")["data"]["updateEvent"]["change"]["id"]
    editing.post(REVIEW, {"id": rejected, "ok": False}, "reviewer")
    editing.post(REVIEW, {"id": withdrawn, "ok": False}, "editor")
    editing.post(
        CREATE, {"i": {"name": "Ada Émile", "reason": "a new person", "clientMutationId": "p"}}, "admin"
    )
    assert pending


def test_sqlite_to_postgresql_and_back_is_the_same_log_and_replays_once(
    tmp_path: Path, tiny: KnowledgeGraph, postgresql: Cluster
) -> None:
    sqlite_dir = tmp_path / "sqlite"
    for editing in editing_on(sqlite_dir, tiny, ""):
        _some_changes(editing)
    exported = _export(["--state-dir", str(sqlite_dir)], tmp_path / "from-sqlite.jsonl")
    assert [c["status"] for c in exported] == ["APPLIED", "PENDING", "REJECTED", "WITHDRAWN", "APPLIED"]

    url = postgresql.new_database()
    to_pg = ["--store", url]
    done = _import(to_pg, tmp_path / "from-sqlite.jsonl")
    assert done.returncode == 0, done.stderr
    assert "5 added, 0 settled as reviewed since, 0 already present" in done.stderr
    assert _export(to_pg, tmp_path / "from-pg.jsonl") == exported
    # Again: every change is present, nothing is added twice.
    again = _import(to_pg, tmp_path / "from-sqlite.jsonl")
    assert again.returncode == 0 and "0 added, 0 settled as reviewed since, 5 already present" in again.stderr
    assert _export(to_pg, tmp_path / "from-pg-again.jsonl") == exported

    back = tmp_path / "back"
    assert _import(["--state-dir", str(back)], tmp_path / "from-pg.jsonl").returncode == 0
    assert _export(["--state-dir", str(back)], tmp_path / "back.jsonl") == exported

    # A server on the imported store serves the edits, and numbers its next change after them.
    for editing in editing_on(tmp_path / "pg-tokens", tiny, url):
        read = editing.post(f'{{ event(id: "{EVENT}") {{ title history {{ nodes {{ id }} }} }} }}')
        assert read["data"]["event"] == {
            "title": "Beirut port explosion",
            "history": {"nodes": [{"id": "1"}]},
        }
        assert editing.post('{ person(name: "Ada Émile") { id } }')["data"]["person"] is not None
        made = editing.update("admin", id=EVENT, title="After the import")["data"]["updateEvent"]["change"]
        assert made["id"] == "6" and made["dataVersion"] == 3


def test_a_restored_backup_catches_up_on_changes_reviewed_since(tmp_path: Path, tiny: KnowledgeGraph) -> None:
    state = tmp_path / "state"
    for editing in editing_on(state, tiny, ""):
        pending = editing.update("editor", id=EVENT, title="Reviewed later")["data"]["updateEvent"]["change"]
        assert (
            _clio("db", "backup", "--out", str(tmp_path / "backup"), "--state-dir", str(state)).returncode
            == 0
        )
        editing.post(REVIEW, {"id": pending["id"], "ok": True}, "reviewer")
        editing.update("admin", id=EVENT, summary="Made after the backup")
    exported = _export(["--state-dir", str(state)], tmp_path / "all.jsonl")
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(tmp_path / "backup", restored / STORE_FILE)
    done = _import(["--state-dir", str(restored)], tmp_path / "all.jsonl")
    assert done.returncode == 0, done.stderr
    assert "1 added, 1 settled as reviewed since, 0 already present" in done.stderr
    assert _export(["--state-dir", str(restored)], tmp_path / "restored.jsonl") == exported


def _line(**changed: Any) -> str:
    change = {
        "id": 1,
        "author": "admin",
        "author_role": "admin",
        "client_key": None,
        "request_hash": "h",
        "created_at": "2026-01-01T00:00:00.000+00:00",
        "operation": "updateEvent",
        "target": EVENT,
        "subjects": f",{EVENT},",
        "input": {"id": EVENT, "title": "x"},
        "reason": "r",
        "diff": {"title": ["a", "x"]},
        "expected_version": 0,
        "status": "APPLIED",
        "reviewer": "admin",
        "reviewed_at": None,
        "review_comment": None,
        "seq": 1,
    }
    change.update(changed)
    return json.dumps(change)


@pytest.mark.parametrize(
    ("bad", "where"),
    [
        pytest.param("{not json", "line 2: is not JSON", id="not-json"),
        pytest.param("[1, 2]", "line 2: is a JSON list, not an object", id="an-array"),
        pytest.param(_line(id=2, status="DONE"), "line 2, field 'status'", id="unknown-status"),
        pytest.param(
            _line(id=2, seq="2"), "line 2, field 'seq': must be a whole number or null", id="text-seq"
        ),
        pytest.param(_line(id=2, input=[]), "line 2, field 'input': must be an object", id="input-list"),
        pytest.param(_line(id=True), "line 2, field 'id': must be a whole number", id="boolean-id"),
        pytest.param(
            _line(id=2, seq=None), "line 2, field 'seq': is set for an APPLIED", id="applied-no-seq"
        ),
        pytest.param(_line(id=2, operation="dropTable"), "line 2, field 'operation'", id="unknown-op"),
        pytest.param(_line(id=2, seq=1), "line 2, field 'seq': 1 is on line 1 already", id="seq-twice"),
        pytest.param(_line(id=2, seq=2, extra=1), "line 2, field 'extra': is not a field", id="extra-field"),
        pytest.param(_line(id=2, seq=2, reason=" "), "line 2, field 'reason': is empty", id="no-reason"),
    ],
)
def test_a_bad_line_is_refused_with_file_line_and_field_and_nothing_is_written(
    tmp_path: Path, bad: str, where: str
) -> None:
    file = tmp_path / "changes.jsonl"
    file.write_text(_line() + "\n" + bad + "\n" + _line(id=3, seq=3) + "\n", encoding="utf-8")
    done = _import(["--state-dir", str(tmp_path / "state")], file)
    assert done.returncode != 0
    assert f"{file}, {where}" in done.stderr, done.stderr
    assert "nothing was loaded" in done.stderr
    assert not (tmp_path / "state" / STORE_FILE).exists()  # not even an empty store


def test_a_clash_with_the_store_is_refused_and_the_store_is_left_as_it_was(tmp_path: Path) -> None:
    state = ["--state-dir", str(tmp_path / "state")]
    first = tmp_path / "first.jsonl"
    first.write_text(_line() + "\n", encoding="utf-8")
    assert _import(state, first).returncode == 0
    # A new change, then change 1 with another request: refused as a whole.
    clash = tmp_path / "clash.jsonl"
    clash.write_text(_line(id=2, seq=2) + "\n" + _line(reason="another") + "\n", encoding="utf-8")
    done = _import(state, clash)
    assert done.returncode != 0
    assert f"{clash}, line 2, field 'reason': differs from change 1 in the store" in done.stderr
    # An applied change numbered behind the store's newest would never reach a running server.
    behind = tmp_path / "behind.jsonl"
    behind.write_text(_line(id=5, seq=1) + "\n", encoding="utf-8")
    refused = _import(state, behind)
    assert "field 'seq': 1 is not after the store's newest applied change (1)" in refused.stderr
    with open_store("", tmp_path / "state").reading() as tx:
        assert [c.id for c in tx.applied_since(0)] == [1]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from([*json.loads(_line()), "extra"]), value=_json)
def test_any_value_in_any_field_is_read_or_refused_naming_line_and_field(field: str, value: object) -> None:
    with tempfile.TemporaryDirectory() as directory:
        file = Path(directory) / "changes.jsonl"
        line = json.loads(_line())
        line[field] = value
        file.write_text(json.dumps(line) + "\n", encoding="utf-8")
        try:
            [read] = read_changes(file)
        except DataErrors as errors:
            assert [(e.line, e.field) for e in errors.errors] == [(1, field)], str(errors)
        else:
            assert getattr(read.change, field) == value
