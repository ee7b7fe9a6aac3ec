"""The `clio` command: serve, schema, validate, snapshot, import, export, memory.

One module per command, each with a ``register(subparsers)`` that adds its parser and sets
``run``; this package only assembles them. Modules import from ``clio.cli.loading`` and
``clio.cli.failure``, never from this package, so there is no import cycle.

Exit codes, the same for every command:

* 0: done.
* 1: the command could not do its work: bad data, a missing file or directory, a busy
  port, a bad setting. One line on stderr names the path (or port) and the reason; data
  errors list every problem, one per line.
* 2: the command line itself is wrong (argparse's usage message).
* 130: interrupted with Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from clio.cli import export, importing, memory, sdl, serve, snapshot, state, validate
from clio.cli.failure import describe_os_error
from clio.cli.loading import load_with_progress
from clio.settings import SettingsError
from graph.errors import ClioError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # what argparse uses for a wrong command line
EXIT_INTERRUPTED = 130

# In the order `clio --help` lists them.
COMMANDS = (serve, sdl, validate, snapshot, importing, export, memory, state)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clio", description="A GraphQL knowledge graph of history.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ClioError, SettingsError) as error:
        print(f"clio {args.command}: {error}", file=sys.stderr)
    except OSError as error:
        print(f"clio {args.command}: {describe_os_error(error)}", file=sys.stderr)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_FAILED


__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "load_with_progress", "main"]
