"""The SQLite store: made on the first write only, damage found at start, failing disks, the CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from clio.state.sqlite import STORE_FILE, SqliteStore
from clio.state.store import SCHEMA_VERSION, StoreError
from graph.store import KnowledgeGraph
from tests.conftest import REPO
from tests.state.conftest import Editing, editing_on, error_code

EVENT = "event:beirut-explosion"


@pytest.fixture
def editing(tmp_path: Path, tiny: KnowledgeGraph) -> Iterator[Editing]:
    """SQLite only: these tests are about its file, its pragmas and its fault hooks."""
    yield from editing_on(tmp_path, tiny, "")


def test_reads_never_create_the_store(tmp_path: Path, tiny: KnowledgeGraph) -> None:
    state = tmp_path / "state"
    with TestClient(create_app(Settings.from_env({}, state_dir=state, log_requests=False), tiny)) as client:
        body = client.post(
            "/graphql",
            json={"query": '{ changes { nodes { id } } recordVersion(id: "event:beirut-explosion") }'},
        )
        assert body.json()["data"] == {"changes": {"nodes": []}, "recordVersion": 0}
        assert not state.exists()


def test_the_store_is_wal_with_full_sync_and_versioned_tables(editing: Editing) -> None:
    editing.update("admin", id=EVENT, title="t")
    path = editing.state_dir / STORE_FILE
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    store = SqliteStore(editing.state_dir)
    assert store._connect().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_damaged_page_is_refused_at_start_in_one_line_naming_the_file(
    editing: Editing, tiny: KnowledgeGraph
) -> None:
    for n in range(30):
        editing.update("admin", id=EVENT, summary=f"summary {n} " + "x" * 3000)
    path = editing.state_dir / STORE_FILE
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096 * 3
    data[page + 8 : page + 4096] = b"\xff" * (4096 - 8)  # a b-tree page scribbled over
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=str(path)) as raised:
        create_app(Settings.from_env({}, state_dir=editing.state_dir, log_requests=False), tiny)
    assert "\n" not in str(raised.value)


def test_a_truncated_wal_tail_loses_only_the_unfinished_transaction(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path)
    with store.writing() as tx:
        tx.add_token("kept", "editor", "s1")
    copy = tmp_path / "copy"
    copy.mkdir()
    # A copy taken with the WAL still holding the committed transaction, then a torn tail.
    shutil.copy(tmp_path / STORE_FILE, copy / STORE_FILE)
    shutil.copy(tmp_path / f"{STORE_FILE}-wal", copy / f"{STORE_FILE}-wal")
    with store.writing() as tx:
        tx.add_token("torn", "editor", "s2")
    wal = (tmp_path / f"{STORE_FILE}-wal").read_bytes()
    shutil.copy(tmp_path / STORE_FILE, copy / STORE_FILE)
    (copy / f"{STORE_FILE}-wal").write_bytes(wal[: len(wal) - 100] + b"\0" * 100)
    reopened = SqliteStore(copy)
    assert reopened.token("s1") is not None
    assert reopened.token("s2") is None


def _clio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clio", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_tokens_and_db_commands(editing: Editing, tmp_path: Path) -> None:
    state = str(editing.state_dir)
    made = _clio("token", "create", "--role", "editor", "--name", "ada", "--state-dir", state)
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert secret.startswith("clio_") and secret not in made.stderr
    assert secret not in (editing.state_dir / STORE_FILE).read_bytes().decode("latin-1")  # stored hashed
    editing.tokens["ada"] = secret
    assert editing.update("ada", id=EVENT, title="by ada")["data"]["updateEvent"]["change"]["author"] == "ada"
    assert _clio("token", "revoke", "--name", "ada", "--state-dir", state).returncode == 0
    assert error_code(editing.update("ada", id=EVENT, title="again")) == "UNAUTHENTICATED"
    assert _clio("db", "upgrade", "--state-dir", state).returncode == 0
    backup = tmp_path / "backup.sqlite3"
    assert _clio("db", "backup", "--out", str(backup), "--state-dir", state).returncode == 0
    assert (
        SqliteStore.__new__(SqliteStore)
        and sqlite3.connect(backup).execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 1
    )
    out = tmp_path / "changes.jsonl"
    assert _clio("db", "export-changes", "--out", str(out), "--state-dir", state).returncode == 0
    [line] = out.read_text().splitlines()
    assert json.loads(line)["input"] == {"id": EVENT, "title": "by ada"}
