"""``clio memory PID…``: RSS, PSS and USS of processes, e.g. a `clio serve` and its workers."""

from __future__ import annotations

import argparse

from clio.memory import children_of, memory_of


def _mb(n: int) -> str:
    return f"{n / 2**20:,.1f}"


def _memory(args: argparse.Namespace) -> int:
    pids: list[int] = []
    for pid in args.pid:
        pids += [pid, *children_of(pid)] if args.children else [pid]
    print(f"{'pid':>8} {'RSS MiB':>10} {'PSS MiB':>10} {'USS MiB':>10}")
    for pid in pids:
        m = memory_of(pid)
        print(f"{pid:>8} {_mb(m.rss):>10} {_mb(m.pss):>10} {_mb(m.uss):>10}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``memory`` subcommand to the `clio` command line."""
    command = subparsers.add_parser(
        "memory", help="RSS, PSS and USS of processes (e.g. a `clio serve` and its workers)"
    )
    command.add_argument("pid", type=int, nargs="+", help="process ids")
    command.add_argument(
        "--children", action="store_true", help="also every direct child (the workers of a parent)"
    )
    command.set_defaults(run=_memory)


__all__ = ["register"]
