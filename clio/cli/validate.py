"""``clio validate [DIR]``: check a data directory without serving it, every problem at once."""

from __future__ import annotations

import argparse
from pathlib import Path

from clio.cli.loading import load_with_progress
from graph.bundled import BUNDLED_DATA
from graph.errors import DataErrors


def _run(args: argparse.Namespace) -> int:
    try:
        kg = load_with_progress(args.dir)
    except DataErrors as errors:
        # Every one, not the first 20 a server's log shows: this is the list to work through.
        raise DataErrors(errors.errors, shown=len(errors.errors)) from None
    counts = ", ".join(f"{n:,} {kind}" for kind, n in kg.counts().items())
    print(f"{args.dir}: valid ({counts})")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand to the ``clio`` command line."""
    command = subparsers.add_parser("validate", help="check a data directory without serving it")
    command.add_argument(
        "dir", type=Path, nargs="?", default=BUNDLED_DATA, help="a data directory (default the bundled data)"
    )
    command.set_defaults(run=_run)
