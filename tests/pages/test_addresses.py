"""Any address under the pages gets a page: never a traceback, a 500 or a JSON error."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

PREFIXES = [
    "/on-this-day/",
    "/on-this-day/february-4/",
    "/events/",
    "/people/",
    "/places/",
    "/id/",
    "/search?q=",
]
# 302: "/on-this-day/." is "/on-this-day", today's page. 307: a trailing slash is dropped.
ANSWERS = {200, 301, 302, 303, 307, 400, 404}

words = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            *["august-4", "february-29", "joseph-stalin", "mexico", "..", "%00", "\n0", "0000001999999999"],
            *["births", "deaths", "august-4/births", "february-30/deaths"],
        ]
    ),
)


# Real days too, before and after the events a page shows.
days = st.one_of(words, st.dates().map(lambda d: d.isoformat()))


@settings(max_examples=150, deadline=None)
@given(prefix=st.sampled_from(PREFIXES), slug=words, page=words, as_of=days, category=words)
def test_any_address_answers_with_an_html_page(
    client: TestClient, prefix: str, slug: str, page: str, as_of: str, category: str
) -> None:
    if prefix.endswith("="):
        path = prefix + quote(slug)
    else:
        query = urlencode({"page": page, "asOf": as_of, "category": category})
        path = f"{prefix}{quote(slug, safe='')}?{query}"
    response = client.get(path, follow_redirects=False)
    assert response.status_code in ANSWERS, (path, response.status_code, response.text[:300])
    if response.status_code in (200, 400, 404):
        assert response.headers["content-type"].startswith("text/html"), path
