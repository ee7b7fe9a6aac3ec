"""The store of record for edits: changes, their review, and API tokens, in SQLite (or PostgreSQL).

`clio.state.store` is the interface and the SQL both databases share; `clio.state.sqlite`
the embedded default; `clio.state.live` keeps a worker's graph up to date with the store;
`clio.state.desk` is the edit workflow (who may propose, review, apply) the mutations call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_store(store: str, state_dir: Path) -> Any:
    """The store a setting names: ``postgresql://…``, or else the SQLite file in ``state_dir``."""
    if store.startswith(("postgresql://", "postgres://")):
        from clio.state.postgres import PostgresStore

        return PostgresStore(store)
    from clio.state.sqlite import SqliteStore

    return SqliteStore(state_dir)
