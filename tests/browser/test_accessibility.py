"""axe-core on our own pages, at desktop and phone sizes: no serious or critical finding.

axe-core comes from npm (``web/package.json``) and is read from ``web/node_modules`` into the
page under test, never from a CDN. Every rule axe runs by default is run, WCAG 2 AA contrast
among them; only the impact of a finding is filtered: "serious" and "critical" fail the test.
GraphiQL's vendored UI is not ours and is not checked here.

Each page is also saved, after the check, as ``tests/artifacts/site-<page>-<width>.png``; our
pages must also fit the screen's width (no sideways scroll).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, LOCAL_HOSTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
BLOCKING = {"serious", "critical"}
# page: (address, status). The explorer is ours too; it is drawn by script, so it is checked
# once its first view has settled.
PAGES = {
    "day": ("/on-this-day/august-4", 200),
    "births": ("/on-this-day/february-4/births", 200),
    "event": ("/events/establishment-of-mexico-soviet-diplomatic-relations?asOf=2025-03-15", 200),
    "person": ("/people/joseph-stalin", 200),
    "place": ("/places/mexico", 200),
    "search": ("/search?q=Mexico+Soviet", 200),
    "not-found": ("/events/no-such-event", 404),
    "explore": ("/explore", 200),
}


def findings(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def described(violations: list[dict[str, Any]]) -> str:
    """One line per finding: its rule, impact, and the elements it names (for a failure message)."""
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(node["target"]) for node in v["nodes"][:4])
        summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ")
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {targets} — {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture(params=sorted(VIEWPORTS), ids=sorted(VIEWPORTS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[int, Page]]:
    """A page of the given size with scripts on (axe is a script), recording every request."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs npm ci in web/)")
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    yield width, page
    context.close()
    assert [u for u in requests if urlsplit(u).hostname not in LOCAL_HOSTS] == []


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_finding(screen: tuple[int, Page], base_url: str, name: str) -> None:
    width, page = screen
    path, status = PAGES[name]
    response = page.goto(base_url + path)
    assert response is not None and response.status == status
    if name == "explore":
        page.wait_for_load_state("networkidle")
    found = findings(page)
    if name != "explore":
        # A layout that fits: nothing wider than the screen, at either size.
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= width, f"{name} is {wide} px wide on a {width} px screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-{name}-{width}.png"), full_page=True)
    assert found == [], f"{name} at {width} px:\n{described(found)}"
