"""`same_date_page` and `on_day_page` are slices of the whole lists, wherever the page falls."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.models import Kind
from graph.store import KnowledgeGraph


def _busiest_day_events(kg: KnowledgeGraph) -> list[str]:
    """The events of the month-day with the most events in the bundled data."""
    days = [kg.on_day_ids(month, day) for month in range(1, 13) for day in range(1, 32)]
    return list(max(days, key=len))


@pytest.mark.parametrize(
    ("limit", "offset"),
    [
        pytest.param(20, 0, id="first-page"),
        pytest.param(1, 0, id="one"),
        pytest.param(0, 0, id="empty-page"),
        pytest.param(2, 1, id="second-item-on"),
        pytest.param(3, 2, id="past-the-start"),
        pytest.param(5, 10_000, id="past-the-end"),
    ],
)
def test_a_page_is_the_slice_of_the_whole_list(kg: KnowledgeGraph, limit: int, offset: int) -> None:
    day = _busiest_day_events(kg)
    assert len(day) >= 4, "the bundled data should have a month-day with several events"
    # Every event of the day: the first, the last and those between sit on every side of a page.
    for event_id in day:
        whole = kg.same_date_ids(event_id)
        assert kg.same_date_page(event_id, limit, offset) == whole[offset : offset + limit]


def test_an_event_without_a_day_has_no_page(kg: KnowledgeGraph) -> None:
    coarse = next(i for i in kg.ids(Kind.EVENT) if kg.node(i).date.month_day is None)  # type: ignore[attr-defined]
    assert kg.same_date_page(coarse, 20) == []


def test_an_unknown_event_is_not_found(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFound, match="event:nope"):
        kg.same_date_page("event:nope", 20)


@pytest.mark.parametrize(
    ("limit", "offset"),
    [
        pytest.param(20, 0, id="first-page"),
        pytest.param(0, 0, id="empty-page"),
        pytest.param(2, 1, id="second-item-on"),
        pytest.param(5, 10_000, id="past-the-end"),
    ],
)
def test_a_day_page_is_the_slice_of_the_whole_day(kg: KnowledgeGraph, limit: int, offset: int) -> None:
    days = [(month, day) for month in range(1, 13) for day in range(1, 32)]
    assert max(len(kg.on_day_ids(*d)) for d in days) > 2, "the bundled data should have a busy month-day"
    for month, day in days:
        assert kg.on_day_page(month, day, limit, offset) == list(
            kg.on_day_ids(month, day)[offset : offset + limit]
        )
