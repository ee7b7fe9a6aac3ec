"""Read Wikipedia's "On this day" files: events, births and deaths for every day.

Layout: ``{events,births,deaths}/<month>/<day>.json``, each file
``{"wikipedia": <day page>, "date": "August 4", "<kind>": [records]}`` and each record
``{"year": "1924", "description": "…", "wikipedia": [{"title", "wikipedia"}, …]}``.

An event record becomes a `DraftEvent` (its links become mentions, typed later by
`graph.importers.resolve`); a birth or death record becomes a `DraftPerson`, the person
being its first link that is not a year page. The scrape is messy; each trap is either
repaired on a rule written here or rejected with a reason:

* *Sentence in ``year``*, description null (``"1459- Pope Pius II becomes…"``): when the
  text starts with a year followed by a dash or a space, the year is that prefix and the
  description the rest. Without a leading year (sub-items of a grouped entry, such as the
  Challenger crew) the record is rejected: its year is not in the record.
* *Doubled URLs* (``https://wikipedia.orghttps://wikipedia.org/wiki/…``): the first host is
  dropped.
* *``#fragment`` links*: the title already names the target page, so resolution uses the
  title; the link URL keeps its fragment, since it points at the right section.
* *Citation marks* (``[2]``, ``[citation needed]``), non-breaking spaces and newlines are
  removed or turned into single spaces.
* *Year-page links* (a first link titled ``"2010"`` or ``"AD 98"``) are dropped.
* *Empty records* and empty descriptions are rejected.
* Years the date reader cannot read (``"1035]"``) are rejected with the text.

Dates: the file's month and day plus the record's year (`parse_year_text`). A death
record's day is the death day; ``(b. 1907)`` in it gives the birth year, and ``(d. 1319)``
in a birth record the death year.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from graph.dates import HistoricalDate
from graph.errors import DataError, DateError
from graph.importers.datetext import parse_year_text
from graph.importers.draft import Draft, DraftEvent, DraftPerson, Mention, Rejection
from graph.importers.grouped import LIST_PAGE, links_for, split_grouped
from graph.importers.oldstyle import assume_julian
from graph.importers.walk import walk
from graph.models import Link, Source

FORMAT = "wikipedia"
KINDS = ("events", "births", "deaths")

_CITATION = re.compile(r"\s*\[(?:\d+|[a-z]|citation needed|note \d+)\]", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_YEAR_WORD = r"(?:AD\s?\d{1,4}|\d{1,4}(?:\s?(?:BCE?|AD|CE))?)"
#: A title that is a year page ("2010", "AD 98", "83 BC"), linked before the sentence.
_YEAR_TITLE = re.compile(rf"^{_YEAR_WORD}$")
#: "1459- Pope Pius II…", "2010 The Burj…", "1945 -- Mikhail…": a year, then dashes or a space.
_SENTENCE_IN_YEAR = re.compile(rf"^(?P<year>{_YEAR_WORD})\s*(?:[-–—]+\s*|\s)(?P<rest>\S.*)$", re.DOTALL)
_BORN = re.compile(r"\(\s*b\.\s*(?P<year>[^)]*?)\s*\)")
_DIED = re.compile(r"\(\s*d\.\s*(?P<year>[^)]*?)\s*\)")
_DOUBLED_HOST = re.compile(r"^(https?://[^/]+)(?=https?://)")
_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)$")
#: The sentence says the page's day is Old Style: "(Old Style date; September 16 per New Style date.)".
_OLD_STYLE_DAY = re.compile(
    r"\((?:Old Style|O\.S\.)(?: date)?\s*[;)]|\(Julian calendar(?: date)?\)"
    r"|\([A-Z][a-z]+ \d{1,2} in the Gregorian calendar\)",  # "(March 8 in the Gregorian calendar)"
    re.IGNORECASE,
)
#: The sentence says the page's day is Gregorian even before the reform: "(Gregorian calendar)".
_NEW_STYLE_DAY = re.compile(r"\((?:New Style|N\.S\.|Gregorian calendar)\)", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Drop citation marks and fold every run of spaces (NBSPs, newlines) into one space.

    >>> clean_text("Marie Byles,\\u00a0Australian solicitor (d.\\u00a01979)\\u00a0[1]\\n")
    'Marie Byles, Australian solicitor (d. 1979)'
    """
    return _SPACES.sub(" ", _CITATION.sub("", text.replace("\u00a0", " "))).strip()


def clean_url(url: str) -> str:
    """Undo the scrape's doubled host.

    >>> clean_url("https://wikipedia.orghttps://wikipedia.org/wiki/Gregory_Jarvis")
    'https://wikipedia.org/wiki/Gregory_Jarvis'
    """
    return _DOUBLED_HOST.sub("", url.strip())


def is_year_title(title: str) -> bool:
    """Whether a link title is a year page rather than a subject.

    >>> [is_year_title(t) for t in ("2010", "AD 98", "83 BC", "1984 (novel)", "Titus")]
    [True, True, True, False, False]
    """
    return _YEAR_TITLE.match(title.strip()) is not None


def person_name(title: str) -> str:
    """A person's name from their page title, without the disambiguator.

    >>> person_name("Michael J. Smith (astronaut)")
    'Michael J. Smith'
    """
    return _DISAMBIGUATOR.sub("", title).strip() or title


def _month_day(name: str) -> tuple[int, int] | None:
    parts = Path(name).with_suffix("").parts
    try:
        return int(parts[-2]), int(parts[-1])
    except (IndexError, ValueError):
        return None


def _links(raw: object, path: str, line: int | None) -> list[Link]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DataError(path, line, "wikipedia", f"expected a list of links, got {type(raw).__name__}")
    links = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise DataError(path, line, f"wikipedia.{index}", "expected a link object with a 'title'")
        title = clean_text(item["title"])
        url = clean_url(str(item.get("wikipedia") or ""))
        if title and not is_year_title(title):
            links.append(Link(title=title, url=url))
    return links


def _record_lines(text: str, count: int) -> list[int] | None:
    """The 1-based line of each record's opening brace, for reporting.

    The files are pretty-printed with four-space indents, so a record opens on a line that
    is just ``{`` indented twice; if a file is laid out otherwise, records are numbered.
    """
    lines = [number for number, line in enumerate(text.split("\n"), start=1) if line.rstrip() == "        {"]
    return lines if len(lines) == count else None


def _repair_year(year: object, description: object) -> tuple[str, str] | str:
    """The record's (year, description), repaired by the module's rules, or a rejection reason."""
    if year is None and not description:
        return "empty record: no year, no description"
    if not isinstance(year, str):
        return "year is not a text"
    year = clean_text(year)
    if description is None:
        match = _SENTENCE_IN_YEAR.match(year)
        if match is None:
            return "the whole sentence sits in 'year' and starts with no year (a sub-item of a grouped entry)"
        return match["year"], clean_text(match["rest"])
    if not isinstance(description, str):
        return "description is not a text"
    return year, clean_text(description)


def _life_year(pattern: re.Pattern[str], text: str) -> HistoricalDate | None:
    match = pattern.search(text)
    if match is None:
        return None
    try:
        return parse_year_text(match["year"])
    except DateError:
        return None


def _strip_life(text: str) -> str:
    return _SPACES.sub(" ", _DIED.sub("", _BORN.sub("", text))).strip(" ,")


def read(paths: Sequence[Path], progress: Callable[[int], None] | None = None) -> Iterator[Draft]:
    """Yield drafts for every record of every day file under ``paths``.

    A file that is not valid JSON, or not shaped as described above, raises `DataError`;
    a record that cannot be used is yielded as a `Rejection`.
    """
    for path, name in walk(paths, (".json",)):
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise DataError(name, error.lineno, None, f"not valid JSON: {error.msg}") from error
        kinds = [kind for kind in KINDS if isinstance(data, dict) and kind in data]
        month_day = _month_day(name)
        if len(kinds) != 1 or month_day is None:
            raise DataError(
                name,
                1,
                None,
                "expected an '<events|births|deaths>/<month>/<day>.json' file with one record list",
            )
        kind = kinds[0]
        records = data[kind]
        if not isinstance(records, list):
            raise DataError(name, 1, kind, "expected a list of records")
        lines = _record_lines(text, len(records))
        page = str(data.get("wikipedia") or "") or None
        for index, raw in enumerate(records):
            line = lines[index] if lines else None
            where = f"line {line}" if line else f"{kind}.{index}"
            source = Source(name=FORMAT, file=name, record=where, url=page)
            yield from _drafts(kind, raw, month_day, source, name, line)
        if progress is not None:
            progress(len(records))


def _drafts(
    kind: str, raw: object, month_day: tuple[int, int], source: Source, name: str, line: int | None
) -> Iterator[Draft]:
    """One draft per record, or one per person line of a grouped birth or death entry."""
    description = raw.get("description") if isinstance(raw, dict) else None
    grouped = split_grouped(description) if kind != "events" and isinstance(description, str) else None
    if grouped is None or not isinstance(raw, dict):
        yield _draft(kind, raw, month_day, source, name, line)
        return
    links = _links(raw.get("wikipedia"), name, line)
    names = {link.title: person_name(link.title) for link in links}
    for person_line in grouped[1]:
        own = [{"title": link.title, "wikipedia": link.url} for link in links_for(person_line, links, names)]
        yield _draft(
            kind, {**raw, "description": person_line, "wikipedia": own}, month_day, source, name, line
        )


def _event_calendar(date: HistoricalDate, description: str) -> tuple[HistoricalDate, str | None]:
    """The day page's date in the calendar its sentence states, or Julian before 1582 by assumption.

    >>> told = "The Pilgrims sail (Old Style date; September 16 per New Style date.)"
    >>> _event_calendar(HistoricalDate(1620, 9, 6), told)[0].calendar
    'julian'
    >>> _event_calendar(HistoricalDate(1066, 10, 14), "Battle of Hastings")[1]
    'calendar: Julian assumed, as historians give dates before 15 October 1582'
    """
    if date.calendar == "julian":
        return date, None
    if _OLD_STYLE_DAY.search(description):
        return dataclasses.replace(
            date, calendar="julian"
        ), "calendar: Julian, as the sentence says (Old Style)"
    if _NEW_STYLE_DAY.search(description):
        return date, None
    return assume_julian(date)


def _draft(
    kind: str, raw: object, month_day: tuple[int, int], source: Source, name: str, line: int | None
) -> Draft:
    if not isinstance(raw, dict):
        raise DataError(name, line, None, "expected a record object")
    repaired = _repair_year(raw.get("year"), raw.get("description"))
    if isinstance(repaired, str):
        return Rejection(source, repaired, "year", str(raw.get("year")))
    year_text, description = repaired
    links = [
        link
        for link in _links(raw.get("wikipedia"), name, line)
        if kind == "events" or not LIST_PAGE.match(link.title)
    ]
    if not description:
        return Rejection(source, "empty description", "description", None)
    try:
        date = parse_year_text(year_text, *month_day)
    except DateError as error:
        return Rejection(source, f"unreadable year: {error.reason}", "year", year_text)
    if kind == "events":
        date, note = _event_calendar(date, description)
        return DraftEvent(
            title=description,
            date=date,
            source=source,
            summary=description,
            mentions=tuple(Mention(name=link.title, title=link.title) for link in links),
            links=tuple(links),
            notes=(note,) if note else (),
        )
    if not links:
        return Rejection(
            source, "a birth or death record without a link to the person", "wikipedia", description
        )
    # The person is the link the sentence starts with ("1642 (OS)" records link the Julian
    # calendar first); failing that, the first link that is not a year page.
    person = next((link for link in links if description.startswith(person_name(link.title))), links[0])
    born, died = (
        (date, _life_year(_DIED, description)) if kind == "births" else (_life_year(_BORN, description), date)
    )
    name_text = person_name(person.title)
    if description.startswith(name_text):
        name_part, rest = name_text, description[len(name_text) :].lstrip(" ,")
    else:
        name_part, _, rest = (part.strip() for part in description.partition(","))
    # The sentence may spell the name otherwise than the page title ("Devyataev"): an alias,
    # unless it is just the start of the title ("Louis" of "Louis, Count of Évreux").
    aliases = (name_part,) if name_part and not name_text.startswith(name_part) else ()
    return DraftPerson(
        name=name_text,
        source=source,
        born=born,
        died=died,
        description=_strip_life(rest) or None,
        aliases=aliases,
        title=person.title,
        links=(person,),
    )


__all__ = ["FORMAT", "clean_text", "clean_url", "is_year_title", "person_name", "read"]
