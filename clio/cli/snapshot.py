"""``clio snapshot DATA_DIR FILE``: load and index a data directory once, save it for fast starts.

The snapshot holds the graph with every index of `graph.indexes` already built.

``clio serve --snapshot FILE`` then starts in seconds instead of re-reading every line.
A snapshot is a pickle signed with a secret key (`clio.snapshot_key`): a server loads only
files signed with its own key, checked before a byte is unpickled (see `graph.snapshot`).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from clio.cli.failure import check_writable
from clio.cli.loading import load_with_progress
from clio.settings import Settings
from clio.snapshot_key import SnapshotKey, snapshot_key
from graph.indexes import build_indexes
from graph.snapshot import load_snapshot, save_snapshot
from graph.store import KnowledgeGraph


def load_announced(path: Path, key: SnapshotKey | None = None) -> KnowledgeGraph:
    """Load a snapshot (checked with ``key``, by default the settings' key), saying on stderr
    what it held and how long it took."""
    key = key or snapshot_key(Settings.from_env())
    start = time.perf_counter()
    kg = load_snapshot(path, key.secret)
    # The graph lives as long as the server: keep the cycle collector from walking its
    # millions of objects again on every full collection while requests wait.
    gc.freeze()
    counts = kg.counts()
    print(
        f"Loaded {counts['event']:,} events, {counts['person']:,} people, {counts['edges']:,} edges "
        f"from snapshot {path} in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return kg


def _snapshot(args: argparse.Namespace) -> int:
    check_writable(args.file, "snapshot")
    # The key first: a bad key setting should fail before a long load, not after it.
    key = snapshot_key(Settings.from_env())
    kg = load_with_progress(args.data_dir)
    # Every index goes into the file: a server loading it builds none (at a million events
    # building them takes minutes; unpickling them, seconds).
    start = time.perf_counter()
    build_indexes(kg)
    indexed = time.perf_counter() - start
    start = time.perf_counter()
    header = save_snapshot(kg, args.file, key.secret)
    size = args.file.stat().st_size
    print(
        f"{args.file}: snapshot of data version {header['data_version']}, {size / 1e6:.1f} MB, "
        f"signed with {key.describe()}, indexes built in {indexed:.1f} s, "
        f"written in {time.perf_counter() - start:.1f} s"
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``snapshot`` subcommand to the ``clio`` command line."""
    command = subparsers.add_parser(
        "snapshot", help="save a loaded, indexed data directory to one file, for `clio serve --snapshot`"
    )
    command.add_argument("data_dir", type=Path, help="a directory of canonical JSON Lines")
    command.add_argument("file", type=Path, help="the snapshot file to write")
    command.set_defaults(run=_snapshot)
