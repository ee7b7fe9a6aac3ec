"""Find the same event told by several sources and make it one event listing them all.

Two events from *different* sources are one when either

* they name the same Wikipedia article (a source's ``article``, or one of a Wikipedia
  day-page entry's link titles) and their dates agree on the year; or
* both are dated to the same day and their normalised titles (or summaries) are alike:
  RapidFuzz token-set ratio of at least ``SIMILAR`` (85), or at least ``SIMILAR_WITH_PLACE``
  (70) when they share a place — and always at least two shared content words, so that
  "Battle of X" never merges with "Battle of Y" on a busy day.

Two curated events with different ids are never merged. The merged event keeps the
fields of its most trusted source (canonical, then seed, acw, wikidata, historicaldate,
wikipedia), the most precise date, and the union of every reference, link and source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from graph.dates import HistoricalDate
from graph.models import Link, Source
from graph.text import fold

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
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    article: str | None = None
    merged: int = 0  # how many other builders were folded into this one

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


def _same_event(a: EventBuilder, b: EventBuilder) -> bool:
    if a.source_name == b.source_name:
        return False
    if a.canonical_id and b.canonical_id:
        return False
    score = similar(a, b)
    if score >= SIMILAR:
        return True
    return score >= SIMILAR_WITH_PLACE and bool(set(a.locations) & set(b.locations))


class _Sets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def merge_events(events: list[EventBuilder]) -> list[EventBuilder]:
    """Merge the events that are one, keeping the input order of the first of each."""
    sets = _Sets(len(events))
    by_article: dict[tuple[str, int], list[int]] = {}
    for index, event in enumerate(events):
        if event.article:
            by_article.setdefault((fold(event.article), event.date.astronomical_year), []).append(index)
    for index, event in enumerate(events):
        keys = [event.article] if event.article else [link.title for link in event.links]
        for title in keys:
            for other in by_article.get((fold(title), event.date.astronomical_year), []):
                if other != index and _mergeable(events[index], events[other]):
                    sets.union(index, other)
    by_day: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        if event.date.precision.value == "day" and event.date.end is None:
            by_day.setdefault(event.date.to_edtf(), []).append(index)
    for members in by_day.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if sets.find(a) != sets.find(b) and _same_event(events[a], events[b]):
                    sets.union(a, b)
    groups: dict[int, list[int]] = {}
    for index in range(len(events)):
        groups.setdefault(sets.find(index), []).append(index)
    return [_combine([events[i] for i in members]) for _, members in sorted(groups.items())]


def _mergeable(a: EventBuilder, b: EventBuilder) -> bool:
    return a.source_name != b.source_name and not (
        a.canonical_id and b.canonical_id and a.canonical_id != b.canonical_id
    )


def _extend(into: list[str], values: Iterable[str]) -> None:
    for value in values:
        if value not in into:
            into.append(value)


def _combine(members: list[EventBuilder]) -> EventBuilder:
    if len(members) == 1:
        return members[0]
    ordered = sorted(members, key=lambda e: e.priority)
    first = ordered[0]
    date = (
        first.date if first.canonical_id else min((m.date for m in ordered), key=lambda d: d.precision.rank)
    )
    merged = EventBuilder(
        title=first.title,
        date=date,
        source_name=first.source_name,
        # An end from another source is kept only if it does not end before the chosen start.
        end_date=next(
            (m.end_date for m in ordered if m.end_date and not m.end_date.latest() < date.earliest()), None
        ),
        canonical_id=next((m.canonical_id for m in ordered if m.canonical_id), None),
        category=next((m.category for m in ordered if m.category), None),
        category_evidence=next((m.category_evidence for m in ordered if m.category), None),
        summary=next((m.summary for m in ordered if m.summary), None),
        highlights=next((m.highlights for m in ordered if m.highlights), []),
        what_happened=next((m.what_happened for m in ordered if m.what_happened), None),
        why_it_matters=next((m.why_it_matters for m in ordered if m.why_it_matters), None),
        article=next((m.article for m in ordered if m.article), None),
        merged=sum(m.merged for m in ordered) + len(ordered) - 1,
    )
    for member in ordered:
        for name in ("locations", "people", "organizations", "tags", "topics"):
            _extend(getattr(merged, name), getattr(member, name))
        for link in member.links:
            if link not in merged.links:
                merged.links.append(link)
        for source in member.sources:
            if source not in merged.sources:
                merged.sources.append(source)
    return merged


__all__ = ["PRIORITY", "SIMILAR", "SIMILAR_WITH_PLACE", "EventBuilder", "merge_events", "similar"]
