"""``clio serve``: serve GraphQL, GraphiQL and the explorer over HTTP."""

from __future__ import annotations

import argparse
import gc
import os
import socket
import sys
from pathlib import Path

from clio.cli.failure import CommandError, check_readable, describe_os_error
from clio.cli.loading import check_data_dir, load_with_progress
from clio.cli.snapshot import load_announced
from clio.settings import Settings
from clio.snapshot_key import snapshot_key
from graph.bundled import BUNDLED_DATA


def listen(host: str, port: int) -> socket.socket:
    """Bind the server's socket now, so a busy port fails before the data loads and the URL shows.

    The socket is handed to the workers, so nothing can take the port between the check and
    the use; it is inheritable, so every forked worker listens and accepts on it (asyncio's
    server calls ``listen`` once it serves: until then a client is refused, not left waiting).

    Raises:
        CommandError: ``cannot listen on HOST:PORT: reason``, in one line.
    """
    if not 0 <= port <= 65535:
        # getaddrinfo would quietly take 99999 as 34463.
        raise CommandError(f"cannot listen on {host}:{port}: a port is a number from 0 to 65535")
    try:
        # IPv6 only for an IPv6 address, as uvicorn decides: ``localhost`` keeps meaning
        # 127.0.0.1 even where the resolver would answer ::1 first.
        (family, kind, proto, _, address), *_ = socket.getaddrinfo(
            host,
            port,
            family=socket.AF_INET6 if ":" in host else socket.AF_INET,
            type=socket.SOCK_STREAM,
            flags=socket.AI_PASSIVE,
        )
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise CommandError(f"cannot listen on {host}:{port}: {describe_os_error(error)}") from None
    try:
        # What uvicorn does itself: a restarted server may rebind while old connections linger.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise CommandError(f"cannot listen on {host}:{port}: {describe_os_error(error)}") from None
    sock.set_inheritable(True)
    return sock


def _run(args: argparse.Namespace) -> int:
    from clio import prefork
    from clio.app import create_app
    from clio.memory import limit_malloc_arenas
    from clio.server import quiet_uvicorn, uvicorn_options

    settings = Settings.from_env(host=args.host, port=args.port, data_dir=args.data, workers=args.workers)
    # First, before any thread: glibc fixes the cap when a thread first needs an arena.
    limit_malloc_arenas(settings.malloc_arenas)
    # What is missing is said before the port is taken: a busy port would hide it.
    if args.snapshot is not None:
        check_readable(args.snapshot, "snapshot")
    else:
        check_data_dir(settings.data_dir)
    sock = listen(settings.host, settings.port)
    try:
        if args.snapshot is not None:
            kg = load_announced(args.snapshot, snapshot_key(settings))
        else:
            kg = load_with_progress(settings.data_dir)
            # The graph lives as long as the server: keep the cycle collector from walking its
            # objects again on every full collection while requests wait (as snapshots do).
            gc.freeze()
        app = create_app(settings, kg)
        # The port bound, which the system chose when asked for port 0.
        host = f"[{settings.host}]" if ":" in settings.host else settings.host  # an IPv6 address
        base = f"http://{host}:{sock.getsockname()[1]}"
        print(
            f"GraphiQL at {base}/graphql, the explorer at {base}/explore; {settings.workers} worker(s) "
            f"under pid {os.getpid()} (Ctrl-C stops)",
            file=sys.stderr,
        )
        # Every uvicorn option comes from the settings (clio.server): connection limits, no
        # WebSocket, and X-Forwarded-For left to CLIO_TRUSTED_PROXIES, not uvicorn's default
        # of believing any request from 127.0.0.1.
        quiet_uvicorn()
        # Set before the fork, so every worker inherits it: a cheap query waits for the
        # interpreter lock about one interval at each step while a heavy one holds it.
        sys.setswitchinterval(settings.switch_interval_us / 1e6)
        return prefork.serve(app, sock, settings.workers, **uvicorn_options(settings, app.state.metrics))
    finally:
        sock.close()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand to the ``clio`` command line."""
    command = subparsers.add_parser("serve", help="serve GraphQL (and GraphiQL) over HTTP")
    command.add_argument("--host", help="interface to listen on (default 127.0.0.1, or CLIO_HOST)")
    command.add_argument("--port", type=int, help="port (default 8000, or CLIO_PORT)")
    command.add_argument(
        "--data", type=Path, help=f"data directory (default the bundled {BUNDLED_DATA.name}/)"
    )
    command.add_argument(
        "--snapshot",
        type=Path,
        help="serve a file made by `clio snapshot` (checked against the snapshot key first)",
    )
    command.add_argument(
        "--workers",
        type=int,
        help="serving processes sharing one loaded graph (default: one per core, or CLIO_WORKERS)",
    )
    command.set_defaults(run=_run)
