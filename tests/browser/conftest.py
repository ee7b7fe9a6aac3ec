"""A real server on a free port and Debian's headless Chromium, driven by Playwright.

Every page a test opens records each request it makes, so a test can prove that nothing
left the machine: GraphiQL and the explorer must work with no internet at all.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx2 as httpx
import pytest
import uvicorn

from clio.app import create_app
from clio.settings import Settings
from clio.web import missing_vendor_files
from graph.store import KnowledgeGraph

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
# The flags Debian's Chromium needs in a container, and those that stop it calling home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def base_url(kg: KnowledgeGraph) -> Iterator[str]:
    """The real app under uvicorn on a free local port, serving the bundled data."""
    missing = missing_vendor_files()
    if missing:
        pytest.fail(f"web/node_modules lacks {missing}: run `make test` (it runs npm ci in web/)")
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings.from_env({}), kg), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; the tests skip when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A fresh page, with every request it made and every script error it raised."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to any host but this machine (there must be none)."""
        return [url for url in self.requests if urlsplit(url).hostname not in LOCAL_HOSTS]

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot under tests/artifacts/ for a person to look at."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    """A new browser context and page whose requests and errors are recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    recorded = Visit(page)

    def on_request(request: Request) -> None:
        recorded.requests.append(request.url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            recorded.errors.append(message.text)

    page.on("request", on_request)
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    page.on("console", on_console)
    yield recorded
    context.close()
    # A safety net for a test that forgot to look: nothing may leave the machine.
    assert recorded.foreign_requests() == []


def post_graphql(base_url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """What any client gets from /graphql for a query: the decoded body, which must have no errors."""
    response = httpx.post(
        f"{base_url}/graphql", json={"query": query, "variables": variables or {}}, timeout=30
    )
    body: dict[str, Any] = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body
