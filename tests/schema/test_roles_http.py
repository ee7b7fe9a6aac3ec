"""Roles over HTTP: mentions are their own field, and left out of people, associates and paths."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from graph.roles import Role
from tests.conftest import TEST_DATA, graphql


@pytest.fixture(scope="module")
def roles_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env({}), load_graph(TEST_DATA / "roles"))) as client:
        yield client


def test_event_people_leave_mentions_out_unless_asked(roles_client: TestClient) -> None:
    body = graphql(
        roles_client,
        """{ event(id: "event:appomattox") {
              people { id } mentions { id } everyone: people(includeMentions: true) { id } } }""",
    )
    assert body == {
        "data": {
            "event": {
                "people": [{"id": "person:robert-e-lee"}, {"id": "person:ulysses-s-grant"}],
                "mentions": [{"id": "person:abraham-lincoln"}],
                "everyone": [
                    {"id": "person:robert-e-lee"},
                    {"id": "person:ulysses-s-grant"},
                    {"id": "person:abraham-lincoln"},
                ],
            }
        }
    }


def test_event_roles_name_each_part(roles_client: TestClient) -> None:
    body = graphql(
        roles_client,
        """{ a: event(id: "event:lincoln-assassinated") { roles { person { name } role } }
             b: event(id: "event:appomattox") { roles(includeMentions: true) { person { name } role } } }""",
    )
    assert body["data"] == {
        "a": {
            "roles": [
                {"person": {"name": "Abraham Lincoln"}, "role": "VICTIM"},
                {"person": {"name": "John Wilkes Booth"}, "role": "PARTICIPANT"},
            ]
        },
        "b": {
            "roles": [
                {"person": {"name": "Robert E. Lee"}, "role": "COMMANDER"},
                {"person": {"name": "Ulysses S. Grant"}, "role": "COMMANDER"},
                {"person": {"name": "Abraham Lincoln"}, "role": "MENTIONS"},
            ]
        },
    }


def test_person_events_and_mentions_are_apart(roles_client: TestClient) -> None:
    body = graphql(
        roles_client,
        """{ person(id: "person:abraham-lincoln") {
              events { id } eventCount mentionedIn { id }
              associates { person { id } sharedEvents }
              all: associates(includeMentions: true) { person { id } sharedEvents } } }""",
    )
    assert body["data"]["person"] == {
        "events": [{"id": "event:lincoln-assassinated"}],
        "eventCount": 1,
        "mentionedIn": [{"id": "event:appomattox"}, {"id": "event:uss-lincoln-launched"}],
        "associates": [{"person": {"id": "person:john-wilkes-booth"}, "sharedEvents": 1}],
        "all": [
            {"person": {"id": "person:john-wilkes-booth"}, "sharedEvents": 1},
            {"person": {"id": "person:robert-e-lee"}, "sharedEvents": 1},
            {"person": {"id": "person:ulysses-s-grant"}, "sharedEvents": 1},
        ],
    }


def test_connection_walks_mentions_only_when_via_asks(roles_client: TestClient) -> None:
    query = """query ($via: [PathRelation!]) {
        connection(from: "person:robert-e-lee", to: "event:uss-lincoln-launched", via: $via) {
          hops { id relation } } }"""
    assert graphql(roles_client, query)["data"] == {"connection": None}
    body = graphql(roles_client, query, {"via": ["INVOLVED", "MENTIONS"]})
    assert body["data"]["connection"] == [
        {
            "hops": [
                {"id": "person:robert-e-lee", "relation": None},
                {"id": "event:appomattox", "relation": "INVOLVED"},
                {"id": "person:abraham-lincoln", "relation": "MENTIONS"},
                {"id": "event:uss-lincoln-launched", "relation": "MENTIONS"},
            ]
        }
    ]


def test_the_role_enum_is_the_vocabulary(roles_client: TestClient) -> None:
    body = graphql(roles_client, '{ __type(name: "Role") { enumValues { name description } } }')
    assert body["data"]["__type"]["enumValues"] == [
        {"name": role.name, "description": role.definition} for role in Role
    ]


def test_a_non_boolean_include_mentions_is_a_clear_error(roles_client: TestClient) -> None:
    body = graphql(
        roles_client, '{ event(id: "event:appomattox") { people(includeMentions: "yes") { id } } }'
    )
    [error] = body["errors"]
    assert error["message"] == 'Boolean cannot represent a non boolean value: "yes"'
    assert error["locations"] == [{"line": 1, "column": 59}]  # the argument's value, for an editor to mark
