"""Read event pages in the seed's text format (the page Clio grew from).

A page is plain text, one paragraph a line, blank lines between::

    <title>                      repeated: title, date, date, title
    August 4th, 1924
    How Long Ago?                derived from the date: ignored
    Location / Category / People (• bullets) / Links & References / Tags
    <title>                      the body starts where the title comes back
    <summary paragraph>
    <highlights>                 short one-line paragraphs
    What Happened? / Why Does it Matter?
    Discover More Historic Events from August 4th
      <category> <title> <date line "August 4th, 2020 4 years ago"> <summary> Continue Reading

One page yields its own event and one more per "Discover More" entry, in page order.
The page's category names are mapped to category ids by name (``data/categories.jsonl``);
an unknown name is a :class:`DataError`, because a page is written by hand and a new
category is a decision for the data, not for the reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from graph.bundled import BUNDLED_DATA
from graph.dates import MONTH_NAMES, HistoricalDate
from graph.errors import DataError, DateError
from graph.importers.draft import Draft, DraftEvent, Mention
from graph.importers.walk import walk
from graph.models import Link, Source

FORMAT = "seed"

#: The categories file the page's category names are looked up in.
CATEGORIES = BUNDLED_DATA / "categories.jsonl"

_SECTIONS = ("How Long Ago?", "Location", "Category", "People", "Links & References", "Tags")
_WHAT = "What Happened?"
_WHY = "Why Does it Matter?"
_DISCOVER = re.compile(r"^Discover More Historic Events from ")
_CONTINUE = "Continue Reading"
_BULLET = re.compile(r"^[•*\-]\s*")
_DAY_DATE = re.compile(
    r"^(?P<month>[A-Z][a-z]+) (?P<day>\d{1,2})(?:st|nd|rd|th)?, (?P<year>\d{1,4})(?P<ago> \d+ \w+ ago)?$"
)
_URL = re.compile(r"https?://\S+")


class _Body(TypedDict):
    """The text under an event's title: its summary line, highlights and two sections."""

    summary: str | None
    highlights: tuple[str, ...]
    what_happened: str | None
    why_it_matters: str | None


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based, as an editor shows it
    text: str


def parse_day_date(text: str) -> HistoricalDate:
    """Read a page date line, with or without its "… ago" tail (derived, so dropped).

    The page writes one form only, so a small reader of that form is enough here.

    >>> parse_day_date("August 4th, 2020 4 years ago").to_edtf()
    '2020-08-04'
    >>> parse_day_date("August 4th, 1924").display
    'August 4th, 1924'
    >>> parse_day_date("Augst 4th, 1924")
    Traceback (most recent call last):
    graph.errors.DateError: cannot read date 'Augst 4th, 1924': unknown month 'Augst'
    """
    match = _DAY_DATE.match(text)
    if match is None:
        raise DateError(text, "expected a date like 'August 4th, 1924'")
    if match["month"] not in MONTH_NAMES:
        raise DateError(text, f"unknown month {match['month']!r}")
    month = MONTH_NAMES.index(match["month"]) + 1
    try:
        return HistoricalDate(int(match["year"]), month, int(match["day"]))
    except DateError as error:
        raise DateError(text, error.reason) from None


def category_ids(path: Path = CATEGORIES) -> dict[str, str]:
    """Map category names ("Politics & Government") to ids, from a categories file."""
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                names[record["name"]] = record["id"]
    return names


def read(paths: Sequence[Path], progress: Callable[[int], None] | None = None) -> Iterator[Draft]:
    """Yield the events of every seed page (``*.txt``) under ``paths``.

    Raises:
        DataError: a page without a title or a readable date, or with a category
            name that is not in ``data/categories.jsonl``.
    """
    categories = category_ids()
    for path, name in walk(paths, (".txt",)):
        drafts = read_page(path.read_text(encoding="utf-8"), name, categories)
        yield from drafts
        if progress is not None:
            progress(len(drafts))


def read_page(text: str, file: str, categories: dict[str, str]) -> list[DraftEvent]:
    """Read one page: its own event first, then the "Discover More" events in page order."""
    lines = [_Line(n, raw.strip()) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    return _Page(lines, file, categories).events()


class _Page:
    """A cursor over a page's non-blank lines; each method reads one part of the page."""

    def __init__(self, lines: list[_Line], file: str, categories: dict[str, str]) -> None:
        self.lines = lines
        self.file = file
        self.categories = categories
        self.at = 0

    def error(self, line: int | None, field: str, message: str) -> DataError:
        return DataError(self.file, line, field, message)

    def peek(self) -> _Line | None:
        return self.lines[self.at] if self.at < len(self.lines) else None

    def take(self) -> _Line:
        line = self.lines[self.at]
        self.at += 1
        return line

    def until(self, stop: Callable[[str], bool]) -> list[_Line]:
        """Take lines up to (not including) the first one ``stop`` accepts, or the end."""
        taken: list[_Line] = []
        while (line := self.peek()) is not None and not stop(line.text):
            taken.append(self.take())
        return taken

    def date(self, line: _Line) -> HistoricalDate:
        try:
            return parse_day_date(line.text)
        except DateError as error:
            raise self.error(line.number, "date", error.reason) from None

    def events(self) -> list[DraftEvent]:
        if not self.lines or _is_heading(self.lines[0].text) or _DAY_DATE.match(self.lines[0].text):
            first = self.lines[0].number if self.lines else 1
            raise self.error(first, "title", "the page must start with the event's title")
        title_line = self.take()
        title = title_line.text
        date_line = self.peek()
        if date_line is None:
            raise self.error(title_line.number + 1, "date", "the title must be followed by the date")
        self.take()
        date = self.date(date_line)
        # The page repeats the date and the title before its sections.
        self.until(lambda t: t not in (title, date_line.text))
        sections = self.sections(title)
        body = self.body(title)
        main = DraftEvent(
            title=title,
            date=date,
            source=Source(name=FORMAT, file=self.file, record=f"line {title_line.number}"),
            category_hint=self.category(sections.get("Category", [])),
            summary=body["summary"],
            highlights=body["highlights"],
            what_happened=body["what_happened"],
            why_it_matters=body["why_it_matters"],
            mentions=_mentions(sections),
            tags=tuple(_split_list(sections.get("Tags", []))),
            links=tuple(_links(sections.get("Links & References", []))),
        )
        return [main, *self.discover_more()]

    def sections(self, title: str) -> dict[str, list[_Line]]:
        """Read the labelled sections up to the title's return, which opens the body."""
        sections: dict[str, list[_Line]] = {}
        while (line := self.peek()) is not None and line.text in _SECTIONS:
            self.take()
            sections[line.text] = self.until(lambda t: t in _SECTIONS or t == title)
        # The title comes back before the summary; a page with no sections has only
        # the repeat at the top, which the caller skipped already.
        if (line := self.peek()) is not None and line.text == title:
            self.take()
        return sections

    def body(self, title: str) -> _Body:
        intro = self.until(lambda t: t in (_WHAT, _WHY) or bool(_DISCOVER.match(t)))
        what = self.part(_WHAT, lambda t: t == _WHY or bool(_DISCOVER.match(t)))
        why = self.part(_WHY, lambda t: bool(_DISCOVER.match(t)))
        return {
            "summary": intro[0].text if intro else None,
            "highlights": tuple(line.text for line in intro[1:]),
            "what_happened": what,
            "why_it_matters": why,
        }

    def part(self, heading: str, stop: Callable[[str], bool]) -> str | None:
        line = self.peek()
        if line is None or line.text != heading:
            return None
        self.take()
        return "\n\n".join(line.text for line in self.until(stop)) or None

    def category(self, lines: list[_Line]) -> str | None:
        if not lines:
            return None
        if len(lines) > 1:
            raise self.error(lines[1].number, "category", "a page has one category")
        return self.category_id(lines[0])

    def category_id(self, line: _Line) -> str:
        try:
            return self.categories[line.text]
        except KeyError:
            known = ", ".join(sorted(self.categories))
            raise self.error(
                line.number, "category", f"unknown category {line.text!r} (known: {known})"
            ) from None

    def discover_more(self) -> list[DraftEvent]:
        heading = self.peek()
        if heading is None:
            return []
        if not _DISCOVER.match(heading.text):
            raise self.error(heading.number, "discover_more", f"unexpected line {heading.text!r}")
        self.take()
        events: list[DraftEvent] = []
        while (category := self.peek()) is not None:
            self.take()
            entry = self.until(lambda t: t == _CONTINUE)
            if self.peek() is not None:
                self.take()  # "Continue Reading"
            if len(entry) < 3:
                raise self.error(category.number, "discover_more", "an entry needs category, title and date")
            title, date_line, *summary = entry
            date = self.date(date_line)
            events.append(
                DraftEvent(
                    title=title.text,
                    date=date,
                    source=Source(name=FORMAT, file=self.file, record=f"line {title.number}"),
                    category_hint=self.category_id(category),
                    summary="\n\n".join(line.text for line in summary) or None,
                )
            )
        return events


def _is_heading(text: str) -> bool:
    return text in _SECTIONS or text in (_WHAT, _WHY) or bool(_DISCOVER.match(text))


def _split_list(lines: list[_Line]) -> list[str]:
    """Bullets one a line, or a comma-separated line: "Mexico, Soviet Union"."""
    items: list[str] = []
    for line in lines:
        text = _BULLET.sub("", line.text)
        parts = [text] if _BULLET.match(line.text) else text.split(",")
        items.extend(part.strip() for part in parts if part.strip())
    return items


def _mentions(sections: dict[str, list[_Line]]) -> tuple[Mention, ...]:
    people = [Mention(name, kind_hint="person") for name in _split_list(sections.get("People", []))]
    places = [Mention(name, kind_hint="location") for name in _split_list(sections.get("Location", []))]
    return (*people, *places)


def _links(lines: list[_Line]) -> list[Link]:
    """A line with a URL is a link; the text before the URL (if any) is its title."""
    links: list[Link] = []
    for line in lines:
        match = _URL.search(line.text)
        if match is not None:
            title = line.text[: match.start()].strip(" :-–") or match.group()
            links.append(Link(title=_BULLET.sub("", title), url=match.group()))
    return links


__all__ = ["CATEGORIES", "FORMAT", "category_ids", "parse_day_date", "read", "read_page"]
