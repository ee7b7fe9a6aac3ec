"""``clio schema``: print the GraphQL schema (SDL), as committed in ``schema.graphql``."""

from __future__ import annotations

import argparse
import sys


def _run(args: argparse.Namespace) -> int:
    from schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` subcommand to the ``clio`` command line."""
    command = subparsers.add_parser("schema", help="print the GraphQL schema (SDL)")
    command.set_defaults(run=_run)
