"""Read Wikidata historic-event query results (JSON arrays of SPARQL rows).

Three files describe the same kind of entity, an item that is a "historical event":

* ``historic_events.json``: ``event``, ``date``, ``label``, ``article``, ``image``;
* ``events_with_participants_and_summaries.json``: ``event``, ``date``, ``eventLabel``,
  ``article_en``, ``summary_wikipedia``, ``participants``;
* ``events_with_participants.json``: ``event``, ``participants`` and, for some,
  ``date``, ``eventLabel``, ``article_en``.

Records are merged here, by Wikidata entity URL, before anything is yielded: the three
files are answers to queries over the same items, and a row that only lists an item's
participants (565 of them have no date or label) means nothing on its own. Merging
in the reader, where the entity URL is a certain key, gives one draft per item with
every field any file knew; the pipeline still merges the result with other sources by
Wikipedia article. Where two files give an item different values, the first file in
sorted order wins and the disagreement is reported as a Rejection of the other value
(none do in the shared data set, apart from percent-encoding of the article URL, which
is undone before comparing).

Dates go through :func:`parse_wikidata_time` without a precision, which the data lacks.
BC years are in astronomical numbering, as in xsd:dateTime; checked on the data:
"Battle of Zela (67 BC)" is ``-0066-01-01``, "Battle of Nola (214 BC)" ``-0213-01-01``,
"Battle of Sena Gallica (82 BC)" ``-0081-04-01``, "battle of Ephesus (498 BCE)"
``-0497-01-01``. A January 1st is read as year precision: 1,671 of the 9,125 dates fall
on it, nearly all year-only facts, and a year-only event must never gain a January 1st
anniversary.

Calendars: Wikidata writes every day in the proleptic Gregorian calendar, even before
1582 (its Battle of Hastings is 1066-10-20). A day before 15 October 1582 becomes the
Julian day historians quote (14 October), with what Wikidata wrote kept as a note in
the event's sources (`graph.importers.oldstyle`). Some items were entered with the Julian
day under the Gregorian model (its Battle of Evesham is 1265-08-04, the Julian day), so
the numbers as written, read as Julian, are kept as ``date_as_written``: a merge may match
a day page on either reading, and when another source states the day as written, that
reading is taken and the note says so (`graph.importers.combine.settle_calendars`).

A label that names the years of what it labels ("Anglo-French War (1778–1783)", "Russo-
Persian War of 1826–28") says which end Wikidata's one date is: a date in the last of them
is the end (18 items in the shared data set), so the event starts in the first year and
ends on that date, and the note in ``sources`` says how Clio knows.

One date for something that lasts: for wars, sieges, campaigns and the like Wikidata's
single date is sometimes the start and sometimes the end ("Anglo-Zulu War" 1879-07-04,
the day of Ulundi that ended it). Such a draft says ``date_may_be_end``, and the merge
lets a day page's entry about the same article start the span that this date may end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from graph.dates import HistoricalDate
from graph.errors import DataError, DateError
from graph.importers.datetext import parse_wikidata_time
from graph.importers.draft import Draft, DraftEvent, Mention, Rejection
from graph.importers.oldstyle import from_proleptic_gregorian, labelled_julian
from graph.importers.summary_span import summary_start
from graph.importers.walk import walk
from graph.models import Image, Link, Source

FORMAT = "wikidata"

_WIKI = "https://en.wikipedia.org/wiki/"
#: The years a label names: "(1778–1783)", "of 1826–28", "1991-92".
_LABEL_YEARS = re.compile(r"\b(\d{3,4})\s*[–-]\s*(\d{2,4})\b")
#: Labels of things that last, whose one date may be their end rather than their start.
_LASTING = re.compile(
    r"\b(?:wars?|siege|campaign|crusade|rebellion|revolt|uprising|revolution|occupation|blockade|"
    r"conflict|insurgency|expedition|offensive|emergency|intervention|crisis)\b",
    re.IGNORECASE,
)
# Each field as the three files name it; the first name present wins.
_FIELDS = {
    "label": ("label", "eventLabel"),
    "date": ("date",),
    "article": ("article", "article_en"),
    "summary": ("summary_wikipedia",),
    "image": ("image",),
}
_FILE_PATH = "://commons.wikimedia.org/wiki/Special:FilePath/"


@dataclass(slots=True)
class _Item:
    """What the files together say about one Wikidata entity."""

    url: str
    file: str  # the first file that named it
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (value, file)
    participants: list[tuple[str, str]] = field(default_factory=list)  # (as written, file)
    conflicts: list[Rejection] = field(default_factory=list)


def article_title(url: str) -> str | None:
    """The Wikipedia page title of an English Wikipedia URL, as the page names itself.

    >>> article_title("https://en.wikipedia.org/wiki/Peasants%27_War_(1798)")
    "Peasants' War (1798)"
    >>> article_title("https://de.wikipedia.org/wiki/Krieg") is None
    True
    """
    if not url.startswith(_WIKI):
        return None
    return unquote(url[len(_WIKI) :]).replace("_", " ") or None


def read(paths: Sequence[Path], progress: Callable[[int], None] | None = None) -> Iterator[Draft]:
    """Yield one DraftEvent per Wikidata item found in the JSON files under ``paths``.

    Raises:
        DataError: a file that is not a JSON array of objects each with an ``event`` URL.
    """
    items: dict[str, _Item] = {}
    for path, name in walk(paths, (".json",)):
        rows = _load(path, name)
        for index, row in enumerate(rows):
            _absorb(items, row, name, index)
        if progress is not None:
            progress(len(rows))
    for url in sorted(items, key=_entity_order):
        yield from _drafts(items[url])


def _load(path: Path, name: str) -> list[dict[str, Any]]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataError(name, error.lineno, None, f"not valid JSON: {error.msg}") from None
    if not isinstance(rows, list):
        raise DataError(name, 1, None, "expected a JSON array of records")
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("event"), str):
            raise DataError(name, None, f"{index}.event", "every record needs an 'event' URL")
    return rows


def _absorb(items: dict[str, _Item], row: dict[str, Any], file: str, index: int) -> None:
    url = row["event"]
    item = items.setdefault(url, _Item(url=url, file=file))
    for key, names in _FIELDS.items():
        value = next((row[n] for n in names if row.get(n) not in (None, "")), None)
        if value is None:
            continue
        if not isinstance(value, str):
            item.conflicts.append(_reject(url, file, f"{key} is not text", key, repr(value)))
            continue
        known = item.values.get(key)
        if known is None:
            item.values[key] = (value, file)
        elif _same(key, known[0], value):
            continue
        else:
            reason = f"{file} gives another {key} than {known[1]}; kept {known[0]!r}"
            item.conflicts.append(_reject(url, file, reason, key, value))
    for name in row.get("participants") or ():
        item.participants.append((name, file))


def _same(key: str, a: str, b: str) -> bool:
    # Two files write the same article URL with and without percent-encoding.
    return unquote(a) == unquote(b) if key == "article" else a == b


def _reject(url: str, file: str, reason: str, field: str | None, text: str | None) -> Rejection:
    return Rejection(
        source=Source(name=FORMAT, file=file, record=url, url=url), reason=reason, field=field, text=text
    )


def _entity_order(url: str) -> tuple[int, str]:
    """Q-number order (Q42 before Q100), so output is stable and readable."""
    tail = url.rsplit("/", 1)[-1]
    return (int(tail[1:]), url) if tail[1:].isdigit() else (-1, url)


def commons_image(url: str) -> Image | None:
    """The image of a Commons ``Special:FilePath`` URL, over https, crediting its file page.

    Only Commons files are taken: their page states author and licence, which no row gives.

    >>> commons_image("http://commons.wikimedia.org/wiki/Special:FilePath/Battle%20of%20Athos%201807.jpg")
    Image(url='https://commons.wikimedia.org/wiki/Special:FilePath/Battle%20of%20Athos%201807.jpg', \
source='https://commons.wikimedia.org/wiki/File:Battle_of_Athos_1807.jpg')
    >>> commons_image("https://example.org/a.jpg") is None
    True
    """
    scheme, found, name = url.partition(_FILE_PATH)
    if not found or scheme not in ("http", "https") or not name or "/" in name:
        return None
    page = "https://commons.wikimedia.org/wiki/File:" + quote(unquote(name).replace(" ", "_"), safe="_(),'.-")
    return Image(url=f"https://commons.wikimedia.org/wiki/Special:FilePath/{name}", source=page)


def label_span(label: str, date: HistoricalDate) -> HistoricalDate | None:
    """The first year a label names, when the item's one date falls in the last: its start.

    >>> label_span("Anglo-French War (1778–1783)", HistoricalDate(1783, 9)).to_edtf()
    '1778'
    >>> label_span("Russo-Persian War of 1826–28", HistoricalDate(1828, 2, 22)).year
    1826
    >>> label_span("Siege of Sevastopol (1854–1855)", HistoricalDate(1854, 10, 17)) is None
    True
    """
    found = _LABEL_YEARS.search(label)
    if found is None or date.year <= 0:
        return None
    first_text, last_text = found[1], found[2]
    first = int(first_text)
    last = int(first_text[: len(first_text) - len(last_text)] + last_text)
    if not first < last or date.year != last:
        return None
    return HistoricalDate(first, calendar=date.calendar)


def _drafts(item: _Item) -> Iterator[Draft]:
    yield from item.conflicts
    label = item.values.get("label", ("", ""))[0].strip()
    date_text, date_file = item.values.get("date", ("", item.file))
    file = date_file or item.file
    if not label:
        yield _reject(
            item.url, file, "no label: a participants-only row with nothing to name it", "label", None
        )
        return
    if not date_text:
        yield _reject(item.url, file, "no date", "date", label)
        return
    try:
        stated = parse_wikidata_time(date_text)
        date, calendar_note = from_proleptic_gregorian(stated)
    except DateError as error:
        yield _reject(item.url, file, f"unreadable date: {error.reason}", "date", date_text)
        return
    start = label_span(label, date)
    end = date if start is not None else None
    lasting = start is None and _LASTING.search(label) is not None
    summary = item.values.get("summary", ("", ""))[0].strip() or None
    told = summary_start(summary, date) if lasting and summary else None
    if told is not None:
        # The item's own summary says when it began, and the one date falls after that.
        (start, end), lasting = told, False
    notes = tuple(
        note
        for note in (
            calendar_note,
            "date: Wikidata gives one date for something that lasts; it may be the end" if lasting else None,
            f"date: the label names the years it lasted; Wikidata's {date.to_edtf()} is the end"
            if start is not None and told is None
            else None,
            f"date: the summary says it lasted from {start.to_edtf()} to {end.to_edtf()};"
            f" Wikidata's {date.to_edtf()} is not its start"
            if told is not None and start is not None and end is not None
            else None,
        )
        if note
    )
    mentions: list[Mention] = []
    seen: set[str] = set()
    rejected: list[Rejection] = []
    for written, where in item.participants:
        name = written.strip()
        if not name:
            rejected.append(_reject(item.url, where, "empty participant name", "participants", written))
        elif name not in seen:
            seen.add(name)
            mentions.append(Mention(name, kind_hint=None, role="participant"))
    yield from rejected
    article_url = item.values.get("article", ("", ""))[0]
    article = article_title(article_url) if article_url else None
    yield DraftEvent(
        title=label,
        date=start or date,
        end_date=end,
        source=Source(name=FORMAT, file=file, record=item.url, url=item.url),
        summary=summary,
        mentions=tuple(mentions),
        links=(Link(title=article, url=article_url),) if article else (),
        article=article,
        notes=notes,
        date_may_be_end=lasting,
        date_as_written=labelled_julian(stated) if calendar_note and told is None else None,
        image=commons_image(item.values.get("image", ("", ""))[0]),
    )


__all__ = ["FORMAT", "article_title", "label_span", "read"]
