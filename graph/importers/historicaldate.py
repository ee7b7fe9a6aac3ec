"""Read the historicaldate CSVs: events, lives and tenures with dates as people write them.

Every file has a ``label`` and a ``url``; the date columns say what a row is:

* ``hdate_birth`` / ``hdate_death`` make a :class:`DraftPerson` (authors, composers,
  scientists, the Brontës and their family);
* ``hdate`` (with an optional ``hdate_end``) makes a :class:`DraftEvent`, a span when
  the end differs from the start.

Columns cannot tell a tenure from an event ("Walpole, 3 apr 1721, 11 feb 1742" reads
like an invention's dates), so :data:`TENURES` names the files whose ``hdate`` rows are
a person holding an office. Such a row gives the person (with birth and death where
the file has them) and an event "Reign of …", "Premiership of …" or "Presidency of …"
that mentions them. A tenure whose end is ``ongoing`` has no end date yet.

Only :data:`EVENT_ARTICLES` files link each event's own Wikipedia article; elsewhere the
URL is a reference (Catapult links Ajatashatru, Blood Circulation a section of William
Harvey), kept as a link but never as the article the pipeline merges events on.

``approx_year``, ``max_xrange_years``, ``colour`` and ``rank`` only serve the source's
timeline plots and are not read. A date the date reader cannot read makes an event row
a Rejection; a person keeps the dates that could be read, and the other is reported.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from graph.dates import HistoricalDate
from graph.errors import DataError, DateError
from graph.importers.csvrows import rows_with_lines
from graph.importers.datetext import parse_date_text
from graph.importers.draft import Draft, DraftEvent, DraftPerson, Mention, Rejection
from graph.importers.oldstyle import assume_julian, labelled_julian
from graph.importers.walk import walk
from graph.models import Link, Source

FORMAT = "historicaldate"

_WIKI = "https://en.wikipedia.org/wiki/"


@dataclass(frozen=True, slots=True)
class Tenure:
    """How a file's tenures are named: "Reign of Alfred the Great", held by a "monarch"."""

    office: str
    role: str


#: Files (by name) whose dated rows are tenures of an office.
TENURES = {
    "British Prime Ministers.csv": Tenure("Premiership", "prime minister"),
    "US presidents.csv": Tenure("Presidency", "president"),
    "English and British Monarchs.csv": Tenure("Reign", "monarch"),
    "French Monarchs.csv": Tenure("Reign", "monarch"),
    "Scottish Monarchs.csv": Tenure("Reign", "monarch"),
}
#: Files whose URLs are the events' own Wikipedia articles.
EVENT_ARTICLES = frozenset({"Events in British History.csv"})
#: Files whose events all belong to one category.
CATEGORIES = {
    "Chemistry and Life Sciences.csv": "category:science-technology",
    "Maths Physics Astronomy.csv": "category:science-technology",
    "Technology and Computing.csv": "category:science-technology",
    # The Brontës' lives as writers (schools, posts as governess, books published): the
    # Culture files' events are what a reader looks for under Arts & Culture.
    "Charlotte Bronte.csv": "category:arts-culture",
    "Emily Bronte.csv": "category:arts-culture",
    "Anne Bronte.csv": "category:arts-culture",
    "Other Brontes.csv": "category:arts-culture",
}
_ONGOING = "ongoing"
_NUMBERED = re.compile(r"\s*\(\d+\)$")  # "George Washington (1)": the president's number


def read(paths: Sequence[Path], progress: Callable[[int], None] | None = None) -> Iterator[Draft]:
    """Yield people, events and tenures from every CSV under ``paths``.

    Raises:
        DataError: a CSV without a ``label`` column or without any date column.
    """
    for path, name in walk(paths, (".csv",)):
        rows = _rows(path, name)
        yield from _File(name, rows).drafts()
        if progress is not None:
            progress(len(rows))


def _rows(path: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows with the line each starts on (line 1 is the header)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if "label" not in columns:
            raise DataError(name, 1, "label", "missing required column 'label'")
        if "hdate" not in columns and "hdate_birth" not in columns:
            raise DataError(name, 1, "hdate", "missing a date column: 'hdate' or 'hdate_birth'")
        return rows_with_lines(reader)


def article_title(url: str) -> str | None:
    """The page title of a whole English Wikipedia article; None for a section or elsewhere.

    >>> article_title("https://en.wikipedia.org/wiki/Anne_Bront%C3%AB")
    'Anne Brontë'
    >>> article_title("https://en.wikipedia.org/wiki/Microscope#History") is None
    True
    """
    if not url.startswith(_WIKI) or "#" in url:
        return None
    return unquote(url[len(_WIKI) :]).replace("_", " ") or None


class _File:
    """One CSV: decides what each row is, using the file's name and its other rows."""

    def __init__(self, name: str, rows: list[tuple[int, dict[str, str]]]) -> None:
        self.name = name
        self.base = name.rsplit("/", 1)[-1]
        self.rows = rows
        self.tenure = TENURES.get(self.base)
        people = [row for _, row in rows if row.get("hdate_birth") or row.get("hdate_death")]
        # A file of one person's life ("Anne Bronte.csv"): its events are that person's.
        self.subject = people[0] if len(people) == 1 and not self.tenure else None
        holders = Counter(self.holder(row) for _, row in rows) if self.tenure else Counter[str]()
        self.repeated = {name for name, n in holders.items() if n > 1}

    def source(self, line: int, url: str | None = None) -> Source:
        return Source(name=FORMAT, file=self.name, record=f"line {line}", url=url or None)

    def reject(self, line: int, reason: str, field: str | None, text: str | None) -> Rejection:
        return Rejection(source=self.source(line), reason=reason, field=field, text=text)

    def holder(self, row: dict[str, str]) -> str:
        """The office holder's full name: PMs and presidents have it in the description."""
        if self.tenure is not None and self.tenure.office != "Reign" and row.get("description"):
            return _NUMBERED.sub("", row["description"]).strip()
        return article_title(row.get("url", "")) or row["label"]

    def drafts(self) -> Iterator[Draft]:
        for line, row in self.rows:
            if not row["label"]:
                yield self.reject(line, "empty label", "label", None)
                continue
            is_person = bool(row.get("hdate_birth") or row.get("hdate_death")) or self.tenure is not None
            if is_person:
                yield from self.person(line, row)
            if row.get("hdate") or not is_person:
                yield from self.event(line, row)

    def person(self, line: int, row: dict[str, str]) -> Iterator[Draft]:
        dates: dict[str, HistoricalDate | None] = {}
        for field in ("hdate_birth", "hdate_death"):
            dates[field] = None
            text = row.get(field, "")
            if text:
                try:
                    dates[field] = parse_date_text(text)
                except DateError as error:
                    reason = f"unreadable {field}, person kept without it: {error.reason}"
                    yield self.reject(line, reason, field, text)
        url = row.get("url", "")
        name = self.holder(row) if self.tenure and self.tenure.office != "Reign" else row["label"]
        description = row.get("description") or None
        yield DraftPerson(
            name=name,
            source=self.source(line, url),
            born=dates["hdate_birth"],
            died=dates["hdate_death"],
            description=None if self.tenure else description,
            aliases=tuple(sorted({row["label"], _NUMBERED.sub("", description or "").strip()} - {name, ""})),
            title=article_title(url),
            links=(Link(article_title(url) or row["label"], url),) if url else (),
        )

    def event(self, line: int, row: dict[str, str]) -> Iterator[Draft]:
        start_text, end_text = row.get("hdate", ""), row.get("hdate_end", "")
        if not start_text:
            yield self.reject(line, "no date", "hdate", None)
            return
        try:
            date = parse_date_text(start_text)
        except DateError as error:
            yield self.reject(line, f"unreadable date: {error.reason}", "hdate", start_text)
            return
        end = None
        if end_text and end_text.lower() != _ONGOING and end_text != start_text:
            try:
                end = parse_date_text(end_text)
            except DateError as error:
                yield self.reject(line, f"unreadable end date: {error.reason}", "hdate_end", end_text)
                return
            if end.latest() < date.earliest():
                yield self.reject(
                    line, f"ends ({end.display}) before it starts ({date.display})", "hdate_end", end_text
                )
                return
        # The rows are written from Wikipedia, which gives days before 1582 in the Julian calendar.
        date, calendar_note = assume_julian(date)
        if end is not None and date.calendar == "julian":
            end = labelled_julian(end)
        url = row.get("url", "")
        mentions: tuple[Mention, ...] = ()
        title = row["label"]
        category = CATEGORIES.get(self.base)
        if self.tenure is not None:
            holder = self.holder(row)
            title = f"{self.tenure.office} of {holder}"
            if holder in self.repeated:
                title += f" ({date.year})"  # Gladstone held the office four times
            mentions = (Mention(holder, kind_hint="person", title=article_title(url), role=self.tenure.role),)
            category = "category:politics-government"
        elif self.subject is not None:
            subject_url = self.subject.get("url", "")
            mentions = (Mention(self.subject["label"], kind_hint="person", title=article_title(subject_url)),)
        yield DraftEvent(
            title=title,
            date=date,
            end_date=end,
            source=self.source(line, url),
            category_hint=category,
            summary=None if self.tenure else (row.get("description") or None),
            mentions=mentions,
            links=(Link(article_title(url) or row["label"], url),) if url else (),
            article=article_title(url) if self.base in EVENT_ARTICLES else None,
            notes=(calendar_note,) if calendar_note else (),
        )


__all__ = ["CATEGORIES", "EVENT_ARTICLES", "FORMAT", "TENURES", "Tenure", "article_title", "read"]
