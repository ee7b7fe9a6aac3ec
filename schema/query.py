"""The Query root. Resolvers translate arguments and call `graph` functions only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.types import Info

from graph import models
from graph.arguments import kind_problems, month_day_problems
from graph.errors import ConflictingArguments, raise_all
from graph.identity import resolve as resolve_id
from graph.models import Kind
from graph.queries.events import matching_events, order_events
from graph.queries.people import filter_locations, filter_people
from schema.connection import Connection, connect
from schema.context import DEFAULT_PAGE, check_page, kg_of, page
from schema.day import DayType
from schema.deadline import deadline_of
from schema.direct import direct
from schema.explore import ExploreQuery
from schema.filters import EventFilter, EventOrderBy, LocationFilter, PersonFilter, to_order
from schema.geo import remember_near
from schema.mutation import EditQuery
from schema.reconciliation import ReconcileQuery
from schema.types import (
    CategoryType,
    EventType,
    LocationType,
    Node,
    OrganizationType,
    PersonType,
    TagType,
)

R = TypeVar("R", bound=models.Record)

Limit = Annotated[int, strawberry.argument(description="Page size, at most 100.")]
Offset = Annotated[int, strawberry.argument(description="How many to skip.")]


def _by_id_or_name(info: Info, cls: type[R], id: str | None, name: str | None) -> R | None:
    if (id is None) == (name is None):
        raise ConflictingArguments("id", "name", "give exactly one of `id` or `name`")
    kg = kg_of(info)
    if id is not None:
        kind = next(kind for kind, record_class in models.RECORD_KINDS.items() if record_class is cls)
        raise_all(kind_problems("id", id, kind))
        return kg.typed(id, cls)
    return kg.one_by_name(name or "", cls, deadline_of(info))


def _records(info: Info, ids: Sequence[str], limit: int, offset: int) -> list[Any]:
    return kg_of(info).records_of(page(ids, limit, offset))


def _event_ids(info: Info, filter: EventFilter | None, order_by: EventOrderBy) -> Sequence[str]:
    kg = kg_of(info)
    deadline = deadline_of(info)
    ids = matching_events(kg, filter.to_query(kg), deadline) if filter is not None else kg.id_list(Kind.EVENT)
    near = filter.near.to_near() if filter is not None and filter.near is not None else None
    if near is not None:
        # `Event.distanceKm` without arguments measures from here (`schema.geo`).
        remember_near(info, near)
    text = filter.text if filter is not None else None
    return order_events(kg, ids, to_order(order_by), text, deadline, near)


def _named_ids(info: Info, kind: Kind, name: str | None) -> Sequence[str]:
    """All ids of a kind in name order, or those whose name contains ``name``."""
    return kg_of(info).ids_by_name(kind, name, deadline_of(info))


def _people_ids(info: Info, name: str | None, filter: PersonFilter | None) -> Sequence[str]:
    if filter is None:
        return _named_ids(info, Kind.PERSON, name)
    if name is not None:
        raise ConflictingArguments(
            "name", "filter.name", "give the name inside `filter` or as `name`, not both"
        )
    kg = kg_of(info)
    return filter_people(kg, filter.to_query(kg), deadline_of(info))


def _location_ids(info: Info, name: str | None, filter: LocationFilter | None) -> Sequence[str]:
    if filter is None:
        return _named_ids(info, Kind.LOCATION, name)
    if name is not None:
        raise ConflictingArguments(
            "name", "filter.name", "give the name inside `filter` or as `name`, not both"
        )
    kg = kg_of(info)
    return filter_locations(kg, filter.to_query(kg), deadline_of(info))


@strawberry.type
class Query(ExploreQuery, ReconcileQuery, EditQuery):
    @strawberry.field(description="Any record by its global id, or by its Wikidata item as 'wikidata:Q855'.")
    def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return resolve_id(kg_of(info), id)  # type: ignore[return-value]

    @strawberry.field
    def event(self, info: Info, id: strawberry.ID) -> EventType | None:
        raise_all(kind_problems("id", id, Kind.EVENT))
        return kg_of(info).typed(id, models.Event)  # type: ignore[return-value]

    # Direct (schema.direct): the most asked root field, and its arguments are plain scalars;
    # its first parameter is Strawberry's ``root`` (None here), as a direct resolver's must be.
    @strawberry.field(description="A person by id, or by name or alias (any case, accents optional).")
    @direct
    def person(
        root: Any, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> PersonType | None:
        return _by_id_or_name(info, models.Person, id, name)  # type: ignore[return-value]

    @strawberry.field(description="A place by id, or by name or alias (any case, accents optional).")
    def location(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> LocationType | None:
        return _by_id_or_name(info, models.Location, id, name)  # type: ignore[return-value]

    @strawberry.field
    def organization(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> OrganizationType | None:
        return _by_id_or_name(info, models.Organization, id, name)  # type: ignore[return-value]

    @strawberry.field
    def category(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> CategoryType | None:
        return _by_id_or_name(info, models.Category, id, name)  # type: ignore[return-value]

    @strawberry.field
    def tag(self, info: Info, id: strawberry.ID | None = None, name: str | None = None) -> TagType | None:
        return _by_id_or_name(info, models.Tag, id, name)  # type: ignore[return-value]

    @strawberry.field(description="Every category, by name.")
    def categories(self, info: Info) -> list[CategoryType]:
        return _records(info, _named_ids(info, Kind.CATEGORY, None), 100, 0)

    @strawberry.field(description="Tags by name; `name` keeps those whose name contains it.")
    def tags(
        self, info: Info, name: str | None = None, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
    ) -> list[TagType]:
        return _records(info, _named_ids(info, Kind.TAG, name), limit, offset)

    @strawberry.field(description="Events that match the filter, in the order asked.")
    def events(
        self,
        info: Info,
        filter: EventFilter | None = None,
        order_by: EventOrderBy = EventOrderBy.DATE_ASC,
        limit: Limit = DEFAULT_PAGE,
        offset: Offset = 0,
    ) -> list[EventType]:
        return _records(info, _event_ids(info, filter, order_by), limit, offset)

    @strawberry.field(
        description="Events that match the filter, as a cursor-paged connection with totalCount."
    )
    def events_connection(
        self,
        info: Info,
        filter: EventFilter | None = None,
        order_by: EventOrderBy = EventOrderBy.DATE_ASC,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[EventType]:
        return connect(_event_ids(info, filter, order_by), kg_of(info), first, after)  # type: ignore[no-any-return]

    @strawberry.field(
        description="People by name; `name` keeps those whose name contains it; `filter` asks more."
    )
    def people(
        self,
        info: Info,
        name: str | None = None,
        limit: Limit = DEFAULT_PAGE,
        offset: Offset = 0,
        filter: PersonFilter | None = None,
    ) -> list[PersonType]:
        return _records(info, _people_ids(info, name, filter), limit, offset)

    @strawberry.field
    def people_connection(
        self,
        info: Info,
        name: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
        filter: PersonFilter | None = None,
    ) -> Connection[PersonType]:
        return connect(_people_ids(info, name, filter), kg_of(info), first, after)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Places by name; `name` keeps those whose name contains it; `filter` asks more."
    )
    def locations(
        self,
        info: Info,
        name: str | None = None,
        limit: Limit = DEFAULT_PAGE,
        offset: Offset = 0,
        filter: LocationFilter | None = None,
    ) -> list[LocationType]:
        return _records(info, _location_ids(info, name, filter), limit, offset)

    @strawberry.field
    def locations_connection(
        self,
        info: Info,
        name: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
        filter: LocationFilter | None = None,
    ) -> Connection[LocationType]:
        return connect(_location_ids(info, name, filter), kg_of(info), first, after)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Events on a month and day in any year, newest first, as an 'On This Day' page."
    )
    def on_this_day(
        self, info: Info, month: int, day: int, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
    ) -> list[EventType]:
        raise_all(month_day_problems(month, day))
        check_page(limit, offset)
        kg = kg_of(info)
        return kg.records_of(kg.on_day_page(month, day, limit, offset))

    @strawberry.field(
        description="A month and day in any year: its events by category, births and deaths, for a day page."
    )
    def day(self, month: int, day: int) -> DayType:
        raise_all(month_day_problems(month, day))
        return DayType(month=month, day=day)
