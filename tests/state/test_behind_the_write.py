"""A worker behind a client's own write (it has not polled the store yet) answers as if it were not.

- A GET that asks for a data version (``Clio-Min-Data-Version``) is answered from it, never
  ``304`` from the graph before it: the ETag names the data version, so the worker reaches
  the version first, as for a POST; else it answers ``304`` to the ETag the client holds
  from before its write, and the client keeps the answer it asked to be past.
- A mutation sent again with its ``clientMutationId`` (its first answer lost) is answered
  as the first was: the record it made, and a ``dataVersion`` that reads it.

Two apps on one store stand for two workers: without its lifespan an app does not poll the
store, so it stays behind until a request makes it catch up.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph
from tests.state.conftest import add_tokens, error_code

READ = {"query": '{ event(id: "event:beirut-explosion") { title } }'}
RENAME = "mutation($i: UpdateEventInput!) { updateEvent(input: $i) { dataVersion } }"
TITLE = {"id": "event:beirut-explosion", "title": "Renamed", "reason": "r"}


def test_a_worker_behind_the_write_reaches_it_before_its_etag(tmp_path: Path, tiny: KnowledgeGraph) -> None:
    tokens = add_tokens(tmp_path)
    settings = Settings.from_env({}, state_dir=tmp_path, log_requests=False, time_limit_ms=30_000)
    writer, reader = create_app(settings, tiny), TestClient(create_app(settings, tiny))
    before = reader.get("/graphql", params=READ)
    etag = before.headers["etag"]
    with TestClient(writer) as client:
        answer = client.post(
            "/graphql",
            json={"query": RENAME, "variables": {"i": TITLE}},
            headers={"Authorization": f"Bearer {tokens['reviewer']}"},
        ).json()
    version = str(answer["data"]["updateEvent"]["dataVersion"])

    asking = {"If-None-Match": etag, "Clio-Min-Data-Version": version}
    fresh = reader.get("/graphql", params=READ, headers=asking)

    assert fresh.status_code == 200  # was 304: the reader made its ETag before catching up
    assert fresh.json() == {"data": {"event": {"title": "Renamed"}}}
    # Stamped with the new version's ETag, which revalidates from then on.
    assert fresh.headers["etag"] != etag
    again = reader.get("/graphql", params=READ, headers={"If-None-Match": fresh.headers["etag"]})
    assert again.status_code == 304


def test_a_version_no_worker_holds_is_stale_not_304(tmp_path: Path, tiny: KnowledgeGraph) -> None:
    settings = Settings.from_env({}, state_dir=tmp_path, log_requests=False)
    reader = TestClient(create_app(settings, tiny))
    etag = reader.get("/graphql", params=READ).headers["etag"]

    for wanted, status, code in (("7", 503, "STALE_REPLICA"), ("latest", 400, "BAD_REQUEST")):
        asking = {"If-None-Match": etag, "Clio-Min-Data-Version": wanted}
        stale = reader.get("/graphql", params=READ, headers=asking)
        assert (stale.status_code, error_code(stale.json())) == (status, code)


CREATE = """
mutation($i: CreatePersonInput!) {
  createPerson(input: $i) { dataVersion change { id } node { id ... on Person { name } } }
}
"""


def test_a_retry_on_a_worker_behind_the_write_answers_as_the_first_did(
    tmp_path: Path, tiny: KnowledgeGraph
) -> None:
    tokens = add_tokens(tmp_path)
    settings = Settings.from_env({}, state_dir=tmp_path, log_requests=False, time_limit_ms=30_000)
    first_worker, other = TestClient(create_app(settings, tiny)), TestClient(create_app(settings, tiny))
    person = {"name": "Ada Retry", "reason": "r", "clientMutationId": "a-1"}
    body = {"query": CREATE, "variables": {"i": person}}
    auth = {"Authorization": f"Bearer {tokens['reviewer']}"}
    first = first_worker.post("/graphql", json=body, headers=auth).json()
    retry = other.post("/graphql", json=body, headers=auth).json()

    # The other worker answered node null and its own older dataVersion (0): a client that
    # read with it could miss its own write.
    assert retry == first
    assert first["data"]["createPerson"]["node"]["name"] == "Ada Retry"
