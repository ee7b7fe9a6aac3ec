"""What a source reader yields: records as the source wrote them, before resolution.

A reader (one module per source format) only reads and parses. It never invents ids
and never decides whether "Georgia" is a country or a state: it hands names over as
written, and `graph.importers.resolve` turns drafts into canonical records on the
evidence of all sources together. Rows a reader cannot use become `Rejection`s, which
the import report lists: nothing is dropped quietly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.models import Image, Link, Source

if TYPE_CHECKING:
    from graph.dates import HistoricalDate


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a source, with what the source itself says about its kind.

    ``kind_hint`` is "person", "location", "organization" or None (unknown: the
    resolver decides on evidence, or keeps it as a topic). ``title`` is a Wikipedia
    page title when the source links one: the strongest key for resolution.
    """

    name: str
    kind_hint: str | None = None
    title: str | None = None
    role: str | None = None  # "commander (Confederate, Maj. Gen.)", "participant"


@dataclass(frozen=True, slots=True)
class DraftEvent:
    title: str
    date: HistoricalDate
    source: Source
    end_date: HistoricalDate | None = None
    category_hint: str | None = None  # a category id when the source implies one
    summary: str | None = None
    highlights: tuple[str, ...] = ()
    what_happened: str | None = None
    why_it_matters: str | None = None
    mentions: tuple[Mention, ...] = ()
    tags: tuple[str, ...] = ()  # tag names the source gives outright
    links: tuple[Link, ...] = ()
    article: str | None = None  # canonical Wikipedia title of the event, for merging
    coordinates: tuple[float, float] | None = None
    notes: tuple[str, ...] = ()  # what the reader assumed or converted, kept in the event's sources
    # The source gives one date for something that lasts (a war, a siege), which may be its end.
    date_may_be_end: bool = False
    # Another reading of the date the source's own numbers allow (see the Wikidata reader).
    date_as_written: HistoricalDate | None = None
    image: Image | None = None  # a picture the source names (Wikidata's P18 on Commons)


@dataclass(frozen=True, slots=True)
class DraftPerson:
    name: str
    source: Source
    born: HistoricalDate | None = None
    died: HistoricalDate | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    title: str | None = None  # Wikipedia page title, when the source links one
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftPlace:
    name: str
    source: Source
    kind: str | None = None
    part_of: str | None = None  # a name, resolved like any other
    coordinates: tuple[float, float] | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row a reader could not use, and why, in words a data editor can act on."""

    source: Source
    reason: str
    field: str | None = None
    text: str | None = None


Draft = DraftEvent | DraftPerson | DraftPlace | Rejection


@dataclass(slots=True)
class ReadCount:
    """Rows seen by a reader, by kind, for the import report."""

    read: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.read[kind] = self.read.get(kind, 0) + n


__all__ = ["Draft", "DraftEvent", "DraftPerson", "DraftPlace", "Mention", "ReadCount", "Rejection"]
