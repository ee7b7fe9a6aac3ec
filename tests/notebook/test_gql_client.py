"""The same question through `gql` against a live `clio serve`, and through the Python API.

This is the pair of snippets docs/notebook.md shows; here they run against each other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from graph import events_of, find, same_date
from graph.store import KnowledgeGraph
from tests.cli.process import free_port, serving
from tests.conftest import REPO

gql = pytest.importorskip("gql", reason="the optional `client` extra (gql[requests]) is not installed")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`clio serve` on the bundled data, on a free port, for the length of this module."""
    with serving([sys.executable, "-m", "clio", "serve"], free_port(), REPO) as base:
        yield f"{base}/graphql"


QUESTION = """
query StalinOnTheSameDay($name: String!) {
  person(name: $name) {
    id
    events(limit: 100) { id title sameDateEvents(limit: 3) { id } }
  }
}
"""


def test_gql_and_notebook_give_the_same_answer(server: str, kg: KnowledgeGraph) -> None:
    from gql import Client
    from gql.transport.requests import RequestsHTTPTransport

    transport = RequestsHTTPTransport(url=server, timeout=30)
    with Client(transport=transport, fetch_schema_from_transport=True) as session:
        request = gql.gql(QUESTION)
        request.variable_values = {"name": "Stalin"}
        over_http = session.execute(request)

    stalin = find(kg, "Stalin")
    in_python = {
        "person": {
            "id": stalin.id,
            "events": [
                {"id": e.id, "title": e.title, "sameDateEvents": [{"id": o.id} for o in same_date(kg, e)[:3]]}
                for e in events_of(kg, stalin)[:100]
            ],
        }
    }
    assert over_http == in_python
    assert {"id": "event:massive-explosion-at-beirut-port-kills-hundreds"} in next(
        e["sameDateEvents"]
        for e in over_http["person"]["events"]
        if e["id"] == "event:establishment-of-mexico-soviet-diplomatic-relations"
    )


def test_gql_validates_against_the_served_schema(server: str) -> None:
    from gql import Client
    from gql.transport.requests import RequestsHTTPTransport
    from graphql import GraphQLError

    client = Client(transport=RequestsHTTPTransport(url=server), fetch_schema_from_transport=True)
    with client as session, pytest.raises(GraphQLError, match="Cannot query field 'birthday'"):
        session.execute(gql.gql('{ person(name: "Stalin") { birthday } }'))
