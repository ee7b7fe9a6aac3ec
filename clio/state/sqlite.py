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

import os
import sqlite3
import threading
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
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                self.path, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            # FULL: a WAL commit is fsynced before it returns, so an acknowledged change survives a crash.
            connection.execute("PRAGMA synchronous = FULL")
            self._local.connection, self._local.pid = connection, os.getpid()
            with self._opened_lock:
                self._opened.append((os.getpid(), connection))
            self._found = self._migrate(connection)
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> int:
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
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                result = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path} is not a readable Clio store ({error}); restore it from a backup"
            ) from None
        if result != ["ok"]:
            first = " ".join(str(result[0]).split())[:200]  # one line, however long SQLite's report
            raise StoreError(f"{self.path} is damaged ({first}); restore it from a backup (clio db backup)")

    def upgrade(self) -> int:
        self._connect()
        return int(getattr(self, "_found", SCHEMA_VERSION))

    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        injected_fault()
        connection = self._connect()
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
            raise StoreError(f"{self.path}: cannot write ({error})") from error
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
