"""Filter and order inputs, turned into the plain queries `graph.queries` understands."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.dates import HistoricalDate
from graph.errors import DateError
from graph.queries.events import EventOrder, EventQuery


@strawberry.enum(description="How to order events.")
class EventOrderBy(Enum):
    DATE_ASC = "date_asc"
    DATE_DESC = "date_desc"
    TITLE = "title"


def _date(field: str, text: str | None) -> HistoricalDate | None:
    if text is None:
        return None
    try:
        return HistoricalDate.parse(text)
    except DateError as error:
        raise DateError(text, f"{field}: {error.reason}; write EDTF such as \"1924\", \"1924-08\", \"-0043\", \"192X\"") from None


@strawberry.input(description="Keep events that match every given field; lists of ids match any of them.")
class EventFilter:
    start: str | None = strawberry.field(default=None, description="Earliest date, EDTF: '1920', '-0500', '192X'.")
    end: str | None = strawberry.field(default=None, description="Latest date, EDTF; coarse dates count if they overlap.")
    categories: list[strawberry.ID] | None = None
    tags: list[strawberry.ID] | None = None
    all_tags: bool = strawberry.field(default=False, description="Require every tag instead of any.")
    people: list[strawberry.ID] | None = None
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Places, including every place within them."
    )
    organizations: list[strawberry.ID] | None = None
    text: str | None = strawberry.field(default=None, description="Words in the title or summary, any case or accents.")

    def to_query(self) -> EventQuery:
        return EventQuery(
            start=_date("start", self.start),
            end=_date("end", self.end),
            categories=tuple(self.categories or ()),
            tags=tuple(self.tags or ()),
            all_tags=self.all_tags,
            people=tuple(self.people or ()),
            locations=tuple(self.locations or ()),
            organizations=tuple(self.organizations or ()),
            text=self.text,
        )


def to_order(order_by: EventOrderBy) -> EventOrder:
    return EventOrder(order_by.value)
