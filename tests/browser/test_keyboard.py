"""The pages with a keyboard alone, at desktop and phone sizes: focus order, a visible focus ring,
a skip link, and a way from a search to an event and on to one of its people without a mouse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import ARTIFACTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
# What has focus, as a reader would name it: its tag, its text or label, and its focus ring.
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    name: (e.getAttribute('aria-label') || e.innerText || e.placeholder || '').trim(),
    href: e.getAttribute('href'),
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth,
  };
}"""


@pytest.fixture(params=sorted(VIEWPORTS), ids=sorted(VIEWPORTS))
def keyboard(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[int, Page]]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    yield width, context.new_page()
    context.close()


def tab(page: Page) -> dict[str, Any]:
    """Press Tab; what has focus now. Every stop must show a focus ring on screen."""
    page.keyboard.press("Tab")
    focused: dict[str, Any] = page.evaluate(FOCUSED)
    assert focused["outline"] >= 2 and focused["visible"], focused
    return focused


def test_focus_runs_skip_link_header_then_content(keyboard: tuple[int, Page], base_url: str) -> None:
    _, page = keyboard
    page.goto(base_url + "/on-this-day/august-4")
    order = [tab(page) for _ in range(8)]
    assert [(f["tag"], f["name"]) for f in order[:6]] == [
        ("a", "Skip to content"),
        ("a", "Clio"),
        ("a", "On this day"),
        ("a", "Explore"),
        ("input", "Search events, people, places"),
        ("button", "Search"),
    ]
    # Then the page in reading order: the days around, then the category chips.
    assert [f["href"] for f in order[6:]] == ["/on-this-day/august-3", "/on-this-day/august-5"]


def test_the_skip_link_moves_focus_past_the_header(keyboard: tuple[int, Page], base_url: str) -> None:
    _, page = keyboard
    page.goto(base_url + "/events/establishment-of-mexico-soviet-diplomatic-relations")
    assert tab(page)["name"] == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    # The next stop is the first link of the page itself: its date, leading to its day.
    assert tab(page)["href"] == "/on-this-day/august-4"


def test_from_a_search_to_an_event_and_on_to_one_of_its_people_by_keyboard(
    keyboard: tuple[int, Page], base_url: str
) -> None:
    width, page = keyboard
    page.goto(base_url + "/on-this-day/august-4")
    while tab(page)["tag"] != "input":
        pass
    page.keyboard.type("Establishment of diplomatic relations")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    # Past the header (skip link, brand, two links, box, button) to the results, down to the event.
    stops = [tab(page) for _ in range(6)]
    assert stops[-1]["name"] == "Search"
    for _ in range(20):
        if tab(page)["name"] == "Establishment of Mexico-Soviet Diplomatic Relations":
            break
    else:
        pytest.fail("the event is not among the first 20 results' links")
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/establishment-of-mexico-soviet-diplomatic-relations")
    while (focused := tab(page))["href"] != "/people/joseph-stalin":
        assert focused["tag"] != "body"
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/joseph-stalin")
    assert page.locator("h1").inner_text() == "Joseph Stalin"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-keyboard-person-{width}.png"))
