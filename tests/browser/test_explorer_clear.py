"""The explorer made clear (issue 13, item 2), on the bundled data, in headless Chromium.

What the page lists or draws is compared with what /graphql answers over HTTP for the
same arguments, so a card or a drawing that drops, invents or reorders fails.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn

from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from tests.browser.conftest import Visit, post_graphql
from tests.browser.test_explorer import DEFAULT_KINDS, STALIN, drawn, neighborhood, wait_until_ready
from tests.conftest import BUNDLED_DATA

pytestmark = pytest.mark.browser

MEXICO_SOVIET = "event:establishment-of-mexico-soviet-diplomatic-relations"
SOVIET_UNION = "location:soviet-union"

SAME_DAY = """query($id: ID!) {
  event(id: $id) { sameDateEventCount sameDateEvents(limit: 8) { id title date { year } } }
}"""
PERSON_EVENTS = """query($id: ID!) {
  person(id: $id) { eventCount events(limit: 100) { id title date { display } } }
}"""
YEARS = """query($id: ID!, $depth: Int!, $kinds: [NodeKind!]) {
  neighborhood(id: $id, depth: $depth, kinds: $kinds) {
    nodes { id label node { ... on Event { date { year } } } }
  }
}"""
BUCKET = """query($filter: EventFilter!) {
  events(filter: $filter, limit: 100) { id title date { display } }
}"""
TODAY = """query($month: Int!, $day: Int!) {
  onThisDay(month: $month, day: $day, limit: 12) { id title date { year } }
}"""
TIMELINE = """query($filter: EventFilter) { timeline(filter: $filter) { label start end count } }"""


def year_text(year: int) -> str:
    return f"{-year} BC" if year < 0 else str(year)


def test_an_event_card_lists_its_same_day_events_and_links_its_day(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={MEXICO_SOVIET}")
    wait_until_ready(visit)
    expected = post_graphql(base_url, SAME_DAY, {"id": MEXICO_SOVIET})["data"]["event"]
    assert expected["sameDateEventCount"] > len(expected["sameDateEvents"]) > 0
    assert page.inner_text("#card .same-day h2") == "Also on August 4th"
    items = page.locator("#card .same-day li")
    assert [
        [items.nth(i).locator(".date").inner_text(), items.nth(i).locator("a").inner_text()]
        for i in range(items.count())
    ] == [[year_text(e["date"]["year"]), e["title"]] for e in expected["sameDateEvents"]]
    everything = page.locator("#card .same-day .more-line a")
    assert (
        everything.inner_text()
        == f"All {expected['sameDateEventCount'] + 1} events of August 4th, on its page"
    )
    visit.screenshot("explore-event-same-day")

    # The date itself leads to the day's page.
    date = page.locator("#card .when a")
    assert date.inner_text() == "August 4th, 1924"
    assert date.get_attribute("href") == "/on-this-day/august-4"
    date.click()
    page.wait_for_url("**/on-this-day/august-4")
    assert page.locator("h1").inner_text() == "On this day: August 4th"

    # Back in the explorer, a same-day event re-centres it.
    page.go_back()
    wait_until_ready(visit)
    first = expected["sameDateEvents"][0]
    page.locator("#card .same-day li a").first.click()
    wait_until_ready(visit)
    assert page.url == f"{base_url}/explore?id={first['id']}"
    assert page.inner_text("#card h1") == first["title"]
    assert visit.errors == []


def test_a_persons_card_lists_every_event_by_date_a_page_at_a_time(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    person = post_graphql(base_url, PERSON_EVENTS, {"id": STALIN})["data"]["person"]
    total = person["eventCount"]
    assert total == len(person["events"]) == 58
    heading = page.locator("#card .person-events h2")
    assert heading.inner_text() == f"Events: 20 of {total}, by date"
    more = page.locator("#card .person-events button.more")
    assert more.inner_text() == "Show 20 more"
    more.click()
    page.wait_for_selector("#card .person-events h2:has-text('40 of')")
    more.click()
    page.wait_for_selector("#card .person-events h2:has-text('all')")
    assert heading.inner_text() == f"Events: all {total}, by date"
    assert more.is_hidden()
    items = page.locator("#card .person-events li")
    assert [
        [items.nth(i).locator(".date").inner_text(), items.nth(i).locator("a").inner_text()]
        for i in range(items.count())
    ] == [[e["date"]["display"], e["title"]] for e in person["events"]]
    assert visit.errors == []


def test_event_labels_carry_their_years(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={SOVIET_UNION}")
    wait_until_ready(visit)
    hood = post_graphql(base_url, YEARS, {"id": SOVIET_UNION, "depth": 1, "kinds": DEFAULT_KINDS})
    expected = {
        n["id"]: f"{n['label']} ({year_text(n['node']['date']['year'])})"
        if n["node"].get("date")
        else n["label"]
        for n in hood["data"]["neighborhood"]["nodes"]
    }
    labels = page.evaluate(
        "() => Object.fromEntries(window.clioExplorer.cy.nodes().map((n) => [n.id(), n.data('label')]))"
    )
    assert labels == expected
    assert sum(1 for i in expected if i.startswith("event:")) > 10
    visit.screenshot("explore-labels-with-years")
    assert visit.errors == []


def positions(visit: Visit) -> dict[str, list[float]]:
    found: dict[str, list[float]] = visit.page.evaluate(
        """() => Object.fromEntries(window.clioExplorer.cy.nodes().map((n) => {
             const p = n.position();
             return [n.id(), [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10]];
           }))"""
    )
    return found


def test_one_url_always_draws_one_layout(visit: Visit, base_url: str) -> None:
    page = visit.page
    url = f"{base_url}/explore?id={STALIN}&depth=2"
    page.goto(url)
    wait_until_ready(visit)
    first = positions(visit)
    assert len(first) > 24  # a crowd: the force layout, not the ring of a few
    page.goto(f"{base_url}/explore?id={SOVIET_UNION}")
    wait_until_ready(visit)
    page.goto(url)
    wait_until_ready(visit)
    assert positions(visit) == first
    # Reached by moving within the page rather than by loading it, the same view looks the same.
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    page.select_option("#depth", "2")
    wait_until_ready(visit)
    assert page.url == url
    assert positions(visit) == first
    assert visit.errors == []


def test_each_depth_draws_more_rings(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    seen: list[set[str]] = []
    for depth in (1, 2, 3):
        if depth > 1:
            page.select_option("#depth", str(depth))
            wait_until_ready(visit)
        shown = drawn(visit)
        assert shown == neighborhood(base_url, STALIN, depth=depth)
        seen.append(set(shown["nodes"]))
        visit.screenshot(f"explore-stalin-depth-{depth}")
    # Stalin's events alone would fill the limit: each greater depth still reaches further.
    assert seen[0] != seen[1] != seen[2] != seen[0]
    assert any(n.startswith("person:") and n != STALIN for n in seen[1] - seen[0])
    assert visit.errors == []


def test_a_timeline_bar_lists_its_events_to_the_last(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={SOVIET_UNION}")
    wait_until_ready(visit)
    page.click('#timeline .bucket[data-label="1940s"]')
    page.wait_for_selector("#bucket-events h3")
    expected = post_graphql(
        base_url, BUCKET, {"filter": {"locations": [SOVIET_UNION], "start": "1940", "end": "1949"}}
    )["data"]["events"]
    assert len(expected) == 25
    assert page.inner_text("#bucket-events h3") == "1940s: 20 of 25 events"
    more = page.locator("#bucket-events button.more")
    assert more.inner_text() == "Show the next 5"
    more.click()
    page.wait_for_selector("#bucket-events h3:has-text('1940s: 25 events')")
    assert more.is_hidden()
    items = page.locator("#bucket-events li")
    assert [
        [items.nth(i).locator(".date").inner_text(), items.nth(i).locator("a").inner_text()]
        for i in range(items.count())
    ] == [[e["date"]["display"], e["title"]] for e in expected]
    # The keyboard is left on the first of the new events, not on the vanished button.
    assert page.evaluate("() => document.activeElement.textContent") == expected[20]["title"]
    visit.screenshot("explore-timeline-to-the-end")
    assert visit.errors == []


# Lines drawn along the path links, from the positions Cytoscape drew: any other node whose
# dot the line crosses is a link that is not there.
CROSSINGS = """() => {
  const cy = window.clioExplorer.cy;
  const near = (a, b, p, r) => {
    const dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
    return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) < r;
  };
  const crossed = [];
  cy.edges().forEach((e) => {
    const bends = e.style('curve-style') === 'segments' ? e.segmentPoints() : [];
    const line = [e.source().position(), ...bends, e.target().position()];
    cy.nodes().forEach((n) => {
      if (n.same(e.source()) || n.same(e.target())) return;
      const r = n.width() / 2;
      if (line.slice(1).some((b, i) => near(line[i], b, n.position(), r))) crossed.push([e.id(), n.id()]);
    });
  });
  return { crossed, bent: cy.edges().filter((e) => e.style('curve-style') === 'segments').length };
}"""

# Pairs whose paths share nodes across rows, so that a straight line would cross a dot
# (found by drawing the paths between the best-connected people and events).
CROSSING_PAIRS = [
    ("person:vladimir-lenin", "person:alvaro-obregon"),
    ("person:adolf-hitler", "event:apollo-11-moon-landing"),
]


@pytest.mark.parametrize(("source", "target"), CROSSING_PAIRS)
def test_a_path_never_draws_a_line_through_an_unrelated_node(
    visit: Visit, base_url: str, source: str, target: str
) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?from={source}&to={target}")
    wait_until_ready(visit)
    result = page.evaluate(CROSSINGS)
    assert result["crossed"] == []
    # A straight line would have crossed a dot here: one link is drawn bent around it.
    assert result["bent"] >= 1
    visit.screenshot(f"explore-path-{source.split(':')[1]}-{target.split(':')[1]}")
    assert visit.errors == []


def test_the_home_view_opens_on_this_day_for_the_servers_today(visit: Visit, base_url: str) -> None:
    # Where /on-this-day leads is the server's today (CLIO_TIMEZONE), the day the home view shows.
    day_path = httpx.get(f"{base_url}/on-this-day", follow_redirects=False).headers["location"]
    page = visit.page
    page.goto(f"{base_url}/explore")
    wait_until_ready(visit)
    assert page.locator("#today").is_visible()
    assert page.locator("#graph-box").is_hidden()
    assert page.get_attribute("#today-link", "href") == day_path
    # The day the page names and lists is the one the server's page is about.
    day_page = httpx.get(f"{base_url}{day_path}")
    month, day = (int(p) for p in page.evaluate("() => document.body.dataset.today").split("-")[1:])
    title = page.inner_text("#today-title")
    assert title.startswith("On this day: ") and title.removeprefix("On this day: ") in day_page.text
    expected = post_graphql(base_url, TODAY, {"month": month, "day": day})["data"]["onThisDay"]
    items = page.locator("#today-events li")
    if expected:
        assert [
            [items.nth(i).locator(".date").inner_text(), items.nth(i).locator("a").inner_text()]
            for i in range(items.count())
        ] == [[year_text(e["date"]["year"]), e["title"]] for e in expected]
    else:
        assert items.count() == 1 and "Nothing in the graph happened on" in items.first.inner_text()
    visit.screenshot("explore-home-on-this-day")
    assert visit.errors == []


def timeline_labels(visit: Visit) -> list[str]:
    labels: list[str] = visit.page.evaluate(
        "() => [...document.querySelectorAll('#timeline .bucket')].map((b) => b.dataset.label)"
    )
    return labels


def test_the_home_timeline_leaves_out_dates_after_today(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore")
    wait_until_ready(visit)
    year = int(page.evaluate("() => document.body.dataset.today").split("-")[0])
    buckets: list[dict[str, Any]] = post_graphql(base_url, TIMELINE, {"filter": {"end": str(year)}})["data"][
        "timeline"
    ]
    assert timeline_labels(visit) == [b["label"] for b in buckets]
    assert all(b["start"] <= year for b in buckets)
    assert visit.errors == []


@pytest.fixture(scope="module")
def misdated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled data plus one event an import misdated into the 2500s, served on its own port."""
    data = tmp_path_factory.mktemp("misdated")
    shutil.copytree(BUNDLED_DATA, data, dirs_exist_ok=True)
    misdated = {
        "id": "event:misdated-treaty",
        "title": "Misdated Treaty",
        "date": "2517-06-01",
        "category": "category:politics-government",
        "summary": "A treaty whose year an import read wrongly.",
    }
    (data / "events.misdated.jsonl").write_text(json.dumps(misdated) + "\n", encoding="utf-8")
    config = uvicorn.Config(
        create_app(Settings.from_env({}), load_graph(data)), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_misdated_event_puts_no_bar_after_today_on_the_home_timeline(
    visit: Visit, misdated_url: str
) -> None:
    # The bad date is in the graph, and the unfiltered timeline shows its bar.
    everything = post_graphql(misdated_url, TIMELINE, {"filter": None})["data"]["timeline"]
    assert everything[-1]["label"] == "2510s"
    page = visit.page
    page.goto(f"{misdated_url}/explore")
    wait_until_ready(visit)
    labels = timeline_labels(visit)
    assert labels and "2510s" not in labels
    assert labels == [b["label"] for b in everything[:-1]]
    assert visit.errors == []
