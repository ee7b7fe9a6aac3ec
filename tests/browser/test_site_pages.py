"""The day, event, person and place pages in headless Chromium, at desktop and phone sizes.

The pages are read with scripts switched off: everything on them is in the HTML the server
sends. The screenshots of each page (``tests/artifacts/site-<page>-<width>.png``) are taken by
``test_accessibility.py``, with scripts on, after axe-core's check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, LOCAL_HOSTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
PAGES = {
    # page kind: (address, the heading a reader sees first, a text further down the page)
    "day": (
        "/on-this-day/august-4",
        "On this day: August 4th",
        "Establishment of Mexico-Soviet Diplomatic Relations",
    ),
    "event": (
        "/events/establishment-of-mexico-soviet-diplomatic-relations?asOf=2025-03-15",
        "Establishment of Mexico-Soviet Diplomatic Relations",
        "Discover More Historic Events from August 4th",
    ),
    "person": (
        "/people/joseph-stalin",
        "Joseph Stalin",
        "Establishment of Mexico-Soviet Diplomatic Relations",
    ),
    "place": ("/places/mexico", "Mexico", "Events here"),
}


@pytest.fixture(params=sorted(VIEWPORTS), ids=sorted(VIEWPORTS))
def reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page, list[str]]]:
    """A page at one viewport, with scripts off, recording every request it makes."""
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    yield request.param, page, requests
    context.close()
    assert [u for u in requests if urlsplit(u).hostname not in LOCAL_HOSTS] == []


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_each_page_reads_without_script_at_desktop_and_phone_size(
    reader: tuple[str, Page, list[str]], base_url: str, kind: str
) -> None:
    size, page, requests = reader
    path, heading, further = PAGES[kind]
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_text(further, exact=False).first.is_visible()
    # Nothing wider than the screen: a phone reader never scrolls sideways. (Playwright's
    # evaluate runs in its own world, so it works with the page's scripts off.)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= VIEWPORTS[size][0], f"{kind} is {wide} px wide at {size} size"
    # Text a reader can read: the body text is at least 16 px on any screen.
    assert page.locator("main p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    assert all(urlsplit(u).path != "/graphql" for u in requests), (
        "a page must not call the API from the browser"
    )


def test_the_404_page_offers_a_search_that_works_without_script(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    response = page.goto(base_url + "/events/no-such-event")
    assert response is not None and response.status == 404
    page.fill("#not-found-search", "Establishment of diplomatic relations")
    page.click("main form button")
    page.wait_for_url("**/search?q=*")
    page.click("text=Establishment of Mexico-Soviet Diplomatic Relations")
    page.wait_for_url("**/events/establishment-of-mexico-soviet-diplomatic-relations")
    assert page.locator("h1").inner_text() == "Establishment of Mexico-Soviet Diplomatic Relations"
    page.screenshot(path=str(ARTIFACTS / "site-not-found-search-390.png"), full_page=True)
    context.close()
