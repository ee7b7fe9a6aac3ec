"""Run the real `clio` command as a user would: a subprocess, a free port, plain HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: dict[str, Any] = json.loads(response.read())
        return body


def graphql_get(base: str, query: str) -> dict[str, Any]:
    """GET /graphql?query=…, as a link or curl would ask."""
    return get_json(f"{base}/graphql?{urllib.parse.urlencode({'query': query})}")


@contextmanager
def serving(command: Sequence[str], port: int, cwd: Path, timeout: float = 90) -> Iterator[str]:
    """Start `clio serve …` and yield its base URL once /health answers; stop it afterwards."""
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                stderr = process.stderr.read() if process.stderr else ""
                raise AssertionError(f"clio serve stopped with {process.returncode}: {stderr}")
            try:
                get_json(f"{base}/health")
                break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"clio serve did not answer /health within {timeout:.0f} s")
            time.sleep(0.05)  # polled often, up to the same deadline
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
