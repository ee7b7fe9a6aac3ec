"""An event being assembled from one or more sources, and how alike two such events read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from graph.calendar import Precision
from graph.dates import HistoricalDate
from graph.models import Event, Image, Link, Source
from graph.roles import Role
from graph.text import fold

#: The source name of the import's own notes (assumptions, conversions, categories).
NOTE_SOURCE = "clio-import"
SIMILAR = 85
SIMILAR_WITH_PLACE = 70
#: Lower is more trusted: whose title, summary and category a merged event keeps.
PRIORITY = {"canonical": 0, "seed": 1, "acw": 2, "wikidata": 3, "historicaldate": 4, "wikipedia": 5}
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "the", "to",
    "was", "were", "with", "its", "it", "be", "been", "this", "that", "which", "after", "during",
})  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class EventBuilder:
    """An event being assembled from one or more sources."""

    title: str
    date: HistoricalDate
    source_name: str
    end_date: HistoricalDate | None = None
    canonical_id: str | None = None
    category: str | None = None
    category_evidence: str | None = None
    summary: str | None = None
    highlights: list[str] = field(default_factory=list)
    what_happened: str | None = None
    why_it_matters: str | None = None
    locations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # participants (graph.roles)
    mentions: list[str] = field(default_factory=list)  # people named in passing
    roles: dict[str, Role] = field(default_factory=dict)  # participants' roles beyond "participant"
    organizations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    article: str | None = None
    date_may_be_end: bool = False  # the source's one date for a war or siege may be its end
    date_as_written: HistoricalDate | None = None  # another reading the source's numbers allow
    merged: int = 0  # how many other builders were folded into this one
    conflicts: list[str] = field(default_factory=list)  # dates other sources gave, not kept
    known_ids: list[str] = field(default_factory=list)  # ids earlier imports published for it
    image: Image | None = None

    @classmethod
    def from_event(cls, event: Event, source_name: str, **fields: Any) -> EventBuilder:
        """A builder holding a finished event's text, date and links; ``fields`` set the rest
        (its category, sources, ids), which curated data and earlier imports give differently."""
        return cls(
            title=event.title,
            date=event.date,
            source_name=source_name,
            end_date=event.end_date,
            summary=event.summary,
            highlights=list(event.highlights),
            what_happened=event.what_happened,
            why_it_matters=event.why_it_matters,
            locations=list(event.locations),
            people=list(event.people),
            mentions=list(event.mentions),
            roles=dict(event.roles),
            organizations=list(event.organizations),
            tags=list(event.tags),
            image=event.image,
            links=list(event.links),
            **fields,
        )

    def source_names(self) -> set[str]:
        """The sources that told this event (an earlier import's event may have several)."""
        return {s.name for s in self.sources if s.name != NOTE_SOURCE} or {self.source_name}

    def stable_key(self) -> tuple[str, str, str]:
        """The first source record that told it: orders events the same whatever order sources came in."""
        told = [(s.name, s.file or "", s.record or "") for s in self.sources if s.name != NOTE_SOURCE]
        return min(told, default=(self.source_name, self.title, self.date.to_edtf()))

    def day_entries(self) -> int:
        """How many Wikipedia day-page entries this event holds: its day is theirs."""
        if self.date.precision is not Precision.DAY:
            return 0
        return sum(1 for s in self.sources if s.name == "wikipedia") or int(self.source_name == "wikipedia")

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.source_name, len(PRIORITY))

    def words(self) -> frozenset[str]:
        return frozenset(w for w in _WORD.findall(fold(self.title)) if w not in _STOP)


def _normal(text: str) -> str:
    return " ".join(w for w in _WORD.findall(fold(text)) if w not in _STOP)


def _stem(word: str) -> str:
    # "establishment"/"established", "relations"/"relation": enough to count shared words.
    for suffix in ("ment", "ed", "s", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def similar(a: EventBuilder, b: EventBuilder) -> int:
    """The likeness of two same-day events in 0–100, or 0 when they share under two words.

    >>> day = HistoricalDate(1924, 8, 4)
    >>> seed = EventBuilder("Establishment of Mexico-Soviet Diplomatic Relations", day, "seed")
    >>> told = "Diplomatic relations between Mexico and the Soviet Union are established."
    >>> wiki = EventBuilder(told, day, "wikipedia")
    >>> similar(seed, wiki) >= SIMILAR_WITH_PLACE
    True
    """
    shared = {_stem(w) for w in a.words()} & {_stem(w) for w in b.words()}
    if len(shared) < 2:
        return 0
    scores = [fuzz.token_set_ratio(_normal(a.title), _normal(b.title))]
    for x, y in ((a.summary, b.title), (a.title, b.summary)):
        if x and y:
            scores.append(fuzz.token_set_ratio(_normal(x), _normal(y)))
    return round(max(scores))


__all__ = ["NOTE_SOURCE", "PRIORITY", "SIMILAR", "SIMILAR_WITH_PLACE", "EventBuilder", "similar"]
