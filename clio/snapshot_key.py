"""The secret that signs and checks snapshots: from the environment, a key file, or made once.

In order: ``CLIO_SNAPSHOT_KEY`` (the key itself), ``CLIO_SNAPSHOT_KEY_FILE`` (a file holding
it, the way to give several replicas the same key), else ``snapshot.key`` in
``CLIO_STATE_DIR``, made with 32 random bytes the first time it is needed. That last
choice keeps a single machine safe with no setup: a snapshot it did not sign itself is
refused. Machines that share snapshots must share a key (see docs/deploying.md).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from clio.settings import PREFIX, Settings, SettingsError
from graph.snapshot import MIN_KEY_BYTES, key_id

DEFAULT_KEY_FILE = "snapshot.key"


@dataclass(frozen=True, slots=True)
class SnapshotKey:
    """A key and where it came from (for messages; the key itself is never printed)."""

    secret: bytes
    source: str

    def __repr__(self) -> str:
        return f"SnapshotKey(id={key_id(self.secret)}, source={self.source!r})"

    def describe(self) -> str:
        """What to print about the key: its id and its origin."""
        return f"key {key_id(self.secret)} from {self.source}"


def snapshot_key(settings: Settings) -> SnapshotKey:
    """The key ``settings`` name, creating the per-installation key file when none is set.

    Raises:
        SettingsError: a key too short, or a key file that is missing, unreadable or too short.
    """
    if settings.snapshot_key:
        return SnapshotKey(
            _long_enough(settings.snapshot_key.encode("utf-8", "surrogateescape"), f"{PREFIX}SNAPSHOT_KEY"),
            f"{PREFIX}SNAPSHOT_KEY",
        )
    if settings.snapshot_key_file:
        path = Path(settings.snapshot_key_file)
        return SnapshotKey(_read_key_file(path, f"{PREFIX}SNAPSHOT_KEY_FILE"), str(path))
    path = settings.state_dir / DEFAULT_KEY_FILE
    if not path.exists():
        try:
            _create_key_file(path)
        except OSError as error:
            raise SettingsError(
                f"cannot make the snapshot key {path} ({error.strerror}); set {PREFIX}STATE_DIR to a "
                f"writable directory, or give a key with {PREFIX}SNAPSHOT_KEY_FILE"
            ) from None
    return SnapshotKey(_read_key_file(path, f"the key file made by clio in {PREFIX}STATE_DIR"), str(path))


def _read_key_file(path: Path, origin: str) -> bytes:
    try:
        # A trailing newline from an editor or `echo` is not part of the key.
        secret = path.read_bytes().rstrip(b"\r\n")
    except OSError as error:
        raise SettingsError(f"{origin}: cannot read {path} ({error.strerror})") from None
    return _long_enough(secret, f"{origin} {path}")


def _long_enough(secret: bytes, origin: str) -> bytes:
    if len(secret) < MIN_KEY_BYTES:
        raise SettingsError(
            f"{origin} must hold a snapshot key of at least {MIN_KEY_BYTES} bytes, it has {len(secret)} "
            f"(make one with: python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return secret


def _create_key_file(path: Path) -> None:
    """Write a fresh random key, readable by its owner only, without ever exposing half a file.

    The key is written to a temporary file and hard-linked into place: when two processes
    race, the second link fails and both read the first one's key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_hex(32).encode() + b"\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process won the race: use its key
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


__all__ = ["DEFAULT_KEY_FILE", "SnapshotKey", "snapshot_key"]
