"""Load a data directory for a command, with a progress bar and a one-line summary."""

from __future__ import annotations

import sys
from pathlib import Path

from clio.cli.failure import CommandError
from graph.loader import data_size, load_graph
from graph.store import KnowledgeGraph


def check_data_dir(data_dir: Path) -> None:
    """Fail at once, in one line, when ``data_dir`` is not a directory there is.

    Raises:
        CommandError: naming the directory and what is wrong with it.
    """
    if not data_dir.exists():
        raise CommandError(f"the data directory {data_dir} does not exist")
    if not data_dir.is_dir():
        raise CommandError(f"the data directory {data_dir} is not a directory")


def load_with_progress(data_dir: Path) -> KnowledgeGraph:
    """Load a data directory with a progress bar on stderr (silent when not a terminal).

    Raises:
        CommandError: the directory is missing (one line, before any progress bar).
        DataErrors: every problem of the data, each with its file, line and field.
    """
    from tqdm import tqdm

    check_data_dir(data_dir)
    # No monitor thread: `clio serve` forks after loading, and a thread does not survive a fork.
    tqdm.monitor_interval = 0
    with tqdm(
        total=data_size(data_dir),
        unit="B",
        unit_scale=True,
        desc=f"Loading {data_dir}",
        file=sys.stderr,
        disable=None,
        leave=False,
    ) as bar:

        def advance(n: int) -> None:
            bar.update(n)

        kg = load_graph(data_dir, progress=advance)
    counts = kg.counts()
    print(
        f"Loaded {counts['event']:,} events, {counts['person']:,} people, {counts['location']:,} places, "
        f"{counts['edges']:,} edges from {data_dir}",
        file=sys.stderr,
    )
    return kg
