"""Filter and order inputs, turned into the plain queries `graph.queries` understands.

Each filter is checked whole before it runs: every date, every id (its kind, and that it
is in the graph) and every range, so one answer names every mistake, each by the
argument's path as the client wrote it (``filter.inEvents.people``).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import strawberry

from graph.arguments import current_ids, id_problems, order_problems
from graph.dates import HistoricalDate
from graph.errors import ArgumentError, BadDate, ConflictingArguments, DateError, raise_all
from graph.geo import Box, Near
from graph.models import Kind
from graph.queries.events import EventOrder, EventQuery, query_problems
from graph.queries.people import LocationQuery, PersonQuery
from graph.store import KnowledgeGraph


@strawberry.enum(description="How to order events.")
class EventOrderBy(Enum):
    DATE_ASC = "date_asc"
    DATE_DESC = "date_desc"
    TITLE = "title"
    RELEVANCE = strawberry.enum_value(
        "relevance", description="Best match for filter.text first; date order without text."
    )
    DISTANCE = strawberry.enum_value(
        "distance", description="Nearest to filter.near's point first; date order without near."
    )


@strawberry.input(
    description="Within radiusKm of a point: lat -90 to 90, lon -180 to 180, radiusKm up to 20,000."
)
class NearInput:
    lat: float
    lon: float
    radius_km: float

    def to_near(self) -> Near:
        return Near(self.lat, self.lon, self.radius_km)


@strawberry.input(
    description="A box of latitudes and longitudes; west greater than east crosses the antimeridian."
)
class BoxInput:
    south: float
    west: float
    north: float
    east: float

    def to_box(self) -> Box:
        return Box(self.south, self.west, self.north, self.east)


_INCLUDE_REGIONS = (
    "Let near and within also match coordinates of a region or country (a country's are its "
    "capital's); city-or-finer only by default."
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


def _bound(
    where: str, field: str, text: str | None, parts: DateInput | None, problems: list[ArgumentError]
) -> HistoricalDate | None:
    if text is not None and parts is not None:
        problems.append(
            ConflictingArguments(
                f"{where}.{field}", f"{where}.{field}Date", f"give `{field}` or `{field}Date`, not both"
            )
        )
        return None
    if parts is not None:
        try:
            return parts.to_date()
        except DateError as error:
            problems.append(BadDate(f"{where}.{field}Date", error.text, error.reason))
            return None
    return _date(f"{where}.{field}", text, problems)


def _date(argument: str, text: str | None, problems: list[ArgumentError]) -> HistoricalDate | None:
    if text is None:
        return None
    try:
        return HistoricalDate.parse(text)
    except DateError as error:
        # The reason already says how EDTF is written; the argument says which input to fix.
        problems.append(BadDate(argument, text, error.reason))
        return None


def _ids(
    kg: KnowledgeGraph, argument: str, ids: Sequence[str] | None, kind: Kind, problems: list[ArgumentError]
) -> tuple[str, ...]:
    problems += id_problems(kg, argument, ids or (), kind)
    return current_ids(kg, ids or ())


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
        default=None,
        description="Places: events at them or at a place inside them at the event's own date (or at asOf).",
    )
    as_of: str | None = strawberry.field(
        default=None,
        description="EDTF date at which `locations` nest, instead of each event's own: '2008' files "
        "every Tbilisi event under Georgia.",
    )
    organizations: list[strawberry.ID] | None = None
    text: str | None = strawberry.field(
        default=None, description="Every word in the title or summary, in any order, any case or accents."
    )
    near: NearInput | None = strawberry.field(
        default=None, description="Events whose coordinates (their most specific place's) are this close."
    )
    within: BoxInput | None = strawberry.field(
        default=None, description="Events whose coordinates lie in this box."
    )
    include_regions: bool = strawberry.field(default=False, description=_INCLUDE_REGIONS)

    def to_query(self, kg: KnowledgeGraph, where: str = "filter") -> EventQuery:
        """The graph's query; raises every bad argument at once (``graph.errors.ArgumentErrors``)."""
        problems: list[ArgumentError] = []
        query = self.collect(kg, where, problems)
        raise_all(problems)
        return query

    def collect(self, kg: KnowledgeGraph, where: str, problems: list[ArgumentError]) -> EventQuery:
        """The graph's query, adding what is wrong with this filter (``where`` names it) to ``problems``."""
        # Ids as the indexes know them: a merged-away id (it names a record) as its survivor's.
        query = EventQuery(
            start=_bound(where, "start", self.start, self.start_date, problems),
            end=_bound(where, "end", self.end, self.end_date, problems),
            categories=current_ids(kg, self.categories or ()),
            tags=current_ids(kg, self.tags or ()),
            all_tags=self.all_tags,
            people=current_ids(kg, self.people or ()),
            locations=current_ids(kg, self.locations or ()),
            organizations=current_ids(kg, self.organizations or ()),
            text=self.text,
            as_of=_date(f"{where}.asOf", self.as_of, problems),
            near=self.near.to_near() if self.near is not None else None,
            within=self.within.to_box() if self.within is not None else None,
            include_regions=self.include_regions,
        )
        # The graph's own check, with the fields named as this input names them.
        problems += query_problems(kg, query, where)
        return query


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

    def to_query(self, kg: KnowledgeGraph, where: str = "filter") -> PersonQuery:
        """The graph's query; raises every bad argument at once (``graph.errors.ArgumentErrors``)."""
        problems: list[ArgumentError] = []
        born_after = _date(f"{where}.bornAfter", self.born_after, problems)
        born_before = _date(f"{where}.bornBefore", self.born_before, problems)
        died_after = _date(f"{where}.diedAfter", self.died_after, problems)
        died_before = _date(f"{where}.diedBefore", self.died_before, problems)
        problems += order_problems(f"{where}.bornAfter", born_after, f"{where}.bornBefore", born_before)
        problems += order_problems(f"{where}.diedAfter", died_after, f"{where}.diedBefore", died_before)
        query = PersonQuery(
            name=self.name,
            born_after=born_after,
            born_before=born_before,
            died_after=died_after,
            died_before=died_before,
            alive_in=_date(f"{where}.aliveIn", self.alive_in, problems),
            events=_ids(kg, f"{where}.events", self.events, Kind.EVENT, problems),
            locations=_ids(kg, f"{where}.locations", self.locations, Kind.LOCATION, problems),
            in_events=(
                self.in_events.collect(kg, f"{where}.inEvents", problems)
                if self.in_events is not None
                else None
            ),
        )
        raise_all(problems)
        return query


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
    near: NearInput | None = strawberry.field(default=None, description="Places with coordinates this close.")
    # `within` already takes a place id here, so the box has a name of its own.
    within_box: BoxInput | None = strawberry.field(
        default=None, description="Places whose coordinates lie in this box."
    )
    include_regions: bool = strawberry.field(default=False, description=_INCLUDE_REGIONS)

    def to_query(self, kg: KnowledgeGraph, where: str = "filter") -> LocationQuery:
        """The graph's query; raises when ``within`` is not a place of the graph."""
        within = self.within
        if within is not None:
            raise_all(id_problems(kg, f"{where}.within", [within], Kind.LOCATION))
        return LocationQuery(
            name=self.name,
            kinds=tuple(self.kinds or ()),
            within=within,
            near=self.near.to_near() if self.near is not None else None,
            box=self.within_box.to_box() if self.within_box is not None else None,
            include_regions=self.include_regions,
        )
