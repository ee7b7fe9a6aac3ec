"""The day page: every event of the day newest first, paged, by category, with births and deaths."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

import clio.pages.routes
from clio.app import create_app
from clio.pages.daypath import day_slug
from clio.settings import Settings
from graph.days import born_on, died_on
from graph.store import KnowledgeGraph
from tests.pages.conftest import SEED_SIX, soup, text


def event_links(page: BeautifulSoup) -> list[str]:
    return [str(a["href"]) for a in page.select("li.card.event h3 a")]


def all_pages(client: TestClient, path: str) -> list[str]:
    """Every event of a day page, following its "next" links to the end."""
    found: list[str] = []
    while True:
        page = soup(client, path)
        found += event_links(page)
        following = page.select_one('nav.pager a[rel="next"]')
        if following is None:
            return found
        path = path.split("?")[0] + str(following["href"])


def test_every_event_of_the_day_in_pages_with_the_seed_six_in_order(
    client: TestClient, kg: KnowledgeGraph
) -> None:
    listed = all_pages(client, "/on-this-day/august-4")
    expected = [f"/events/{i.split(':', 1)[1]}" for i in kg.on_day_ids(8, 4)]
    assert listed == expected and len(listed) == 24  # 20 on the first page, 4 on the second
    seed = [f"/events/{i.split(':', 1)[1]}" for i in SEED_SIX]
    assert [link for link in listed if link in seed] == seed


def test_each_event_says_when_how_long_ago_where_and_who(client: TestClient) -> None:
    page = soup(client, "/on-this-day/august-4?asOf=2025-03-15")
    card = next(c for c in page.select("li.card.event") if "Mexico-Soviet" in text(c.h3))
    assert text(card.select_one(".kind")) == "Politics & Government"
    assert text(card.time) == "August 4th, 1924"
    assert text(card.select_one(".ago")) == "100 years, 7 months, 11 days ago"
    assert text(card.select_one(".places")) == "Where: Mexico, Soviet Union"
    assert [a["href"] for a in card.select(".people a")] == [
        "/people/alvaro-obregon",
        "/people/joseph-stalin",
        "/people/vladimir-lenin",
    ]
    years = [int(re.findall(r"\d{4}", text(li.time))[0]) for li in page.select("li.card.event")]
    assert years == sorted(years, reverse=True)


def test_category_chips_filter_the_day(client: TestClient) -> None:
    page = soup(client, "/on-this-day/august-4")
    chips = page.select("ul.chips a")
    assert text(chips[0]) == "All (24)" and chips[0].get("aria-current") == "page"
    military = next(a for a in chips if text(a).startswith("Military & Warfare"))
    assert text(military) == "Military & Warfare (4)"
    filtered = soup(client, str(military["href"]))
    kinds = {text(k) for k in filtered.select("li.card.event .kind")}
    assert kinds == {"Military & Warfare"} and len(event_links(filtered)) == 4
    current = filtered.select_one('ul.chips a[aria-current="page"]')
    assert current is not None and text(current) == "Military & Warfare (4)"


def test_births_of_the_day_and_the_days_around(client: TestClient) -> None:
    page = soup(client, "/on-this-day/august-4")
    assert [text(a) for a in page.select("ul.births a")] == ["Louis Armstrong", "Barack Obama"]
    assert page.select_one('nav.daynav a[rel="prev"]')["href"] == "/on-this-day/august-3"  # type: ignore[index]
    assert page.select_one('nav.daynav a[rel="next"]')["href"] == "/on-this-day/august-5"  # type: ignore[index]


@pytest.mark.parametrize(
    ("path", "before", "after"),
    [
        ("/on-this-day/february-29", "/on-this-day/february-28", "/on-this-day/march-1"),
        ("/on-this-day/january-1", "/on-this-day/december-31", "/on-this-day/january-2"),
        ("/on-this-day/december-31", "/on-this-day/december-30", "/on-this-day/january-1"),
    ],
    ids=["leap-day", "new-year", "year-end"],
)
def test_every_day_exists_and_links_its_neighbours(
    client: TestClient, path: str, before: str, after: str
) -> None:
    page = soup(client, path)
    assert page.select_one('nav.daynav a[rel="prev"]')["href"] == before  # type: ignore[index]
    assert page.select_one('nav.daynav a[rel="next"]')["href"] == after  # type: ignore[index]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_on_this_day_redirects_to_today_in_the_configured_zone(kg: KnowledgeGraph, zone: str) -> None:
    # UTC+14 and UTC-11: for most of every day, two different dates.
    with TestClient(create_app(Settings.from_env({"CLIO_TIMEZONE": zone}), kg)) as client:
        for path in ("/on-this-day", "/"):
            response = client.get(path, follow_redirects=False)
            today = datetime.datetime.now(ZoneInfo(zone)).date()
            assert response.status_code == 302
            assert response.headers["location"] == f"/on-this-day/{day_slug(today.month, today.day)}"
            assert response.headers["cache-control"] == "no-store"


def test_pages_read_the_apps_clock_as_howlongago_and_etags_do(kg: KnowledgeGraph) -> None:
    # 23:30 on February 28th in UTC is already March 1st in Paris: the app's one clock decides.
    def late(tz: datetime.tzinfo | None) -> datetime.datetime:
        return datetime.datetime(2025, 2, 28, 23, 30, tzinfo=datetime.UTC).astimezone(tz)

    app = create_app(Settings.from_env({"CLIO_TIMEZONE": "Europe/Paris"}), kg, now=late)
    with TestClient(app) as client:
        response = client.get("/on-this-day", follow_redirects=False)
    assert response.headers["location"] == "/on-this-day/march-1"


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/on-this-day/august-04", 404, "day pages are named like august-4"),
        ("/on-this-day/february-30", 404, "day pages are named like august-4"),
        ("/on-this-day/august-4?page=3", 404, "not 3"),
        ("/on-this-day/august-4?page=0", 400, "page must be a whole number"),
        ("/on-this-day/august-4?page=1e3", 400, "page must be a whole number"),
        ("/on-this-day/august-4?category=nope", 400, "there is no category 'nope'"),
        ("/on-this-day/august-4?asOf=2025", 400, "asOf must be a day written YYYY-MM-DD"),
        # The 2020 explosion is on the page: nothing about it is "ago" in 1990.
        (
            "/on-this-day/august-4?asOf=1990-01-01",
            400,
            "asOf '1990-01-01' is before an event this page shows",
        ),
        (
            "/events/establishment-of-mexico-soviet-diplomatic-relations?asOf=1924-08-04",
            400,
            "choose a later day",
        ),
    ],
    ids=[
        "leading-zero",
        "no-such-day",
        "past-the-end",
        "page-zero",
        "page-float",
        "category",
        "as-of",
        "as-of-too-early",
        "as-of-before-same-day-events",
    ],
)
def test_bad_day_addresses_get_an_html_page_saying_what_to_fix(
    client: TestClient, path: str, status: int, says: str
) -> None:
    page = soup(client, path, status)
    assert says in text(page.main)


@pytest.mark.parametrize(
    ("which", "month", "day"),
    [("births", 2, 4), ("deaths", 1, 11)],
    # The bundled days with the most births (4) and deaths (3).
    ids=["births", "deaths"],
)
def test_births_and_deaths_of_a_day_are_paged_to_the_end(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, which: str, month: int, day: int
) -> None:
    # One person a page, so the bundled data's few people take several pages. An app of its
    # own: the ETag does not name the page size (a constant), and the compression middleware
    # keeps compressed bodies by ETag, so a shared app would go on serving these pages.
    monkeypatch.setattr(clio.pages.routes, "PEOPLE_PAGE_SIZE", 1)
    client = TestClient(create_app(Settings.from_env({}), kg))
    people = born_on(kg, month, day) if which == "births" else died_on(kg, month, day)
    path: str | None = f"/on-this-day/{day_slug(month, day)}/{which}"
    listed: list[str] = []
    while path is not None:
        page = soup(client, path)
        listed += [str(a["href"]) for a in page.select(f"ul.{which} a")]
        assert len(page.select(f"ul.{which} li")) == 1
        following = page.select_one('nav.pager a[rel="next"]')
        path = None if following is None else path.split("?")[0] + str(following["href"])
    assert listed == [f"/people/{p.split(':', 1)[1]}" for p in people] and len(people) >= 3
    past = f"/on-this-day/{day_slug(month, day)}/{which}?page={len(people) + 1}"
    assert "not " + str(len(people) + 1) in text(soup(client, past, status=404).main)


def test_the_day_page_shows_its_first_people_and_leads_to_them_all(client: TestClient) -> None:
    page = soup(client, "/on-this-day/february-4")
    births = soup(client, "/on-this-day/february-4/births")
    # Four births fit on the day page: all are there, and the paged list has the same, in order.
    assert [a["href"] for a in page.select("ul.births a")] == [
        a["href"] for a in births.select("ul.births a")
    ]
    assert text(births.h1) == "Born on February 4th"
    assert births.select_one('nav.daynav a[href="/on-this-day/february-4"]') is not None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/on-this-day/august-4/weddings", 404),
        ("/on-this-day/august-40/births", 404),
        ("/on-this-day/august-4/births?page=0", 400),
        ("/on-this-day/august-4/deaths?page=2", 404),
    ],
    ids=["unknown-list", "unknown-day", "page-zero", "past-the-end"],
)
def test_a_wrong_births_or_deaths_address_says_what_to_fix(
    client: TestClient, path: str, status: int
) -> None:
    assert soup(client, path, status=status).h1 is not None
