"""Every file the explorer and GraphiQL load from /static is asked for by its content's hash, cached for good.

The explorer's modules import each other by plain relative name; the page's import map sends each to
its hashed address. A module asked for by its plain address would be revalidated on every
visit (a round trip per module), and a stale one could be mixed with fresh ones.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx2 as httpx

from tests.browser.conftest import Visit
from tests.browser.test_explorer import STALIN, drawn, wait_until_ready


def test_every_module_stylesheet_and_icon_is_fetched_by_hash(visit: Visit, base_url: str) -> None:
    visit.page.goto(f"{base_url}/explore?id={STALIN}")
    wait_until_ready(visit)
    assert STALIN in drawn(visit)["nodes"]  # the modules, loaded through the import map, run
    assert visit.errors == []
    static = [url for url in visit.requests if urlsplit(url).path.startswith("/static/")]
    modules = {urlsplit(url).path for url in static if url.split("?")[0].endswith(".js")}
    assert {"/static/explore/main.js", "/static/explore/api.js", "/static/explore/graph.js"} <= modules
    unhashed = [url for url in static if not parse_qs(urlsplit(url).query).get("v")]
    assert unhashed == []
    for url in static:
        cache = httpx.get(url, timeout=30).headers["cache-control"]
        assert "immutable" in cache, (url, cache)


def test_graphiql_links_our_files_and_its_packages_by_hash(base_url: str) -> None:
    page = httpx.get(f"{base_url}/graphql", headers={"Accept": "text/html"}, timeout=30).text
    linked = re.findall(r'(?:src|href)="(/(?:static|vendor)/[^"]+)"', page)
    assert any(url.startswith("/static/graphiql/start.js") for url in linked)
    assert [url for url in linked if "?v=" not in url] == []
    for url in linked:
        assert "immutable" in httpx.get(base_url + url, timeout=30).headers["cache-control"], url
