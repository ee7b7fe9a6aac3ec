"""The explorer at /explore, driven as a person would: type, pick, click, share a URL.

What the page draws is compared with what /graphql answers over HTTP for the same
arguments, so a drawing that drops or invents nodes fails.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.browser.conftest import Visit, post_graphql

pytestmark = pytest.mark.browser

STALIN = "person:joseph-stalin"
BEIRUT = "event:massive-explosion-at-beirut-port-kills-hundreds"
DEFAULT_KINDS = ["EVENT", "PERSON", "LOCATION", "ORGANIZATION"]

NEIGHBORHOOD = """query($id: ID!, $depth: Int!, $kinds: [NodeKind!]) {
  neighborhood(id: $id, depth: $depth, kinds: $kinds) { center nodes { id } edges { id } }
}"""
CONNECTION = """query($from: ID!, $to: ID!) {
  connection(from: $from, to: $to, maxHops: 4, first: 3) { sentence hops { id } }
}"""
TIMELINE = """query($filter: EventFilter) { timeline(filter: $filter) { count } }"""


def drawn(visit: Visit) -> dict[str, Any]:
    """What Cytoscape holds now: node ids, edge count, and the centred node(s)."""
    result: dict[str, Any] = visit.page.evaluate(
        """() => {
          const cy = window.clioExplorer.cy;
          return {
            nodes: cy.nodes().map((n) => n.id()).sort(),
            edges: cy.edges().length,
            centers: cy.nodes(".center").map((n) => n.id()).sort(),
          };
        }"""
    )
    return result


def neighborhood(base_url: str, node_id: str, depth: int = 1) -> dict[str, Any]:
    hood: dict[str, Any] = post_graphql(
        base_url, NEIGHBORHOOD, {"id": node_id, "depth": depth, "kinds": DEFAULT_KINDS}
    )["data"]["neighborhood"]
    return {
        "nodes": sorted(n["id"] for n in hood["nodes"]),
        "edges": len(hood["edges"]),
        "centers": [node_id],
    }


def wait_until_ready(visit: Visit) -> None:
    visit.page.wait_for_selector("body[data-state=ready]", timeout=20_000)


def test_typing_stal_finds_stalin_and_draws_his_neighbourhood(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore")
    wait_until_ready(visit)
    # The home view opens on the server's day, not on an empty drawing.
    assert page.inner_text("#today-title").startswith("On this day: ")
    assert page.locator("#graph-box").is_hidden()

    page.locator("#search").press_sequentially("stal", delay=60)
    page.wait_for_selector('#search-box .suggestions[data-for="stal"]:not([hidden])')
    first = page.locator("#search-box .suggestions li").first
    assert first.get_attribute("data-id") == STALIN
    assert [first.locator(part).text_content() for part in (".badge", ".label", ".detail")] == [
        "Person",
        "Joseph Stalin",
        "1878 – 1953",
    ]
    visit.screenshot("explore-suggestions")

    page.keyboard.press("Enter")
    wait_until_ready(visit)
    assert page.url == f"{base_url}/explore?id={STALIN}"
    assert page.inner_text("#card h1") == "Joseph Stalin"
    assert page.inner_text("#card .when") == "born December 18th, 1878 · died March 5th, 1953"
    assert drawn(visit) == neighborhood(base_url, STALIN)

    total = sum(
        b["count"]
        for b in post_graphql(base_url, TIMELINE, {"filter": {"people": [STALIN]}})["data"]["timeline"]
    )
    assert page.inner_text("#timeline-title") == f"Events of Joseph Stalin — {total} events over time"
    visit.screenshot("explore-stalin")

    # A greater depth is a new, shareable view, drawn as the API answers it.
    page.select_option("#depth", "2")
    wait_until_ready(visit)
    assert page.url == f"{base_url}/explore?id={STALIN}&depth=2"
    assert drawn(visit) == neighborhood(base_url, STALIN, depth=2)

    assert visit.errors == []
    assert visit.foreign_requests() == []


def test_clicking_an_event_recentres_on_it(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    # The event whose dot stands furthest from any other, so the click cannot land on a neighbour.
    target = page.evaluate(
        """() => {
          const cy = window.clioExplorer.cy;
          const box = document.querySelector('#graph').getBoundingClientRect();
          const events = cy.nodes('[kind = "EVENT"]');
          let best = null;
          events.forEach((n) => {
            const p = n.renderedPosition();
            const gap = Math.min(...cy.nodes().filter((m) => m !== n).map((m) => {
              const q = m.renderedPosition();
              return Math.hypot(p.x - q.x, p.y - q.y);
            }));
            if (!best || gap > best.gap) {
              best = { id: n.id(), label: n.data('name'), x: box.left + p.x, y: box.top + p.y, gap };
            }
          });
          return best;
        }"""
    )
    page.mouse.click(target["x"], target["y"])
    wait_until_ready(visit)

    assert page.url == f"{base_url}/explore?id={target['id']}"
    assert page.inner_text("#card h1") == target["label"]
    assert drawn(visit) == neighborhood(base_url, target["id"])
    visit.screenshot("explore-recentred-on-event")

    # The browser's Back button returns to Stalin.
    page.go_back()
    wait_until_ready(visit)
    assert page.inner_text("#card h1") == "Joseph Stalin"
    assert visit.errors == []
    assert visit.foreign_requests() == []


def test_path_from_stalin_to_the_beirut_explosion(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    # "From" follows the centre; "To" is picked from suggestions, as a person would.
    assert page.input_value("#from") == "Joseph Stalin"
    page.locator("#to").press_sequentially("beirut port", delay=40)
    page.locator(f'.connect .suggestions li[data-id="{BEIRUT}"]').click()
    page.click("#connect-form button")
    wait_until_ready(visit)

    assert page.url == f"{base_url}/explore?from={STALIN}&to={BEIRUT}"
    paths = post_graphql(base_url, CONNECTION, {"from": STALIN, "to": BEIRUT})["data"]["connection"]
    assert paths[0]["sentence"] == (
        "Joseph Stalin, involved in Establishment of Mexico-Soviet Diplomatic Relations, "
        "same day as Massive Explosion at Beirut Port Kills Hundreds"
    )
    # The page says what "same day" means: the same calendar day, years apart.
    said = "on the same calendar day (August 4th), 96 years apart, as Massive Explosion at Beirut Port"
    assert page.locator("#paths .sentence").all_inner_texts() == [
        p["sentence"].replace("same day as Massive Explosion at Beirut Port", said) for p in paths
    ]
    hops = sorted({hop["id"] for path in paths for hop in path["hops"]})
    shown = drawn(visit)
    assert shown["nodes"] == hops
    assert shown["centers"] == sorted([STALIN, BEIRUT])
    # The shortest path is the one drawn dark, link by link.
    first = [hop["id"] for hop in paths[0]["hops"]]
    dark = page.evaluate(
        "() => window.clioExplorer.cy.edges('.path').map((e) => [e.source().id(), e.target().id()])"
    )
    assert sorted(sorted(pair) for pair in dark) == sorted(sorted(pair) for pair in itertools.pairwise(first))
    visit.screenshot("explore-path-stalin-beirut")
    assert visit.errors == []
    assert visit.foreign_requests() == []


def test_unknown_id_says_so(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.goto(f"{base_url}/explore?id=event:no-such-event")
    wait_until_ready(visit)
    assert page.inner_text("#card h1") == "Not in the graph"
    assert page.inner_text("#graph-empty") == "Nothing to draw: “event:no-such-event” is not in the graph."
    assert drawn(visit)["nodes"] == []
    # No events, so no timeline: not even its heading.
    assert page.locator("#timeline-section").is_hidden()
    visit.screenshot("explore-unknown-id")
    assert visit.errors == []
    assert visit.foreign_requests() == []
