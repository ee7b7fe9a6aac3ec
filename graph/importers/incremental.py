"""Earlier imports as sources: their records join the new import as if read again.

``clio import canonical out/wikipedia out/wikidata …`` merges the outputs of earlier
imports. For that to give what one run with every source gives, an earlier import's
records must not be treated as curated data:

* the same record in two outputs (every import writes the categories; a person both
  sources named) is one record, its sources joined (`deduplicated`); two imported events
  that only share an id made from a title and a day (the NPS "Battle of Opequon" and
  Wikidata's item of that label) are two records that the merge joins on evidence, or not;
* an *imported* event (its sources are importers', not ``canonical``) merges again like
  the drafts it was made of (`imported_event`): it keeps its source names, article,
  calendar and notes, and a category the classifier inferred is inferred again after
  the merge; only curated events keep their ids outright;
* an id an earlier import published stays reachable: when the event is merged into
  another or named anew, its old id goes into the redirect table (`graph.redirects`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePosixPath

from graph.dates import HistoricalDate
from graph.importers.builder import NOTE_SOURCE, PRIORITY, EventBuilder
from graph.importers.canonical import CanonicalRecord
from graph.importers.historicaldate import EVENT_ARTICLES
from graph.importers.ledger import row_keys
from graph.models import Event, Source

#: Source names of the readers whose events an import merges on evidence.
IMPORTED_SOURCES = frozenset({"wikipedia", "wikidata", "historicaldate", "acw"})
#: Notes that an earlier import inferred something the merge will infer again.
_INFERRED_CATEGORY = "category "
_LASTING_NOTE = "date: Wikidata gives one date for something that lasts"
_CONVERTED = re.compile(r"calendar: the source gives (?P<written>\S+) in the proleptic Gregorian calendar")


def is_imported(record: object) -> bool:
    """Whether an event or person was made by an import from other sources, not curated in ``data/``."""
    names = {s.name for s in getattr(record, "sources", ())}
    return bool(names & IMPORTED_SOURCES) and "canonical" not in names


def _curated(item: CanonicalRecord) -> bool:
    names = {s.name for s in getattr(item.record, "sources", ())}
    return not names or "canonical" in names


def deduplicated(items: Iterable[CanonicalRecord]) -> list[CanonicalRecord]:
    """One record per (kind, id), the sources of all joined.

    The fields are the curated record's when there is one (``data/`` says what Moscow is,
    not a gazetteer), else the first read.
    """
    first: dict[tuple[str, str, int], CanonicalRecord] = {}
    for item in items:
        key = (item.kind.value, item.record.id, 0)
        kept = first.get(key)
        while kept is not None and _told_apart(kept.record, item.record):
            key = (*key[:2], key[2] + 1)
            kept = first.get(key)
        if kept is None:
            first[key] = item
            continue
        if _curated(item) and not _curated(kept):
            kept, item = item, kept
            first[key] = kept
        changes: dict[str, object] = {
            # What the kept record leaves empty, the other may know (a person's description).
            f.name: getattr(item.record, f.name)
            for f in dataclasses.fields(kept.record)
            if getattr(kept.record, f.name) in (None, (), "")
            and getattr(item.record, f.name) not in (None, (), "")
        }
        sources = getattr(kept.record, "sources", None)
        if sources is not None:
            extra = [s for s in getattr(item.record, "sources", ()) if s not in sources]
            if extra:
                changes["sources"] = (*sources, *extra)
        if changes:
            record = dataclasses.replace(kept.record, **changes)  # type: ignore[arg-type]
            first[key] = dataclasses.replace(kept, record=record)
    return list(first.values())


def _told_apart(one: object, other: object) -> bool:
    """Whether two imported events under one id were made from wholly different source rows.

    An event's id is its title and day, so two sources' records of one title share it
    whether or not they are one event; which they are is the merge's to decide, on the
    evidence each record brings (the Wikidata item's article).
    """
    if not (isinstance(one, Event) and isinstance(other, Event) and is_imported(one) and is_imported(other)):
        return False
    return not set(row_keys(one.sources)) & set(row_keys(other.sources))


def _article(record: Event) -> str | None:
    # Wikidata, acw and the historicaldate event articles link the event's own page, written
    # with en.wikipedia.org; day-page entries link wikipedia.org pages of everything they mention.
    owns = any(
        s.name in ("wikidata", "acw")
        or (s.name == "historicaldate" and PurePosixPath(s.file or "").name in EVENT_ARTICLES)
        for s in record.sources
    )
    own = [link.title for link in record.links if link.url.startswith("https://en.wikipedia.org/wiki/")]
    return own[0] if owns and own else None


def _as_written(sources: list[Source]) -> HistoricalDate | None:
    # The Wikidata reader's note keeps the numbers it converted ("the source gives 1265-08-04 …").
    for source in sources:
        found = _CONVERTED.match(source.record or "") if source.name == NOTE_SOURCE else None
        if found:
            return HistoricalDate.parse(found["written"], "julian")
    return None


def with_people_renamed(item: CanonicalRecord, people: Mapping[tuple[str, str], str]) -> CanonicalRecord:
    """An earlier import's event naming its people by the ids they have now.

    ``people`` says where each output's people went (`people_sources.place_people`); it is
    applied before the same event of two outputs becomes one record, as each names its own.
    """
    record = item.record
    if not isinstance(record, Event) or not is_imported(record):
        return item

    def rename(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(people.get((item.directory, person), person) for person in ids))

    # Participants, mentions and roles name the same people: all three follow the new ids.
    participants, mentions = rename(record.people), rename(record.mentions)
    roles = tuple({rename([person])[0]: role for person, role in record.roles}.items())
    if (participants, mentions, roles) == (record.people, record.mentions, record.roles):
        return item
    mentions = tuple(person for person in mentions if person not in participants)
    return dataclasses.replace(
        item, record=dataclasses.replace(record, people=participants, mentions=mentions, roles=roles)
    )


def relink_people(builder: EventBuilder, record: Event, person_titled: Callable[[str], str | None]) -> None:
    """Link the people a day-page entry's links name, as resolved against every source now.

    A day-page entry's people are its links that name a person; an entry imported alone
    knew only the people its own source has. An event with other sources keeps theirs too.
    """
    entries = [s for s in record.sources if s.name != NOTE_SOURCE]
    if not any(s.name == "wikipedia" and (s.file or "").startswith("events/") for s in entries):
        return
    linked = [person for link in record.links if (person := person_titled(link.title)) is not None]
    only_entries = all(s.name == "wikipedia" for s in entries)
    # A person the entry names only in passing stays a mention, whoever resolves the link now.
    linked = [person for person in linked if person not in builder.mentions]
    builder.people = list(dict.fromkeys(linked if only_entries else [*builder.people, *linked]))
    builder.roles = {person: role for person, role in builder.roles.items() if person in builder.people}


def imported_event(item: CanonicalRecord) -> EventBuilder:
    """An earlier import's event as a builder that merges again like its drafts did."""
    record = item.record
    assert isinstance(record, Event)
    inferred = any(
        s.name == NOTE_SOURCE and (s.record or "").startswith(_INFERRED_CATEGORY) for s in record.sources
    )
    sources: list[Source] = [
        s
        for s in record.sources
        if not (s.name == NOTE_SOURCE and (s.record or "").startswith(_INFERRED_CATEGORY))
    ]
    names = {s.name for s in sources if s.name != NOTE_SOURCE}
    return EventBuilder.from_event(
        record,
        min(names, key=lambda n: PRIORITY.get(n, len(PRIORITY))) if names else "canonical",
        category=None if inferred else record.category,
        category_evidence=None if inferred else "given by an earlier import",
        sources=sources,
        article=_article(record),
        date_may_be_end=any((s.record or "").startswith(_LASTING_NOTE) for s in sources),
        date_as_written=_as_written(sources),
        known_ids=[record.id],
    )


__all__ = [
    "IMPORTED_SOURCES",
    "deduplicated",
    "imported_event",
    "is_imported",
    "relink_people",
    "with_people_renamed",
]
