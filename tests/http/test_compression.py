"""Compression through the real app: JSON answers, GraphiQL's vendored files and our own scripts."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator

import brotli
import pytest
from fastapi.testclient import TestClient

from clio.web import missing_vendor_files
from graph.store import KnowledgeGraph
from tests.security.conftest import client_for

BIG = "{ events(limit: 100) { id title summary date { display } } }"  # tens of kB of JSON
SMALL = "{ __typename }"


@pytest.fixture(scope="module")
def client(kg: KnowledgeGraph) -> Iterator[TestClient]:
    with client_for(kg) as test_client:
        yield test_client


def raw(
    client: TestClient, method: str, url: str, encoding: str, **options: object
) -> tuple[dict[str, str], bytes]:
    """Headers and the bytes as sent, not decoded by the client."""
    headers = {"Accept-Encoding": encoding, **options.pop("headers", {})}  # type: ignore[dict-item]
    with client.stream(method, url, headers=headers, **options) as response:  # type: ignore[arg-type]
        return dict(response.headers), b"".join(response.iter_raw())


def plain(client: TestClient, url: str) -> bytes:
    return raw(client, "GET", url, "identity")[1]


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate", "gzip", gzip.decompress),  # what every HTTP client sends
        ("gzip, deflate, br", "br", brotli.decompress),  # a browser, with brotli installed here
        ("br;q=0, gzip", "gzip", gzip.decompress),  # brotli refused by quality 0
        ("br;q=0.5, gzip;q=0.9", "gzip", gzip.decompress),  # gzip weighed higher
    ],
    ids=["gzip", "brotli", "brotli-refused", "gzip-preferred"],
)
def test_a_large_json_answer_is_compressed_as_the_client_accepts(
    client: TestClient, accept: str, encoding: str, decode: object
) -> None:
    body = {"query": BIG}
    headers, sent = raw(client, "POST", "/graphql", accept, json=body)
    expected = raw(client, "POST", "/graphql", "identity", json=body)[1]
    assert headers["content-encoding"] == encoding
    assert "Accept-Encoding" in headers["vary"]
    assert int(headers["content-length"]) == len(sent) < len(expected) / 2
    assert decode(sent) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("query", "accept"),
    [(SMALL, "gzip"), (BIG, "identity"), (BIG, "")],
    ids=["below-threshold", "identity", "no-header"],
)
def test_small_answers_and_clients_without_gzip_get_the_body_as_it_is(
    client: TestClient, query: str, accept: str
) -> None:
    headers, sent = raw(client, "POST", "/graphql", accept, json={"query": query})
    assert "content-encoding" not in headers
    assert sent.startswith(b'{"data"')
    # The answer depends on Accept-Encoding all the same, so a shared cache must know it.
    assert "Accept-Encoding" in headers["vary"]


def test_a_304_is_sent_without_a_body_and_not_encoded(client: TestClient) -> None:
    params = {"query": BIG}
    etag = client.get("/graphql", params=params).headers["etag"]
    headers, sent = raw(client, "GET", "/graphql", "gzip", params=params, headers={"If-None-Match": etag})
    assert sent == b"" and "content-encoding" not in headers


@pytest.mark.parametrize(
    "url", ["/graphql?query={ __typename }", "/on-this-day/august-4"], ids=["graphql", "page"]
)
def test_a_304_varies_as_its_200_does(client: TestClient, url: str) -> None:
    # A cache updates its stored 200 with the 304's headers: without Accept-Encoding in
    # Vary there, it would then serve the gzip body it holds to clients that cannot read it.
    ok_headers = raw(client, "GET", url, "gzip")[0]
    headers, sent = raw(client, "GET", url, "gzip", headers={"If-None-Match": ok_headers["etag"]})
    assert sent == b""
    assert "Accept-Encoding" in ok_headers["vary"] and headers["vary"] == ok_headers["vary"]


def test_our_own_scripts_are_compressed(client: TestClient) -> None:
    headers, sent = raw(client, "GET", "/static/explore/main.js", "gzip")
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(sent) == plain(client, "/static/explore/main.js")


needs_vendor = pytest.mark.skipif(
    bool(missing_vendor_files()), reason="web/node_modules is not installed (npm ci --prefix web)"
)


@needs_vendor
def test_graphiql_s_script_is_compressed_once_per_version(client: TestClient) -> None:
    first_headers, first = raw(client, "GET", "/vendor/graphiql.js", "br")
    again = raw(client, "GET", "/vendor/graphiql.js", "br")[1]
    assert first_headers["content-encoding"] == "br"
    assert first == again and brotli.decompress(first) == plain(client, "/vendor/graphiql.js")


@needs_vendor
def test_pages_load_vendored_files_by_hash_and_those_are_cached_for_good(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"}).text
    urls = re.findall(r'"(/vendor/[a-z.-]+\?v=[0-9a-f]{16})"', page)
    assert len(urls) == 4, page  # react, react-dom, GraphiQL's script and its styles
    for url in urls:
        assert client.get(url).headers["cache-control"] == "public, max-age=31536000, immutable"
    explorer = client.get("/explore").text
    assert re.search(r'"/vendor/cytoscape\.js\?v=[0-9a-f]{16}"', explorer)
    # Without the hash, or with another, the file may change under the same URL: an hour.
    assert client.get("/vendor/graphiql.js").headers["cache-control"] == "public, max-age=3600"
    assert (
        client.get("/vendor/graphiql.js?v=0000000000000000").headers["cache-control"]
        == "public, max-age=3600"
    )
