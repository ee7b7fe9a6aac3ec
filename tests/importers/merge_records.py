"""Records as the importers hand them to the merge, for the merge's tests: day entries and rows."""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.importers.merge import EventBuilder
from graph.models import Link, Source


def link(title: str) -> Link:
    return Link(title, f"https://wikipedia.org/wiki/{title.replace(' ', '_')}")


def entry(sentence: str, date: HistoricalDate, *links: str) -> EventBuilder:
    """A Wikipedia day entry as the reader and pipeline build it."""
    page = f"events/{date.month}/{date.day}.json"
    built = EventBuilder(
        sentence.rstrip("."), date, "wikipedia", sources=[Source("wikipedia", page, sentence)]
    )
    built.summary = sentence
    built.links = [link(title) for title in links]
    return built


def record(title: str, source: str, date: HistoricalDate, **fields: object) -> EventBuilder:
    built = EventBuilder(title, date, source, sources=[Source(source, record=title)])
    for key, value in fields.items():
        setattr(built, key, value)
    return built


__all__ = ["entry", "link", "record"]
