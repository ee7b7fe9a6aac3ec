"""``clio token`` and ``clio db``: API tokens and the store of record for edits.

Usage::

    clio token create --role editor --name ada      # prints the token once; only its hash is kept
    clio token revoke --name ada
    clio db upgrade                                 # bring the tables to this Clio's version
    clio db backup --out backup.sqlite3             # SQLite's online backup, while serving
    clio db export-changes --out changes.jsonl      # every change, JSON Lines, oldest first
    clio db import-changes changes.jsonl            # replay such a file into this store

Each reads ``CLIO_STATE_DIR`` (default ``./clio-state/``) or ``--state-dir``.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import Any

from clio.settings import Settings
from clio.state import open_store
from clio.state.replay import import_changes, read_changes
from clio.state.store import ROLES, SCHEMA_VERSION, StoreError, export_lines

#: Tokens start with this, so a secret scanner (and a reader) can tell one on sight.
TOKEN_PREFIX = "clio_"


def _store(args: argparse.Namespace) -> Any:
    settings = Settings.from_env()
    return open_store(args.store or settings.store, args.state_dir or settings.state_dir)


def _create(args: argparse.Namespace) -> int:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    store = _store(args)
    with store.writing() as tx:
        tx.add_token(args.name, args.role, secret)
    print(
        f"Created {args.role} token {args.name!r} in {store.location}; it is shown this once:",
        file=sys.stderr,
    )
    print(secret)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    store = _store(args)
    with store.writing() as tx:
        if not tx.revoke_token(args.name):
            raise StoreError(f"no live token named {args.name!r} in {store.location}")
    print(f"Revoked token {args.name!r}", file=sys.stderr)
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    store = _store(args)
    found = store.upgrade()
    print(f"{store.location}: tables at version {SCHEMA_VERSION} (were {found})", file=sys.stderr)
    return 0


def _backup(args: argparse.Namespace) -> int:
    store = _store(args)
    if not store.exists:
        raise StoreError(f"{store.location} does not exist yet: there is nothing to back up")
    store.backup(str(args.out))
    print(f"Backed up {store.location} to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    store = _store(args)
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        if store.exists:
            with store.reading() as tx:
                for line in export_lines(tx):
                    out.write(line + "\n")
                    count += 1
    print(f"Wrote {count} changes to {args.out}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    changes = read_changes(args.file)  # every line checked before anything is written
    store = _store(args)
    with store.writing() as tx:
        result = import_changes(tx, args.file, changes)
    print(
        f"Imported {args.file} into {store.location}: {result.added} added, "
        f"{result.settled} settled as reviewed since, {result.present} already present",
        file=sys.stderr,
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``token`` and ``db`` to the ``clio`` command line."""
    token = subparsers.add_parser("token", help="create or revoke API tokens for edits")
    token_commands = token.add_subparsers(dest="action", required=True)
    create = token_commands.add_parser("create", help="make a token (printed once)")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--name", required=True, help="who holds it; changes name their author by it")
    create.set_defaults(run=_create)
    revoke = token_commands.add_parser("revoke", help="stop a token working")
    revoke.add_argument("--name", required=True)
    revoke.set_defaults(run=_revoke)

    db = subparsers.add_parser("db", help="the store of record for edits: upgrade, backup, export, import")
    db_commands = db.add_subparsers(dest="action", required=True)
    db_commands.add_parser("upgrade", help="create or migrate the tables").set_defaults(run=_upgrade)
    backup = db_commands.add_parser("backup", help="copy the store while it serves")
    backup.add_argument("--out", type=Path, required=True)
    backup.set_defaults(run=_backup)
    export = db_commands.add_parser("export-changes", help="every change as JSON Lines")
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(run=_export)
    replay = db_commands.add_parser(
        "import-changes", help="replay an export-changes file (all or nothing; present changes are skipped)"
    )
    replay.add_argument("file", type=Path, help="a JSON Lines file written by clio db export-changes")
    replay.set_defaults(run=_import)
    for parser in (create, revoke, *db_commands.choices.values()):
        parser.add_argument("--state-dir", type=Path, help="default CLIO_STATE_DIR, or ./clio-state")
        parser.add_argument("--store", help="postgresql://… (default CLIO_STORE, or SQLite in the state dir)")


__all__ = ["TOKEN_PREFIX", "register"]
