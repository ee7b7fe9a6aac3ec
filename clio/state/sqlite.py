"""The embedded store: one SQLite file in ``CLIO_STATE_DIR``, WAL mode, every commit fsynced.

The file is created on the first write (a mutation, or ``clio token create``), so a
read-only deployment never needs a writable directory. An existing file is checked at
start (``PRAGMA quick_check``) and refused, in one line naming it, when damaged.

Two hooks let tests reproduce failing disks and slow fsyncs without root tricks:
``CLIO_STORE_FAULT`` (``EROFS``, ``ENOSPC`` or ``EIO``) makes every write fail with that
error, and ``CLIO_STORE_COMMIT_DELAY_MS`` sleeps just before each commit, the moment a
crash test kills the server.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clio.state.store import (
    SCHEMA_VERSION,
    Change,
    StoreError,
    Token,
    Transaction,
    commit_delay,
    filtered_changes,
    injected_fault,
    migrate,
    token_of,
)

STORE_FILE = "clio.sqlite3"
_BUSY_TIMEOUT_MS = 30_000
#: While the disk refuses writes, how often a thread tries its writable connection again.
_RETRY_WRITABLE_S = 2.0

log = logging.getLogger("clio.edits")


def _trouble(directory: Path, error: sqlite3.Error) -> str:
    """What SQLite's error means for the disk: SQLite says "unable to open" where the disk is read-only."""
    try:
        disk = os.statvfs(directory)
    except OSError:
        return str(error)
    if disk.f_flag & os.ST_RDONLY:
        return os.strerror(errno.EROFS)
    if disk.f_bavail == 0:
        return f"{os.strerror(errno.ENOSPC)}: the disk is full"
    return str(error)


def _busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY, SQLITE_LOCKED)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


class SqliteStore:
    """`clio.state.store.ChangeStore` on one SQLite file."""

    def __init__(self, state_dir: str | Path) -> None:
        self.path = Path(state_dir) / STORE_FILE
        self.location = str(self.path)
        self._local = threading.local()
        # Every thread's connection, so `close` can close them all (a thread's own would
        # otherwise be left to the garbage collector when the thread ends).
        self._opened: list[tuple[int, Any]] = []
        self._opened_lock = threading.Lock()
        if self.path.exists():
            self.check()

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection: writable, or read-only while the disk refuses writes."""
        local = self._local
        connection: sqlite3.Connection | None = getattr(local, "connection", None)
        ours = connection is not None and getattr(local, "pid", None) == os.getpid()
        if ours and (local.refused is None or time.monotonic() < local.retry_at):
            return connection  # type: ignore[return-value]
        try:
            opened = self._open_writable()
            refused = None
        except sqlite3.OperationalError as error:
            if _busy(error):
                # Another writer held the lock past the busy timeout: the disk is fine, so
                # this request is refused and the next one opens a writable connection again.
                raise StoreError(f"{self.path}: cannot write now ({error})") from error
            if not self.path.exists():
                raise StoreError(
                    f"{self.path}: cannot write ({_trouble(self.path.parent, error)})"
                ) from error
            refused = _trouble(self.path.parent, error)
            if ours:  # still refused: the read-only connection serves on
                local.refused, local.retry_at = refused, time.monotonic() + _RETRY_WRITABLE_S
                return connection  # type: ignore[return-value]
            opened = self._open_read_only()
            log.warning("%s is read-only for now (%s): reads go on, edits are refused", self.path, refused)
        if ours:
            connection.close()  # type: ignore[union-attr]  # the read-only one, replaced: the disk writes again
        local.connection, local.pid = opened, os.getpid()
        local.refused, local.retry_at = refused, time.monotonic() + _RETRY_WRITABLE_S
        with self._opened_lock:
            self._opened.append((os.getpid(), opened))
        return opened

    def _open_writable(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            # FULL: a WAL commit is fsynced before it returns, so an acknowledged change survives a crash.
            connection.execute("PRAGMA synchronous = FULL")
            self._found = self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _open_read_only(self) -> sqlite3.Connection:
        """Read a store whose disk refuses writes (read-only or full).

        A WAL database needs its ``-shm`` file even to be read; where that cannot be made, the
        file is read as immutable: nobody can change it while the disk refuses writes, and the
        writable connection is tried again every few seconds.
        """
        last: sqlite3.Error | None = None
        for mode in ("mode=ro", "mode=ro&immutable=1"):
            connection = sqlite3.connect(
                f"file:{self.path}?{mode}", uri=True, isolation_level=None, check_same_thread=False
            )
            try:
                found = int(connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
            except sqlite3.OperationalError as error:
                connection.close()
                last = error
                continue
            if found != SCHEMA_VERSION:
                connection.close()
                raise StoreError(
                    f"{self.path} holds tables version {found}, this Clio needs {SCHEMA_VERSION}, and its "
                    "disk refuses writes: run clio db upgrade where it can be written"
                )
            self._found = found
            return connection
        raise StoreError(f"{self.path} cannot be read ({last})")

    def _migrate(self, connection: sqlite3.Connection) -> int:
        # Every thread opens its own connection: one that finds the tables current takes no
        # write lock (BEGIN IMMEDIATE waited behind every writer, and failing there read as
        # a disk that refuses writes).
        try:
            current = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        except sqlite3.OperationalError:
            current = None  # no tables yet
        if current == SCHEMA_VERSION:
            return SCHEMA_VERSION
        connection.execute("BEGIN IMMEDIATE")
        try:
            found = migrate(
                connection,
                "INTEGER PRIMARY KEY AUTOINCREMENT",
                "?",
                lambda found: (
                    f"{self.path} was written by a newer Clio (tables version {found}, "
                    f"this one knows {SCHEMA_VERSION}); upgrade Clio"
                ),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return found

    def check(self) -> None:
        """Refuse a damaged file in one line that names it."""
        try:
            try:
                result = self._quick_check("mode=ro")
            except sqlite3.OperationalError:
                # A disk that refuses writes refuses even the -shm file a WAL reader makes: the
                # file itself may be sound, so it is read as it lies.
                result = self._quick_check("mode=ro&immutable=1")
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path} is not a readable Clio store ({error}); restore it from a backup"
            ) from None
        if result != ["ok"]:
            first = " ".join(str(result[0]).split())[:200]  # one line, however long SQLite's report
            raise StoreError(f"{self.path} is damaged ({first}); restore it from a backup (clio db backup)")

    def _quick_check(self, mode: str) -> list[str]:
        connection = sqlite3.connect(f"file:{self.path}?{mode}", uri=True)
        try:
            return [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        finally:
            connection.close()

    def upgrade(self) -> int:
        self._connect()
        return int(getattr(self, "_found", SCHEMA_VERSION))

    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        injected_fault()
        connection = self._connect()
        if self._local.refused is not None:
            raise StoreError(f"{self.path}: cannot write ({self._local.refused})")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"{self.path}: cannot write ({error})") from error
        try:
            yield Transaction(connection.cursor(), "?")
            commit_delay()
            injected_fault()
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot write ({_trouble(self.path.parent, error)})") from error
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        connection = self._connect()
        yield Transaction(connection.cursor(), "?")

    def token(self, secret: str) -> Token | None:
        if not self.exists:
            return None
        with self.reading() as tx:
            return token_of(tx, secret)

    def changes(
        self, status: str | None, author: str | None, target: str | None, first: int, after: int
    ) -> list[Change]:
        if not self.exists:
            return []
        with self.reading() as tx:
            return filtered_changes(tx, status, author, target, first, after)

    def last_seq(self) -> int:
        """The newest applied change's sequence number; 0 with no file (cheap: polled by every worker)."""
        if not self.exists:
            return 0
        with self.reading() as tx:
            return tx.last_seq()

    def backup(self, path: str) -> None:
        """SQLite's online backup: a consistent copy while writers keep writing."""
        target = sqlite3.connect(path)
        try:
            self._connect().backup(target)
        finally:
            target.close()

    def close(self) -> None:
        """Close every thread's connection (this process's: a forked child leaves its parent's alone)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for pid, connection in opened:
            if pid == os.getpid():
                connection.close()
        self._local = threading.local()


__all__ = ["STORE_FILE", "SqliteStore"]
