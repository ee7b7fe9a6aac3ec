"""A date corrected over HTTP is read through every worker within a second, on the bundled data.

"This happened on the 14th, not the 20th": a reviewer's ``updateEvent`` with a new day
applies at once; each worker of ``clio serve --workers 2`` then patches its own graph
(`graph.incremental_dates`) instead of building it whole. A second after the answer,
requests on new connections (so both workers answer) find the event on its new day's
``onThisDay`` page and not on its old one, with the new date on the event itself. A date
onto a year no event had (its calendar node patched in, `graph.incremental_calendar`) is
read the same way, and so is an event created (``createEvent``, `graph.incremental_events`):
on its day's page, found by its title's words, counted in its category, on every worker.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import pytest

from graph.bundled import BUNDLED_DATA
from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind
from tests.http.live import Server
from tests.state.conftest import add_tokens
from tests.state.serving import every_worker_reads, post, rebuilds, start_server, stop_server

UPDATE = "mutation($i: UpdateEventInput!) { updateEvent(input: $i) { dataVersion } }"
CREATE = "mutation($i: CreateEventInput!) { createEvent(input: $i) { dataVersion change { target } } }"


def _correction() -> tuple[Event, HistoricalDate]:
    """An event of the bundled data with a day, and a day of its month the graph patches it to."""
    kg = load_graph(BUNDLED_DATA)
    build_indexes(kg)
    for event_id in kg.ids(Kind.EVENT)[::7]:
        event: Event = kg.record(event_id)
        date = event.date
        if date.day is None or date.calendar != "gregorian" or date.end is not None or date.year < 1800:
            continue
        for day in (date.day - 6, date.day + 6, date.day - 1, date.day + 1):
            if 1 <= day <= 28 and day != date.day:
                moved = HistoricalDate(date.year, date.month, day)
                if patch(kg, {event_id: dataclasses.replace(event, date=moved)}) is not None:
                    return event, moved
    raise AssertionError("no day correction of the bundled data is patched")


def _on_every_worker(server: Any, event: Event, date: HistoricalDate) -> set[bool]:
    """Whether each answer lists the event on ``date``'s day, from requests until both workers answered."""
    query = (
        f"{{ onThisDay(month: {date.month}, day: {date.day}, limit: 100) {{ id }} "
        f'event(id: "{event.id}") {{ date {{ year month day }} }} }}'
    )

    def read(data: Any) -> set[bool]:
        listed = event.id in {e["id"] for e in data["onThisDay"]}
        parts = data["event"]["date"]
        assert listed == (
            (parts["year"], parts["month"], parts["day"]) == (date.year, date.month, date.day)
        ), data
        return {listed}

    return every_worker_reads(server, query, read)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    """Two workers over the bundled data, with a reviewer's token: one server for the module's tests."""
    tmp_path = tmp_path_factory.mktemp("redate")
    state = tmp_path / "state"
    token = add_tokens(state)["reviewer"]
    server = start_server(state, tmp_path / "server.log", workers=2, data=BUNDLED_DATA)
    try:
        yield server, token
    finally:
        stop_server(server)


def test_a_corrected_day_is_on_this_day_on_every_worker_within_a_second(served: tuple[Server, str]) -> None:
    server, token = served
    event, moved = _correction()
    assert _on_every_worker(server, event, event.date) == {True}
    assert _on_every_worker(server, event, moved) == {False}
    edit = {"i": {"id": event.id, "date": moved.to_edtf(), "reason": "the 14th, not the 20th"}}
    body, _ = post(server, UPDATE, edit, token)
    assert body["data"]["updateEvent"]["dataVersion"] >= 1, body
    time.sleep(1.0)
    assert _on_every_worker(server, event, moved) == {True}
    assert _on_every_worker(server, event, event.date) == {False}
    assert rebuilds(server) == ["patched", "patched"]


def test_a_date_onto_a_new_year_is_read_on_every_worker_within_a_second(served: tuple[Server, str]) -> None:
    server, token = served
    kg = load_graph(BUNDLED_DATA)
    event: Event = kg.record(kg.ids(Kind.EVENT)[len(kg.ids(Kind.EVENT)) // 2])
    assert "year:777" not in kg.graph
    moved = HistoricalDate(777, 6, 30)
    edit = {"i": {"id": event.id, "date": moved.to_edtf(), "reason": "an older record"}}
    body, _ = post(server, UPDATE, edit, token)
    assert body["data"]["updateEvent"]["dataVersion"] >= 1, body
    time.sleep(1.0)
    assert _on_every_worker(server, event, moved) == {True}
    assert rebuilds(server) == ["patched", "patched"]


def test_a_created_event_is_read_on_every_worker_within_a_second(served: tuple[Server, str]) -> None:
    server, token = served
    kg = load_graph(BUNDLED_DATA)
    category = kg.ids(Kind.CATEGORY)[0]
    counted = len(kg.event_ids_of(category))
    date = HistoricalDate(1924, 8, 4)
    edit = {
        "i": {"title": "Zanzibarish treaty", "date": date.to_edtf(), "category": category, "reason": "new"}
    }
    body, _ = post(server, CREATE, edit, token)
    assert "errors" not in body, body
    made = body["data"]["createEvent"]["change"]["target"]
    time.sleep(1.0)
    query = (
        f"{{ onThisDay(month: 8, day: 4, limit: 100) {{ id }} "
        f'search(text: "zanzibarish", first: 5) {{ id }} '
        f'eventsConnection(first: 1, filter: {{ categories: ["{category}"] }}) {{ totalCount }} }}'
    )

    def read(data: Any) -> set[Any]:
        on_day = made in {e["id"] for e in data["onThisDay"]}
        return {(on_day, tuple(h["id"] for h in data["search"]), data["eventsConnection"]["totalCount"])}

    assert every_worker_reads(server, query, read) == {(True, (made,), counted + 1)}
    assert rebuilds(server) == ["patched", "patched"]
