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

Three weaker kinds of name need stronger lives. One name may stand under two page titles (a
row links "Edgar, King of England", a day page "Edgar the Peaceful"): the names must be equal
and both birth and death known on both sides and agree. Wikipedia titles a person by a full
name on one day page and by a styled one on another ("Édouard Adolphe Casimir Joseph
Mortier", "Édouard Mortier, duc de Trévise"): the first given name and the surname must
match, and both birth and death must be known on both sides and agree. The Civil War battles' people
(``acw``) carry no life dates and often no page; that they served in the war is their
evidence: such a record joins the one person of a compatible name ("James E. B. Stuart"
and "J. E. B. Stuart", "Wade Hampton" and "Wade Hampton III") who was alive and grown up
in 1861–1865, when exactly one fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

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
_WORD = re.compile(r"[^\W\d_]+")
#: Generation suffixes and regnal numbers that end a name without being part of the surname.
_GENERATION = re.compile(r"^(jr|sr|[ivx]+)$")
#: The Civil War battles' people served in the war: alive in its first year, and at least
#: 16 by its last (drummer boys aside, no commander was younger).
WAR_YEARS = (1861, 1865)
_WAR_SOURCE = "acw"
OnJoin = Callable[[PersonGroup, PersonGroup], None]


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


def name_parts(name: str) -> tuple[tuple[str, ...], str] | None:
    """The given names and the surname of a name, without a styled tail, suffix or number.

    >>> name_parts("Édouard Mortier, duc de Trévise")
    (('edouard',), 'mortier')
    >>> name_parts("Wade Hampton III"), name_parts("J. E. B. Stuart")
    ((('wade',), 'hampton'), (('j', 'e', 'b'), 'stuart'))
    >>> name_parts("Plato") is None
    True
    """
    words = _WORD.findall(fold(name).split(",")[0].split("(")[0])
    while words and _GENERATION.match(words[-1]):
        words.pop()
    return (tuple(words[:-1]), words[-1]) if len(words) >= 2 else None


def compatible(a: str, b: str) -> bool:
    """Whether two names can be one: one surname, as many given names, each equal or its initial.

    >>> compatible("James E. B. Stuart", "J. E. B. Stuart"), compatible("John H. Morgan", "John Tyler Morgan")
    (True, False)
    """
    pa, pb = name_parts(a), name_parts(b)
    if pa is None or pb is None or pa[1] != pb[1] or len(pa[0]) != len(pb[0]):
        return False
    return all(
        x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in zip(pa[0], pb[0], strict=True)
    )


def generation(name: str) -> str:
    """The generation a name states ("jr", "sr", "iii"), or "".

    >>> generation("Francis P. Blair Jr."), generation("Wade Hampton III"), generation("Wade Hampton")
    ('jr', 'iii', '')
    """
    words = _WORD.findall(name_key(name))
    return words[-1] if len(words) > 2 and _GENERATION.match(words[-1]) else ""


def _short_key(group: PersonGroup) -> str:
    parts = name_parts(group.title or group.name)
    return f"{parts[0][0]} {parts[1]}" if parts and parts[0] else ""


def _lives_fully_agree(a: PersonGroup, b: PersonGroup) -> bool:
    known = all(d is not None for d in (a.born, a.died, b.born, b.died))
    return known and lives_agree(a, b)


def _join(
    groups: list[PersonGroup],
    key: Callable[[PersonGroup], str],
    agree: Callable[[PersonGroup, PersonGroup], bool],
    on_join: OnJoin | None,
) -> list[PersonGroup]:
    by_key: dict[str, list[PersonGroup]] = {}
    for group in groups:
        found = key(group)
        if found:
            by_key.setdefault(found, []).append(group)
    gone: set[int] = set()
    for members in by_key.values():
        if len(members) < 2:
            continue
        for group in sorted(members, key=lambda g: -len(g.sources)):
            if id(group) in gone:
                continue
            fits = [g for g in members if g is not group and id(g) not in gone and agree(group, g)]
            for other in fits:
                # Join only when `other` has no other fit either: two George IIIs of the same
                # dates would be a contradiction to report, not to guess at.
                rivals = [g for g in members if g is not other and id(g) not in gone and agree(g, other)]
                if len(rivals) == 1 and rivals[0] is group:
                    absorb(group, other)
                    gone.add(id(other))
                    if on_join is not None:
                        on_join(group, other)
    return [g for g in groups if id(g) not in gone]


def _served_in_the_war(group: PersonGroup) -> bool:
    return bool(group.sources) and all(s.name == _WAR_SOURCE for s in group.sources)


def _alive_in_the_war(group: PersonGroup) -> bool:
    first, last = WAR_YEARS
    return (
        group.born is not None
        and group.died is not None
        and group.born.astronomical_year <= last - 16
        and group.died.astronomical_year >= first
    )


def _may_be(names: set[str], candidate: tuple[str, ...]) -> bool:
    # Every name the record gives must fit ("William H. Jackson" fits William Henry Jackson,
    # his full name William Hicks Jackson does not), and a stated generation must be the
    # candidate's too: John Brown Jr. is not his father.
    generations = {generation(name) for name in names} - {""}
    return all(any(compatible(a, b) for b in candidate) for a in names) and generations <= {
        generation(b) for b in candidate
    }


def _join_soldiers(groups: list[PersonGroup], on_join: OnJoin | None) -> list[PersonGroup]:
    """The Civil War battles' undated people, joined to the one person of their name alive then."""
    by_surname: dict[str, list[PersonGroup]] = {}
    # Names as they were before any join here, so that the order of the joins does not matter.
    names_of: dict[int, tuple[str, ...]] = {}
    for group in groups:
        if _alive_in_the_war(group) and not _served_in_the_war(group):
            names_of[id(group)] = (group.name, *group.aliases)
            for name in names_of[id(group)]:
                parts = name_parts(name)
                if parts is not None and group not in by_surname.get(parts[1], []):
                    by_surname.setdefault(parts[1], []).append(group)
    gone: set[int] = set()
    for group in groups:
        if not _served_in_the_war(group) or group.born is not None or group.died is not None:
            continue
        names = {group.name, *group.aliases}
        surnames = {parts[1] for parts in map(name_parts, names) if parts is not None}
        fits = [
            candidate
            for surname in sorted(surnames)
            for candidate in by_surname.get(surname, [])
            if _may_be(names, names_of[id(candidate)])
        ]
        if len({id(f) for f in fits}) == 1:
            absorb(fits[0], group)
            gone.add(id(group))
            if on_join is not None:
                on_join(fits[0], group)
    return [g for g in groups if id(g) not in gone]


def join_people(groups: list[PersonGroup], on_join: OnJoin | None = None) -> list[PersonGroup]:
    """Groups that are one person by the rules above, joined; the rest as they were.

    The group with more source records keeps its name (the day pages' usual title).
    ``on_join(kept, gone)`` is told of every join.
    """
    groups = _join(groups, lambda g: regnal_key(g.title or g.name), lives_agree, on_join)
    groups = _join(groups, _short_key, _lives_fully_agree, on_join)
    # One name under two page titles: a row links "Edgar, King of England", a day page "Edgar
    # the Peaceful" (the same article, renamed). The name and the whole life must agree.
    groups = _join(groups, lambda g: name_key(g.name), _lives_fully_agree, on_join)
    return _join_soldiers(groups, on_join)


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
    "WAR_YEARS",
    "absorb",
    "compatible",
    "generation",
    "group_keys",
    "join_people",
    "keys_of",
    "lives_agree",
    "matches_canonical",
    "name_key",
    "name_parts",
    "regnal_key",
]
