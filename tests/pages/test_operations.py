"""The pages' operations: kept in one folder, at most three a page, and held to the public limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.pages.operations import MAX_PER_PAGE, PAGE_OPERATIONS, Operations, PageQueryFailed, read_operations
from clio.pages.routes import PAGE_SIZE, PEOPLE_PAGE_SIZE, RELATED, SAME_DAY
from clio.settings import Settings
from graph.dates import HistoricalDate
from graph.store import KnowledgeGraph
from tests.pages.conftest import SEED_EVENT

TODAY = HistoricalDate(2025, 3, 15)

# Each operation with the largest variables a page sends it: the costliest run it can make.
WORST: dict[str, dict[str, Any]] = {
    "DayPage": {
        "month": 8,
        "day": 4,
        "categories": None,
        "limit": PAGE_SIZE,
        "offset": 0,
        "asOf": "2025-03-15",
    },
    "DayPeoplePage": {"month": 2, "day": 4, "limit": PEOPLE_PAGE_SIZE, "offset": 0, "births": True},
    "EventPage": {"id": SEED_EVENT, "asOf": "2025-03-15", "sameDay": SAME_DAY, "related": RELATED},
    "PersonPage": {"id": "person:joseph-stalin", "limit": PAGE_SIZE, "offset": 0, "asOf": "2025-03-15"},
    "PlacePage": {"id": "location:united-states", "limit": PAGE_SIZE + 1, "offset": 0, "asOf": "2025-03-15"},
    "SearchPage": {"text": "Mexico Soviet relations 1924"},
}


@pytest.fixture(scope="module", params=["development", "production"])
def operations(request: pytest.FixtureRequest, kg: KnowledgeGraph) -> Iterator[Operations]:
    """The operations as an app binds them, under each profile's public limits."""
    app = create_app(Settings.from_env({"CLIO_PROFILE": request.param}), kg)
    yield app.state.page_operations


def test_every_page_runs_at_most_three_operations_all_from_the_folder() -> None:
    folder = read_operations()
    used = {name for names in PAGE_OPERATIONS.values() for name in names}
    assert all(1 <= len(names) <= MAX_PER_PAGE for names in PAGE_OPERATIONS.values()), PAGE_OPERATIONS
    assert used == set(folder) == set(WORST)


@pytest.mark.parametrize("name", sorted(WORST))
def test_each_operation_runs_within_the_public_limits(operations: Operations, name: str) -> None:
    data = operations.run(name, WORST[name], TODAY)
    assert data and all(value is not None for value in data.values()), data


def test_a_page_gets_no_exemption_from_the_limits(kg: KnowledgeGraph) -> None:
    """With a cost limit below what the event page asks, the page's operation is refused too."""
    app = create_app(Settings.from_env({"CLIO_MAX_COST": "20"}), kg)
    with pytest.raises(PageQueryFailed, match="EventPage") as refused:
        app.state.page_operations.run("EventPage", WORST["EventPage"], TODAY)
    assert not refused.value.timed_out
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/events/establishment-of-mexico-soviet-diplomatic-relations")
    # Asking again would meet the same limit: no Retry-After, and the page says so.
    assert (response.status_code, response.headers.get("retry-after")) == (503, None)
    assert "trying again will not help" in response.text


def test_a_page_out_of_time_is_the_busy_page_with_retry_after(kg: KnowledgeGraph) -> None:
    """The time limit counts wall time, so a loaded server can run out of it on any page:
    the reader is told the server is busy and when to ask again."""
    app = create_app(Settings.from_env({}), kg)
    # No time at all, which Settings never allows (at least 1 ms, which a fast machine can
    # beat): the pages' operations are the app's own object, so the route runs these.
    object.__setattr__(app.state.page_operations, "time_limit_ms", 0)
    with pytest.raises(PageQueryFailed, match="time limit of 0 ms") as refused:
        app.state.page_operations.run("EventPage", WORST["EventPage"], TODAY)
    assert refused.value.timed_out
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/events/establishment-of-mexico-soviet-diplomatic-relations")
    assert (response.status_code, response.headers.get("retry-after")) == (503, "30")
    assert "too busy to build it in time" in response.text
