"""Filter and order inputs, turned into the plain queries `graph.queries` understands."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.dates import HistoricalDate
from graph.errors import ClioError, DateError
from graph.queries.events import EventOrder, EventQuery
from graph.queries.people import LocationQuery, PersonQuery


class FilterError(ClioError, ValueError):
    """A filter that says one thing twice, two different ways."""


@strawberry.enum(description="How to order events.")
class EventOrderBy(Enum):
    DATE_ASC = "date_asc"
    DATE_DESC = "date_desc"
    TITLE = "title"
    RELEVANCE = strawberry.enum_value(
        "relevance", description="Best match for filter.text first; date order without text."
    )


@strawberry.input(
    description="A date given by parts: a year (negative before Christ: -44 is 44 BC), then month and day."
)
class DateInput:
    year: int = strawberry.field(description="Historical year: 1924, or -44 for 44 BC. There is no year 0.")
    month: int | None = None
    day: int | None = None

    def to_date(self) -> HistoricalDate:
        return HistoricalDate(self.year, self.month, self.day)


def _bound(field: str, text: str | None, parts: DateInput | None) -> HistoricalDate | None:
    if text is not None and parts is not None:
        raise FilterError(f"give `{field}` or `{field}Date`, not both")
    if parts is not None:
        try:
            return parts.to_date()
        except DateError as error:
            raise DateError(error.text, f"{field}Date: {error.reason}") from None
    return _date(field, text)


def _date(field: str, text: str | None) -> HistoricalDate | None:
    if text is None:
        return None
    try:
        return HistoricalDate.parse(text)
    except DateError as error:
        # The reason already says how EDTF is written; the field says which input to fix.
        raise DateError(text, f"{field}: {error.reason}") from None


@strawberry.input(description="Keep events that match every given field; lists of ids match any of them.")
class EventFilter:
    start: str | None = strawberry.field(
        default=None, description="Earliest date, EDTF: '1920', '-0500', '192X'."
    )
    end: str | None = strawberry.field(
        default=None, description="Latest date, EDTF; coarse dates count if they overlap."
    )
    start_date: DateInput | None = strawberry.field(
        default=None, description="Earliest date by parts, instead of `start`."
    )
    end_date: DateInput | None = strawberry.field(
        default=None, description="Latest date by parts, instead of `end`."
    )
    categories: list[strawberry.ID] | None = None
    tags: list[strawberry.ID] | None = None
    all_tags: bool = strawberry.field(default=False, description="Require every tag instead of any.")
    people: list[strawberry.ID] | None = None
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Places, including every place within them."
    )
    organizations: list[strawberry.ID] | None = None
    text: str | None = strawberry.field(
        default=None, description="Every word in the title or summary, in any order, any case or accents."
    )

    def to_query(self) -> EventQuery:
        return EventQuery(
            start=_bound("start", self.start, self.start_date),
            end=_bound("end", self.end, self.end_date),
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


@strawberry.input(description="Keep people that match every given field. Dates are EDTF and precision-aware.")
class PersonFilter:
    name: str | None = strawberry.field(
        default=None, description="Part of the name or an alias, any case or accents."
    )
    born_after: str | None = strawberry.field(
        default=None, description="Born in or after, EDTF: '1870', '187X'."
    )
    born_before: str | None = None
    died_after: str | None = None
    died_before: str | None = None
    alive_in: str | None = strawberry.field(
        default=None, description="Alive at some time in this date, EDTF: '1924'."
    )
    events: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Involved in any of these events."
    )
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Involved in events at these places or places within them."
    )
    in_events: EventFilter | None = strawberry.field(
        default=None, description="Involved in any event that matches this event filter."
    )

    def to_query(self) -> PersonQuery:
        return PersonQuery(
            name=self.name,
            born_after=_date("bornAfter", self.born_after),
            born_before=_date("bornBefore", self.born_before),
            died_after=_date("diedAfter", self.died_after),
            died_before=_date("diedBefore", self.died_before),
            alive_in=_date("aliveIn", self.alive_in),
            events=tuple(self.events or ()),
            locations=tuple(self.locations or ()),
            in_events=self.in_events.to_query() if self.in_events is not None else None,
        )


@strawberry.input(description="Keep places that match every given field.")
class LocationFilter:
    name: str | None = strawberry.field(
        default=None, description="Part of the name or an alias, any case or accents."
    )
    kinds: list[str] | None = strawberry.field(
        default=None, description="country, historical-state, city, region…"
    )
    within: strawberry.ID | None = strawberry.field(
        default=None, description="Places inside this one, at any depth."
    )

    def to_query(self) -> LocationQuery:
        return LocationQuery(name=self.name, kinds=tuple(self.kinds or ()), within=self.within)
