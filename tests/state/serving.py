"""Real ``clio serve`` processes over the tiny data for the edit tests, and a client for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from tests.conftest import REPO, TEST_DATA
from tests.http.live import Server, _wait_until_healthy, free_port


def environment(state: Path, workers: int, **env: str) -> dict[str, str]:
    return {"CLIO_LOG_REQUESTS": "0", "CLIO_WORKERS": str(workers), "CLIO_STATE_DIR": str(state), **env}


def serve_argv(port: int, data: Path = TEST_DATA / "tiny") -> list[str]:
    return ["serve", "--port", str(port), "--data", str(data)]


def start_server(
    state: Path, log: Path, workers: int = 1, data: Path = TEST_DATA / "tiny", **env: str
) -> Server:
    """A fresh ``python -m clio serve`` over ``data``: a new interpreter, as an operator starts it."""
    port = free_port()
    with log.open("ab") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "clio", *serve_argv(port, data)],
            cwd=REPO,
            env={**os.environ, **environment(state, workers, **env)},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    server = Server("127.0.0.1", port, process, log)
    _wait_until_healthy(server)
    return server


def stop_server(server: Server) -> None:
    server.process.terminate()
    server.process.wait(timeout=30)


def post(
    server: Server,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """One request on its own connection: the answer, and the response's headers (lower-case)."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"{server.url}/graphql", body, sent)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read()), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:  # a 400 still carries a GraphQL answer
        with error:
            return json.loads(error.read()), {k.lower(): v for k, v in error.headers.items()}


def every_worker_reads(server: Server, query: str, read: Callable[[Any], Iterable[Hashable]]) -> set[Any]:
    """What ``read`` makes of each answer to ``query``, from requests until both workers answered.

    At least 10 requests are sent, so a worker answering from a graph before the others is
    seen; ``read`` may assert on an answer as well.
    """
    seen: dict[str, set[Any]] = {}
    for attempt in range(200):
        body, headers = post(server, query)
        assert "errors" not in body, body
        seen.setdefault(headers["x-clio-worker"], set()).update(read(body["data"]))
        if len(seen) == 2 and attempt >= 10:
            return set().union(*seen.values())
    raise AssertionError(f"only worker(s) {sorted(seen)} answered 200 requests")


def rebuilds(server: Server) -> list[str]:
    """How each worker made its last graph (`/health`'s ``edits.rebuild``): patched or whole."""
    ways: dict[str, str] = {}
    for _ in range(200):
        with urllib.request.urlopen(f"{server.url}/health", timeout=30) as response:
            ways[response.headers["X-Clio-Worker"]] = json.loads(response.read())["edits"]["rebuild"]
        if len(ways) == 2:
            return list(ways.values())
    raise AssertionError(f"only worker(s) {sorted(ways)} answered 200 requests")
