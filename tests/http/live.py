"""A real `clio serve` in a subprocess, for tests that need real sockets (timeouts, upgrades, floods)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO


@dataclass(frozen=True, slots=True)
class Server:
    host: str
    port: int
    process: subprocess.Popen[bytes]
    stderr_path: Path

    def stderr(self) -> str:
        """What the server wrote to stderr so far (its log lines)."""
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def connect(self, timeout: float = 10.0) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def clio_serve(**settings: object) -> Iterator[Server]:
    """`clio serve` on the bundled data with ``CLIO_<NAME>`` set from ``settings``; stopped on exit."""
    port = free_port()
    # One worker unless asked: the caches live in each worker, and one is quicker to start.
    env = {**os.environ, "CLIO_LOG_REQUESTS": "0", "CLIO_WORKERS": "1"}
    env.update({f"CLIO_{name.upper()}": str(value) for name, value in settings.items()})
    with tempfile.TemporaryDirectory(prefix="clio-serve-") as tmp:
        stderr_path = Path(tmp) / "stderr.log"
        with stderr_path.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "clio", "serve", "--port", str(port)],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        server = Server("127.0.0.1", port, process, stderr_path)
        try:
            _wait_until_healthy(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + 60
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"clio serve stopped: {server.stderr()}")
        try:
            with urllib.request.urlopen(f"{server.url}/health", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("clio serve did not answer /health within 60 s")
        # Polled often: a server starts in well under a second, and every test that starts
        # one waits here (the crash test 40 times).
        time.sleep(0.05)


def raw_request(server: Server, request: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes as they are, return everything the server sends until it closes or goes quiet."""
    with server.connect(timeout) as sock:
        sock.sendall(request)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
                if _complete(received):
                    break
        except TimeoutError:
            pass
        return received


def _complete(response: bytes) -> bool:
    head, _, body = response.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def body_of(response: bytes) -> bytes:
    return response.partition(b"\r\n\r\n")[2]
