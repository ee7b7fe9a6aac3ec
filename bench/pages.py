"""The pages, measured: server time, page weight and time to content in headless Chromium.

For a data directory, each page kind is asked for on a real uvicorn server (in this
process, on a free port, the graph loaded once): the median of several warm requests and
the HTML's bytes. Then five cold loads in Chromium (a new context each, so nothing cached,
the server warm) give:

- the page weight: every byte the browser received for the page (HTML, stylesheet, icon;
  headers included), as the one compression middleware sent it (Chromium asks for br);
- the time to content: from navigation start to the moment the first event title is in
  the DOM (a ``MutationObserver`` installed before the page's first byte watches for it;
  on an event page the title is its ``h1``, elsewhere the first event card's title).

    python -m bench.pages data
    python -m bench.pages build/audit
"""

from __future__ import annotations

import argparse
import gzip
import logging
import statistics
import threading
import time
from pathlib import Path

import httpx2 as httpx
import uvicorn

from bench.http import free_port
from clio.app import create_app
from clio.pages.daypath import day_slug
from clio.settings import Settings
from graph.linked_data import page_url
from graph.loader import load_graph
from graph.models import Kind
from graph.store import KnowledgeGraph

CHROMIUM = Path("/usr/bin/chromium")
WARM, COLD = 15, 5
# Where a page's first event title is: an event page's own title, or the first event card's.
FIRST_TITLE = {"event": "main h1", "other": "li.card.event h3 a"}
WATCH = """selector => {
  const seen = () => {
    if (window.__firstTitle === undefined && document.querySelector(selector)) {
      window.__firstTitle = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
}"""


def pages_of(kg: KnowledgeGraph) -> dict[str, str]:
    """The heaviest page of each kind: the busiest day, the most linked person and place."""
    day = max(((m, d) for m in range(1, 13) for d in range(1, 29)), key=lambda md: len(kg.on_day_ids(*md)))
    person = max(kg.ids(Kind.PERSON), key=lambda p: len(kg.event_ids_of(p)))
    place = max(kg.ids(Kind.LOCATION), key=lambda p: len(kg.event_ids_of(p)))
    event = kg.on_day_ids(*day)[0]
    return {
        f"day ({len(kg.on_day_ids(*day))} events)": f"/on-this-day/{day_slug(*day)}",
        "event": page_url(kg, "", event),
        f"person ({len(kg.event_ids_of(person))} events)": page_url(kg, "", person),
        "place (most events)": page_url(kg, "", place),
    }


def cold_loads(base: str, paths: dict[str, str]) -> dict[str, tuple[float, int, int]]:
    """For each page: (median ms to the first event title, bytes received, of which the HTML)."""
    from playwright.sync_api import Response, sync_playwright

    found: dict[str, tuple[float, int, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        for name, path in paths.items():
            selector = FIRST_TITLE["event" if name == "event" else "other"]
            times, weights = [], []
            for _ in range(COLD):
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script(f"({WATCH})({selector!r})")
                responses: list[Response] = []
                page.on("response", lambda response, into=responses: into.append(response))
                page.goto(base + path, wait_until="load")
                page.wait_for_function("() => window.__firstTitle !== undefined")
                times.append(page.evaluate("() => window.__firstTitle"))
                page.wait_for_load_state("networkidle")
                sizes = [(r.url, r.request.sizes()) for r in responses]
                received = [s["responseBodySize"] + s["responseHeadersSize"] for _, s in sizes]
                html = received[[u for u, _ in sizes].index(base + path)]
                weights.append((sum(received), html))
                context.close()
            found[name] = (statistics.median(times), *weights[-1])
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    kg = load_graph(args.data_dir)
    app = create_app(Settings.from_env({"CLIO_LOG_REQUESTS": "0"}), kg)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    paths = pages_of(kg)
    try:
        rows = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for name, path in paths.items():
                times = []
                for _ in range(WARM):
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
                body = response.content
                rows.append((name, statistics.median(times), len(body), len(gzip.compress(body))))
        cold = cold_loads(base, paths) if CHROMIUM.is_file() else {}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(f"{args.data_dir}: {len(kg.ids(Kind.EVENT)):,} events")
    print(
        "| page | server ms (median of 15) | HTML bytes | gzip bytes "
        "| weight: bytes received, cold (of which HTML) | to first title ms (median of 5 cold) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    nothing = (float("nan"), 0, 0)
    for name, ms, size, packed in rows:
        to_title, weight, html = cold.get(name, nothing)
        print(f"| {name} | {ms:.1f} | {size:,} | {packed:,} | {weight:,} ({html:,}) | {to_title:.0f} |")


if __name__ == "__main__":
    main()
