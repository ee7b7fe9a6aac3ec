"""`day(month:, day:)`: what a day page lists, over HTTP on the bundled data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.days import born_on, day_events, died_on
from graph.models import Kind
from graph.slugs import assign
from graph.store import KnowledgeGraph
from tests.conftest import graphql

DAY = """
query Day($month: Int!, $day: Int!, $categories: [ID!]) {
  day(month: $month, day: $day) {
    name
    eventCount(categories: $categories)
    events(categories: $categories, limit: 100) { id date { month day } category { id } }
    categories { id count }
    births(limit: 100) { id born { month day } }
    birthCount
    deathCount
  }
}
"""


def test_day_lists_the_seed_events_newest_first_with_its_categories(client: TestClient) -> None:
    day = graphql(client, DAY, {"month": 8, "day": 4})["data"]["day"]
    assert day["name"] == "August 4th"
    ids = [e["id"] for e in day["events"]]
    assert len(ids) == day["eventCount"] == sum(c["count"] for c in day["categories"])
    seed = [
        "event:massive-explosion-at-beirut-port-kills-hundreds",
        "event:dayton-shooting-claims-nine-lives",
        "event:drone-attack-on-maduro-during-speech",
        "event:sdf-clears-isil-from-iraq-syria-border-area",
        "event:launch-of-nasas-phoenix-spacecraft",
        "event:massacre-of-acf-employees-in-sri-lanka",
    ]
    assert [i for i in ids if i in seed] == seed
    assert {(e["date"]["month"], e["date"]["day"]) for e in day["events"]} == {(8, 4)}
    # Louis Armstrong (1901) and Barack Obama (1961) were born on August 4th.
    assert [b["id"] for b in day["births"]][:2] == ["person:louis-armstrong", "person:barack-obama"]


def test_a_category_keeps_only_its_events_and_counts_them(client: TestClient) -> None:
    chosen = "category:military-warfare"
    day = graphql(client, DAY, {"month": 8, "day": 4, "categories": [chosen]})["data"]["day"]
    assert day["eventCount"] == len(day["events"]) == 4
    assert {e["category"]["id"] for e in day["events"]} == {chosen}


def test_a_day_no_month_has_is_refused_by_name(client: TestClient) -> None:
    body = graphql(client, DAY, {"month": 2, "day": 30})
    assert body["data"] is None
    assert "day: must be from 1 to 29 (February, leap years included), got 30" in body["errors"][0]["message"]


@settings(max_examples=40, deadline=None)
@given(month=st.integers(1, 12), day=st.integers(1, 29))
def test_every_listed_life_date_is_on_its_day(kg: KnowledgeGraph, month: int, day: int) -> None:
    for person_id in born_on(kg, month, day):
        assert kg.node(person_id).born.month_day == (month, day)  # type: ignore[union-attr]
    for person_id in died_on(kg, month, day):
        assert kg.node(person_id).died.month_day == (month, day)  # type: ignore[union-attr]
    assert list(day_events(kg, month, day)) == list(kg.on_day_ids(month, day))


@given(st.lists(st.text(alphabet="abC-_ é1", min_size=0, max_size=6), max_size=12, unique=True))
def test_slugs_are_unique_and_lead_back_to_their_id(parts: list[str]) -> None:
    ids = [f"event:{p}" for p in parts]
    slugs = assign(Kind.EVENT, ids)
    named = [slugs.slug(i) for i in ids]
    assert len(set(named)) == len(named)
    assert all(slugs.id(slugs.slug(i)) == i for i in ids)
    # The same ids in another order give the same slugs.
    assert [assign(Kind.EVENT, ids[::-1]).slug(i) for i in ids] == named
