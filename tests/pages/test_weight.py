"""The pages' weight: text compressed by the one middleware, assets cached for good by their hash."""

from __future__ import annotations

import gzip
import hashlib

import pytest
from fastapi.testclient import TestClient

from clio.compression import BROTLI
from clio.web import IMMUTABLE, STATIC_DIR
from tests.pages.conftest import SEED_PAGE, soup

ASSETS = {
    # what the page links: (how the <link> is found, the file under clio/static)
    "stylesheet": ('link[rel="stylesheet"]', "pages/site.css"),
    "icon": ('link[rel="icon"]', "clio.svg"),
}


@pytest.mark.parametrize("asset", sorted(ASSETS))
def test_each_page_asset_is_addressed_by_its_hash_and_cached_for_good(client: TestClient, asset: str) -> None:
    selector, name = ASSETS[asset]
    link = soup(client, "/on-this-day/august-4").select_one(selector)
    assert link is not None
    href = str(link["href"])
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:16]
    assert href == f"/static/{name}?v={digest}"
    # Every page carries the same address, so one download serves them all.
    assert soup(client, SEED_PAGE).select_one(selector)["href"] == href  # type: ignore[index]
    response = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["cache-control"] == IMMUTABLE
    assert response.content == (STATIC_DIR / name).read_bytes()


@pytest.mark.parametrize(
    "query",
    ["", "?v=0123456789abcdef", "?v="],
    ids=["no-hash", "old-hash", "empty-hash"],
)
def test_an_asset_without_its_current_hash_is_revalidated_not_kept(client: TestClient, query: str) -> None:
    """An address that does not name this content could outlive it: the browser asks again."""
    response = client.get(f"/static/pages/site.css{query}")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-cache"
    again = client.get(f"/static/pages/site.css{query}", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("encoding", "decode"),
    [("gzip", gzip.decompress), ("br", BROTLI.decompress if BROTLI else None)],
    ids=["gzip", "brotli"],
)
def test_pages_and_their_stylesheet_are_compressed_by_the_one_middleware(
    client: TestClient, encoding: str, decode: object
) -> None:
    if decode is None:
        pytest.skip("the brotli package is not installed: gzip alone is offered")
    assert callable(decode)
    page = soup(client, "/on-this-day/august-4")
    stylesheet = str(page.select_one('link[rel="stylesheet"]')["href"])  # type: ignore[index]
    for path in ("/on-this-day/august-4", SEED_PAGE, stylesheet):
        # The test client would decode the body itself; ask for the bytes as sent.
        with client.stream("GET", path, headers={"Accept-Encoding": encoding}) as response:
            sent = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == encoding, path
        assert "accept-encoding" in response.headers["vary"].lower()
        plain = decode(sent)
        assert int(response.headers["content-length"]) == len(sent) < len(plain) / 2, path
    assert plain == (STATIC_DIR / "pages" / "site.css").read_bytes()


def test_no_page_inlines_its_styles(client: TestClient) -> None:
    """Styles live in the one cached stylesheet, not again in every page's HTML."""
    for path in ("/on-this-day/august-4", SEED_PAGE, "/people/joseph-stalin", "/search?q=x"):
        assert soup(client, path).select("style, [style]") == [], path
