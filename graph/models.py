"""Domain records: what an event, a person, a place… is, apart from any graph or API.

Records are frozen so that the graph can hand them to callers without copying:
nobody can change a loaded event behind the store's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from graph.roles import Role

if TYPE_CHECKING:
    from graph.dates import HistoricalDate


class Kind(str, Enum):
    """The kinds of node in the graph; the value is the id prefix (``event:…``)."""

    EVENT = "event"
    PERSON = "person"
    LOCATION = "location"
    ORGANIZATION = "organization"
    CATEGORY = "category"
    TAG = "tag"
    DAY = "day"  # a month-day of the calendar, shared by every year: "day:08-04"
    YEAR = "year"  # a calendar year, astronomical numbering: "year:1924", "year:-43"


class Relation(str, Enum):
    """Typed edges; used as the edge key of the multi-digraph (as RDFLib does)."""

    INVOLVED = "involved"  # person -> event: a part in it (any role but mentions, see graph.roles)
    MENTIONS = "mentions"  # person -> event: named in passing only; no participation
    OCCURRED_IN = "occurred_in"  # event -> location
    IN_CATEGORY = "in_category"  # event -> category
    TAGGED = "tagged"  # event -> tag
    ON_DAY = "on_day"  # event -> day
    IN_YEAR = "in_year"  # event -> year
    PART_OF = "part_of"  # location -> location (Moscow -> Russia)
    PARTICIPATED = "participated"  # organization -> event
    SAME_DAY = "same_day"  # event <-> event; derived for paths, never stored as an edge


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a data set, the file in it, and the line or record id."""

    name: str
    file: str | None = None
    record: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A reference a reader can follow."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of a record, as a source names it: the file's URL and the page to credit.

    No source gives a licence; ``source`` is the Wikimedia Commons file page, which states it.
    """

    url: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class PartOf:
    """A dated ``part_of`` link: Tbilisi lay in the Russian Empire until 1917. Open ends are None."""

    id: str
    start: HistoricalDate | None = None
    end: HistoricalDate | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place as it was: the Soviet Union stays the Soviet Union, with its own dates."""

    id: str
    name: str
    kind: str  # country, historical-state, city, region, site, body-of-water, …
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    coordinates: Coordinates | None = None
    iso_code: str | None = None
    start: HistoricalDate | None = None
    end: HistoricalDate | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()
    #: Every place it lay in, with dates (``graph.places_over_time``); ``part_of`` is then the
    #: link with no end (where it lies today), or None.
    part_of_dated: tuple[PartOf, ...] = ()
    #: References a reader can follow; a curated place names its Wikidata item by a link to
    #: ``https://www.wikidata.org/wiki/Q…`` (`graph.identity`), as a person does.
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    born: HistoricalDate | None = None
    died: HistoricalDate | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Organization:
    """Armies, parties, movements, companies: actors that are neither people nor places."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    date: HistoricalDate
    category: str
    end_date: HistoricalDate | None = None
    locations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    highlights: tuple[str, ...] = ()
    what_happened: str | None = None
    why_it_matters: str | None = None
    links: tuple[Link, ...] = ()
    sources: tuple[Source, ...] = field(default=())
    #: People the event names in passing (`Role.MENTIONS`); never also in ``people``.
    mentions: tuple[str, ...] = ()
    #: Participants with a role more precise than "participant", as (person id, role) pairs.
    roles: tuple[tuple[str, Role], ...] = ()
    image: Image | None = None

    def role_of(self, person_id: str) -> Role | None:
        """The part a person plays in this event, or None when the event does not link them."""
        if person_id in self.mentions:
            return Role.MENTIONS
        if person_id not in self.people:
            return None
        return next((role for pid, role in self.roles if pid == person_id), Role.PARTICIPANT)


Record = Event | Person | Location | Organization | Category | Tag

#: Which record class each kind of file holds, in the order they are loaded:
#: referenced kinds come before the events that reference them.
RECORD_KINDS: dict[Kind, type[Record]] = {
    Kind.CATEGORY: Category,
    Kind.TAG: Tag,
    Kind.LOCATION: Location,
    Kind.PERSON: Person,
    Kind.ORGANIZATION: Organization,
    Kind.EVENT: Event,
}

__all__ = [
    "RECORD_KINDS",
    "Category",
    "Coordinates",
    "Event",
    "Image",
    "Kind",
    "Link",
    "Location",
    "Organization",
    "PartOf",
    "Person",
    "Record",
    "Relation",
    "Role",
    "Source",
    "Tag",
]
