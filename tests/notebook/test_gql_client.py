"""The same question through `gql` against a live `clio serve`, and through the Python API.

This is the pair of snippets docs/notebook.md shows; here they run against each other.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from graph import events_of, find, same_date
from graph.store import KnowledgeGraph
from tests.conftest import REPO

gql = pytest.importorskip("gql", reason="the optional `client` extra (gql[requests]) is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`clio serve` on the bundled data, on a free port, for the length of this module."""
    import requests

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "clio", "serve", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"clio serve stopped: {process.stderr.read() if process.stderr else ''}")
            try:
                if requests.get(f"{url}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("clio serve did not answer /health within 60 s")
            time.sleep(0.2)
        yield f"{url}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


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
