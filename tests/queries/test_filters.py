"""Filters on events, people and places, through the HTTP endpoint as the explorer page sends them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.dates import HistoricalDate, Precision
from graph.errors import ArgumentErrors, StartAfterEnd, UnknownId, WrongKind
from graph.models import Kind
from graph.queries.events import EventOrder, EventQuery, filter_events, order_events
from graph.queries.people import LocationQuery, PersonQuery, filter_locations, filter_people
from graph.store import KnowledgeGraph
from tests.conftest import graphql

EVENT_IDS = """query($filter: EventFilter, $orderBy: EventOrderBy) {
  events(filter: $filter, orderBy: $orderBy, limit: 100) { id }
}"""


def event_ids(client: TestClient, filter: dict[str, Any], order_by: str = "DATE_ASC") -> list[str]:
    body = graphql(client, EVENT_IDS, {"filter": filter, "orderBy": order_by})
    assert "errors" not in body, body
    return [e["id"] for e in body["data"]["events"]]


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        # 49 BC to 40 BC: the Rubicon (49 BC) and the Ides (44 BC), not Actium (31 BC).
        ({"start": "-0048", "end": "-0039"}, ["event:crossing-the-rubicon", "event:ides-of-march"]),
        # The same range by parts, in historical years: -49 is 49 BC.
        (
            {"startDate": {"year": -49}, "endDate": {"year": -40}},
            ["event:crossing-the-rubicon", "event:ides-of-march"],
        ),
        # A BC decade in EDTF: -004X is 49-40 BC astronomically, i.e. 50-41 BC.
        ({"start": "-004X", "end": "-004X"}, ["event:crossing-the-rubicon", "event:ides-of-march"]),
        # The 5th century BC holds the Parthenon, known only to the century.
        ({"end": "-0399"}, ["event:parthenon-begun"]),
        # The 1920s keep a year-only 1924 event and a decade-only event, not 1930.
        (
            {"start": "192X", "end": "192X"},
            ["event:twenties-decade", "event:roman-excavations", "event:revue-negre"],
        ),
        # A single month: October 1925 keeps the 2 October event and the decade (which may be then).
        (
            {"startDate": {"year": 1925, "month": 10}, "endDate": {"year": 1925, "month": 10}},
            ["event:twenties-decade", "event:revue-negre"],
        ),
        # Places include the places within: Italy holds Rome and the Rubicon.
        (
            {"locations": ["location:italy"], "end": "-0001"},
            ["event:crossing-the-rubicon", "event:ides-of-march", "event:augustus-named"],
        ),
        (
            {"categories": ["category:military-warfare"]},
            ["event:crossing-the-rubicon", "event:battle-of-actium"],
        ),
        # Any of the tags, or all of them.
        (
            {"tags": ["tag:assassination", "tag:civil-war"]},
            ["event:crossing-the-rubicon", "event:ides-of-march", "event:battle-of-actium"],
        ),
        ({"tags": ["tag:roman-republic", "tag:civil-war"], "allTags": True}, ["event:crossing-the-rubicon"]),
        ({"people": ["person:augustus"]}, ["event:battle-of-actium", "event:augustus-named"]),
        ({"organizations": ["organization:roman-senate"]}, ["event:ides-of-march", "event:augustus-named"]),
        # Every word, any order, in the title or the summary; accents and case do not matter.
        ({"text": "CAESAR stabbed"}, ["event:ides-of-march"]),
        ({"text": "revue negre"}, ["event:revue-negre"]),
        # Filters combine with AND.
        (
            {"people": ["person:julius-caesar"], "categories": ["category:politics-government"]},
            ["event:ides-of-march"],
        ),
    ],
    ids=[
        "bce-range-edtf",
        "bce-range-by-parts",
        "bc-decade",
        "bc-century-event",
        "year-only-and-decade-inside-1920s",
        "month-by-parts",
        "places-within",
        "category",
        "tags-any",
        "tags-all",
        "people",
        "organizations",
        "text-words-any-order",
        "text-without-accents",
        "combined",
    ],
)
def test_event_filter(ancient_client: TestClient, filter: dict[str, Any], expected: list[str]) -> None:
    assert event_ids(ancient_client, filter) == expected


def test_orders_by_title_and_date_descending(ancient_client: TestClient) -> None:
    filter = {"locations": ["location:rome"]}
    # The 1920s sort at their first day, 1920, so before 1924 in date order.
    assert event_ids(ancient_client, filter, "DATE_DESC") == [
        "event:march-on-the-forum",
        "event:roman-excavations",
        "event:twenties-decade",
        "event:augustus-named",
        "event:ides-of-march",
    ]
    assert event_ids(ancient_client, filter, "TITLE") == [
        "event:ides-of-march",
        "event:roman-excavations",
        "event:march-on-the-forum",
        "event:twenties-decade",
        "event:augustus-named",
    ]


def test_relevance_puts_the_title_match_before_the_summary_match(ancient_client: TestClient) -> None:
    # "caesar" is in the title of the Rubicon crossing and only in the summary of the 1930 procession.
    filter = {"text": "caesar"}
    assert event_ids(ancient_client, filter, "DATE_DESC") == [
        "event:march-on-the-forum",
        "event:ides-of-march",
        "event:crossing-the-rubicon",
    ]
    assert event_ids(ancient_client, filter, "RELEVANCE") == [
        "event:crossing-the-rubicon",
        "event:ides-of-march",
        "event:march-on-the-forum",
    ]


def test_relevance_without_text_is_date_order(ancient: KnowledgeGraph) -> None:
    ids = filter_events(ancient, EventQuery())
    assert list(order_events(ancient, ids, EventOrder.RELEVANCE)) == list(ancient.ids(Kind.EVENT))


def test_start_and_start_date_together_is_an_error(ancient_client: TestClient) -> None:
    body = graphql(ancient_client, EVENT_IDS, {"filter": {"start": "1920", "startDate": {"year": 1920}}})
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["filter.start: give `start` or `startDate`, not both"]
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "CONFLICTING_ARGUMENTS",
        "argument": "filter.start",
        "expected": "filter.start or filter.startDate, not both",
        "value": None,
    }


def test_bad_date_says_which_field_and_how_to_write_it(ancient_client: TestClient) -> None:
    body = graphql(ancient_client, EVENT_IDS, {"filter": {"startDate": {"year": 0}}})
    assert body["errors"][0]["message"].startswith(
        "cannot read date '0': filter.startDate: there is no year 0"
    )


def test_real_data_decade_keeps_year_only_events(kg: KnowledgeGraph, client: TestClient) -> None:
    """On the bundled data: every event of the 1920s, year-only ones included, and nothing outside."""
    ids = event_ids(client, {"start": "192X", "end": "192X"})
    year_only = [i for i in ids if kg.graph.nodes[i]["record"].date.precision is Precision.YEAR]
    assert year_only, "the bundled 1920s should hold an event known only by its year"
    decade = HistoricalDate.parse("192X")
    expected = [i for i in kg.ids(Kind.EVENT) if kg.graph.nodes[i]["record"].date.overlaps(decade, decade)][
        :100
    ]
    assert ids == expected


PAGE = """query($after: String, $first: Int!) {
  eventsConnection(filter: {start: "1900", end: "1999"}, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
  }
}"""


def test_cursor_paging_walks_the_whole_result_without_repeats_or_gaps(
    kg: KnowledgeGraph, client: TestClient
) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        body = graphql(client, PAGE, {"after": after, "first": 37})
        connection = body["data"]["eventsConnection"]
        seen.extend(edge["node"]["id"] for edge in connection["edges"])
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    century = (HistoricalDate(1900), HistoricalDate(1999))
    expected = [i for i in kg.ids(Kind.EVENT) if kg.graph.nodes[i]["record"].date.overlaps(*century)]
    assert pages > 2
    assert seen == expected
    assert connection["totalCount"] == len(expected)


def test_page_above_the_cap_is_refused_clearly(client: TestClient) -> None:
    body = graphql(client, PAGE, {"after": None, "first": 101})
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [
        "first may be at most 100, got 101; ask for fewer and page through the rest"
    ]


PEOPLE = "query($filter: PersonFilter) { people(filter: $filter, limit: 100) { id } }"


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        # Born after 80 BC: Augustus (63 BC), not Caesar (100 BC) or Antony (83 BC).
        ({"bornAfter": "-0079"}, ["person:augustus", "person:josephine-baker"]),
        # Pericles is known only by years; born before 490 BC is precision-aware.
        ({"bornBefore": "-0489"}, ["person:pericles"]),
        ({"diedBefore": "-0042"}, ["person:julius-caesar", "person:pericles"]),
        ({"diedAfter": "0001"}, ["person:augustus", "person:josephine-baker"]),
        # Alive in 44 BC: Caesar died that year, Augustus and Antony were alive.
        ({"aliveIn": "-0043"}, ["person:augustus", "person:julius-caesar", "person:mark-antony"]),
        ({"events": ["event:battle-of-actium"]}, ["person:augustus", "person:mark-antony"]),
        # In events at Italy or places within it.
        ({"locations": ["location:italy"]}, ["person:augustus", "person:julius-caesar"]),
        (
            {"inEvents": {"tags": ["tag:civil-war"]}, "aliveIn": "-0035"},
            ["person:augustus", "person:mark-antony"],
        ),
        ({"name": "octav"}, ["person:augustus"]),
        ({"name": "josephine"}, ["person:josephine-baker"]),
    ],
    ids=[
        "born-after-bce",
        "born-before-year-only",
        "died-before",
        "died-after-into-ad",
        "alive-in",
        "in-events",
        "at-places-within",
        "in-filtered-events",
        "by-alias",
        "without-accent",
    ],
)
def test_person_filter(ancient_client: TestClient, filter: dict[str, Any], expected: list[str]) -> None:
    body = graphql(ancient_client, PEOPLE, {"filter": filter})
    assert body == {"data": {"people": [{"id": i} for i in expected]}}


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"within": "location:italy"}, ["location:rome", "location:rubicon"]),
        ({"kinds": ["country"]}, ["location:greece", "location:italy"]),
        ({"within": "location:greece", "kinds": ["site"]}, ["location:actium"]),
        ({"name": "roma"}, ["location:rome"]),
    ],
    ids=["within", "kind", "within-and-kind", "by-alias"],
)
def test_location_filter(ancient_client: TestClient, filter: dict[str, Any], expected: list[str]) -> None:
    body = graphql(
        ancient_client, "query($f: LocationFilter) { locations(filter: $f) { id } }", {"f": filter}
    )
    assert body == {"data": {"locations": [{"id": i} for i in expected]}}


def test_people_connection_pages_a_filter(client: TestClient, kg: KnowledgeGraph) -> None:
    body = graphql(
        client,
        '{ peopleConnection(filter: {aliveIn: "1924", locations: ["location:mexico"]}, first: 100) '
        "{ totalCount nodes { id } } }",
    )
    ids = [n["id"] for n in body["data"]["peopleConnection"]["nodes"]]
    assert "person:alvaro-obregon" in ids
    assert "person:joseph-stalin" in ids  # in the 1924 Mexico-Soviet relations, alive in 1924
    assert body["data"]["peopleConnection"]["totalCount"] == len(ids)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda kg: filter_events(kg, EventQuery(people=("person:nobody",))),
            UnknownId,
            "people: 'person:nobody' is not in the graph",
            id="events-unknown-person",
        ),
        pytest.param(
            lambda kg: filter_events(kg, EventQuery(start=HistoricalDate(1930), end=HistoricalDate(1920))),
            StartAfterEnd,
            "start: '1930' comes after end '1920'",
            id="events-start-after-end",
        ),
        pytest.param(
            lambda kg: filter_people(kg, PersonQuery(events=("person:joseph-stalin",))),
            WrongKind,
            "events: takes event ids, 'person:joseph-stalin' is a person id",
            id="people-wrong-kind",
        ),
        pytest.param(
            lambda kg: filter_people(kg, PersonQuery(in_events=EventQuery(tags=("category:x",)))),
            WrongKind,
            "in_events.tags: takes tag ids",
            id="people-nested",
        ),
        pytest.param(
            lambda kg: filter_locations(kg, LocationQuery(within="location:atlantis")),
            UnknownId,
            "within: 'location:atlantis' is not in the graph",
            id="locations-within",
        ),
    ],
)
def test_the_graph_functions_refuse_what_could_only_find_nothing(
    kg: KnowledgeGraph, call: Any, error: type[Exception], message: str
) -> None:
    # The same checks a GraphQL filter gets, for a notebook calling the graph directly.
    with pytest.raises(error, match=re.escape(message)):
        call(kg)


def test_several_mistakes_in_one_graph_query_are_raised_together(kg: KnowledgeGraph) -> None:
    query = EventQuery(people=("event:x",), tags=("tag:none-such",))
    with pytest.raises(ArgumentErrors) as raised:
        filter_events(kg, query)
    assert [type(e) for e in raised.value.errors] == [UnknownId, WrongKind]
