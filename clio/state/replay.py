"""``clio db import-changes``: replay a ``clio db export-changes`` file into a store.

The file is the store's own log, so it is replayed as it was written: every change keeps its
id, author, status, review and sequence number, and a server following the store applies the
new ones as it applies any other change. Use it to move the changes to another store (SQLite
to PostgreSQL and back) or to bring a store restored from an older backup up to date.

Importing is idempotent and all-or-nothing:

- every line is checked first (JSON, the fields of a change, their types and values); a bad
  line is refused with the file, the line and the field, and nothing is written;
- a change the store already holds (the same id, or the same ``clientMutationId`` of the same
  token, with the same request) is left alone; one that the store holds as PENDING and the file
  as settled (a backup taken before its review) gets the file's outcome;
- any other clash (an id or ``clientMutationId`` the store uses for another request, a change
  settled otherwise in the store) is refused, as is an applied change whose sequence number is
  not after the store's newest: servers following the store have passed that point and would
  never apply it. All of this runs in one transaction, so a refusal leaves the store as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from clio.state.store import ROLES, STATUSES, Change, Transaction
from graph.edit_operations import OPERATIONS
from graph.errors import DataError, DataErrors

#: The fields whose equality makes two changes the same request.
_REQUEST = (
    "author",
    "author_role",
    "client_key",
    "request_hash",
    "created_at",
    "operation",
    "input",
    "reason",
)
#: What a review writes: a PENDING change in the store may take these from the file.
_OUTCOME = ("status", "reviewer", "reviewed_at", "review_comment", "seq", "target", "subjects", "diff")

_TEXT = str
_OPTIONAL_TEXT = (str, type(None))
_OPTIONAL_INT = (int, type(None))
_KINDS: dict[str, Any] = {
    "id": int,
    "author": _TEXT,
    "author_role": _TEXT,
    "client_key": _OPTIONAL_TEXT,
    "request_hash": _TEXT,
    "created_at": _TEXT,
    "operation": _TEXT,
    "target": _TEXT,
    "subjects": _TEXT,
    "input": dict,
    "reason": _TEXT,
    "diff": dict,
    "expected_version": _OPTIONAL_INT,
    "status": _TEXT,
    "reviewer": _OPTIONAL_TEXT,
    "reviewed_at": _OPTIONAL_TEXT,
    "review_comment": _OPTIONAL_TEXT,
    "seq": _OPTIONAL_INT,
}
_NAMES = {"int": "a whole number", "str": "a string", "dict": "an object", "NoneType": "null"}


@dataclass(frozen=True, slots=True)
class Numbered:
    """A change read from the file, and the line it came from."""

    line: int
    change: Change


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    settled: int
    present: int


def read_changes(path: Path) -> list[Numbered]:
    """Every change of an export file, checked; `DataErrors` naming each bad line and field."""
    errors: list[DataError] = []
    changes: list[Numbered] = []
    ids: dict[int, int] = {}
    seqs: dict[int, int] = {}
    keys: dict[str, int] = {}
    for number, text in _lines(path):
        try:
            change = _change(str(path), number, text)
            _unique(str(path), number, "id", change.id, ids)
            if change.seq is not None:
                _unique(str(path), number, "seq", change.seq, seqs)
            if change.client_key is not None:
                _unique(str(path), number, "client_key", change.client_key, keys)
        except DataError as error:
            errors.append(error)
            continue
        changes.append(Numbered(number, change))
    if errors:
        raise DataErrors(errors)
    return sorted(changes, key=lambda numbered: numbered.change.id)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as file:
            for number, text in enumerate(file, start=1):
                if text.strip():
                    yield number, text
    except UnicodeDecodeError as error:
        raise DataError(str(path), None, None, f"is not UTF-8 ({error.reason})") from None


def _unique(path: str, line: int, field: str, value: Any, seen: dict[Any, int]) -> None:
    if value in seen:
        raise DataError(path, line, field, f"{value!r} is on line {seen[value]} already")
    seen[value] = line


def _change(path: str, line: int, text: str) -> Change:
    def bad(field: str | None, message: str) -> DataError:
        return DataError(path, line, field, message)

    try:
        row = json.loads(text)
    except json.JSONDecodeError as error:
        raise bad(None, f"is not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(row, dict):
        raise bad(None, f"is a JSON {type(row).__name__}, not an object (one change a line)")
    for field in row:
        if field not in _KINDS:
            raise bad(
                str(field)[:60], "is not a field of a change (is this a `clio db export-changes` file?)"
            )
    for field, kind in _KINDS.items():
        if field not in row:
            raise bad(field, "is missing")
        value = row[field]
        if isinstance(value, bool) or not isinstance(value, kind):
            wanted = " or ".join(_NAMES[k.__name__] for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise bad(field, f"must be {wanted}, not {json.dumps(value)[:40]}")
    if row["id"] < 1:
        raise bad("id", f"must be a positive number, not {row['id']}")
    if row["status"] not in STATUSES:
        raise bad("status", f"must be one of {', '.join(STATUSES)}, not {row['status']!r}")
    if row["operation"] not in OPERATIONS:
        raise bad("operation", f"must be one of {', '.join(OPERATIONS)}, not {row['operation']!r}")
    if row["author_role"] not in ROLES:
        raise bad("author_role", f"must be one of {', '.join(ROLES)}, not {row['author_role']!r}")
    if (row["seq"] is not None) != (row["status"] == "APPLIED"):
        raise bad("seq", "is set for an APPLIED change and only for one")
    if row["seq"] is not None and row["seq"] < 1:
        raise bad("seq", f"must be a positive number, not {row['seq']}")
    if not row["reason"].strip():
        raise bad("reason", "is empty: every change says why")
    if not (row["subjects"].startswith(",") and row["subjects"].endswith(",")):
        raise bad("subjects", "must be the comma-framed id list the store writes (',event:x,')")
    return Change(**{field.name: row[field.name] for field in fields(Change)})


def import_changes(tx: Transaction, path: Path, changes: Iterable[Numbered]) -> ImportResult:
    """Write ``changes`` in the caller's transaction (raise to write none of them)."""
    added = settled = present = 0
    newest = tx.last_seq()
    for numbered in changes:
        change, line = numbered.change, numbered.line

        def refuse(field: str, message: str, line: int = line) -> DataError:
            return DataError(str(path), line, field, message)

        held = tx.change(change.id)
        if held is None and change.client_key is not None:
            held = tx.by_client_key(change.client_key)
            if held is not None and _differs(held, change, _REQUEST):
                raise refuse("client_key", f"is change {held.id}'s in the store, made by another request")
        if held is not None:
            if _differs(held, change, _REQUEST):
                field = _differs(held, change, _REQUEST)
                raise refuse(field, f"differs from change {held.id} in the store: they are not one change")
            outcome = _differs(held, change, _OUTCOME)
            if not outcome or change.status == "PENDING":
                present += 1  # the same, or the store knows more (reviewed since the file was written)
                continue
            if held.status != "PENDING":
                raise refuse(
                    outcome, f"differs from change {held.id}, which the store holds as {held.status}"
                )
        if change.seq is not None and change.seq <= newest:
            raise refuse(
                "seq",
                f"{change.seq} is not after the store's newest applied change ({newest}): servers "
                "following the store would never apply it; import into a new store or a restored one",
            )
        if held is None:
            tx.restore(change)
            added += 1
        else:
            tx.settle(replace(change, id=held.id))  # the store's id: it may know it by clientMutationId
            settled += 1
    return ImportResult(added, settled, present)


def _differs(held: Change, given: Change, names: tuple[str, ...]) -> str:
    """The first of ``names`` in which two changes differ; empty when none does."""
    return next((name for name in names if getattr(held, name) != getattr(given, name)), "")


__all__ = ["ImportResult", "Numbered", "import_changes", "read_changes"]
