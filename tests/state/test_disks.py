"""Real read-only and full disks (besides `CLIO_STORE_FAULT`'s simulation): edits fail clearly, reads go on.

A full disk is a small tmpfs filled to the last byte (ENOSPC); a read-only disk is a read-only
bind mount of the state directory (EROFS: Linux refuses to make a mount read-only while a
file on it is open for writing, so the server starts on it, as a read-only deployment
would). Mounting needs root and a kernel that lets this process mount: elsewhere the tests
skip, saying so.
"""

from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from clio.state.sqlite import STORE_FILE
from graph.store import KnowledgeGraph
from tests.state.conftest import Editing, add_tokens, editing_on, error_code

EVENT = "event:beirut-explosion"
EDIT = f'mutation {{ updateEvent(input: {{id: "{EVENT}", title: "x", reason: "r"}}) {{ dataVersion }} }}'
READ = f'{{ event(id: "{EVENT}") {{ title history {{ nodes {{ id }} }} }} changes {{ nodes {{ id }} }} }}'


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


def _why_no_mounts() -> str | None:
    if os.geteuid() != 0:
        return "mounting a tmpfs or a read-only bind mount needs root"
    with tempfile.TemporaryDirectory() as probe:
        try:
            _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", probe)
        except (OSError, subprocess.SubprocessError) as error:
            return f"this process may not mount ({error})"
        subprocess.run(["umount", probe], check=True, timeout=30)
    return None


pytestmark = pytest.mark.skipif(bool(_why_no_mounts()), reason=str(_why_no_mounts()))


@contextmanager
def _mounted(*args: str, at: Path) -> Iterator[Path]:
    at.mkdir(exist_ok=True)
    _mount(*args, str(at))
    try:
        yield at
    finally:
        subprocess.run(["umount", "-l", str(at)], check=True, timeout=30)


@contextmanager
def _read_only_view(directory: Path) -> Iterator[Path]:
    with _mounted("--bind", str(directory), at=directory.parent / f"{directory.name}-ro") as view:
        _mount("-o", "remount,bind,ro", str(view))
        yield view


def _app_on(state: Path, kg: KnowledgeGraph) -> TestClient:
    settings = Settings.from_env({}, state_dir=state, log_requests=False, time_limit_ms=30_000)
    return TestClient(create_app(settings, kg))


def _refused_clearly(client: TestClient, token: str, why: str) -> None:
    body = client.post(
        "/graphql",
        json={"query": EDIT},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert error_code(body) == "STORE_UNAVAILABLE", body
    message = body["errors"][0]["message"]
    assert why in message.lower() and "reads still work" in message, message


def _fill(directory: Path) -> Path:
    """Write until the disk is full; the filler file."""
    filler = directory / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with suppress(OSError):
            while True:
                os.write(descriptor, b"\0" * 4096)
    finally:
        os.close(descriptor)
    with pytest.raises(OSError) as full:
        (directory / "one-more").write_bytes(b"\0" * 4096)
    assert full.value.errno == errno.ENOSPC
    return filler


def test_a_full_disk_fails_edits_clearly_reads_go_on_and_edits_resume_when_space_returns(
    tmp_path: Path, tiny: KnowledgeGraph
) -> None:
    with _mounted("-t", "tmpfs", "-o", "size=2m", "tmpfs", at=tmp_path / "disk") as disk:
        for editing in editing_on(disk, tiny, ""):
            assert editing.update("admin", id=EVENT, title="Before the disk filled")["data"]
            filler = _fill(disk)
            body = editing.update("admin", id=EVENT, summary="x" * 4000)
            assert error_code(body) == "STORE_UNAVAILABLE", body
            assert (
                "full" in body["errors"][0]["message"] and "reads still work" in body["errors"][0]["message"]
            )
            read = editing.post(READ)
            assert read["data"]["event"]["title"] == "Before the disk filled"
            assert [c["id"] for c in read["data"]["changes"]["nodes"]] == ["1"]
            filler.unlink()
            resumed = editing.update("admin", id=EVENT, title="After")["data"]["updateEvent"]["change"]
            assert resumed["id"] == "2"  # nothing of the refused change was kept


def test_a_first_edit_on_a_full_disk_is_refused_clearly(tmp_path: Path, tiny: KnowledgeGraph) -> None:
    with _mounted("-t", "tmpfs", "-o", "size=256k", "tmpfs", at=tmp_path / "disk") as disk:
        state = tmp_path / "tokens"
        tokens = add_tokens(state)
        (disk / STORE_FILE).write_bytes((state / STORE_FILE).read_bytes())
        (state / STORE_FILE).unlink()
        _fill(disk)
        with _app_on(disk, tiny) as client:
            editing = Editing(client, disk, tokens)
            body = editing.update("admin", id=EVENT, title="never saved")
            assert error_code(body) == "STORE_UNAVAILABLE", body
            assert editing.post(READ)["data"]["event"]["title"].startswith("Massive Explosion")


def test_a_read_only_disk_serves_the_stored_edits_and_refuses_new_ones(
    tmp_path: Path, tiny: KnowledgeGraph
) -> None:
    state = tmp_path / "state"
    for editing in editing_on(state, tiny, ""):
        assert editing.update("admin", id=EVENT, title="Edited before")["data"]
        tokens = editing.tokens
    with _read_only_view(state) as view, _app_on(view, tiny) as client:
        read = client.post("/graphql", json={"query": READ}).json()
        assert read["data"] == {
            "event": {"title": "Edited before", "history": {"nodes": [{"id": "1"}]}},
            "changes": {"nodes": [{"id": "1"}]},
        }
        _refused_clearly(client, tokens["admin"], "read-only")
        assert client.get("/health").status_code == 200


def test_a_read_only_disk_without_a_store_serves_and_refuses_edits(
    tmp_path: Path, tiny: KnowledgeGraph
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with _read_only_view(empty) as view, _app_on(view, tiny) as client:
        assert client.post("/graphql", json={"query": READ}).json()["data"]["changes"] == {"nodes": []}
        body = client.post(
            "/graphql",
            json={"query": EDIT},
            headers={"Authorization": "Bearer anything"},
        ).json()
        assert error_code(body) == "UNAUTHENTICATED"  # no store: no token is known, and nothing is written
        assert not (empty / STORE_FILE).exists()
