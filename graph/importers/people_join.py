"""Join the records of one person that sources name differently: "Louis XIV" and "Louis XIV of
France", "Martin Luther King Jr." and "Martin Luther King, Jr.".

Titles differ for three reasons the key below removes: the comma and stop of a suffix
(``Jr.``/``, Jr``/``Jr``), and the realm after a regnal number (Wikipedia moved "Louis XIV of
France" to "Louis XIV"; a day page may link either). A shared key alone is never enough:
George III of Georgia died in 1184, George III of the United Kingdom in 1820. Two groups join
only when at least one life date is known on both sides, every date known on both sides
agrees, and exactly one candidate fits. Day-precise dates may differ by up to
`OLD_STYLE_SLACK_DAYS`: English sources give George III's birth in the Old Style (24 May
1738), Wikipedia in the New (4 June 1738).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.calendar import day_number
from graph.dates import HistoricalDate
from graph.importers.people import PersonGroup, more_precise, same_lives
from graph.models import Person
from graph.text import fold

#: Julian dates ran 10 days behind from 1582 and 11 from 1700; 13 covers 1900–2100 too.
OLD_STYLE_SLACK_DAYS = 13

_SUFFIX = re.compile(r",?\s+(jr|sr|junior|senior)\.?$")
# "louis xiv of france", "george iii, prince of anhalt-dessau": a name, a roman numeral, a realm.
_REGNAL = re.compile(r"^(?P<name>.+?\s[ivxlc]+)(?:,\s.+|\s+(?:of|the)\s.+)$")
_PUNCTUATION = re.compile(r"[.,]")


def name_key(name: str) -> str:
    """A name folded for comparison, its suffix written one way.

    >>> name_key("Martin Luther King, Jr.") == name_key("Martin Luther King Jr")
    True
    >>> name_key("Martin Luther King, Sr.") == name_key("Martin Luther King Jr.")
    False
    """
    folded = " ".join(fold(name).split())
    match = _SUFFIX.search(folded)
    if match:
        folded = f"{folded[: match.start()]} {match[1][:2]}"
    return folded


def regnal_key(name: str) -> str:
    """`name_key`, without the realm that follows a regnal number.

    >>> regnal_key("Louis XIV of France"), regnal_key("Louis XIV")
    ('louis xiv', 'louis xiv')
    >>> regnal_key("Ivan the Terrible")
    'ivan the terrible'
    """
    key = name_key(name)
    match = _REGNAL.match(key)
    return _PUNCTUATION.sub("", match["name"]) if match else key


def _dates_agree(a: HistoricalDate, b: HistoricalDate) -> bool:
    if a.precision.rank == 0 and b.precision.rank == 0:  # both to the day
        return abs(day_number(*a.earliest()) - day_number(*b.earliest())) <= OLD_STYLE_SLACK_DAYS
    return abs(a.astronomical_year - b.astronomical_year) <= 1


def lives_agree(a: PersonGroup, b: PersonGroup) -> bool:
    """At least one life date known on both sides, and every such date agrees."""
    pairs = [(x, y) for x, y in ((a.born, b.born), (a.died, b.died)) if x is not None and y is not None]
    return bool(pairs) and all(_dates_agree(x, y) for x, y in pairs)


def absorb(keep: PersonGroup, other: PersonGroup) -> None:
    """Fold `other` into `keep`: its title and name become aliases, its dates fill gaps."""
    keep.born = more_precise(keep.born, other.born)
    keep.died = more_precise(keep.died, other.died)
    keep.description = keep.description or other.description
    for alias in (other.name, *other.aliases):
        if alias != keep.name and alias not in keep.aliases:
            keep.aliases.append(alias)
    for title in (other.title, *other.other_titles):
        if title and title != keep.title and title not in keep.other_titles:
            keep.other_titles.append(title)
    keep.links += [link for link in other.links if link not in keep.links]
    keep.sources += other.sources
    keep.conflicts += other.conflicts


def join_people(groups: list[PersonGroup]) -> list[PersonGroup]:
    """Groups whose regnal keys match and whose lives agree, joined; the rest as they were.

    The group with more source records keeps its name (the day pages' usual title).
    """
    by_key: dict[str, list[PersonGroup]] = {}
    for group in groups:
        by_key.setdefault(regnal_key(group.title or group.name), []).append(group)
    gone: set[int] = set()
    for members in by_key.values():
        if len(members) < 2:
            continue
        for group in sorted(members, key=lambda g: -len(g.sources)):
            if id(group) in gone:
                continue
            fits = [g for g in members if g is not group and id(g) not in gone and lives_agree(group, g)]
            for other in fits:
                # Join only when `other` has no other fit either: two George IIIs of the same
                # dates would be a contradiction to report, not to guess at.
                rivals = [
                    g for g in members if g is not other and id(g) not in gone and lives_agree(g, other)
                ]
                if len(rivals) == 1 and rivals[0] is group:
                    absorb(group, other)
                    gone.add(id(other))
    return [g for g in groups if id(g) not in gone]


def keys_of(names: Iterable[str]) -> set[str]:
    """The `name_key` of each name."""
    return {name_key(name) for name in names if name}


def group_keys(group: PersonGroup) -> set[str]:
    """The `name_key` of every name and page title a group goes by."""
    return keys_of((group.name, *group.aliases, group.title or "", *group.other_titles))


def matches_canonical(group: PersonGroup, person: Person) -> bool:
    """Whether a canonical person may claim a group: same name or alias, and the same life."""
    names = keys_of((person.name, *person.aliases))
    return bool(names & group_keys(group)) and same_lives(person.born, person.died, group.born, group.died)


__all__ = [
    "OLD_STYLE_SLACK_DAYS",
    "absorb",
    "group_keys",
    "join_people",
    "keys_of",
    "lives_agree",
    "matches_canonical",
    "name_key",
    "regnal_key",
]
