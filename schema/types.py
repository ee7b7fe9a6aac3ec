"""GraphQL object types. Each resolves straight from a frozen domain record.

The records themselves are the GraphQL parents: plain fields (``title``, ``name``) are
read off them with no copy, and fields that walk the graph take the record as
``strawberry.Parent``. ``is_type_of`` tells the `Node` interface which type a record is.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graph import identity, models, place_history
from graph.dates import HistoricalDate
from graph.errors import BadDate, DateError, raise_all
from graph.queries.events import associates, events_at, related_events
from graph.roles import Role
from schema.change import ChangePage, node_history
from schema.context import DEFAULT_PAGE, check_page, kg_of, page, today_of
from schema.dates import ElapsedType, HistoricalDateType, parse_as_of
from schema.deadline import deadline_of
from schema.direct import direct
from schema.geo import GeoPoint, distance_km, event_coordinates, place_coordinates
from schema.roles import RoleEnum, role_enum

Limit = Annotated[int, strawberry.argument(description="Page size, at most 100.")]
Offset = Annotated[int, strawberry.argument(description="How many to skip.")]


def _records(info: Info[Any, Any], ids: Any, limit: int, offset: int) -> list[Any]:
    return _all_records(info, page(ids, limit, offset))


def _all_records(info: Info[Any, Any], ids: Any) -> list[Any]:
    """The records of ids an event lists (its places, people…): short, never paged."""
    return kg_of(info).records_of(ids)


def _is(cls: type) -> Any:
    return classmethod(lambda _cls, obj, _info: isinstance(obj, cls))


# Resolvers on a traversal's path are module functions marked `direct`: graphql-core calls
# them as they are (see schema.direct), which is most of what a field costs.


@direct
def _linked_events(
    root: strawberry.Parent[Any], info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> list[EventType]:
    """Events linked to a person, organisation, tag or category, in date order."""
    return _records(info, kg_of(info).event_ids_of(root.id), limit, offset)


@direct
def _linked_event_count(root: strawberry.Parent[Any], info: Info) -> int:
    return len(kg_of(info).event_ids_of(root.id))


@direct
def _parent_place(root: strawberry.Parent[models.Location], info: Info) -> LocationType | None:
    return kg_of(info).get(root.part_of) if root.part_of else None  # type: ignore[return-value]


@direct
def _child_places(
    root: strawberry.Parent[models.Location], info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> list[LocationType]:
    return _records(info, kg_of(info).children(root.id), limit, offset)


def _date_at(argument: str, text: str | None) -> HistoricalDate | None:
    if text is None:
        return None
    try:
        return HistoricalDate.parse(text)
    except DateError as error:
        raise_all([BadDate(argument, text, error.reason)])
        raise  # unreachable: raise_all raised


AsOf = Annotated[
    str | None,
    strawberry.argument(description="EDTF date: '1907', '1924-08-04'. Without it, every date's."),
]


def _part_of(root: strawberry.Parent[models.Location], info: Info, as_of: AsOf = None) -> list[LocationType]:
    kg = kg_of(info)
    return kg.records_of(place_history.part_of_at(kg, root.id, _date_at("asOf", as_of)))


def _contained_in(
    root: strawberry.Parent[models.Location], info: Info, as_of: AsOf = None
) -> list[LocationType]:
    kg = kg_of(info)
    return kg.records_of(place_history.containers_at(kg, root.id, _date_at("asOf", as_of)))


# Resolvers with a Boolean switch take it under its GraphQL name (``includeMentions``): a
# direct resolver is called with graphql-core's argument names, and camel case keeps them direct.
IncludeMentions = Annotated[
    bool, strawberry.argument(description="Also count people an event names only in passing (MENTIONS).")
]


@direct
def _associates(
    root: strawberry.Parent[models.Person],
    info: Info,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    includeMentions: IncludeMentions = False,
) -> list[Associate]:
    kg = kg_of(info)
    found = associates(kg, root.id, deadline_of(info), include_mentions=includeMentions)
    return [
        Associate(person=kg.node(pid), shared_events=n)  # type: ignore[arg-type]
        for pid, n in page(found, limit, offset)
    ]


@direct
def _mentioned_in(
    root: strawberry.Parent[models.Person], info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> list[EventType]:
    return _records(info, kg_of(info).mentioned_in(root.id), limit, offset)


def _how_long_ago(root: strawberry.Parent[models.Event], info: Info, as_of: str | None = None) -> ElapsedType:
    # Not direct: graphql-core would pass the argument as asOf. Without asOf, the request's
    # own day: the response cache keys on that same day, so a cached answer is never stale.
    reference = parse_as_of(as_of) if as_of is not None else today_of(info)
    return root.date.how_long_ago(reference)  # type: ignore[return-value]


@direct
def _category(root: strawberry.Parent[models.Event], info: Info) -> CategoryType:
    return kg_of(info).node(root.category)  # type: ignore[return-value]


@direct
def _locations(root: strawberry.Parent[models.Event], info: Info) -> list[LocationType]:
    return _all_records(info, root.locations)


@direct
def _people(
    root: strawberry.Parent[models.Event],
    info: Info,
    includeMentions: IncludeMentions = False,
) -> list[PersonType]:
    return _all_records(info, root.people + root.mentions if includeMentions else root.people)


@direct
def _mentions(root: strawberry.Parent[models.Event], info: Info) -> list[PersonType]:
    return _all_records(info, root.mentions)


@direct
def _roles(
    root: strawberry.Parent[models.Event],
    info: Info,
    includeMentions: IncludeMentions = False,
) -> list[PersonRole]:
    kg = kg_of(info)
    linked = root.people + root.mentions if includeMentions else root.people
    return [
        PersonRole(person=kg.node(pid), role=role_enum(root.role_of(pid) or Role.MENTIONS))  # type: ignore[arg-type]
        for pid in linked
    ]


@direct
def _organizations(root: strawberry.Parent[models.Event], info: Info) -> list[OrganizationType]:
    return _all_records(info, root.organizations)


@direct
def _tags(root: strawberry.Parent[models.Event], info: Info) -> list[TagType]:
    return _all_records(info, root.tags)


@direct
def _same_date_events(
    root: strawberry.Parent[models.Event], info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> list[EventType]:
    check_page(limit, offset)
    kg = kg_of(info)
    return kg.records_of(kg.same_date_page(root.id, limit, offset))


@direct
def _same_date_event_count(root: strawberry.Parent[models.Event], info: Info) -> int:
    return kg_of(info).same_date_count(root.id)


@direct
def _related_events(
    root: strawberry.Parent[models.Event], info: Info, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> list[EventType]:
    return _records(info, related_events(kg_of(info), root.id, deadline=deadline_of(info)), limit, offset)


def _wikidata_id(root: strawberry.Parent[Any]) -> str | None:
    return identity.wikidata_id(root)


def _same_as(root: strawberry.Parent[Any]) -> list[str]:
    return identity.same_as(root)


def _geonames_id(root: strawberry.Parent[models.Location]) -> str | None:
    return identity.geonames_id(root)


_WIKIDATA_ID = "The Wikidata item ('Q855') a source or curated link names; never guessed from a name."
_HISTORY = "The applied edits that shaped this record, oldest first (paged by first/after)."
_SAME_AS = "The same thing elsewhere: Wikidata entity, GeoNames and Wikipedia URLs from the sources."


@strawberry.interface(description="Anything with a global id: 'event:…', 'person:…', 'location:…'.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global id, also the id in the data files.")


@strawberry.type(description="Where a record came from.")
class Source:
    name: str = strawberry.field(description="The data set: 'seed', 'wikipedia', 'wikidata', 'curated'…")
    file: str | None
    record: str | None = strawberry.field(description="Line number or record id inside the file.")
    url: str | None


@strawberry.type(description="A reference a reader can follow.")
class Link:
    title: str
    url: str


@strawberry.type(name="Image", description="A picture a source names; Clio never fetches it.")
class ImageType:
    url: str
    source: str | None = strawberry.field(description="The page that credits it (a Commons file page).")

    @strawberry.field(description="No source gives one: always null; the source page states it.")
    def licence(self) -> str | None:
        return None


@strawberry.type
class Coordinates:
    lat: float
    lon: float


@strawberry.type(name="Category", description="A kind of event, as the 'On This Day' pages group them.")
class CategoryType(Node):
    name: str
    description: str | None
    is_type_of = _is(models.Category)
    history: ChangePage = strawberry.field(resolver=node_history, description=_HISTORY)

    events: list[EventType] = strawberry.field(
        resolver=_linked_events, description="Events in this category, in date order."
    )
    event_count: int = strawberry.field(
        resolver=_linked_event_count, description="How many events are in this category."
    )


@strawberry.type(name="Tag", description="A theme that runs across events: 'Cold War', 'Space Race'.")
class TagType(Node):
    name: str
    aliases: list[str]
    is_type_of = _is(models.Tag)
    history: ChangePage = strawberry.field(resolver=node_history, description=_HISTORY)

    events: list[EventType] = strawberry.field(
        resolver=_linked_events, description="Events with this tag, in date order."
    )
    event_count: int = strawberry.field(
        resolver=_linked_event_count, description="How many events carry this tag."
    )


@strawberry.type(name="Location", description="A place as it was: the Soviet Union stays the Soviet Union.")
class LocationType(Node):
    name: str
    kind: str = strawberry.field(description="country, historical-state, region, state, city, site…")
    aliases: list[str]
    coordinates: Coordinates | None
    iso_code: str | None
    description: str | None
    sources: list[Source]
    is_type_of = _is(models.Location)
    history: ChangePage = strawberry.field(resolver=node_history, description=_HISTORY)
    wikidata_id: str | None = strawberry.field(resolver=_wikidata_id, description=_WIKIDATA_ID)
    same_as: list[str] = strawberry.field(resolver=_same_as, description=_SAME_AS)
    geonames_id: str | None = strawberry.field(
        resolver=_geonames_id, description="The GeoNames id of a place the gazetteer knows."
    )
    geo: GeoPoint | None = strawberry.field(
        resolver=place_coordinates, description="Its coordinates with their precision (by its kind)."
    )

    # The record's own HistoricalDate is the GraphQL value (see HistoricalDateType).
    start: HistoricalDateType | None = strawberry.field(
        description="When the place (as a state) began to exist."
    )
    end: HistoricalDateType | None = strawberry.field(
        description="When the place (as a state) ceased to exist."
    )
    parent: LocationType | None = strawberry.field(
        resolver=_parent_place, description="The place this one lies in today."
    )
    part_of: list[LocationType] = strawberry.field(
        resolver=_part_of,
        description="The places this one lay directly in at asOf (undated links hold at every date).",
    )
    contained_in: list[LocationType] = strawberry.field(
        resolver=_contained_in,
        description="Every place this one lay in at asOf, nearest first: Tbilisi in 1924 is in the "
        "Georgian SSR, the Transcaucasian SFSR and the Soviet Union.",
    )
    children: list[LocationType] = strawberry.field(
        resolver=_child_places, description="Places directly inside this one."
    )

    @strawberry.field(description="Events here, in date order; with includeWithin, also in places inside it.")
    def events(
        self,
        root: strawberry.Parent[models.Location],
        info: Info,
        limit: Limit = DEFAULT_PAGE,
        offset: Offset = 0,
        include_within: bool = True,
    ) -> list[EventType]:
        return _records(
            info, events_at(kg_of(info), root.id, include_within, deadline_of(info)), limit, offset
        )


@strawberry.type(name="Organization", description="An army, party, movement or company.")
class OrganizationType(Node):
    name: str
    kind: str
    aliases: list[str]
    description: str | None
    sources: list[Source]
    is_type_of = _is(models.Organization)
    history: ChangePage = strawberry.field(resolver=node_history, description=_HISTORY)

    events: list[EventType] = strawberry.field(
        resolver=_linked_events, description="Events it took part in, in date order."
    )
    event_count: int = strawberry.field(
        resolver=_linked_event_count, description="How many events it took part in."
    )


@strawberry.type(description="Someone who shares events with a person, and how many.")
class Associate:
    person: PersonType
    shared_events: int


@strawberry.type(description="A person linked to an event, and the part they play in it.")
class PersonRole:
    person: PersonType
    role: RoleEnum  # type: ignore[valid-type]


@strawberry.type(name="Person", description="A person in history.")
class PersonType(Node):
    name: str
    aliases: list[str]
    description: str | None
    links: list[Link]
    sources: list[Source]
    is_type_of = _is(models.Person)
    history: ChangePage = strawberry.field(resolver=node_history, description=_HISTORY)
    wikidata_id: str | None = strawberry.field(resolver=_wikidata_id, description=_WIKIDATA_ID)
    same_as: list[str] = strawberry.field(resolver=_same_as, description=_SAME_AS)

    events: list[EventType] = strawberry.field(
        resolver=_linked_events, description="Events this person took part in, in date order."
    )
    event_count: int = strawberry.field(
        resolver=_linked_event_count, description="How many events this person took part in."
    )
    born: HistoricalDateType | None
    died: HistoricalDateType | None

    associates: list[Associate] = strawberry.field(
        resolver=_associates,
        description="People who take part in events with this one, most shared first.",
    )
    mentioned_in: list[EventType] = strawberry.field(
        resolver=_mentioned_in,
        description="Events that name this person only in passing, in date order (not in events).",
    )


@strawberry.type(
    name="Event", description="Something that happened, with its date, places, people and story."
)
class EventType(Node):
    title: str
    summary: str | None = strawberry.field(description="One sentence.")
    highlights: list[str]
    what_happened: str | None
    why_it_matters: str | None
    links: list[Link]
    sources: list[Source]
    is_type_of = _is(models.Event)
    history: ChangePage = strawberry.field(resolver=node_history, description=_HISTORY)
    image: ImageType | None = strawberry.field(description="A picture the Wikidata data set names.")
    geo: GeoPoint | None = strawberry.field(
        resolver=event_coordinates,
        description="Where it happened: its most specific place's coordinates, with their precision.",
    )
    distance_km: float | None = strawberry.field(
        resolver=distance_km,
        description="Kilometres from (lat, lon), or from the request's one `near` filter point.",
    )
    wikidata_id: str | None = strawberry.field(resolver=_wikidata_id, description=_WIKIDATA_ID)
    same_as: list[str] = strawberry.field(resolver=_same_as, description=_SAME_AS)

    # The record's own HistoricalDate is the GraphQL value (see HistoricalDateType).
    date: HistoricalDateType
    end_date: HistoricalDateType | None = strawberry.field(
        description="End of the event, for events that last."
    )
    how_long_ago: ElapsedType = strawberry.field(
        resolver=_how_long_ago, description="Time from the event to asOf (EDTF day, default today)."
    )
    category: CategoryType = strawberry.field(resolver=_category)
    locations: list[LocationType] = strawberry.field(resolver=_locations)
    people: list[PersonType] = strawberry.field(
        resolver=_people, description="People who take part in the event; mentions only when asked."
    )
    mentions: list[PersonType] = strawberry.field(
        resolver=_mentions, description="People the event names only in passing: no part in it."
    )
    roles: list[PersonRole] = strawberry.field(
        resolver=_roles, description="Each person who takes part, with their role; mentions when asked."
    )
    organizations: list[OrganizationType] = strawberry.field(resolver=_organizations)
    tags: list[TagType] = strawberry.field(resolver=_tags)
    same_date_events: list[EventType] = strawberry.field(
        resolver=_same_date_events,
        description="Other events on the same month and day in any year, newest first; empty without a day.",
    )
    same_date_event_count: int = strawberry.field(
        resolver=_same_date_event_count,
        description="How many sameDateEvents there are in all, to page through them with limit and offset.",
    )
    related_events: list[EventType] = strawberry.field(
        resolver=_related_events,
        description="Events sharing people, organisations, places or tags, most shared first.",
    )


__all__ = [
    "Associate",
    "CategoryType",
    "Coordinates",
    "EventType",
    "Link",
    "LocationType",
    "Node",
    "OrganizationType",
    "PersonRole",
    "PersonType",
    "Source",
    "TagType",
]
