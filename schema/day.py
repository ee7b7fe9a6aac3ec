"""The `Day` type: a month and day in any year, with what an 'On This Day' page lists.

One field of the root (``day(month:, day:)``) gives a page everything it needs in one
operation: the day's events (of some categories only, when a reader picks a chip), how many
there are in all to page through them, the categories to pick from, and the people born
and who died on that day.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graph.days import born_on, day_categories, day_events, day_name, died_on
from schema.context import DEFAULT_PAGE, kg_of, page
from schema.explore import FacetCount
from schema.types import EventType, PersonType

Limit = Annotated[int, strawberry.argument(description="Page size, at most 100.")]
Offset = Annotated[int, strawberry.argument(description="How many to skip.")]
Categories = Annotated[
    list[strawberry.ID] | None,
    strawberry.argument(description="Only events in these categories (any of them)."),
]


@strawberry.type(name="Day", description="A month and day in any year, as an 'On This Day' page shows it.")
class DayType:
    month: int
    day: int

    @strawberry.field(description="'August 4th'.")
    def name(self) -> str:
        return day_name(self.month, self.day)

    @strawberry.field(description="Events on this day in any year, newest first; year-only dates never.")
    def events(
        self, info: Info, categories: Categories = None, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
    ) -> list[EventType]:
        ids = day_events(kg_of(info), self.month, self.day, categories)
        return kg_of(info).records_of(page(ids, limit, offset))

    @strawberry.field(description="How many events `events` lists in all, for the same categories.")
    def event_count(self, info: Info, categories: Categories = None) -> int:
        return len(day_events(kg_of(info), self.month, self.day, categories))

    @strawberry.field(description="The categories of the day's events, with how many each has, most first.")
    def categories(self, info: Info) -> list[FacetCount]:
        kg = kg_of(info)
        return [
            FacetCount(id=strawberry.ID(cid), name=_name(kg.get(cid), cid), count=n)
            for cid, n in day_categories(kg, self.month, self.day)
        ]

    @strawberry.field(
        description="People born on this day in any year, oldest first (dates known to the day)."
    )
    def births(self, info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> list[PersonType]:
        kg = kg_of(info)
        return kg.records_of(page(born_on(kg, self.month, self.day), limit, offset))

    @strawberry.field(description="How many people `births` lists in all.")
    def birth_count(self, info: Info) -> int:
        return len(born_on(kg_of(info), self.month, self.day))

    @strawberry.field(
        description="People who died on this day in any year, oldest first (dates known to the day)."
    )
    def deaths(self, info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> list[PersonType]:
        kg = kg_of(info)
        return kg.records_of(page(died_on(kg, self.month, self.day), limit, offset))

    @strawberry.field(description="How many people `deaths` lists in all.")
    def death_count(self, info: Info) -> int:
        return len(died_on(kg_of(info), self.month, self.day))


def _name(record: Any, fallback: str) -> str:
    return str(getattr(record, "name", fallback))


__all__ = ["DayType"]
