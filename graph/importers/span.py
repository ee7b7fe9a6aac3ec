"""How records that last relate to the days inside them: a war is not its battles, a battle is its days.

Two rules the merge applies to every pair and every group:

* `nested`: two records that each have their own Wikipedia article, different ones, where
  one's dates strictly contain the other's, are a whole and its part, never one event:
  the American Revolutionary War (1775–1783) and the Battles of Lexington and Concord on
  its first day, the Wars of the Roses and the First Battle of St Albans, the Seven Days
  Battles (July 1862) and Malvern Hill. The same article on both sides is one thing dated
  twice; a different article on the same day is a second name ("Battle of Opequon",
  "Third Battle of Winchester").
* `inside_short_span`: a day entry on a day of a battle the source dates over a few days
  (NPS: Fredericksburg 11 to 15 December 1862) fits that battle, so an entry whose main
  subject is the battle may merge with it: the day page tells the battle on its decisive
  day (13 December). Only a battle (an NPS record, a title naming a battle): a war of six
  days has episodes ("Six-Day War: Israeli soldiers enter Jerusalem"), and so does a span
  longer than `SHORT_SPAN_DAYS`, a siege or campaign; an entry telling an end is its own
  fact. The merge ranks such a pair after every pair on its own day, so the battle's first
  day's entry, when there is one, is the battle's.

`shortly_after` lets Wikidata's one day be the first of an incident the day page tells a
few days later. `narrowest` makes a day entry that is evidence for both a whole and its part choose the
part: "American Revolutionary War: The war begins … during the battles of Lexington and
Concord" names the war in its heading and is the battles' day entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.calendar import Precision, day_number
from graph.importers.builder import EventBuilder
from graph.importers.combine import is_day_entry, tells_an_end
from graph.importers.evidence import article_key

#: The longest span, in days from first to last, still read as one battle whose every day
#: is the battle (Mine Run, 26 November to 2 December 1863, is seven days).
SHORT_SPAN_DAYS = 7

#: The sources and titles of records that are battles: every NPS record, and "Battle of …".
_BATTLE_SOURCES = frozenset({"acw"})
_BATTLE = re.compile(r"\b(?:battles?|action|engagement|skirmish)\b", re.IGNORECASE)

Day = tuple[int, int, int]


def extent(event: EventBuilder) -> tuple[Day, Day]:
    """The first and last Gregorian day a record's dates cover, its end date included.

    >>> from graph.dates import HistoricalDate
    >>> war = EventBuilder("War", HistoricalDate(1775, 4, 19), "historicaldate",
    ...     end_date=HistoricalDate(1783, 9, 3))
    >>> extent(war)
    ((1775, 4, 19), (1783, 9, 3))
    """
    first, last = event.date.earliest(), event.date.latest()
    if event.end_date is not None:
        last = max(last, event.end_date.latest())
    return first, last


def covers(wide: EventBuilder, narrow: EventBuilder) -> bool:
    """Whether ``wide``'s dates strictly contain ``narrow``'s (a year contains its days).

    A record whose one date may be the end of a war covers an unknown stretch before it, so
    nothing is known to contain it.
    """
    if narrow.date_may_be_end:
        return False
    (wide_first, wide_last), (first, last) = extent(wide), extent(narrow)
    return wide_first <= first and last <= wide_last and (wide_first, wide_last) != (first, last)


def nested(a: EventBuilder, b: EventBuilder) -> bool:
    """Whether two records are a whole and its part: own articles that differ, one span inside the other.

    >>> from graph.dates import HistoricalDate
    >>> war = EventBuilder("American War of Independence", HistoricalDate(1775, 4, 19), "historicaldate",
    ...     end_date=HistoricalDate(1783, 9, 3), article="American Revolutionary War")
    >>> battle = EventBuilder("Battles of Lexington and Concord", HistoricalDate(1775, 4, 19), "wikidata",
    ...     article="Battles of Lexington and Concord")
    >>> nested(war, battle), nested(battle, war), nested(battle, battle)
    (True, True, False)
    """
    if not a.article or not b.article or article_key(a.article) == article_key(b.article):
        return False
    return covers(a, b) or covers(b, a)


def inside_short_span(point: EventBuilder, lasting: EventBuilder) -> bool:
    """Whether a day entry falls on a day of a battle its source dates over a few days (see above).

    >>> from graph.dates import HistoricalDate
    >>> fredericksburg = EventBuilder("Battle of Fredericksburg", HistoricalDate(1862, 12, 11), "acw",
    ...     end_date=HistoricalDate(1862, 12, 15))
    >>> lee = EventBuilder("Lee defeats Burnside", HistoricalDate(1862, 12, 13), "wikipedia")
    >>> inside_short_span(lee, fredericksburg)
    True
    """
    end = lasting.end_date
    if lasting.source_name not in _BATTLE_SOURCES and not _BATTLE.search(lasting.title):
        return False
    if end is None or lasting.date.precision is not Precision.DAY or end.precision is not Precision.DAY:
        return False
    if not is_day_entry(point) or point.date.end is not None or tells_an_end(point):
        return False
    first, last = lasting.date.earliest(), end.latest()
    if day_number(*last) - day_number(*first) > SHORT_SPAN_DAYS:
        return False
    return first <= point.date.earliest() <= last


def shortly_after(point: EventBuilder, record: EventBuilder) -> bool:
    """Whether a day entry or curated event falls a few days after Wikidata's one day for it.

    Wikidata gives an incident or battle one day, often its first (the Gulf of Tonkin
    incident is 1964-08-02), and the day page tells it on a later day (4 August, the second
    reported attack). Up to `SHORT_SPAN_DAYS` after, never for a war (whose one day may be
    its end) and never an entry telling an end. Only a main subject or the same article
    makes such a pair (`graph.importers.merge`), and it ranks after every pair on its own day.

    >>> from graph.dates import HistoricalDate
    >>> tonkin = EventBuilder("Gulf of Tonkin incident", HistoricalDate(1964, 8, 2), "wikidata")
    >>> told = EventBuilder("Destroyers report an attack", HistoricalDate(1964, 8, 4), "wikipedia")
    >>> shortly_after(told, tonkin), shortly_after(tonkin, told)
    (True, False)
    """
    if record.source_name != "wikidata" or record.date_may_be_end or record.end_date is not None:
        return False
    if record.date.precision is not Precision.DAY or record.date.end is not None:
        return False
    if not (is_day_entry(point) or point.canonical_id) or point.date.precision is not Precision.DAY:
        return False
    if point.date.end is not None or tells_an_end(point):
        return False
    gap = day_number(*point.date.earliest()) - day_number(*record.date.earliest())
    return 0 < gap <= SHORT_SPAN_DAYS


def narrowest(events: list[EventBuilder], pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs to drop: a day entry's pair with a whole when it also pairs with a part of it.

    Pairs are index pairs into ``events``; each dropped pair is returned as given.
    """
    partners: dict[int, list[int]] = {}
    given = list(pairs)
    for i, j in given:
        for entry, other in ((i, j), (j, i)):
            if is_day_entry(events[entry]) and not is_day_entry(events[other]):
                partners.setdefault(entry, []).append(other)
    dropped = set()
    for i, j in given:
        for entry, other in ((i, j), (j, i)):
            wide = events[other]
            if any(
                nested(wide, events[part]) and covers(wide, events[part]) for part in partners.get(entry, ())
            ):
                dropped.add((i, j))
    return dropped


__all__ = [
    "SHORT_SPAN_DAYS",
    "covers",
    "extent",
    "inside_short_span",
    "narrowest",
    "nested",
    "shortly_after",
]
