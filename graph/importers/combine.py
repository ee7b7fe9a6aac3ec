"""Make one event of the records a merge found to be one, and choose its date on evidence.

The date: a Wikipedia day entry's month and day are the strongest evidence there is (the
day page *is* the claim), so an event with such an entry keeps its date; of an Old Style
entry and its New Style twin, the Old Style one, whose Gregorian form is the other. An
entry on a later day of a span another source states by its days (a battle of several
days) keeps the span's first day, and the event is listed on the entry's day as well. A
curated event keeps its own date. Otherwise the most specific date wins, the most
trusted source breaking ties. A source whose one date for a war may be its end gives
the end of the span that a day entry starts.

Which calendar a Wikidata day is in is decided per item here: Wikidata's model says
proleptic Gregorian, but many items before 1582 carry the Julian day typed as is (its
Battle of Sluys is 1340-06-24, the day page's Julian day, not the proleptic 1340-07-02).
When another source of the same event states a day (a day page, a curated event, a
historicaldate row) and it is the Wikidata numbers as written rather than their
conversion, those numbers are the Julian day, and the note in ``sources`` says so; with
no such witness the conversion stands, noted as the assumption it is.

Any other date a member gives that does not fit the chosen one (a different day, a year
that does not contain it) is a conflict: it is written into the event's ``sources`` and
listed in the import report, so a reader can see what was not kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.calendar import Precision, day_number
from graph.dates import HistoricalDate
from graph.importers.builder import EventBuilder
from graph.importers.historicaldate import TENURES
from graph.importers.oldstyle import PROLEPTIC_NOTE, to_calendar
from graph.importers.participation import assign_roles, merged_roles
from graph.importers.resolve import EVIDENCE
from graph.models import Source
from graph.roles import Role

#: "Reign of …", "Premiership of …", "Presidency of …": how the historicaldate tenures are titled.
_TENURE_TITLES = tuple(sorted({f"{tenure.office} of " for tenure in TENURES.values()}))


def is_day_entry(event: EventBuilder) -> bool:
    """Whether an event holds a Wikipedia "On this day" entry, whose day is the day page's."""
    return event.day_entries() > 0


def fits(date: HistoricalDate, other: HistoricalDate) -> bool:
    """Whether two dates can mean the same event: one day, or one inside the other's range.

    >>> fits(HistoricalDate(1066, 10, 14, calendar="julian"), HistoricalDate(1066, 10, 20))
    True
    >>> day = HistoricalDate(1942, 8, 23)
    >>> fits(day, HistoricalDate(1942)), fits(day, HistoricalDate(1942, 8, 24))
    (True, False)
    """
    a_first, a_last = date.earliest(), date.latest()
    b_first, b_last = other.earliest(), other.latest()
    return (b_first <= a_first and a_last <= b_last) or (a_first <= b_first and b_last <= a_last)


def readings(event: EventBuilder) -> list[HistoricalDate]:
    """The dates a record's source allows: its date, and the numbers as written when they differ."""
    return [event.date] if event.date_as_written is None else [event.date, event.date_as_written]


#: How long after a day entry Wikidata's one day for the same battle may be its end.
NEAR_END_DAYS = 92


#: Words by which a day entry tells an end ("Battle of Passchendaele ends…"), not a start.
_ENDING = re.compile(
    r"\b(?:ends?|ended|comes to an end|conclud(?:es|ing)|surrenders?|capitulates?|armistice|cease-?fire)\b",
    re.IGNORECASE,
)


def tells_an_end(entry: EventBuilder) -> bool:
    """Whether a day entry tells the end of something: an end is its own fact, never the start.

    >>> end = EventBuilder("Kargil conflict officially comes to an end", HistoricalDate(1999), "wikipedia")
    >>> tells_an_end(end)
    True
    """
    return _ENDING.search(entry.summary or entry.title) is not None


def ends_after(point: EventBuilder, record: EventBuilder) -> bool:
    """Whether Wikidata's one day for an event may end what a day entry starts.

    Wikidata gives a battle one day, often its last (the Battle of Leyte is 1944-12-26;
    the day page's landings of 19 October began it); a day entry up to `NEAR_END_DAYS` before it may
    be its start. Only evidence that they are one event (an article) makes them so.

    >>> wiki = EventBuilder("Landing", HistoricalDate(1944, 10, 20), "wikipedia")
    >>> ends_after(wiki, EventBuilder("Battle of Leyte", HistoricalDate(1944, 12, 26), "wikidata"))
    True
    >>> ends_after(wiki, EventBuilder("Battle of Leyte", HistoricalDate(1944, 10, 19), "wikidata"))
    False
    """
    if record.source_name != "wikidata" or not is_day_entry(point) or point.date.end is not None:
        return False
    if tells_an_end(point):
        return False
    # The numbers as written count too: Wikidata's Mühlberg is 1547-04-25, the day page's 24th.
    return any(_ends_after(point.date, date) for date in readings(record))


def _ends_after(first: HistoricalDate, last: HistoricalDate) -> bool:
    if last.precision is not Precision.DAY or last.end is not None:
        return False
    return 0 < day_number(*last.earliest()) - day_number(*first.earliest()) <= NEAR_END_DAYS


def _stated_day(member: EventBuilder) -> tuple[int, int, int] | None:
    date = member.date
    if member.date_as_written is not None or date.precision is not Precision.DAY or date.end is not None:
        return None
    return date.earliest()


def settle_calendars(members: list[EventBuilder]) -> None:
    """Read each Wikidata day as written when another member states that very day (see above).

    The member's date becomes its numbers as written, and its note says which source showed it.
    """
    for member in members:
        written = member.date_as_written
        if written is None:
            continue
        witness = next(
            (
                other
                for other in members
                if other is not member and _stated_day(other) == written.earliest() != member.date.earliest()
            ),
            None,
        )
        if witness is None:
            continue
        converted = member.date
        member.date, member.date_as_written = written, None
        note = (
            f"calendar: {member.source_name} gives the Julian day {written.to_edtf()} as written, as "
            f"{witness.source_name} does; not read as proleptic Gregorian ({converted.to_edtf()} Julian)"
        )
        member.sources = [
            Source(name=EVIDENCE, record=note)
            if s.name == EVIDENCE and PROLEPTIC_NOTE in (s.record or "")
            else s
            for s in member.sources
        ]


def _span_around(entry: EventBuilder, ordered: list[EventBuilder]) -> EventBuilder | None:
    """The member whose stated days (its day to its end day) hold the entry's day after their first."""
    day = entry.date.earliest()
    for member in ordered:
        end = member.end_date
        if is_day_entry(member) or end is None or member.date.precision is not Precision.DAY:
            continue
        if member.date.earliest() < day <= end.latest():
            return member
    return None


def _chosen(ordered: list[EventBuilder]) -> EventBuilder:
    entries = [m for m in ordered if is_day_entry(m)]
    if entries:
        # Of an Old Style entry and its New Style twin, the stated Old Style day is kept.
        entry = min(entries, key=lambda m: m.date.calendar != "julian")
        # An entry on a later day of a battle a source dates over days (Fredericksburg, 11 to
        # 15 December 1862, told on the 13th) keeps the battle's first day; the event is still
        # listed on the entry's day (`graph.daypages`), so the entry stays on its day.
        return _span_around(entry, ordered) or entry
    curated = next((m for m in ordered if m.canonical_id), None)
    if curated is not None:
        return curated
    return min(ordered, key=lambda m: m.date.precision.rank)


def _end(chosen: EventBuilder, ordered: list[EventBuilder]) -> HistoricalDate | None:
    date = chosen.date
    for member in ordered:
        if member is chosen:
            continue
        may_end = is_day_entry(chosen) and member.source_name == "wikidata" and _ends_after(date, member.date)
        if (member.date_may_be_end and date.latest() < member.date.earliest()) or may_end:
            return to_calendar(member.date, date.calendar)
    # An end from another source is kept only if it does not end before the chosen start.
    for member in [chosen, *ordered]:
        if member.end_date and not member.end_date.latest() < date.earliest():
            return to_calendar(member.end_date, date.calendar)
    return None


def _conflicts(
    chosen: EventBuilder, ordered: Iterable[EventBuilder], end: HistoricalDate | None
) -> list[str]:
    found = []
    kept = f"kept {chosen.source_name}'s {chosen.date.to_edtf()}" + (
        " (Julian)" if chosen.date.calendar == "julian" else ""
    )
    for member in ordered:
        if member is chosen or any(fits(chosen.date, d) for d in readings(member)):
            continue
        if end is not None and member.date == end:
            continue
        if end is not None and chosen.date.earliest() <= member.date.earliest() <= end.latest():
            continue  # a day inside the event's span, as an entry on a battle's second day
        calendar = " (Julian)" if member.date.calendar == "julian" else ""
        found.append(f"date: {member.source_name} gives {member.date.to_edtf()}{calendar}; {kept}")
    return found


#: Sources whose summary is only an outcome ("Union victory"), kept in their highlights: any
#: other source's sentence tells more.
OUTCOME_ONLY = frozenset(["acw"])


def _summary(ordered: list[EventBuilder]) -> str | None:
    """The most trusted summary that tells what happened, else any: a day-page sentence or
    Wikidata's description before the NPS's "Union victory"."""
    told = [m for m in ordered if m.summary]
    best = next((m for m in told if m.source_name not in OUTCOME_ONLY), told[0] if told else None)
    return best.summary if best is not None else None


def _extend(into: list[str], values: Iterable[str]) -> None:
    for value in values:
        if value not in into:
            into.append(value)


def _tenure_roles(members: list[EventBuilder], roles: dict[str, Role]) -> dict[str, Role]:
    """A tenure's part is its holder's: whoever else its first day's entry names is mentioned.

    "Reign of Macbeth" holds the day entry "King Duncan I is killed in battle against … Macbeth.
    The latter succeeds him": Duncan I was the victim of that battle, not a part of Macbeth's
    reign, as Victoria is no part of Edward VII's, whose entry says he is proclaimed "after the
    death of his mother".
    """
    holders = {
        pid
        for member in members
        if "historicaldate" in member.source_names() and member.title.startswith(_TENURE_TITLES)
        for pid in member.people
    }
    if not holders:
        return roles
    return {pid: role if pid in holders else Role.MENTIONS for pid, role in roles.items()}


def combine(members: list[EventBuilder]) -> EventBuilder:
    """One event from records that are one: fields by trust, the date on evidence, all else unioned."""
    if len(members) == 1:
        return members[0]
    settle_calendars(members)
    ordered = sorted(members, key=lambda e: e.priority)
    first = ordered[0]
    chosen = _chosen(ordered)
    end = _end(chosen, ordered)
    merged = EventBuilder(
        title=first.title,
        date=chosen.date,
        source_name=first.source_name,
        end_date=end,
        canonical_id=next((m.canonical_id for m in ordered if m.canonical_id), None),
        category=next((m.category for m in ordered if m.category), None),
        category_evidence=next((m.category_evidence for m in ordered if m.category), None),
        summary=_summary(ordered),
        highlights=list(dict.fromkeys(h for m in ordered for h in m.highlights)),
        what_happened=next((m.what_happened for m in ordered if m.what_happened), None),
        why_it_matters=next((m.why_it_matters for m in ordered if m.why_it_matters), None),
        article=next((m.article for m in ordered if m.article), None),
        merged=sum(m.merged for m in ordered) + len(ordered) - 1,
        conflicts=[c for m in ordered for c in m.conflicts] + _conflicts(chosen, ordered, end),
        known_ids=[i for m in ordered for i in m.known_ids],
        image=next((m.image for m in ordered if m.image), None),
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
    assign_roles(merged, _tenure_roles(ordered, merged_roles(ordered)))
    for conflict in merged.conflicts:
        note = Source(name=EVIDENCE, record=conflict)
        if note not in merged.sources:
            merged.sources.append(note)
    return merged


__all__ = [
    "NEAR_END_DAYS",
    "OUTCOME_ONLY",
    "combine",
    "ends_after",
    "fits",
    "is_day_entry",
    "readings",
    "settle_calendars",
    "tells_an_end",
]
