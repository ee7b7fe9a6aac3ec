"""Named rules that find a day-page entry and another record to be one event.

`graph.importers.merge` trusts a shared article, an entry's main subject, a link on the
very same day and alike titles on the same day. These rules add the evidence that is left
when the words differ ("United States forces land in the Philippines" is the Battle of
Leyte), each on its own and each narrow enough to name:

* `linked_alone`: an entry linking a record's article is about it when the article is the
  entry's only link, or when the entry is the only one linking it within the record's
  date and the record is no war or crusade (those are context of many entries: Louis IX
  dies "on the Eighth Crusade"); an entry telling a war's end is never the war;
* `tenure_starts`: a tenure ("Reign of William IV") and the entry of its first day whose
  sentence opens with the holder ("William IV becomes king…", linking William IV of the
  United Kingdom);
* `curated_headlines`: a curated event and the one entry of its day that holds at least
  two thirds of the curated title's words ("Discovery of Pluto", "Clyde Tombaugh
  discovers Pluto"), an abbreviation standing for the name the entry spells out ("FCC",
  "Federal Communications Commission"), or links an article of the very same words (a
  renamed article: "1988 Chilean national plebiscite", "Chilean national plebiscite, 1988");
* `worded_rows`: a historicaldate row whose page is a reference, not its own article
  ("Uranus", 1781, "Uranus discovered"), and the one entry within its year that links that
  page and holds two thirds of the row's words ("William Herschel discovers Uranus");
* `battle_places`: a Wikidata, NPS or curated battle and an entry of its day that names its place
  ("Battle of Arafura Sea", "…sunk in Arafura Sea by the Dutch Navy"; "Battle of Ushant
  (1781)", "Second Battle of Ushant: …"), or the one NPS battle of its day whose account
  names it ("Action at Blue Mills Landing", NPS "Liberty"): two battles at one place on one
  day are one.

Each returns pairs of indices; the merge still checks that their dates fit and that a
group never holds two day entries or two curated events.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from graph.calendar import Precision
from graph.importers.builder import EventBuilder
from graph.importers.combine import fits, is_day_entry, tells_an_end
from graph.importers.historicaldate import TENURES
from graph.importers.subject import headings
from graph.text import fold

#: How far into the sentence a tenure's holder may be named ("King ", "Emperor ").
_OPENING = 10
#: Share of a curated title's words an entry must hold, and the fewest words that is.
HEADLINE_SHARE = 2 / 3
HEADLINE_MIN_WORDS = 2
#: Words compared by their first letters, so "discovers" meets "Discovery", "Chilean" "Chile".
_PREFIX = 5
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "was",
        "were",
        "with",
    ]
)
#: Words as written, for their capitals; "of" and "and" may sit inside a name.
_NAME_WORD = re.compile(r"[^\W\d_]+")
_JOINERS = frozenset({"of", "and", "for", "the"})
_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)$")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_TENURE_TITLES = tuple(f"{tenure.office} of " for tenure in TENURES.values())
#: "Battle of X", "Action at X": the place is X; shorter places ("Ai") are too loose to match.
_BATTLE = re.compile(
    r"^(?:(?:first|second|third) )?(?:battle|action|engagement|skirmish) (?:of|at) (?P<place>.+)$"
)
_PLACE_MIN = 4
#: The sources whose records name a battle by its place (curated events too).
_BATTLE_SOURCES = frozenset({"wikidata", "acw", "canonical", "seed"})

Days = Callable[[EventBuilder], set[tuple[int, int, int]]]
Fits = Callable[[EventBuilder, EventBuilder], bool]


def article_key(title: str) -> str:
    """How an article title is compared: folded, any dash a hyphen.

    The day pages write "UK miners' strike (1984-85)" where the historicaldate row's URL
    gives "UK miners' strike (1984–85)": one article.

    >>> article_key("UK miners' strike (1984–85)") == article_key("UK Miners' strike (1984-85)")
    True
    """
    return _DASHES.sub("-", fold(title))


def wider_story(entry: EventBuilder) -> set[str]:
    """Keys of the links an entry names in a heading above its last one: the wider story.

    "American Revolutionary War: Battles of Lexington and Concord: …" is about the battles;
    the war is their context, never the entry's event, even on the war's first day.

    >>> from graph.dates import HistoricalDate
    >>> from graph.models import Link
    >>> told = "American Revolutionary War: Battles of Lexington and Concord: The war begins."
    >>> lexington = EventBuilder(told, HistoricalDate(1775, 4, 19), "wikipedia", summary=told,
    ...     links=[Link("American Revolutionary War", ""), Link("Battles of Lexington and Concord", "")])
    >>> sorted(wider_story(lexington))
    ['american revolutionary war']
    """
    heads = headings(entry.summary or entry.title)[0]
    above = {article_key(head) for head in heads[:-1]}
    return {article_key(link.title) for link in entry.links if article_key(_name(link.title)) in above}


def _words(text: str) -> set[str]:
    return {w[:_PREFIX] for w in _WORD.findall(fold(text)) if w not in _STOP}


def initialisms(text: str) -> set[str]:
    """The initials of each run of capitalised words, as a title abbreviates them.

    "FCC abolishes the Fairness Doctrine" is told "The Federal Communications Commission
    rescinds the Fairness Doctrine"; "of" and "and" inside a name are skipped (NATO).

    >>> sorted(initialisms("The Federal Communications Commission rescinds the Fairness Doctrine"))
    ['fcc', 'tfcc']
    >>> "nato" in initialisms("The North Atlantic Treaty Organization is founded")
    True
    """
    found: set[str] = set()
    run: list[str] = []
    for word in [*_NAME_WORD.findall(text), ""]:
        if word[:1].isupper():
            run.append(word[0])
        elif word in _JOINERS and run:
            continue
        else:
            # Every tail of the run ("The Federal…" gives "tfcc" and "fcc"), of three letters or more.
            for start in range(len(run) - 2):
                found.add("".join(run[start:]).lower()[:_PREFIX])
            run = []
    return found


def _name(title: str) -> str:
    return fold(_DISAMBIGUATOR.sub("", title)).strip()


def linked_alone(
    events: list[EventBuilder], by_key: dict[str, list[int]], compatible: Fits
) -> Iterator[tuple[int, int]]:
    """Entries and the records whose article they link when nothing else can be meant (see above)."""
    linking: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        if is_day_entry(event):
            context = wider_story(event)
            for link in event.links:
                if article_key(link.title) not in context:
                    linking.setdefault(article_key(link.title), []).append(index)
    for title, entries in linking.items():
        for other in by_key.get(title, ()):
            record = events[other]
            if is_day_entry(record):
                continue
            fitting = [i for i in entries if i != other and compatible(events[i], record)]
            for index in fitting:
                if record.date_may_be_end and tells_an_end(events[index]):
                    continue  # a war's end is its own fact (the Kargil conflict "comes to an end")
                if len(events[index].links) == 1 or (len(fitting) == 1 and not record.date_may_be_end):
                    yield index, other


def tenure_starts(events: list[EventBuilder], days: Days) -> Iterator[tuple[int, int]]:
    """Tenures and the entries of their first day whose sentence opens with the holder."""
    holders: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        if event.source_names() == {"historicaldate"} and event.title.startswith(_TENURE_TITLES):
            for link in event.links[:1]:
                holders.setdefault(_name(link.title), []).append(index)
    if not holders:
        return
    for index, event in enumerate(events):
        if not is_day_entry(event):
            continue
        body = fold(headings(event.summary or event.title)[1])
        for link in event.links:
            # The regnal "of …" may be left off: the row links "William IV", the day page
            # "William IV of the United Kingdom", and the sentence opens "William IV becomes…".
            name = _name(link.title)
            for holder in {name, name.split(" of ", 1)[0]}:
                if not 0 <= body.find(holder) <= _OPENING:
                    continue
                for tenure in holders.get(holder, ()):
                    if days(event) & days(events[tenure]):
                        yield index, tenure


def _entries_by_day(events: list[EventBuilder], days: Days) -> dict[tuple[int, int, int], list[int]]:
    by_day: dict[tuple[int, int, int], list[int]] = {}
    for index, event in enumerate(events):
        if is_day_entry(event):
            for day in days(event):
                by_day.setdefault(day, []).append(index)
    return by_day


def _same_day_entries(
    event: EventBuilder, by_day: dict[tuple[int, int, int], list[int]], days: Days
) -> Iterator[int]:
    for day in days(event):
        yield from by_day.get(day, ())


def _link_words(event: EventBuilder) -> set[frozenset[str]]:
    return {frozenset(_WORD.findall(fold(link.title))) for link in event.links}


def curated_headlines(events: list[EventBuilder], days: Days) -> Iterator[tuple[int, int]]:
    """Curated events and the one entry of their day that words their title (see above)."""
    by_day = _entries_by_day(events, days)
    for index, event in enumerate(events):
        if not event.canonical_id:
            continue
        wanted, articles = _words(event.title), _link_words(event)
        found = set()
        for entry in _same_day_entries(event, by_day, days):
            told = events[entry].summary or events[entry].title
            held = wanted & (_words(told) | initialisms(told))
            if len(held) >= max(HEADLINE_MIN_WORDS, HEADLINE_SHARE * len(wanted)) or (
                articles & _link_words(events[entry])
            ):
                found.add(entry)
        if len(found) == 1:
            yield found.pop(), index


def _names_place(text: str | None, place: str) -> bool:
    return bool(text) and place in f" {' '.join(_WORD.findall(fold(text or '')))} "


def worded_rows(events: list[EventBuilder]) -> Iterator[tuple[int, int]]:
    """Historicaldate rows without an article of their own and the one entry within their
    date that links their page and words them (see above)."""
    linking: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        if is_day_entry(event):
            for link in event.links:
                linking.setdefault(article_key(link.title), []).append(index)
    for index, event in enumerate(events):
        if event.source_names() != {"historicaldate"} or event.article:
            continue
        if event.title.startswith(_TENURE_TITLES) or event.date.precision is Precision.DAY:
            continue
        wanted = _words(f"{event.title} {event.summary or ''}")
        found = set()
        for link in event.links:
            for entry in linking.get(article_key(link.title), ()):
                told = events[entry].summary or events[entry].title
                if not fits(events[entry].date, event.date):
                    continue
                held = wanted & (_words(told) | initialisms(told))
                if len(held) >= max(HEADLINE_MIN_WORDS, HEADLINE_SHARE * len(wanted)):
                    found.add(entry)
        if len(found) == 1:
            yield found.pop(), index


def battle_places(events: list[EventBuilder], days: Days) -> Iterator[tuple[int, int]]:
    """Battles and the one entry of their day naming the battle's place, or the one NPS battle
    of their day whose account names it (see above)."""
    by_day = _entries_by_day(events, days)
    accounts: dict[tuple[int, int, int], list[int]] = {}
    for index, event in enumerate(events):
        if event.source_names() == {"acw"} and event.what_happened:
            for day in days(event):
                accounts.setdefault(day, []).append(index)
    for index, event in enumerate(events):
        if is_day_entry(event) or event.source_name not in _BATTLE_SOURCES:
            continue
        named = _BATTLE.match(_name(event.title))
        if named is None or len(named["place"]) < _PLACE_MIN:
            continue
        place = f" {named['place']} "
        found = {
            entry
            for entry in _same_day_entries(event, by_day, days)
            if _names_place(events[entry].summary or events[entry].title, place)
        }
        if len(found) == 1:
            yield found.pop(), index
        if event.source_name == "acw":
            continue
        # NPS names a battle by its town ("Liberty"); its account names the landing Wikidata
        # names it by ("Action at Blue Mills Landing").
        told = {
            other
            for day in days(event)
            for other in accounts.get(day, ())
            if _names_place(events[other].what_happened, place)
        }
        if len(told) == 1:
            yield told.pop(), index


__all__ = [
    "HEADLINE_MIN_WORDS",
    "HEADLINE_SHARE",
    "article_key",
    "battle_places",
    "curated_headlines",
    "linked_alone",
    "tenure_starts",
    "wider_story",
    "worded_rows",
]
