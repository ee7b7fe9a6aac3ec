"""The 1924 checks on the full import: the seed's August 4th among every other event of the day.

On the full import the ids are not the seed bundle's, so the seed's events are found as a
reader finds them: by their date and title on the pages. The import is the one ``make audit``
builds into ``build/audit`` from ``../shared/datasets`` (plus ``data/``); without it, these
tests skip and say so.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from tests.full_import import full_import_client
from tests.pages.conftest import SEED_AS_OF, soup, text
from tests.pages.test_event_page import DISCOVER, Seed, read_seed


@pytest.fixture(scope="module")
def full() -> Iterator[TestClient]:
    """The real app over the full import (loading it takes about 15 s)."""
    yield from full_import_client()


@pytest.fixture(scope="module")
def seed() -> Seed:
    return read_seed()


def dated_titles(cards: list[Tag]) -> list[tuple[str, str]]:
    """(date, title) of each event card, as a reader sees them."""
    return [(text(card.time), text(card.h3)) for card in cards]


def is_in_order_within(part: list[tuple[str, str]], whole: list[tuple[str, str]]) -> bool:
    """Whether every item of ``part`` is in ``whole``, in the same order (others may come between)."""
    rest = iter(whole)
    return all(item in rest for item in part)


@pytest.fixture(scope="module")
def august_4(full: TestClient) -> list[tuple[str, str, str, str]]:
    """Every event card of /on-this-day/august-4, following "next" to the last page:
    (date as shown, title, link, date as EDTF)."""
    found: list[tuple[str, str, str, str]] = []
    path: str | None = f"/on-this-day/august-4?asOf={SEED_AS_OF}"
    while path is not None:
        page = soup(full, path)
        for card in page.select("li.card.event"):
            assert card.time is not None and card.h3 is not None and card.h3.a is not None
            found.append((text(card.time), text(card.h3), str(card.h3.a["href"]), str(card.time["datetime"])))
        following = page.select_one('nav.pager a[rel="next"]')
        path = None if following is None else "/on-this-day/august-4" + str(following["href"])
    return found


def test_the_day_lists_the_seed_six_in_the_seed_order_among_the_others(
    august_4: list[tuple[str, str, str, str]], seed: Seed
) -> None:
    listed = [(date, title) for date, title, _, _ in august_4]
    six = [(card.date, card.title) for card in seed.cards]
    assert len(six) == 6 and all(item in listed for item in six), set(six) - set(listed)
    assert is_in_order_within(six, listed)
    # Among the others: the day has many more events, some of them between the seed's six.
    first, last = listed.index(six[0]), listed.index(six[-1])
    assert len(listed) > 50 and last - first + 1 > len(six)
    # Newest first, by the year of the EDTF date ("-0043-08-04" is 44 BC).
    years = [int(edtf[:-6]) for _, _, _, edtf in august_4]
    assert years == sorted(years, reverse=True)
    assert (seed.date, seed.title) in listed


@pytest.fixture(scope="module")
def event_page(full: TestClient, august_4: list[tuple[str, str, str, str]], seed: Seed) -> BeautifulSoup:
    """The 1924 event's page, reached from the day page by its date and title."""
    [link] = [href for date, title, href, _ in august_4 if (date, title) == (seed.date, seed.title)]
    return soup(full, f"{link}?asOf={SEED_AS_OF}")


def test_the_1924_page_says_what_and_how_long_ago_as_the_seed(event_page: BeautifulSoup, seed: Seed) -> None:
    assert text(event_page.h1) == seed.title
    assert text(event_page.select_one("p.date")) == seed.date
    ago = event_page.select_one("section#how-long-ago p")
    assert [text(ago)] == seed.facts["How Long Ago?"] == ["100 years, 7 months, 11 days ago"]


def test_the_1924_page_discovers_the_seed_six_in_the_seed_order(
    event_page: BeautifulSoup, seed: Seed
) -> None:
    section = event_page.select_one("section#discover")
    assert section is not None and text(section.h2) == DISCOVER
    cards = section.select("article.card")
    shown = dated_titles(cards)
    six = [(card.date, card.title) for card in seed.cards]
    assert is_in_order_within(six, shown), shown
    for expected in seed.cards:
        card = cards[shown.index((expected.date, expected.title))]
        assert text(card.select_one(".ago")) == expected.ago
        assert "Continue Reading" in text(card)
