"""The store of record: changes (proposed, applied, rejected…) and API tokens.

Both databases keep the same tables (`MIGRATIONS`); a write happens inside `ChangeStore.writing`,
one transaction at a time across every process, and returns only once the database has
made it durable: a change is acknowledged only after its commit.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from graph.errors import ClioError

#: Each migration brings the tables from the version before it to its own (index + 1).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE changes (
        id {serial},
        author TEXT NOT NULL,
        author_role TEXT NOT NULL,
        client_key TEXT UNIQUE,
        request_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        operation TEXT NOT NULL,
        target TEXT NOT NULL,
        subjects TEXT NOT NULL,
        input TEXT NOT NULL,
        reason TEXT NOT NULL,
        diff TEXT NOT NULL,
        expected_version INTEGER,
        status TEXT NOT NULL,
        reviewer TEXT,
        reviewed_at TEXT,
        review_comment TEXT,
        seq INTEGER UNIQUE
    );
    CREATE INDEX changes_target ON changes (target);
    CREATE INDEX changes_status ON changes (status, id);
    CREATE TABLE tokens (
        id {serial},
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

ROLES = ("editor", "reviewer", "admin")
STATUSES = ("PENDING", "APPLIED", "REJECTED", "WITHDRAWN")

_CHANGE_COLUMNS = (
    "id, author, author_role, client_key, request_hash, created_at, operation, target, subjects, input, "
    "reason, diff, expected_version, status, reviewer, reviewed_at, review_comment, seq"
)


#: A change's ``subjects`` are its ids framed by commas (",event:a,person:b,"), matched with LIKE.
_NAMES_SUBJECT = "LIKE ? ESCAPE '!'"


def subject_pattern(node_id: str) -> str:
    """The LIKE pattern of one id among a change's subjects, its own ``%`` and ``_`` taken literally.

    Without the escape, ``history(id: "%")`` listed every change, and an id holding ``_``
    counted the versions of ids that differ from it there.
    """
    literal = node_id.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%,{literal},%"


_CHANGE_FIELDS = tuple(name.strip() for name in _CHANGE_COLUMNS.split(","))


def _stored(change: Change, name: str) -> Any:
    """A change's field as its column holds it (input and diff as JSON text)."""
    value = getattr(change, name)
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=name == "input")
        if name in ("input", "diff")
        else value
    )


class StoreError(ClioError):
    """The store cannot be used: damaged, from a newer Clio, or its disk refuses writes."""


@dataclass(frozen=True, slots=True)
class Change:
    """One proposed edit and what became of it."""

    id: int
    author: str
    author_role: str
    client_key: str | None
    request_hash: str
    created_at: str
    operation: str
    target: str
    subjects: str
    input: dict[str, Any]
    reason: str
    diff: dict[str, list[Any]]
    expected_version: int | None
    status: str
    reviewer: str | None
    reviewed_at: str | None
    review_comment: str | None
    seq: int | None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Change:
        values = list(row)
        values[9] = json.loads(values[9])
        values[11] = json.loads(values[11])
        return cls(*values)

    def as_json(self) -> dict[str, Any]:
        """The change as one line of ``clio db export-changes``."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Token:
    id: int
    name: str
    role: str
    revoked: bool


def injected_fault() -> None:
    """The test hook of a failing disk: ``CLIO_STORE_FAULT=EROFS|ENOSPC|EIO`` fails every write so."""
    name = os.environ.get("CLIO_STORE_FAULT")
    if name:
        code = getattr(errno, name, errno.EIO)
        raise OSError(code, os.strerror(code))


def commit_delay() -> None:
    """The test hook of a slow fsync: ``CLIO_STORE_COMMIT_DELAY_MS`` sleeps just before a commit."""
    delay = os.environ.get("CLIO_STORE_COMMIT_DELAY_MS")
    if delay:
        time.sleep(int(delay) / 1000)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def token_hash(secret: str) -> str:
    """Tokens are 256 random bits: one SHA-256 round keeps them safe at rest, unlike a password."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Transaction:
    """What may be read and written while `ChangeStore.writing` holds the one write lock."""

    def __init__(self, cursor: Any, mark: str, resync_ids: str = "") -> None:
        self._cursor = cursor
        self._mark = mark  # the driver's parameter mark: ? or %s
        # What moves the id counter past ids written by hand (`restore`); SQLite's AUTOINCREMENT
        # follows by itself, PostgreSQL's sequence does not.
        self._resync_ids = resync_ids

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self._mark)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self._cursor.execute(self._sql(sql), tuple(params))
        return self._cursor

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.execute(sql, params).fetchall())

    # -- changes ----------------------------------------------------------------

    def change(self, change_id: int) -> Change | None:
        row = self.one(f"SELECT {_CHANGE_COLUMNS} FROM changes WHERE id = ?", (change_id,))
        return None if row is None else Change.from_row(row)

    def by_client_key(self, client_key: str) -> Change | None:
        row = self.one(f"SELECT {_CHANGE_COLUMNS} FROM changes WHERE client_key = ?", (client_key,))
        return None if row is None else Change.from_row(row)

    def applied_since(self, seq: int) -> list[Change]:
        rows = self.all(f"SELECT {_CHANGE_COLUMNS} FROM changes WHERE seq > ? ORDER BY seq", (seq,))
        return [Change.from_row(row) for row in rows]

    def last_seq(self) -> int:
        return int(self.one("SELECT COALESCE(MAX(seq), 0) FROM changes")[0])

    def target_version(self, target: str) -> int:
        """How many applied changes shaped a record: what ``expectedVersion`` is compared with."""
        return int(
            self.one(
                f"SELECT COUNT(*) FROM changes WHERE seq IS NOT NULL AND subjects {_NAMES_SUBJECT}",
                (subject_pattern(target),),
            )[0]
        )

    def insert(self, change: Change) -> int:
        row = self.one(
            "INSERT INTO changes (author, author_role, client_key, request_hash, created_at, operation, "
            "target, subjects, input, reason, diff, expected_version, status, reviewer, reviewed_at, "
            "review_comment, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                change.author,
                change.author_role,
                change.client_key,
                change.request_hash,
                change.created_at,
                change.operation,
                change.target,
                change.subjects,
                json.dumps(change.input, ensure_ascii=False, sort_keys=True),
                change.reason,
                json.dumps(change.diff, ensure_ascii=False),
                change.expected_version,
                change.status,
                change.reviewer,
                change.reviewed_at,
                change.review_comment,
                change.seq,
            ),
        )
        return int(row[0])

    def restore(self, change: Change) -> None:
        """Insert a change as another store wrote it: its own id, status and sequence number."""
        self.execute(
            f"INSERT INTO changes ({_CHANGE_COLUMNS}) VALUES ({', '.join('?' * len(_CHANGE_FIELDS))})",
            [_stored(change, name) for name in _CHANGE_FIELDS],
        )
        if self._resync_ids:
            self.execute(self._resync_ids)

    def settle(self, change: Change) -> None:
        """Write a reviewed change's outcome (status, reviewer, target, diff, seq)."""
        self.execute(
            "UPDATE changes SET status = ?, reviewer = ?, reviewed_at = ?, review_comment = ?, seq = ?, "
            "target = ?, subjects = ?, diff = ? WHERE id = ?",
            (
                change.status,
                change.reviewer,
                change.reviewed_at,
                change.review_comment,
                change.seq,
                change.target,
                change.subjects,
                json.dumps(change.diff, ensure_ascii=False),
                change.id,
            ),
        )

    # -- tokens -----------------------------------------------------------------

    def add_token(self, name: str, role: str, secret: str) -> int:
        if self.one("SELECT id FROM tokens WHERE name = ?", (name,)) is not None:
            raise StoreError(
                f"a token named {name!r} exists already (names are never reused); choose another"
            )
        row = self.one(
            "INSERT INTO tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
            (name, role, token_hash(secret), now()),
        )
        return int(row[0])

    def revoke_token(self, name: str) -> bool:
        cursor = self.execute(
            "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (now(), name)
        )
        return bool(cursor.rowcount)


class ChangeStore(Protocol):
    """The interface both databases implement (the store test suite runs against each)."""

    #: What error messages name: the SQLite file, or the PostgreSQL address without its password.
    location: str

    def writing(self) -> AbstractContextManager[Transaction]:
        """One write transaction, serialised across processes; committed durably on exit."""

    def reading(self) -> AbstractContextManager[Transaction]:
        """A read-only view (no lock)."""

    def token(self, secret: str) -> Token | None:
        """The token a bearer secret names, or None."""

    def changes(
        self, status: str | None, author: str | None, target: str | None, first: int, after: int
    ) -> list[Change]:
        """Changes by id, filtered; at most ``first`` after the id ``after``."""

    def upgrade(self) -> int:
        """Bring the tables to `SCHEMA_VERSION`; the version found before."""

    def backup(self, path: str) -> None:
        """Copy the whole store to ``path`` while it serves."""

    def close(self) -> None: ...


def migrate(connection: Any, serial: str, placeholder: str, newer: Callable[[int], str]) -> int:
    """Bring the tables to `SCHEMA_VERSION` inside the caller's transaction; the version found.

    ``connection`` is a DB-API connection with ``execute`` (sqlite3's or psycopg's), ``serial``
    the database's auto-numbered key type, ``placeholder`` its parameter mark; ``newer`` words
    the refusal of tables that a newer Clio wrote, given the version found.
    """
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    found = int(connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
    if found > SCHEMA_VERSION:
        raise StoreError(newer(found))
    for version in range(found + 1, SCHEMA_VERSION + 1):
        for statement in filter(str.strip, MIGRATIONS[version - 1].format(serial=serial).split(";")):
            connection.execute(statement)
        connection.execute(f"INSERT INTO schema_version VALUES ({placeholder})", (version,))
    return found


def filtered_changes(
    tx: Transaction, status: str | None, author: str | None, target: str | None, first: int, after: int
) -> list[Change]:
    where: list[str] = ["id > ?"]
    params: list[object] = [after]
    if status:
        where.append("status = ?")
        params.append(status)
    # A filter given empty matches nothing: `history(id: "")` once listed every change.
    if author is not None:
        where.append("author = ?")
        params.append(author)
    if target is not None:
        where.append(f"subjects {_NAMES_SUBJECT}")
        params.append(subject_pattern(target))
    rows = tx.all(
        f"SELECT {_CHANGE_COLUMNS} FROM changes WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
        (*params, first),
    )
    return [Change.from_row(row) for row in rows]


def token_of(tx: Transaction, secret: str) -> Token | None:
    row = tx.one("SELECT id, name, role, revoked_at FROM tokens WHERE hash = ?", (token_hash(secret),))
    return None if row is None else Token(row[0], row[1], row[2], row[3] is not None)


def export_lines(tx: Transaction) -> Iterator[str]:
    """Every change as JSON Lines, oldest first: each holds its operation and input, so it can be replayed."""
    for row in tx.all(f"SELECT {_CHANGE_COLUMNS} FROM changes ORDER BY id"):
        yield json.dumps(Change.from_row(row).as_json(), ensure_ascii=False, sort_keys=True)


__all__ = [
    "MIGRATIONS",
    "ROLES",
    "SCHEMA_VERSION",
    "STATUSES",
    "Change",
    "ChangeStore",
    "StoreError",
    "Token",
    "Transaction",
    "commit_delay",
    "export_lines",
    "filtered_changes",
    "injected_fault",
    "now",
    "subject_pattern",
    "token_hash",
    "token_of",
]
