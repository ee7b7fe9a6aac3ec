"""Person and place pages, and what every page shares: slugs, redirects, 404s, caching, sitemap."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.pages.daypath import ALL_DAYS
from clio.settings import Settings, SettingsError
from graph.bundled import BUNDLED_DATA
from graph.days import born_on, died_on
from graph.loader import read_records
from graph.models import Kind
from graph.store import KnowledgeGraph
from tests.pages.conftest import SEED_PAGE, soup, text


def linked(page: BeautifulSoup) -> list[str]:
    return [str(a["href"]) for a in page.select("li.card.event h3 a")]


def test_person_page_lists_every_event_by_date_in_pages(client: TestClient, kg: KnowledgeGraph) -> None:
    person = max(kg.ids(Kind.PERSON), key=lambda p: len(kg.event_ids_of(p)))
    expected = [f"/events/{i.split(':', 1)[1]}" for i in kg.event_ids_of(person)]
    assert len(expected) > 20, "the test needs a person with more than one page"
    path, found = f"/people/{person.split(':', 1)[1]}", []
    page = soup(client, path)
    assert text(page.h1) == kg.node(person).name  # type: ignore[union-attr]
    assert text(page.select_one("#events-heading")) == f"Events ({len(expected)})"
    while True:
        found += linked(page)
        following = page.select_one('nav.pager a[rel="next"]')
        if following is None:
            break
        page = soup(client, path + str(following["href"]))
    assert found == expected


def test_place_page_lists_events_there_and_within_by_date(client: TestClient, kg: KnowledgeGraph) -> None:
    page = soup(client, "/places/mexico")
    assert text(page.h1) == "Mexico"
    links = linked(page)
    assert "/events/establishment-of-mexico-soviet-diplomatic-relations" in links or page.select_one(
        'nav.pager a[rel="next"]'
    )
    data = json.loads(page.select_one('script[type="application/ld+json"]').string or "")  # type: ignore[union-attr]
    assert (data["@type"], data["@id"], data["name"]) == (
        "Place",
        "http://testserver/id/location:mexico",
        "Mexico",
    )


def test_person_json_ld_names_the_person_with_life_dates(client: TestClient) -> None:
    page = soup(client, "/people/joseph-stalin")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string or "")  # type: ignore[union-attr]
    assert data["@type"] == "Person" and data["@id"] == "http://testserver/id/person:joseph-stalin"
    assert data["birthDate"].startswith("1878") and data["deathDate"] == "1953-03-05"


@pytest.mark.parametrize("path", ["/events/no-such-event", "/people/nobody-at-all", "/places/atlantis"])
def test_unknown_slugs_get_an_html_404_with_a_search_box(client: TestClient, path: str) -> None:
    page = soup(client, path, 404)
    box = page.select_one('main form[role="search"] input[name="q"]')
    assert box is not None and page.select_one("main form")["action"] == "/search"  # type: ignore[index]


def test_the_search_page_leads_to_pages(client: TestClient) -> None:
    page = soup(client, "/search?q=Establishment+of+diplomatic+relations")
    assert "/events/establishment-of-mexico-soviet-diplomatic-relations" in [
        a["href"] for a in page.select("main h2 a")
    ]


def test_pages_are_cacheable_by_etag(client: TestClient) -> None:
    first = client.get(f"{SEED_PAGE}?asOf=2025-03-15")
    tag = first.headers["etag"]
    assert client.get(f"{SEED_PAGE}?asOf=2025-03-15").headers["etag"] == tag
    again = client.get(f"{SEED_PAGE}?asOf=2025-03-15", headers={"If-None-Match": tag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    # Another render date is another page: "how long ago" changed.
    assert client.get(f"{SEED_PAGE}?asOf=2025-03-16").headers["etag"] != tag
    assert client.get(SEED_PAGE).headers["etag"] not in (tag, None)


def test_the_id_uri_leads_to_the_page(client: TestClient) -> None:
    response = client.get("/id/person:joseph-stalin", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        "http://testserver/people/joseph-stalin",
    )
    assert client.get("/id/person:nobody", follow_redirects=False).status_code == 404


def test_the_sitemap_lists_every_page(client: TestClient, kg: KnowledgeGraph) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    maps = [loc.text or "" for loc in index.findall("s:sitemap/s:loc", ns)]
    assert [m.rsplit("/", 1)[1] for m in maps] == ["days.xml", "events-1.xml", "people-1.xml", "places-1.xml"]
    counts = {}
    for address in maps:
        urlset = ElementTree.fromstring(client.get(address.replace("http://testserver", "")).content)
        counts[address.rsplit("/", 1)[1]] = [loc.text for loc in urlset.findall("s:url/s:loc", ns)]
    days = [url for url in counts["days.xml"] if not url.endswith(("/births", "/deaths"))]
    assert len(days) == 366
    assert "http://testserver/on-this-day/february-4/births" in counts["days.xml"]
    with_people = [(m, d) for m, d in ALL_DAYS if born_on(kg, m, d)] + [
        (m, d) for m, d in ALL_DAYS if died_on(kg, m, d)
    ]
    assert len(counts["days.xml"]) == 366 + len(with_people)
    assert len(counts["events-1.xml"]) == len(kg.ids(Kind.EVENT))
    assert "http://testserver" + SEED_PAGE in counts["events-1.xml"]
    assert client.get("/sitemaps/events-2.xml").status_code == 404


@pytest.fixture(scope="module")
def merged_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The bundled data with a redirect table: one earlier id merged into the 1924 event."""
    data = tmp_path_factory.mktemp("data")
    for path in BUNDLED_DATA.iterdir():
        if path.is_file():
            shutil.copy(path, data / path.name)
        else:
            shutil.copytree(path, data / path.name)
    survivor = "event:establishment-of-mexico-soviet-diplomatic-relations"
    line = json.dumps({"id": "event:mexico-soviet-relations", "to": survivor})
    (data / "redirects.jsonl").write_text(line + "\n")
    with TestClient(create_app(Settings.from_env({"CLIO_DATA_DIR": str(data)}))) as client:
        yield client


def test_a_merged_away_id_moves_permanently_to_its_survivor(merged_client: TestClient) -> None:
    response = merged_client.get("/events/mexico-soviet-relations", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "http://testserver" + SEED_PAGE
    by_id = merged_client.get("/id/event:mexico-soviet-relations", follow_redirects=False)
    assert (by_id.status_code, by_id.headers["location"]) == (
        301,
        "http://testserver/id/event:establishment-of-mexico-soviet-diplomatic-relations",
    )


def test_colliding_slugs_get_a_suffix_and_both_pages_stay() -> None:
    """The loader holds data files to slug ids; a graph built in code may not, and still gets unique slugs."""
    records = read_records(BUNDLED_DATA)
    dayton = next(r for r in records if r.id == "event:dayton-shooting-claims-nine-lives")
    odd = replace(
        dayton, id="event:Dayton_Shooting_Claims_Nine_Lives", title="Dayton Shooting (a second record)"
    )
    kg = KnowledgeGraph.from_records([*records, odd])
    with TestClient(create_app(Settings.from_env({}), kg)) as client:
        original = soup(client, "/events/dayton-shooting-claims-nine-lives")
        second = soup(client, "/events/dayton-shooting-claims-nine-lives-2")
        assert text(original.h1) == "Dayton Shooting Claims Nine Lives"
        assert text(second.h1) == "Dayton Shooting (a second record)"
        assert client.get("/events/Dayton_Shooting_Claims_Nine_Lives").status_code == 404
        sitemap = client.get("/sitemaps/events-1.xml").text
        assert "/events/dayton-shooting-claims-nine-lives-2</loc>" in sitemap


def test_the_request_log_names_the_operation_a_page_ran(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="clio.request"):
        client.get("/people/joseph-stalin")
    [logged] = [r.request for r in caplog.records if r.name == "clio.request"]  # type: ignore[attr-defined]
    assert (logged["path"], logged["operation"], logged["status"]) == (
        "/people/joseph-stalin",
        "PersonPage",
        200,
    )


@pytest.mark.parametrize(
    "path", ["/on-this-day/august-4", SEED_PAGE, "/people/joseph-stalin", "/sitemap.xml"]
)
def test_pages_answer_head_as_get_without_a_body(client: TestClient, path: str) -> None:
    # Link checkers and crawlers ask HEAD first.
    head, get = client.head(path), client.get(path)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers.get("etag") == get.headers.get("etag")


def test_a_public_url_names_the_pages_behind_a_proxy(kg: KnowledgeGraph) -> None:
    settings = Settings.from_env({"CLIO_PUBLIC_URL": "https://history.example.org/"})
    with TestClient(create_app(settings, kg)) as proxied:
        page = soup(proxied, SEED_PAGE)
        canonical = "https://history.example.org" + SEED_PAGE
        assert page.select_one('link[rel="canonical"]')["href"] == canonical  # type: ignore[index]
        data = json.loads(page.select_one('script[type="application/ld+json"]').string or "")  # type: ignore[union-attr]
        assert data["@id"].startswith("https://history.example.org/id/event:")
        assert "<loc>https://history.example.org/sitemaps/days.xml</loc>" in proxied.get("/sitemap.xml").text


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CLIO_TIMEZONE", "Mars/Olympus", "CLIO_TIMEZONE: 'Mars/Olympus' is not a timezone"),
        ("CLIO_PUBLIC_URL", "history.example.org", "CLIO_PUBLIC_URL must start with https://"),
    ],
    ids=["zone", "public-url"],
)
def test_page_settings_are_checked_at_start(variable: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        Settings.from_env({variable: value})
