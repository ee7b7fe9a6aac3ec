"""No text in the data can become markup: a hostile title, summary or name stays text."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clio.app import create_app
from clio.settings import Settings
from graph.dates import HistoricalDate
from graph.models import Category, Event, Link, Location, Person
from graph.store import KnowledgeGraph

PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<!--",
    "]]>",
    "{{ 7*7 }}",
    "&amp;<b>bold</b>",
    "' onmouseover='alert(1)",
]
# Text a record could hold: markup characters, quotes, letters, single line breaks.
hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.sampled_from(list("<>&\"'/=!-[]{}% ab\nÉ\u2028")), min_size=1, max_size=40),
).filter(lambda s: s.strip() and "\n\n" not in s)

PAGES = ["/events/e", "/on-this-day/august-4", "/people/a", "/places/p"]


def render(title: str, summary: str, name: str, place: str, url: str) -> dict[str, BeautifulSoup]:
    kg = KnowledgeGraph.from_records(
        [
            Category("category:x", "Category"),
            Location("location:p", place, "city"),
            Person("person:a", name, born=HistoricalDate(1900, 8, 4), links=(Link(title, url),)),
            Event(
                "event:e",
                title,
                HistoricalDate(1924, 8, 4),
                "category:x",
                locations=("location:p",),
                people=("person:a",),
                summary=summary,
                highlights=(summary,),
                what_happened=summary,
                links=(Link(title, url),),
            ),
        ]
    )
    with TestClient(create_app(Settings.from_env({}), kg)) as client:
        return {path: BeautifulSoup(client.get(path).text, "html.parser") for path in PAGES}


def shape(page: BeautifulSoup) -> list[tuple[str, tuple[str, ...]]]:
    """Every element and its attribute names, in document order: what markup the page has."""
    return [(tag.name, tuple(sorted(tag.attrs))) for tag in page.find_all(True)]


URLS = ["javascript:alert(1)", "https://example.org/"]
# The same records with plain text, for each link address: a link that may not be followed
# is shown as text, so the two differ by that one <a>.
BENIGN = {url: render("Title", "Summary", "Name", "Place", url) for url in URLS}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=hostile,
    summary=hostile,
    name=hostile,
    place=hostile,
    url=st.sampled_from(URLS),
)
def test_hostile_text_never_changes_the_markup(
    title: str, summary: str, name: str, place: str, url: str
) -> None:
    pages = render(title, summary, name, place, url)
    for path, page in pages.items():
        expected = shape(BENIGN[url][path])
        assert shape(page) == expected, path
        for script in page.select("script"):
            assert script.get("type") == "application/ld+json"
            json.loads(script.string or "")  # still one JSON document
        hrefs = [str(a["href"]) for a in page.select("a[href]")]
        assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript")], path
    event = pages["/events/e"]
    assert " ".join(event.h1.get_text().split()) == " ".join(title.split())  # type: ignore[union-attr]
    assert json.loads(event.select_one("script").string or "")["name"] == title  # type: ignore[union-attr]
