"""Find the same event told by several sources and make it one event listing them all.

Two records are one event only on evidence, strongest first:

1. the same Wikipedia article (a source's ``article``, a curated event's links);
2. a Wikipedia day entry whose *main subject* link (`graph.importers.subject`: its last
   heading or its opening words, never any link in the sentence) names the other's article;
3. a day entry linking the other's article anywhere, when both give the very same day;
4. the same day and alike titles (or summaries): RapidFuzz token-set ratio of at least
   ``SIMILAR`` (85), ``SIMILAR_WITH_PLACE`` (70) when they share a place, or
   ``SIMILAR_WITH_SHARED_ACTOR`` (50) for a curated event and a day entry naming the same
   person or body; and always at least two shared content words, so that "Battle of X"
   never merges with "Battle of Y".

5. the named rules of `graph.importers.evidence` for what the words miss: an entry's
   only link, the one entry linking a battle, a reign's first day, a curated title
   worded by the one entry of its day, a battle's place named on its day;

and always with dates that fit: the same day (compared on the Gregorian day, so a
Julian 14 October 1066 is Wikidata's 20 October; a Wikidata day on either reading), a
coarser date or span containing the day, or, for a source whose one date for a war or
siege may be its end, a day before it (for Wikidata's one day of a battle, up to
`graph.importers.combine.NEAR_END_DAYS` before it), or a day of a battle dated over a
few days (`graph.importers.span.inside_short_span`).

A group never holds two records of one source, two curated events, two Wikipedia day
entries, or a whole and its part (`graph.importers.span.nested`: a war and its battle),
with one exception: an Old Style entry and its New Style twin (the Mayflower sails on
6 September O.S., 16 September N.S.), which are one day in two calendars.

The merged event keeps the fields of its most trusted source (canonical, then seed, acw,
wikidata, historicaldate, wikipedia) and the union of every reference, link and source;
its date is chosen by `graph.importers.combine`.
"""

from __future__ import annotations

import re

from graph.calendar import Precision
from graph.importers.builder import PRIORITY, SIMILAR, SIMILAR_WITH_PLACE, EventBuilder, similar
from graph.importers.combine import combine, ends_after, fits, is_day_entry, readings
from graph.importers.evidence import (
    article_key,
    battle_places,
    curated_headlines,
    linked_alone,
    tenure_starts,
    wider_story,
    worded_rows,
)
from graph.importers.oldstyle import labelled_julian
from graph.importers.resolve import EVIDENCE
from graph.importers.span import inside_short_span, narrowest, nested, shortly_after
from graph.importers.subject import main_subjects
from graph.models import Source
from graph.text import fold

#: Evidence tiers, strongest first (see the module notes and `graph.importers.evidence`).
SAME_ARTICLE, MAIN_SUBJECT, LINK_SAME_DAY, ALIKE_SAME_DAY = 4, 3, 2, 1
LINKED_ALONE = TENURE_START = LINK_SAME_DAY
CURATED_HEADLINE = BATTLE_PLACE = WORDED_ROW = ALIKE_SAME_DAY
#: Likeness enough for a curated event and a day entry of its day that share a person or body.
SIMILAR_WITH_SHARED_ACTOR = 50
#: How long before a war's one (possibly end) date a day entry may start it.
LASTING_YEARS = 10
#: The years in which an unmarked day-page entry may be the Old Style twin of another:
#: from the Gregorian reform to the last countries to adopt it (Greece, 1923).
OLD_STYLE_YEARS = (1583, 1923)
#: Britain and its colonies left the Julian calendar in 1752; after that only these kept it
#: (Russia to 1918, Greece to 1923, the Balkans, the Ottoman Empire), so a later twin must name one.
BRITISH_REFORM_YEAR = 1752
_LATE_JULIAN = re.compile(
    r"\b(?:Russia|Russian|Soviet|Tsar|Petrograd|Petersburg|Moscow|Bolshevik|Greece|Greek|Romania|"
    r"Bulgaria|Serbia|Montenegro|Ottoman)",
)


def compatible(a: EventBuilder, b: EventBuilder) -> bool:
    """Whether two records' dates allow them to be one event (see the module notes)."""
    if on_their_days(a, b) or inside_short_span(a, b) or inside_short_span(b, a):
        return True
    return shortly_after(a, b) or shortly_after(b, a)


def on_their_days(a: EventBuilder, b: EventBuilder) -> bool:
    """Whether two records' dates fit without reading a battle's later days as the battle."""
    if any(fits(x, y) for x in readings(a) for y in readings(b)):
        return True
    if ends_after(a, b) or ends_after(b, a):
        return True
    for point, lasting in ((a, b), (b, a)):
        if lasting.date_may_be_end and point.date.precision is Precision.DAY and point.date.end is None:
            first, last = point.date.earliest(), lasting.date.earliest()
            if first <= last and first[0] >= last[0] - LASTING_YEARS:
                return True
    return False


def _days(event: EventBuilder) -> set[tuple[int, int, int]]:
    """The Gregorian days a record may mean: its date's, and its numbers as written when they
    differ (a Wikidata day typed in the Julian calendar is a day page's day as written)."""
    return {
        date.earliest() for date in readings(event) if date.precision is Precision.DAY and date.end is None
    }


def _keys(event: EventBuilder) -> list[str]:
    """The article titles a record is known by: its article, or a curated event's links."""
    if event.article:
        return [article_key(event.article)]
    if event.canonical_id:
        return [article_key(link.title) for link in event.links]
    return []


class _Groups:
    """Union-find over records, refusing a union that would break a group's rules."""

    def __init__(self, events: list[EventBuilder]) -> None:
        self.events = events
        self.parent = list(range(len(events)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(events))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def allowed(self, a: list[int], b: list[int]) -> bool:
        events = self.events
        sources = [name for i in a + b for name in events[i].source_names() - {"wikipedia"}]
        if len(sources) != len(set(sources)):
            return False
        if sum(1 for i in a + b if events[i].canonical_id) > 1:
            return False
        entries = [events[i] for i in a + b if is_day_entry(events[i])]
        if sum(e.day_entries() for e in entries) > 2:
            return False
        if len(entries) == 2:
            # Only an Old Style entry and its New Style twin: one day in two calendars.
            x, y = entries
            if x.date.calendar == y.date.calendar or x.date.earliest() != y.date.earliest():
                return False
        # A war and its battle are two events, however the entries between them pair.
        return all(
            compatible(events[i], events[j]) and not nested(events[i], events[j]) for i in a for j in b
        )

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b or not self.allowed(self.members[a], self.members[b]):
            return False
        low, high = min(a, b), max(a, b)
        self.parent[high] = low
        self.members[low] += self.members.pop(high)
        return True


def _pairs(events: list[EventBuilder]) -> list[tuple[tuple[int, int, int, int], int, int]]:
    """Candidate pairs with their evidence: (on its day, tier, same first day, likeness), i, j."""
    found: dict[tuple[int, int], tuple[int, int, int, int]] = {}

    def add(tier: int, i: int, j: int) -> None:
        a, b = events[i], events[j]
        if i == j or (a.source_names() & b.source_names()) - {"wikipedia"}:
            return
        on_days = on_their_days(a, b)
        if not on_days and not (tier >= MAIN_SUBJECT and compatible(a, b)):
            return
        key = (min(i, j), max(i, j))
        # A pair that fits only on a battle's later day comes after every pair on its own day.
        score = (int(on_days), tier, int(a.date.earliest() == b.date.earliest()), similar(a, b))
        if score > found.get(key, (0, 0, 0, 0)):
            found[key] = score

    by_key: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        for key in _keys(event):
            by_key.setdefault(key, []).append(index)
    for members in by_key.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                add(SAME_ARTICLE, i, j)
    for index, event in enumerate(events):
        if not is_day_entry(event):
            continue
        main = {article_key(title) for title in main_subjects(event.summary or event.title, event.links)}
        context = wider_story(event)
        for link in event.links:
            title = article_key(link.title)
            if title in context and title not in main:
                continue  # a heading above the entry's own: its wider story, not its event
            for other in by_key.get(title, ()):
                if title in main:
                    add(MAIN_SUBJECT, index, other)
                elif _days(event) & _days(events[other]):
                    add(LINK_SAME_DAY, index, other)
    by_day: dict[tuple[int, int, int], list[int]] = {}
    for index, event in enumerate(events):
        for day in _days(event):
            by_day.setdefault(day, []).append(index)
    seen: set[tuple[int, int]] = set()
    for members in by_day.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if (i, j) not in seen and _alike(events[i], events[j]):
                    add(ALIKE_SAME_DAY, i, j)
                seen.add((i, j))
    for i, j in linked_alone(events, by_key, on_their_days):
        add(LINKED_ALONE, i, j)
    for i, j in tenure_starts(events, _days):
        add(TENURE_START, i, j)
    for i, j in curated_headlines(events, _days):
        add(CURATED_HEADLINE, i, j)
    for i, j in battle_places(events, _days):
        add(BATTLE_PLACE, i, j)
    for i, j in worded_rows(events):
        add(WORDED_ROW, i, j)
    for pair in narrowest(events, found):
        del found[pair]
    # Ties go by the records' sources, not their input order, so any order of sources merges alike.
    keys = {i: events[i].stable_key() for pair in found for i in pair}
    return sorted(
        ((score, i, j) for (i, j), score in found.items()),
        key=lambda p: (
            -p[0][0],
            -p[0][1],
            -p[0][2],
            -p[0][3],
            min(keys[p[1]], keys[p[2]]),
            max(keys[p[1]], keys[p[2]]),
        ),
    )


def _alike(a: EventBuilder, b: EventBuilder) -> bool:
    if a.canonical_id and b.canonical_id:
        return False
    if is_day_entry(a) and is_day_entry(b) and a.date.calendar == b.date.calendar:
        return False
    score = similar(a, b)
    if score >= SIMILAR:
        return True
    if score >= SIMILAR_WITH_PLACE and set(a.locations) & set(b.locations):
        return True
    # A curated event and a day entry of its day about the same person or body
    # ("Death of Adolf Hitler", "Führerbunker: Adolf Hitler and Eva Braun commit suicide").
    curated_and_entry = (a.canonical_id and is_day_entry(b)) or (b.canonical_id and is_day_entry(a))
    # Naming the same person is the evidence here, whether as participant or in passing.
    shared = set(a.people + a.mentions + a.organizations) & set(b.people + b.mentions + b.organizations)
    return bool(curated_and_entry and shared and score >= SIMILAR_WITH_SHARED_ACTOR)


def old_style_twins(events: list[EventBuilder]) -> int:
    """Label Julian each unmarked day entry whose Old Style day is a New Style entry's day.

    Britain kept the Julian calendar until 1752 and Russia until 1918, and the day pages
    list some events on both days ("Pilgrims set sail… on the Mayflower" on 6 and 16
    September 1620). An entry whose day, read as Julian, falls on the day of an entry of the
    same year that is worded alike (``SIMILAR``) and has the same main subject is that
    event's Old Style date, if the Julian calendar was still used where it happened: up to
    1752 anywhere, later only in the countries that kept it. Returns how many were labelled.
    """
    by_day: dict[tuple[int, int, int], list[int]] = {}
    for index, event in enumerate(events):
        if is_day_entry(event) and event.date.calendar == "gregorian":
            by_day.setdefault(event.date.earliest(), []).append(index)
    labelled = 0
    for event in events:
        date = event.date
        if not is_day_entry(event) or date.calendar != "gregorian" or date.end is not None:
            continue
        if not OLD_STYLE_YEARS[0] <= date.year <= OLD_STYLE_YEARS[1]:
            continue
        if date.year > BRITISH_REFORM_YEAR and not _LATE_JULIAN.search(event.summary or event.title):
            continue
        julian = labelled_julian(date)
        for other in by_day.get(julian.earliest(), ()):
            twin = events[other]
            if (
                twin.date.calendar == "gregorian"
                and twin.date.year == date.year
                and similar(event, twin) >= SIMILAR
                and _same_subject(event, twin)
            ):
                event.date = julian
                event.sources.append(
                    Source(
                        name=EVIDENCE, record=f"calendar: Julian, the Old Style twin of {twin.date.to_edtf()}"
                    )
                )
                labelled += 1
                break
    return labelled


def _same_subject(a: EventBuilder, b: EventBuilder) -> bool:
    """Whether two day entries have one main subject (or both none): "Romania", "Kingdom of Romania"."""
    subjects_a = [fold(t) for t in main_subjects(a.summary or a.title, a.links)]
    subjects_b = [fold(t) for t in main_subjects(b.summary or b.title, b.links)]
    if not subjects_a and not subjects_b:
        return True
    return any(x in y or y in x for x in subjects_a for y in subjects_b)


def merge_events(events: list[EventBuilder]) -> list[EventBuilder]:
    """Merge the events that are one, keeping the input order of the first of each."""
    old_style_twins(events)
    groups = _Groups(events)
    for _, i, j in _pairs(events):
        groups.union(i, j)
    return [combine([events[i] for i in sorted(members)]) for _, members in sorted(groups.members.items())]


__all__ = [
    "PRIORITY",
    "SIMILAR",
    "SIMILAR_WITH_PLACE",
    "EventBuilder",
    "compatible",
    "merge_events",
    "old_style_twins",
    "similar",
]
