"""The shared store: PostgreSQL, for several replicas (``CLIO_STORE=postgresql://…``).

The same tables and SQL as SQLite (`clio.state.store`); writes are serialised by one
transaction-level advisory lock, so ``expectedVersion`` is checked against the last
committed change whichever replica commits, and a commit returns once PostgreSQL has made
it durable (``synchronous_commit`` stays on). Replicas follow by polling the newest
sequence number (`clio.state.live`). Back it up with ``pg_dump``.

psycopg 3 is imported only here: an install that never names a PostgreSQL store needs none.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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

#: The advisory lock every write takes: one writer at a time across replicas.
_WRITE_LOCK = 0x0C110
#: Moves the id sequence past the ids `Transaction.restore` wrote (an import keeps the ids).
_RESYNC_IDS = "SELECT setval(pg_get_serial_sequence('changes', 'id'), (SELECT MAX(id) FROM changes))"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as error:
        raise StoreError(
            "a postgresql:// store needs psycopg 3: pip install 'clio-history[postgresql]'"
        ) from error
    return psycopg


class PostgresStore:
    """`clio.state.store.ChangeStore` on a PostgreSQL database."""

    exists = True  # the server holds the tables; nothing to make on the first write

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", url)  # never the password
        self._psycopg = _psycopg()
        self._local = threading.local()
        # Every thread's connection, so `close` can close them all (a thread's own would
        # otherwise be left to the garbage collector when the thread ends).
        self._opened: list[tuple[int, Any]] = []
        self._opened_lock = threading.Lock()
        self._migrated = False

    def _connect(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed or getattr(self._local, "pid", None) != os.getpid():
            try:
                connection = self._psycopg.connect(self.url, autocommit=True)
            except self._psycopg.OperationalError as error:
                raise StoreError(f"cannot reach {self.location}: {' '.join(str(error).split())}") from None
            self._local.connection, self._local.pid = connection, os.getpid()
            with self._opened_lock:
                self._opened.append((os.getpid(), connection))
            if not self._migrated:
                self._found = self._migrate(connection)
                self._migrated = True
        return connection

    def _migrate(self, connection: Any) -> int:
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            found = migrate(
                connection,
                "BIGSERIAL PRIMARY KEY",
                "%s",
                lambda found: f"{self.location} holds tables version {found}, newer than this Clio's",
            )
        return found

    def upgrade(self) -> int:
        self._connect()
        return int(getattr(self, "_found", SCHEMA_VERSION))

    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        injected_fault()
        connection = self._connect()
        try:
            with connection.transaction(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                yield Transaction(cursor, "%s", _RESYNC_IDS)
                commit_delay()
                injected_fault()
        except self._psycopg.OperationalError as error:
            raise StoreError(f"{self.location}: cannot write ({' '.join(str(error).split())})") from error

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        connection = self._connect()
        with connection.cursor() as cursor:
            yield Transaction(cursor, "%s")

    def token(self, secret: str) -> Token | None:
        with self.reading() as tx:
            return token_of(tx, secret)

    def changes(
        self, status: str | None, author: str | None, target: str | None, first: int, after: int
    ) -> list[Change]:
        with self.reading() as tx:
            return filtered_changes(tx, status, author, target, first, after)

    def last_seq(self) -> int:
        with self.reading() as tx:
            return tx.last_seq()

    def check(self) -> None:
        self._connect()

    def backup(self, path: str) -> None:
        raise StoreError(f"back up {self.location} with pg_dump (see docs/editing.md)")

    def close(self) -> None:
        """Close every thread's connection (this process's: a forked child leaves its parent's alone)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for pid, connection in opened:
            if pid == os.getpid():
                connection.close()
        self._local = threading.local()


__all__ = ["PostgresStore"]
