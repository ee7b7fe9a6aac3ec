"""A created person, event, then merges and a deletion, read through every worker within a second.

A reviewer's ``createPerson``, ``createEvent``, ``mergeEvents``, ``mergePeople`` and
``deleteEvent`` apply at once, on the bundled data. Each worker of ``clio serve --workers 2``
patches every one into its graph (`graph.incremental_added`, `graph.incremental_events`,
`graph.incremental_deleted` for the events' merge and the deletion, `graph.incremental_removed`
for the people's merge). A second after each answer, requests on new connections (so both
workers answer) read the new records by id and by search; after each merge, the merged id
resolves to the survivor and search no longer finds a record of its own; after the
deletion, the deleted id reads nothing and its day no longer lists it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from graph.bundled import BUNDLED_DATA
from graph.loader import load_graph
from graph.models import Kind
from tests.state.conftest import add_tokens
from tests.state.serving import every_worker_reads, post, rebuilds, start_server, stop_server

CREATE = "mutation($i: CreateEventInput!) { createEvent(input: $i) { dataVersion node { id } } }"
MERGE = "mutation($i: MergeInput!) { mergeEvents(input: $i) { dataVersion node { id } } }"
MERGE_PEOPLE = "mutation($i: MergeInput!) { mergePeople(input: $i) { dataVersion node { id } } }"
PERSON = "mutation($i: CreatePersonInput!) { createPerson(input: $i) { dataVersion node { id } } }"
DELETE = "mutation($i: DeleteInput!) { deleteEvent(input: $i) { dataVersion } }"
TITLE = "Zanzibarish treaty of the bells"


def _read(new: str, survivor: str) -> str:
    return (
        f'{{ new: event(id: "{new}") {{ id title }} survivor: event(id: "{survivor}") {{ id }} '
        'search(text: "zanzibarish", first: 5) { id } }'
    )


def _on_every_worker(server: Any, query: str) -> list[Any]:
    """Each worker's distinct answers to ``query``, from requests until both answered (and at least 10)."""
    seen: dict[str, list[Any]] = {}
    for attempt in range(200):
        body, headers = post(server, query)
        assert "errors" not in body, body
        answers = seen.setdefault(headers["x-clio-worker"], [])
        if body["data"] not in answers:
            answers.append(body["data"])
        if len(seen) == 2 and attempt >= 10:
            return [answer for answers in seen.values() for answer in answers]
    raise AssertionError(f"only worker(s) {sorted(seen)} answered 200 requests")


def test_a_created_then_merged_event_is_read_on_every_worker_within_a_second(tmp_path: Path) -> None:
    kg = load_graph(BUNDLED_DATA)
    survivor = kg.ids(Kind.EVENT)[len(kg.ids(Kind.EVENT)) // 3]
    category = kg.record(survivor).category
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2, data=BUNDLED_DATA)
    try:
        person = {"name": "Anne Zanzibarish", "born": "1901-08-04", "reason": "a source"}
        body, _ = post(server, PERSON, {"i": person}, token)
        assert body["data"]["createPerson"]["dataVersion"] == 1, body
        anne = body["data"]["createPerson"]["node"]["id"]
        time.sleep(1.0)
        query = f'{{ person(id: "{anne}") {{ name }} search(text: "zanzibarish", first: 5) {{ id }} }}'
        assert (
            _on_every_worker(server, query)
            == [{"person": {"name": "Anne Zanzibarish"}, "search": [{"id": anne}]}] * 2
        )
        assert rebuilds(server) == ["patched", "patched"]
        given = {"title": TITLE, "date": "1924-08-04", "category": category, "reason": "a source"}
        body, _ = post(server, CREATE, {"i": given}, token)
        created = body["data"]["createEvent"]
        assert created["dataVersion"] == 2, body
        new = created["node"]["id"]
        time.sleep(1.0)
        found = _on_every_worker(server, _read(new, survivor))
        assert (
            found
            == [
                {
                    "new": {"id": new, "title": TITLE},
                    "survivor": {"id": survivor},
                    "search": [{"id": anne}, {"id": new}],
                }
            ]
            * 2
        ), found
        merge = {"survivorId": survivor, "mergedId": new, "reason": "the same event"}
        body, _ = post(server, MERGE, {"i": merge}, token)
        assert body["data"]["mergeEvents"] == {"dataVersion": 3, "node": {"id": survivor}}, body
        time.sleep(1.0)
        found = _on_every_worker(server, _read(new, survivor))
        survivor_title = kg.record(survivor).title
        # The merged id resolves to the survivor; search no longer finds a record of its own.
        assert (
            found
            == [
                {
                    "new": {"id": survivor, "title": survivor_title},
                    "survivor": {"id": survivor},
                    "search": [{"id": anne}],
                }
            ]
            * 2
        ), found
        assert rebuilds(server) == ["patched", "patched"]
        # An event deleted: its id reads nothing, its day lists it no more. (Before the people's
        # merge, whose survivor's aliases are patched as a rename: numbered by node, a
        # deletion after it is built whole until the next compaction.)
        gone = next(
            e
            for e in kg.ids(Kind.EVENT)
            if (days := kg.record(e).date.month_day)
            and len(kg.on_day_ids(*days)) < 100
            and e != survivor
            and not kg.record(e).people  # the people's merge below reads the events of a person
        )
        month, day = kg.record(gone).date.month_day
        body, _ = post(server, DELETE, {"i": {"id": gone, "reason": "a duplicate"}}, token)
        assert body["data"]["deleteEvent"] == {"dataVersion": 4}, body
        time.sleep(1.0)
        query = (
            f'{{ event(id: "{gone}") {{ id }} onThisDay(month: {month}, day: {day}, limit: 100) {{ id }} }}'
        )

        def read_deleted(data: Any) -> list[bool]:
            assert data["event"] is None, data
            return [gone in {e["id"] for e in data["onThisDay"]}]

        assert every_worker_reads(server, query, read_deleted) == {False}
        assert rebuilds(server) == ["patched", "patched"]
        # A person linked by events merged into Anne: the events now name her, the old id reads her.
        merged = kg.ids(Kind.PERSON)[len(kg.ids(Kind.PERSON)) // 2]
        event = kg.event_ids_of(merged)[0]
        body, _ = post(
            server, MERGE_PEOPLE, {"i": {"survivorId": anne, "mergedId": merged, "reason": "one man"}}, token
        )
        assert body["data"]["mergePeople"] == {"dataVersion": 5, "node": {"id": anne}}, body
        time.sleep(1.0)
        query = (
            f'{{ person(id: "{merged}") {{ id name }} event(id: "{event}") {{ people {{ id }} }} '
            'search(text: "zanzibarish", first: 5) { id } }'
        )

        def read(data: Any) -> list[str]:
            assert data["person"] == {"id": anne, "name": "Anne Zanzibarish"}, data
            ids = [p["id"] for p in data["event"]["people"]]
            assert anne in ids and merged not in ids, data
            return [repr(data["search"])]

        assert every_worker_reads(server, query, read) == {repr([{"id": anne}])}
        assert rebuilds(server) == ["patched", "patched"]
    finally:
        stop_server(server)
