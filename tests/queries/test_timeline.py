"""Timelines and facets: the counts a chart and a sidebar draw."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import graphql

TIMELINE = """query($filter: EventFilter, $groupBy: TimeBucket) {
  timeline(filter: $filter, groupBy: $groupBy) { label start end count }
  eventsConnection(filter: $filter) { totalCount }
}"""


def test_decades_before_and_after_christ(ancient_client: TestClient) -> None:
    body = graphql(ancient_client, TIMELINE, {})
    assert body["data"]["timeline"] == [
        {"label": "500–491 BC", "start": -500, "end": -491, "count": 1},  # the 5th century BC, at its start
        {"label": "50–41 BC", "start": -50, "end": -41, "count": 2},  # 49 BC and 44 BC
        {"label": "40–31 BC", "start": -40, "end": -31, "count": 1},  # Actium, 31 BC
        {"label": "30–21 BC", "start": -30, "end": -21, "count": 1},  # 27 BC
        {"label": "1920s", "start": 1920, "end": 1929, "count": 3},  # 192X, 1924 and 1925
        {"label": "1930s", "start": 1930, "end": 1939, "count": 1},
    ]


def test_centuries(ancient_client: TestClient) -> None:
    body = graphql(ancient_client, TIMELINE, {"groupBy": "CENTURY"})
    assert body["data"]["timeline"] == [
        {"label": "5th century BC", "start": -500, "end": -401, "count": 1},
        {"label": "1st century BC", "start": -100, "end": -1, "count": 4},
        {"label": "1900s", "start": 1900, "end": 1999, "count": 4},
    ]


def test_years_count_a_decade_event_at_its_first_year(ancient_client: TestClient) -> None:
    body = graphql(ancient_client, TIMELINE, {"groupBy": "YEAR", "filter": {"start": "192X", "end": "192X"}})
    assert body["data"] == {
        "timeline": [
            {"label": "1920", "start": 1920, "end": 1920, "count": 1},
            {"label": "1924", "start": 1924, "end": 1924, "count": 1},
            {"label": "1925", "start": 1925, "end": 1925, "count": 1},
        ],
        "eventsConnection": {"totalCount": 3},
    }


@pytest.mark.parametrize("group_by", ["YEAR", "DECADE", "CENTURY"])
@pytest.mark.parametrize(
    "filter",
    [None, {"start": "1900", "end": "1999"}, {"locations": ["location:mexico"]}, {"text": "soviet"}],
    ids=["everything", "20th-century", "mexico", "text"],
)
def test_counts_add_up_to_the_filtered_total(
    client: TestClient, filter: dict[str, Any] | None, group_by: str
) -> None:
    data = graphql(client, TIMELINE, {"filter": filter, "groupBy": group_by})["data"]
    buckets = data["timeline"]
    assert data["eventsConnection"]["totalCount"] > 0
    assert sum(b["count"] for b in buckets) == data["eventsConnection"]["totalCount"]
    assert [b["start"] for b in buckets] == sorted(b["start"] for b in buckets)
    assert all(b["start"] <= b["end"] for b in buckets)


FACETS = """query($filter: EventFilter, $first: Int) {
  facets(filter: $filter, first: $first) {
    total
    categories { id name count } tags { id name count } locations { id name count }
    people { id name count } organizations { id name count }
  }
}"""


def test_facets_whole_payload(ancient_client: TestClient) -> None:
    body = graphql(ancient_client, FACETS, {"filter": {"end": "-0001"}, "first": 2})
    assert body == {
        "data": {
            "facets": {
                "total": 5,
                "categories": [
                    {"id": "category:military-warfare", "name": "Military & Warfare", "count": 2},
                    {"id": "category:politics-government", "name": "Politics & Government", "count": 2},
                ],
                "tags": [
                    {"id": "tag:roman-republic", "name": "Roman Republic", "count": 3},
                    {"id": "tag:civil-war", "name": "Civil War", "count": 2},
                ],
                "locations": [
                    {"id": "location:rome", "name": "Rome", "count": 2},
                    {"id": "location:actium", "name": "Actium", "count": 1},
                ],
                "people": [
                    {"id": "person:augustus", "name": "Augustus", "count": 2},
                    {"id": "person:julius-caesar", "name": "Julius Caesar", "count": 2},
                ],
                "organizations": [{"id": "organization:roman-senate", "name": "Roman Senate", "count": 2}],
            }
        }
    }


def test_facet_total_matches_the_connection(client: TestClient) -> None:
    filter = {"start": "1910", "end": "1920"}
    data = graphql(client, FACETS + "", {"filter": filter})["data"]
    total = graphql(
        client, "query($f: EventFilter) { eventsConnection(filter: $f) { totalCount } }", {"f": filter}
    )
    assert data["facets"]["total"] == total["data"]["eventsConnection"]["totalCount"]
    assert len(data["facets"]["people"]) == 10
