"""`clio serve --snapshot` refuses a file it cannot vouch for in one line, and the key comes from settings."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from clio.settings import Settings, SettingsError
from clio.snapshot_key import snapshot_key
from graph.loader import load_graph
from graph.snapshot import key_id, save_snapshot

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"
KEY = "a shared secret for these replicas"


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(data)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _old_format(path: Path) -> None:
    line, rest = path.read_bytes().split(b"\n", 1)
    path.write_bytes(line.replace(b'"format":3', b'"format":2') + b"\n" + rest)


CASES: list[tuple[str, Callable[[Path], None], dict[str, str], str]] = [
    ("damaged", _flip, {}, "failed its integrity check (damaged, or altered after signing)"),
    ("truncated", _truncate, {}, "is truncated"),
    ("foreign-key", lambda path: None, {"CLIO_SNAPSHOT_KEY": "another installation's key"}, "another key"),
    ("wrong-version", _old_format, {}, "is snapshot format 2, this Clio reads 3"),
]


@pytest.mark.parametrize(("damage", "env", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_clio_serve_refuses_a_bad_snapshot_in_one_line(
    tmp_path: Path, damage: Callable[[Path], None], env: dict[str, str], message: str
) -> None:
    path = tmp_path / "graph.snapshot"
    save_snapshot(load_graph(TINY), path, KEY.encode())
    damage(path)
    environ = {**os.environ, "CLIO_SNAPSHOT_KEY": KEY, "CLIO_LOG_REQUESTS": "false", **env}
    done = subprocess.run(
        [sys.executable, "-m", "clio", "serve", "--snapshot", str(path), "--port", "9"],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [done.stderr.strip()], done.stderr  # one line, no traceback
    assert done.stderr.startswith(f"clio serve: {path}: ")
    assert message in done.stderr


def test_a_key_from_the_environment_must_be_long_enough() -> None:
    with pytest.raises(SettingsError, match="CLIO_SNAPSHOT_KEY must hold a snapshot key of at least 16"):
        snapshot_key(Settings.from_env({"CLIO_SNAPSHOT_KEY": "short"}))


def test_a_key_file_shared_by_replicas_is_read_without_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "replicas.key"
    path.write_text(KEY + "\n")
    key = snapshot_key(Settings.from_env({"CLIO_SNAPSHOT_KEY_FILE": str(path)}))
    assert (key.secret, key.source) == (KEY.encode(), str(path))
    assert KEY not in repr(key) and KEY not in repr(Settings.from_env({"CLIO_SNAPSHOT_KEY": KEY}))


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=f"CLIO_SNAPSHOT_KEY_FILE: cannot read {tmp_path / 'nope.key'}"):
        snapshot_key(Settings.from_env({"CLIO_SNAPSHOT_KEY_FILE": str(tmp_path / "nope.key")}))


def test_without_a_key_one_is_made_once_per_state_dir_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings.from_env({"CLIO_STATE_DIR": str(tmp_path / "state")})
    keys: list[bytes] = []

    def make() -> None:
        keys.append(snapshot_key(settings).secret)

    # Eight first starts at once agree on one key.
    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    path = tmp_path / "state" / "snapshot.key"
    assert set(keys) == {path.read_bytes().strip()} and len(keys[0]) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["snapshot.key"]  # no temporary left
    other = snapshot_key(Settings.from_env({"CLIO_STATE_DIR": str(tmp_path / "elsewhere")}))
    assert key_id(other.secret) != key_id(keys[0])


def test_a_state_dir_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(SettingsError, match=f"cannot make the snapshot key {blocker / 'snapshot.key'}"):
        snapshot_key(Settings.from_env({"CLIO_STATE_DIR": str(blocker)}))
