"""The `clio` command: serve, schema, validate, import, export."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from clio.settings import BUNDLED_DATA, Settings, SettingsError
from graph.errors import ClioError
from graph.loader import data_size, load_graph
from graph.store import KnowledgeGraph

# Subcommands that live in modules of their own register themselves here.
_PLUGGED_COMMANDS = ("clio.import_command", "clio.export_command", "clio.snapshot_command")


def load_with_progress(data_dir: Path) -> KnowledgeGraph:
    """Load a data directory with a progress bar on stderr (silent when not a terminal)."""
    from tqdm import tqdm

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


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from clio.app import create_app

    settings = Settings.from_env(host=args.host, port=args.port, data_dir=args.data)
    if args.snapshot is not None:
        from clio.snapshot_command import load_announced

        kg = load_announced(args.snapshot)
    else:
        kg = load_with_progress(settings.data_dir)
        # The graph lives as long as the server: keep the cycle collector from walking its
        # objects again on every full collection while requests wait (as snapshots do).
        gc.freeze()
    app = create_app(settings, kg)
    gc.freeze()  # the indexes create_app built live as long as the graph too
    base = f"http://{settings.host}:{settings.port}"
    print(f"GraphiQL at {base}/graphql, the explorer at {base}/explore (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")
    return 0


def _validate(args: argparse.Namespace) -> int:
    kg = load_with_progress(args.dir)
    counts = ", ".join(f"{n:,} {kind}" for kind, n in kg.counts().items())
    print(f"{args.dir}: valid ({counts})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clio", description="A GraphQL knowledge graph of history.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve GraphQL (and GraphiQL) over HTTP")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1, or CLIO_HOST)")
    serve.add_argument("--port", type=int, help="port (default 8000, or CLIO_PORT)")
    serve.add_argument("--data", type=Path, help=f"data directory (default the bundled {BUNDLED_DATA.name}/)")
    serve.add_argument(
        "--snapshot",
        type=Path,
        help="serve a file made by `clio snapshot` (only one you made: it is unpickled)",
    )
    serve.set_defaults(run=_serve)

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.set_defaults(run=_schema)

    validate = commands.add_parser("validate", help="check a data directory without serving it")
    validate.add_argument("dir", type=Path)
    validate.set_defaults(run=_validate)

    for module_name in _PLUGGED_COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ClioError, SettingsError) as error:
        print(f"clio: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
