"""The pages, measured: server time, bytes, and time to content in headless Chromium.

For a data directory, each page kind is asked for on a real uvicorn server (in this
process, on a free port, the graph loaded once): the median of several warm requests,
the HTML's bytes and what gzip would make of them; then five cold loads in Chromium (a new
context each, so nothing cached) give the time from navigation start until the parser has
the page's first title (``domInteractive``: the titles are in the HTML, no script adds them).

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


def time_to_content(base: str, paths: dict[str, str]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    found: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        for name, path in paths.items():
            times = []
            for _ in range(COLD):
                context = browser.new_context(java_script_enabled=False)
                page = context.new_page()
                page.goto(base + path)
                timing = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
                times.append(timing["domInteractive"] - timing["startTime"])
                context.close()
            found[name] = statistics.median(times)
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
        ttc = time_to_content(base, paths) if CHROMIUM.is_file() else {}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(f"{args.data_dir}: {len(kg.ids(Kind.EVENT)):,} events")
    print("| page | server ms (median of 15) | HTML bytes | gzip bytes | to content ms (median of 5 cold) |")
    print("|---|---:|---:|---:|---:|")
    for name, ms, size, packed in rows:
        print(f"| {name} | {ms:.1f} | {size:,} | {packed:,} | {ttc.get(name, float('nan')):.0f} |")


if __name__ == "__main__":
    main()
