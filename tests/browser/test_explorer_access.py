"""The explorer on a phone and by keyboard alone (issue 13, item 3), in headless Chromium.

axe-core (from npm, web/node_modules) judges each view at desktop and phone size; it must
find nothing serious or critical. Screenshots at 1366×768 and 390×844 are kept under
tests/artifacts/ (``explore-<view>-<width>.png``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import ARTIFACTS, Visit
from tests.browser.test_explorer import BEIRUT, STALIN, drawn, wait_until_ready

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
KINDS_JS = ROOT / "clio" / "static" / "explore" / "kinds.js"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
VIEWS = {
    "home": "/explore",
    "person": f"/explore?id={STALIN}",
    "event": "/explore?id=event:establishment-of-mexico-soviet-diplomatic-relations",
    "path": f"/explore?from={STALIN}&to={BEIRUT}",
}


@pytest.fixture(params=sorted(VIEWPORTS), ids=sorted(VIEWPORTS))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Visit]]:
    """A page at one viewport (the phone one a touch screen), recording requests and script errors."""
    width, height = VIEWPORTS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    recorded = Visit(page)
    page.on("request", lambda r: recorded.requests.append(r.url))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield request.param, recorded
    context.close()
    assert recorded.foreign_requests() == []


def serious_findings(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it stands."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix web`")
    page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = page.evaluate("() => axe.run(document)")
    # The rules this page is judged by did run: contrast and names of controls.
    ran = {rule["id"] for kind in ("passes", "violations") for rule in results[kind]}
    assert {"color-contrast", "label", "button-name"} <= ran, ran
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:120] for n in v["nodes"]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_each_view_passes_axe_and_fits_the_screen(sized: tuple[str, Visit], base_url: str, view: str) -> None:
    size, visit = sized
    page = visit.page
    page.goto(base_url + VIEWS[view])
    wait_until_ready(visit)
    assert serious_findings(page) == []
    width = VIEWPORTS[size][0]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # Nothing tells a phone reader to look "on the right" of a one-column page.
    assert "on the right" not in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"explore-{view}-{width}.png"), full_page=True)
    assert visit.errors == []


def test_badge_colours_carry_white_text_at_wcag_aa() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    colours = re.findall(r'color: "(#[0-9a-f]{6})"', KINDS_JS.read_text(encoding="utf-8"))
    assert len(colours) == 6
    ratios = {c: round(1.05 / (luminance(c) + 0.05), 2) for c in colours}
    assert min(ratios.values()) >= 4.5, ratios


def test_a_phone_opens_on_the_list_and_a_swipe_scrolls_the_page(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    visit = Visit(page)
    page.on("request", lambda r: visit.requests.append(r.url))
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    # The list, not a drawing of 6 px labels, is what a phone shows first.
    assert page.locator("#hood-list").is_visible()
    assert page.locator("#graph-box").is_hidden()
    assert page.get_attribute("#view-switch [data-show=list]", "aria-pressed") == "true"
    size = page.locator("#hood-list li a").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 14
    # The search box takes the screen's width, not a third of it.
    assert page.locator("#search").bounding_box()["width"] >= 340  # type: ignore[index]
    page.screenshot(path=str(ARTIFACTS / "explore-phone-list-390.png"), full_page=True)

    # The drawing is one tap away, and a swipe over it still scrolls the page.
    page.tap("#view-switch [data-show=drawing]")
    assert page.locator("#graph-box").is_visible()
    box = page.locator("#graph").bounding_box()
    assert box is not None
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator("#graph").scroll_into_view_if_needed()
    before = page.evaluate("() => window.scrollY")
    box = page.locator("#graph").bounding_box()
    assert box is not None
    # A finger put down on the drawing and drawn down the screen, as Chromium's input pipeline
    # delivers it: the page's own handlers see it and may refuse the scroll.
    cdp = context.new_cdp_session(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y + 30 * step}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(300)
    after = page.evaluate("() => window.scrollY")
    assert abs(after - before) > 100
    page.screenshot(path=str(ARTIFACTS / "explore-phone-drawing-390.png"), full_page=True)
    context.close()
    assert visit.foreign_requests() == []


def test_the_list_view_names_every_drawn_node(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}&depth=2")
    wait_until_ready(visit)
    page.click("#view-switch [data-show=list]")
    assert page.locator("#hood-list").is_visible()
    listed = page.evaluate(
        """() => [...document.querySelectorAll('#hood-list li a')]
             .map((a) => new URL(a.href).searchParams.get('id'))"""
    )
    shown = drawn(visit)
    assert sorted(listed) == sorted(n for n in shown["nodes"] if n != STALIN)
    assert page.inner_text("#hood-list .center-line") == "Centre: Joseph Stalin"
    visit.screenshot("explore-list-view")
    assert visit.errors == []


def test_suggestions_follow_the_aria_combobox_pattern(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore")
    wait_until_ready(visit)
    search = page.locator("#search")
    assert search.get_attribute("role") == "combobox"
    assert search.get_attribute("aria-expanded") == "false"
    search.press_sequentially("stal", delay=60)
    page.wait_for_selector('#search-box .suggestions[data-for="stal"]:not([hidden])')
    listbox = page.locator("#search-box .suggestions")
    assert listbox.get_attribute("role") == "listbox"
    assert search.get_attribute("aria-controls") == listbox.get_attribute("id")
    assert search.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    first = options.first
    assert search.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    # A screen reader hears how many arrived (a polite live region).
    assert page.get_attribute("#announce", "aria-live") == "polite"
    count = options.count()
    assert page.inner_text("#announce").startswith(f"{count} suggestion")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    assert search.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    assert first.get_attribute("aria-selected") == "false"
    assert page.inner_text("#announce").startswith(second.locator(".label").inner_text())
    page.keyboard.press("Escape")
    assert search.get_attribute("aria-expanded") == "false"
    assert visit.errors == []


def focused(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        """() => {
          const e = document.activeElement;
          return { tag: e.tagName, id: e.id, text: e.textContent.trim(),
                   inList: Boolean(e.closest('#hood-list')), show: e.dataset.show || null,
                   href: e.getAttribute('href') };
        }"""
    )
    return found


def tab_until(page: Page, wanted: Any, limit: int = 200) -> dict[str, Any]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"no focusable element matched within {limit} presses of Tab")


def test_keyboard_only_from_the_search_box_to_a_suggestion_to_a_neighbour(
    visit: Visit, base_url: str
) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore")
    wait_until_ready(visit)
    tab_until(page, lambda f: f["id"] == "search")
    page.keyboard.type("stal", delay=60)
    page.wait_for_selector('#search-box .suggestions[data-for="stal"]:not([hidden])')
    page.keyboard.press("Enter")
    wait_until_ready(visit)
    # Focus is on the card of the chosen node, not back at the top of the page.
    assert focused(page) == {
        "tag": "H1",
        "id": "",
        "text": "Joseph Stalin",
        "inList": False,
        "show": None,
        "href": None,
    }

    tab_until(page, lambda f: f["show"] == "list")
    page.keyboard.press("Enter")
    neighbour = tab_until(page, lambda f: f["inList"] and f["tag"] == "A")
    page.keyboard.press("Enter")
    wait_until_ready(visit)
    target = neighbour["href"].split("id=", 1)[1]
    assert page.url == f"{base_url}/explore?id={target}"
    now = focused(page)
    assert now["tag"] == "H1" and neighbour["text"].startswith(now["text"])
    assert page.inner_text("#card h1") == now["text"]
    visit.screenshot("explore-keyboard-neighbour")
    assert visit.errors == []
