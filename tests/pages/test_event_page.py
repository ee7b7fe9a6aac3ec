"""The 1924 event's page carries every section and fact of the seed page, in the seed's order.

The seed (``shared/seed/000_92eef80e71317651.txt``) is read section by section and each
section is found in the page's HTML tree, rendered as of 2025-03-15.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from graph.store import KnowledgeGraph
from tests.conftest import SHARED
from tests.pages.conftest import SEED_AS_OF, SEED_EVENT, SEED_PAGE, SEED_SIX, soup, text

SEED = SHARED / "seed" / "000_92eef80e71317651.txt"
HEADINGS = ["How Long Ago?", "Location", "Category", "People", "Links & References", "Tags"]
DISCOVER = "Discover More Historic Events from August 4th"


@dataclass
class Card:
    category: str
    title: str
    date: str
    ago: str
    text: str


@dataclass
class Seed:
    title: str
    date: str
    facts: dict[str, list[str]]
    summary: str
    highlights: list[str]
    what_happened: list[str]
    why_it_matters: list[str]
    cards: list[Card]


def read_seed() -> Seed:
    if not SEED.is_file():
        pytest.skip(f"the seed page is not at {SEED}")
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, date = lines[0], lines[1]

    def after(heading: str, until: str) -> list[str]:
        start = lines.index(heading) + 1
        return lines[start : lines.index(until, start)]

    facts = {h: after(h, nxt) for h, nxt in zip(HEADINGS, [*HEADINGS[1:], title], strict=True)}
    facts["People"] = [p.lstrip("• ") for p in facts["People"]]
    body = after("Tags", "What Happened?")
    assert body[0] == title  # the seed repeats the title above its summary
    cards: list[Card] = []
    tail = lines[lines.index(DISCOVER) + 1 :]
    for i in range(0, len(tail), 5):
        category, card_title, dated, card_text, more = tail[i : i + 5]
        found = re.fullmatch(r"(August 4th, \d{4}) (\d+ years? ago)", dated)
        assert found and more == "Continue Reading", tail[i : i + 5]
        cards.append(Card(category, card_title, found[1], found[2], card_text))
    return Seed(
        title=title,
        date=date,
        facts=facts,
        summary=body[1],
        highlights=body[2:],
        what_happened=after("What Happened?", "Why Does it Matter?"),
        why_it_matters=after("Why Does it Matter?", DISCOVER),
        cards=cards,
    )


@pytest.fixture(scope="module")
def seed() -> Seed:
    return read_seed()


@pytest.fixture(scope="module")
def page(client: TestClient) -> BeautifulSoup:
    return soup(client, f"{SEED_PAGE}?asOf={SEED_AS_OF}")


def test_title_and_date(page: BeautifulSoup, seed: Seed) -> None:
    assert text(page.h1) == seed.title
    date = page.select_one("article p.date a")
    assert date is not None and text(date) == seed.date
    assert date["href"] == "/on-this-day/august-4"  # the date leads to its day


def test_the_sections_come_in_the_seed_order(page: BeautifulSoup, seed: Seed) -> None:
    headings = [text(h) for h in page.select("main h2")]
    seed_order = [*HEADINGS, seed.title, "What Happened?", "Why Does it Matter?", DISCOVER]
    assert [h for h in headings if h in seed_order] == seed_order
    # Sources and the mini-timeline come after the seed's story, before "Discover More".
    assert headings.index("Why Does it Matter?") < headings.index("Sources") < headings.index(DISCOVER)
    assert headings.index("Sources") < headings.index("On the Timeline") < headings.index(DISCOVER)


@pytest.mark.parametrize("heading", HEADINGS)
def test_each_fact_section_holds_the_seed_facts(page: BeautifulSoup, seed: Seed, heading: str) -> None:
    section = next(s for s in page.select("section.fact") if text(s.h2) == heading)
    if heading == "People":
        # The seed lists Stalin, Lenin, Obregón; the page in the data's order: the same people.
        assert sorted(text(li) for li in section.select("li")) == sorted(seed.facts[heading])
    elif heading in ("Links & References", "Tags"):
        # The seed shows these as icons with no text; the page names what the data has.
        assert seed.facts[heading] == []
        assert section.select("li"), f"{heading} is empty"
    else:
        [value] = seed.facts[heading]
        assert text(section.p) == value


def test_summary_and_highlights(page: BeautifulSoup, seed: Seed) -> None:
    section = page.select_one("section#summary")
    assert section is not None and text(section.h2) == seed.title
    assert [text(p) for p in section.select("p")] == [seed.summary]
    assert [text(li) for li in section.select("ul.highlights li")] == seed.highlights


@pytest.mark.parametrize(
    ("anchor", "field"), [("what-happened", "what_happened"), ("why-it-matters", "why_it_matters")]
)
def test_story_paragraphs_match_the_seed(page: BeautifulSoup, seed: Seed, anchor: str, field: str) -> None:
    section = page.select_one(f"section#{anchor}")
    assert section is not None
    assert [text(p) for p in section.select("p")] == getattr(seed, field)


def test_discover_more_lists_the_seed_six_newest_first(
    page: BeautifulSoup, seed: Seed, kg: KnowledgeGraph
) -> None:
    section = page.select_one("section#discover")
    assert section is not None and text(section.h2) == DISCOVER
    cards = section.select("article.card")
    # The newest other events of the day, as many as the page shows: the seed's six lead.
    others = [i for i in kg.on_day_ids(8, 4) if i != SEED_EVENT][: len(cards)]
    assert [c.h3.a["href"] for c in cards] == [f"/events/{i.split(':', 1)[1]}" for i in others]
    assert len(cards) > len(SEED_SIX) and others[: len(SEED_SIX)] == SEED_SIX
    for card, expected in zip(cards, seed.cards, strict=False):
        assert text(card.select_one(".kind")) == expected.category
        assert text(card.h3) == expected.title
        assert text(card.time) == expected.date
        assert text(card.select_one(".ago")) == expected.ago
        # The seed's card text is the event's "What Happened?" text in the data.
        assert expected.text in [text(p) for p in card.select("p")]
        assert "Continue Reading" in text(card)
    everything = section.select_one('a[href="/on-this-day/august-4"]')
    assert everything is not None and text(everything) == "All 24 events of August 4th"


def test_sources_timeline_and_json_ld(page: BeautifulSoup) -> None:
    sources = page.select_one("section#sources")
    assert sources is not None and "seed/august-4-1924.txt" in text(sources)
    timeline = page.select("section#timeline li")
    current = [li for li in timeline if li.get("aria-current")]
    assert len(current) == 1 and "August 4th, 1924" in text(current[0])
    years = [int(re.findall(r"\d{4}", text(li))[0]) for li in timeline]
    assert years == sorted(years)
    [script] = page.select('script[type="application/ld+json"]')
    data = json.loads(script.string or "")
    assert data["@type"] == "Event" and data["startDate"] == "1924-08-04"
    assert data["@id"] == "http://testserver/id/event:establishment-of-mexico-soviet-diplomatic-relations"
    assert {p["name"] for p in data["location"]} == {"Mexico", "Soviet Union"}


def test_head_names_the_page(page: BeautifulSoup, seed: Seed) -> None:
    canonical = "http://testserver" + SEED_PAGE
    assert text(page.title).startswith(seed.title)
    assert page.select_one('link[rel="canonical"]')["href"] == canonical  # type: ignore[index]
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:url"] == canonical and og["og:title"].startswith(seed.title)
    description = page.select_one('meta[name="description"]')
    assert description is not None and str(description["content"]).startswith("The diplomatic relations")
