"""What the explorer tells a first-time visitor: where to start, what the controls do, how to see more.

As in test_explorer.py, what the page lists or draws is compared with what /graphql answers
over HTTP for the same arguments.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.browser.conftest import Visit, post_graphql
from tests.browser.test_explorer import BEIRUT, DEFAULT_KINDS, STALIN, drawn, wait_until_ready

pytestmark = pytest.mark.browser

NEIGHBORHOOD = """query($id: ID!, $limit: Int!, $kinds: [NodeKind!]) {
  neighborhood(id: $id, limit: $limit, kinds: $kinds) { truncated nodes { id } edges { id } }
}"""
EVENTS = """query($filter: EventFilter!) {
  events(filter: $filter, limit: 20) { id title date { display } }
}"""
PATH_EVENTS = """query($from: ID!, $to: ID!) {
  connection(from: $from, to: $to, maxHops: 4, first: 3) { hops { id kind } }
}"""
DATED = """query($id: ID!) { node(id: $id) { ... on Event { title date { year display edtf } } } }"""


def listed(visit: Visit) -> dict[str, Any]:
    """The list under the timeline: its heading and each event's date and title."""
    items = visit.page.locator("#bucket-events li")
    return {
        "heading": visit.page.inner_text("#bucket-events h3"),
        "events": [
            [items.nth(i).locator(".date").inner_text(), items.nth(i).locator("a").inner_text()]
            for i in range(items.count())
        ],
    }


def test_first_visit_explains_clio_and_offers_examples(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore")
    wait_until_ready(visit)
    assert page.inner_text("#card h1") == "Explore history as a graph"
    assert page.inner_text("#card p").startswith("Clio links historical events to the people, places")
    links = page.locator("#card .examples a")
    shown = [[links.nth(i).inner_text(), links.nth(i).get_attribute("href")] for i in range(links.count())]
    assert shown == [
        ["Joseph Stalin", f"/explore?id={STALIN}"],
        ["Álvaro Obregón", "/explore?id=person:alvaro-obregon"],
        ["the Soviet Union", "/explore?id=location:soviet-union"],
        ["4 August 1924", "/explore?id=event:establishment-of-mexico-soviet-diplomatic-relations"],
        ["Stalin → the Beirut port explosion", f"/explore?from={STALIN}&to={BEIRUT}"],
    ]
    visit.screenshot("explore-welcome")

    # Every example leads somewhere real: each card has a title, not "Not in the graph".
    page.click("text=Álvaro Obregón")
    wait_until_ready(visit)
    assert page.url == f"{base_url}/explore?id=person:alvaro-obregon"
    assert page.inner_text("#card h1") == "Álvaro Obregón"
    page.go_back()
    wait_until_ready(visit)
    page.click("text=4 August 1924")
    wait_until_ready(visit)
    assert page.inner_text("#card h1") == "Establishment of Mexico-Soviet Diplomatic Relations"
    assert visit.errors == []


def test_path_view_says_why_depth_is_gone_and_charts_the_paths_events(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?from={STALIN}&to={BEIRUT}")
    wait_until_ready(visit)
    assert page.locator("#hood-controls").is_hidden()
    assert page.inner_text("#path-note") == (
        "Paths follow people, events, places and same-day links, up to 4 links long; "
        "depth and kinds apply to a single node's neighbourhood."
    )
    # Link names are drawn large enough to read.
    sizes = page.evaluate("() => window.clioExplorer.cy.edges('[label]').map((e) => e.style('font-size'))")
    assert sizes and set(sizes) == {"13px"}

    paths = post_graphql(base_url, PATH_EVENTS, {"from": STALIN, "to": BEIRUT})["data"]["connection"]
    ids = {hop["id"] for path in paths for hop in path["hops"] if hop["kind"].upper() == "EVENT"}
    events = [post_graphql(base_url, DATED, {"id": i})["data"]["node"] for i in ids]
    assert page.inner_text("#timeline-title") == f"Events on these paths — {len(events)} events over time"

    # The bar of the paths' oldest decade lists the path's events of that decade, oldest
    # first; same-year events by their EDTF date, then title, so the order never depends on
    # the order of a set. (Which paths of one length come first is the search's choice.)
    start = min(e["date"]["year"] for e in events) // 10 * 10
    page.click(f'#timeline .bucket[data-label="{start}s"]')
    decade = sorted(
        (e for e in events if start <= e["date"]["year"] <= start + 9),
        key=lambda e: (e["date"]["year"], e["date"]["edtf"], e["title"]),
    )
    assert listed(visit) == {
        "heading": f"{start}s: {len(decade)} event{'s' if len(decade) > 1 else ''}",
        "events": [[e["date"]["display"], e["title"]] for e in decade],
    }
    visit.screenshot("explore-path-timeline")
    assert visit.errors == []


def test_clicking_a_timeline_bar_lists_its_events(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    page.click('#timeline .bucket[data-label="1930s"]')
    page.wait_for_selector("#bucket-events h3")
    expected = post_graphql(
        base_url, EVENTS, {"filter": {"people": [STALIN], "start": "1930", "end": "1939"}}
    )["data"]["events"]
    assert listed(visit) == {
        "heading": "1930s: 20 events",
        "events": [[e["date"]["display"], e["title"]] for e in expected],
    }
    visit.screenshot("explore-timeline-bucket")

    # A bar is a button for the keyboard too.
    page.focus('#timeline .bucket[data-label="1910s"]')
    page.keyboard.press("Enter")
    page.wait_for_selector("#bucket-events h3:has-text('1910s')")
    assert listed(visit)["heading"] == "1910s: 4 events"

    # Each listed event re-centres the explorer.
    first = page.locator("#bucket-events li a").first
    title = first.inner_text()
    first.click()
    wait_until_ready(visit)
    assert page.inner_text("#card h1") == title
    assert page.locator("#bucket-events li").count() == 0
    assert visit.errors == []


def test_show_more_raises_the_limit_in_a_shareable_url(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    labelled = page.evaluate("() => window.clioExplorer.cy.nodes().not('.quiet').not('.center').length")
    assert 8 <= labelled <= 16
    assert page.inner_text("#graph-hint") == (
        f"Names shown for {labelled} of the best-connected, where they fit; "
        "hover a dot for the rest, or see the list."
    )
    # No drawn name covers another.
    boxes = page.evaluate(
        """() => window.clioExplorer.cy.nodes().not('.quiet')
             .map((n) => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }))"""
    )
    for a, b in itertools.combinations(boxes, 2):
        assert not (a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]), (
            a,
            b,
        )
    assert page.inner_text("#show-more") == "Show up to 100"
    page.click("#show-more")
    wait_until_ready(visit)
    assert page.url == f"{base_url}/explore?id={STALIN}&limit=100"
    hood = post_graphql(base_url, NEIGHBORHOOD, {"id": STALIN, "limit": 100, "kinds": DEFAULT_KINDS})
    nodes = hood["data"]["neighborhood"]["nodes"]
    assert drawn(visit)["nodes"] == sorted(n["id"] for n in nodes)
    assert len(nodes) > 50
    # Stalin's neighbourhood fits in 100, so there is nothing more to ask for.
    assert hood["data"]["neighborhood"]["truncated"] is False
    assert page.locator("#show-more").is_hidden()
    visit.screenshot("explore-show-more")

    # The URL alone brings the same drawing back.
    page.goto(f"{base_url}/explore?id={STALIN}&limit=100")
    wait_until_ready(visit)
    assert drawn(visit)["nodes"] == sorted(n["id"] for n in nodes)
    assert visit.errors == []
