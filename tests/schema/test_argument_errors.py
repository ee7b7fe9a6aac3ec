"""Every argument mistake is BAD_USER_INPUT with a reason, the argument, what it takes and the value.

Mistakes that could only return nothing (an id of the wrong kind or one not in the graph, a
start after its end, the 30th of February, month 13) are errors, not empty answers; every
bad argument of a field is named in the one answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from graph import notebook
from graph.errors import WrongKind
from graph.store import KnowledgeGraph
from tests.conftest import graphql

PEOPLE = "query($filter: PersonFilter) { people(filter: $filter) { id } }"
EVENTS = "query($filter: EventFilter) { events(filter: $filter) { id } }"
LOCATIONS = "query($filter: LocationFilter) { locations(filter: $filter) { id } }"


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    """The answer's one error, whose field came back null."""
    assert body["data"] is None, body
    (error,) = body["errors"]
    assert set(error) == {"message", "locations", "path", "extensions"}
    extensions: dict[str, Any] = error["extensions"]
    return extensions


@pytest.mark.parametrize(
    ("query", "filter", "argument", "expected", "value"),
    [
        # The case: a person where an event is asked for, once an internal error.
        pytest.param(
            PEOPLE,
            {"events": ["person:joseph-stalin"]},
            "filter.events",
            "event",
            "person:joseph-stalin",
            id="person-as-event",
        ),
        pytest.param(
            PEOPLE, {"events": ["day:08-04"]}, "filter.events", "event", "day:08-04", id="calendar-day"
        ),
        pytest.param(
            PEOPLE, {"events": ["category:war"]}, "filter.events", "event", "category:war", id="category"
        ),
        pytest.param(
            PEOPLE,
            {"locations": ["person:joseph-stalin"]},
            "filter.locations",
            "location",
            "person:joseph-stalin",
            id="people-locations",
        ),
        pytest.param(
            PEOPLE,
            {"inEvents": {"people": ["event:x"]}},
            "filter.inEvents.people",
            "person",
            "event:x",
            id="nested-filter",
        ),
        pytest.param(
            EVENTS, {"people": ["joseph-stalin"]}, "filter.people", "person", "joseph-stalin", id="no-prefix"
        ),
        pytest.param(
            EVENTS, {"categories": ["tag:x"]}, "filter.categories", "category", "tag:x", id="categories"
        ),
        pytest.param(EVENTS, {"tags": ["category:x"]}, "filter.tags", "tag", "category:x", id="tags"),
        pytest.param(
            EVENTS, {"locations": ["event:x"]}, "filter.locations", "location", "event:x", id="locations"
        ),
        pytest.param(
            EVENTS,
            {"organizations": ["person:x"]},
            "filter.organizations",
            "organization",
            "person:x",
            id="organizations",
        ),
        pytest.param(
            LOCATIONS,
            {"within": "person:joseph-stalin"},
            "filter.within",
            "location",
            "person:joseph-stalin",
            id="within",
        ),
    ],
)
def test_an_id_of_the_wrong_kind_is_named_with_what_the_argument_takes(
    client: TestClient, query: str, filter: dict[str, Any], argument: str, expected: str, value: str
) -> None:
    assert only_error(graphql(client, query, {"filter": filter})) == {
        "code": "BAD_USER_INPUT",
        "reason": "WRONG_ID_KIND",
        "argument": argument,
        "expected": expected,
        "value": value,
    }


@pytest.mark.parametrize(
    ("query", "filter", "argument"),
    [
        pytest.param(PEOPLE, {"events": ["event:no-such-event"]}, "filter.events", id="people-events"),
        pytest.param(PEOPLE, {"locations": ["location:atlantis"]}, "filter.locations", id="people-locations"),
        pytest.param(EVENTS, {"people": ["person:nobody"]}, "filter.people", id="events-people"),
        pytest.param(EVENTS, {"tags": ["tag:none-such"]}, "filter.tags", id="events-tags"),
        pytest.param(EVENTS, {"categories": ["category:none"]}, "filter.categories", id="events-categories"),
        pytest.param(
            EVENTS, {"organizations": ["organization:none"]}, "filter.organizations", id="events-orgs"
        ),
        pytest.param(EVENTS, {"locations": ["location:atlantis"]}, "filter.locations", id="events-locations"),
        pytest.param(LOCATIONS, {"within": "location:atlantis"}, "filter.within", id="within"),
    ],
)
def test_an_unknown_id_in_a_filter_is_an_error_not_an_empty_answer(
    client: TestClient, query: str, filter: dict[str, Any], argument: str
) -> None:
    extensions = only_error(graphql(client, query, {"filter": filter}))
    assert (extensions["reason"], extensions["argument"]) == ("UNKNOWN_ID", argument)


def test_a_start_after_its_end_names_both_and_the_value(client: TestClient) -> None:
    body = graphql(client, EVENTS, {"filter": {"start": "1930", "end": "1920"}})
    assert only_error(body) == {
        "code": "BAD_USER_INPUT",
        "reason": "START_AFTER_END",
        "argument": "filter.start",
        "expected": "a date no later than filter.end (1920)",
        "value": "1930",
    }
    assert body["errors"][0]["message"] == (
        "filter.start: '1930' comes after filter.end '1920', so nothing can match; swap them"
    )


@pytest.mark.parametrize(
    "filter",
    [
        pytest.param({"start": "192X", "end": "1924"}, id="decade-to-a-year-in-it"),
        pytest.param({"start": "1924", "end": "1924"}, id="one-year"),
        pytest.param(
            {"startDate": {"year": 1924, "month": 8}, "endDate": {"year": 1924}}, id="month-in-year"
        ),
    ],
)
def test_ranges_that_can_hold_something_are_not_refused(client: TestClient, filter: dict[str, Any]) -> None:
    assert "errors" not in graphql(client, EVENTS, {"filter": filter})


def test_people_life_ranges_in_the_wrong_order_are_refused(client: TestClient) -> None:
    body = graphql(client, PEOPLE, {"filter": {"bornAfter": "1900", "bornBefore": "1800"}})
    assert only_error(body)["reason"] == "START_AFTER_END"


@pytest.mark.parametrize(
    ("month", "day", "argument", "maximum"),
    [
        pytest.param(2, 30, "day", 29, id="february-30"),
        pytest.param(4, 31, "day", 30, id="april-31"),
        pytest.param(13, 1, "month", 12, id="month-13"),
        pytest.param(0, 1, "month", 12, id="month-0"),
        pytest.param(1, 0, "day", 31, id="day-0"),
    ],
)
def test_on_this_day_outside_the_calendar_is_out_of_range(
    client: TestClient, month: int, day: int, argument: str, maximum: int
) -> None:
    body = graphql(client, f"{{ onThisDay(month: {month}, day: {day}) {{ id }} }}")
    extensions = only_error(body)
    value = month if argument == "month" else day
    assert extensions == {
        "code": "BAD_USER_INPUT",
        "reason": "OUT_OF_RANGE",
        "argument": argument,
        "expected": f"1 to {maximum}",
        "value": value,
        "minimum": 1,
        "maximum": maximum,
    }
    assert "page" not in body["errors"][0]["message"]


def test_february_29th_is_a_day_on_this_day_knows(client: TestClient) -> None:
    assert "errors" not in graphql(client, "{ onThisDay(month: 2, day: 29) { id } }")


def test_february_30th_as_a_date_by_parts_is_an_invalid_date(client: TestClient) -> None:
    body = graphql(client, EVENTS, {"filter": {"startDate": {"year": 1924, "month": 2, "day": 30}}})
    extensions = only_error(body)
    assert (extensions["reason"], extensions["argument"], extensions["value"]) == (
        "INVALID_DATE",
        "filter.startDate",
        "1924-2-30",
    )
    assert "February 1924 has 29 days, not 30" in body["errors"][0]["message"]


def test_every_bad_argument_of_a_field_is_in_the_one_answer(client: TestClient) -> None:
    filter = {"people": ["event:x"], "tags": ["tag:none-such"], "start": "1930", "end": "1920", "text": "war"}
    body = graphql(client, EVENTS, {"filter": filter})
    extensions = only_error(body)
    # In the order the filter reads: dates and their order, then each list of ids.
    assert [(p["reason"], p["argument"]) for p in extensions["problems"]] == [
        ("START_AFTER_END", "filter.start"),
        ("UNKNOWN_ID", "filter.tags"),
        ("WRONG_ID_KIND", "filter.people"),
    ]
    assert extensions["code"] == "BAD_USER_INPUT"
    for problem in extensions["problems"]:
        assert problem["argument"] in body["errors"][0]["message"]


def test_month_and_day_both_wrong_are_both_named(client: TestClient) -> None:
    extensions = only_error(graphql(client, "{ onThisDay(month: 13, day: 40) { id } }"))
    assert [(p["argument"], p["value"]) for p in extensions["problems"]] == [("month", 13), ("day", 40)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param('{ event(id: "person:joseph-stalin") { id } }', "event", id="event"),
        pytest.param('{ person(id: "event:x") { id } }', "person", id="person"),
        pytest.param('{ location(id: "person:joseph-stalin") { id } }', "location", id="location"),
        pytest.param('{ tag(id: "category:x") { id } }', "tag", id="tag"),
    ],
)
def test_a_root_field_refuses_an_id_of_another_kind(client: TestClient, query: str, expected: str) -> None:
    body = graphql(client, query)
    (error,) = body["errors"]
    assert (error["extensions"]["reason"], error["extensions"]["expected"]) == ("WRONG_ID_KIND", expected)


def test_an_unknown_id_of_the_right_kind_is_still_null_at_the_root(client: TestClient) -> None:
    assert graphql(client, '{ event(id: "event:no-such") { id } }') == {"data": {"event": None}}


@given(st.text(max_size=30))
def test_any_event_id_in_a_people_filter_is_answered_or_named(client: TestClient, node_id: str) -> None:
    body = graphql(client, PEOPLE, {"filter": {"events": [node_id]}})
    if "errors" in body:
        (error,) = body["errors"]
        assert error["extensions"]["code"] in ("BAD_USER_INPUT", "INVALID_TEXT"), error
    else:
        assert isinstance(body["data"]["people"], list)


def test_same_date_of_a_person_says_it_takes_an_event(kg: KnowledgeGraph) -> None:
    with pytest.raises(WrongKind, match="event: takes event ids, 'person:joseph-stalin' is a person id"):
        notebook.same_date(kg, "person:joseph-stalin")


def test_a_cursor_this_server_did_not_give_names_after(client: TestClient) -> None:
    body = graphql(client, '{ eventsConnection(after: "bm9wZQ==") { totalCount } }')
    assert only_error(body) == {
        "code": "BAD_USER_INPUT",
        "reason": "BAD_CURSOR",
        "argument": "after",
        "expected": "an endCursor from a previous page",
        "value": "bm9wZQ==",
    }


def test_thousands_of_bad_ids_give_an_answer_smaller_than_the_question(client: TestClient) -> None:
    ids = [f"person:nobody-{i}" for i in range(3000)]
    response = client.post("/graphql", json={"query": EVENTS, "variables": {"filter": {"people": ids}}})
    extensions = only_error(response.json())
    assert (len(extensions["problems"]), extensions["problemCount"]) == (20, 3000)
    assert response.json()["errors"][0]["message"].endswith("; … and 2980 more")
    assert len(response.content) < len(response.request.content)
