"""Group person drafts into people: one node per person, never one per name.

Evidence, strongest first:

* A Wikipedia page title names one person: every draft with that title is that person
  (the birth record gives the birth day, the death record the death day).
* A draft without a title joins the titled person of the same name only when that is the
  only one and their life dates agree; otherwise it stands alone.
* Canonical people (``data/``) claim a group whose name or alias they share, again only
  when the life dates agree. Two people who share a name but not their dates stay two,
  with ids told apart by birth year (``person:john-smith-1950``), or death year
  (``…-d1950``) when the birth is unknown; the one whose page title is the bare name
  (Wikipedia's primary topic) keeps the bare id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.dates import HistoricalDate
from graph.importers.draft import DraftPerson
from graph.models import Link, Source
from graph.text import fold, slugify


@dataclass(slots=True)
class PersonGroup:
    """The drafts that are one person, merged."""

    name: str
    title: str | None = None
    born: HistoricalDate | None = None
    died: HistoricalDate | None = None
    description: str | None = None
    aliases: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    #: Page titles of records joined in under another title ("Louis XIV of France").
    other_titles: list[str] = field(default_factory=list)

    conflicts: list[Source] = field(default_factory=list)

    def add(self, draft: DraftPerson) -> None:
        born = more_precise(self.born, draft.born)
        died = more_precise(self.died, draft.died)
        if born is not None and died is not None and died.latest() < born.earliest():
            # A life that ends before it begins: keep the finer date, drop the other, and say so.
            self.conflicts.append(draft.source)
            if born.precision.rank <= died.precision.rank:
                died = (
                    self.died if self.died is not None and not self.died.latest() < born.earliest() else None
                )
            else:
                born = (
                    self.born if self.born is not None and not died.latest() < self.born.earliest() else None
                )
        self.born, self.died = born, died
        self.description = self.description or draft.description
        for alias in draft.aliases:
            if alias != self.name and alias not in self.aliases:
                self.aliases.append(alias)
        for link in draft.links:
            if link not in self.links:
                self.links.append(link)
        self.sources.append(draft.source)


def more_precise(current: HistoricalDate | None, new: HistoricalDate | None) -> HistoricalDate | None:
    if current is None:
        return new
    if new is None:
        return current
    return new if new.precision.rank < current.precision.rank else current


def same_lives(
    a_born: HistoricalDate | None,
    a_died: HistoricalDate | None,
    b_born: HistoricalDate | None,
    b_died: HistoricalDate | None,
) -> bool:
    """Whether two sets of life dates can be one life: known years within one of each other.

    The slack of one year absorbs Old Style dates and "1726/1727".

    >>> same_lives(HistoricalDate(1878), None, HistoricalDate(1879, 1, 1), HistoricalDate(1953))
    True
    >>> same_lives(HistoricalDate(1878), None, HistoricalDate(1950), None)
    False
    """
    for a, b in ((a_born, b_born), (a_died, b_died)):
        if a is not None and b is not None and abs(a.astronomical_year - b.astronomical_year) > 1:
            return False
    return True


def group_people(drafts: Iterable[DraftPerson]) -> list[PersonGroup]:
    """Merge drafts by page title, then attach untitled drafts where the evidence allows."""
    by_title: dict[str, PersonGroup] = {}
    untitled: list[DraftPerson] = []
    for draft in drafts:
        if draft.title:
            group = by_title.setdefault(fold(draft.title), PersonGroup(name=draft.name, title=draft.title))
            group.add(draft)
        else:
            untitled.append(draft)
    titled_by_name: dict[str, list[PersonGroup]] = {}
    for group in by_title.values():
        titled_by_name.setdefault(fold(group.name), []).append(group)
    loose: dict[str, list[PersonGroup]] = {}
    for draft in untitled:
        key = fold(draft.name)
        candidates = [
            g
            for g in titled_by_name.get(key, []) + loose.get(key, [])
            if same_lives(g.born, g.died, draft.born, draft.died)
        ]
        if len(candidates) == 1:
            candidates[0].add(draft)
        else:
            group = PersonGroup(name=draft.name)
            group.add(draft)
            loose.setdefault(key, []).append(group)
    return list(by_title.values()) + [g for groups in loose.values() for g in groups]


def _year_suffix(group: PersonGroup) -> str:
    def text(date: HistoricalDate) -> str:
        return f"{abs(date.year)}-bc" if date.year < 0 else str(date.year)

    if group.born is not None:
        return text(group.born)
    if group.died is not None:
        return "d" + text(group.died)
    return ""


def assign_ids(groups: list[PersonGroup], taken: set[str]) -> dict[int, str]:
    """An id for each group (by index): the name's slug, told apart by life years when shared.

    >>> a = PersonGroup("John Smith", born=HistoricalDate(1950))
    >>> b = PersonGroup("John Smith", born=HistoricalDate(1880))
    >>> sorted(assign_ids([a, b, PersonGroup("Ada Lovelace")], set()).values())
    ['person:ada-lovelace', 'person:john-smith-1880', 'person:john-smith-1950']
    """
    bases: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        base = slugify(group.name) or slugify(group.title or "") or "unnamed"
        bases.setdefault(f"person:{base}", []).append(index)
    ids: dict[int, str] = {}
    used = set(taken)
    for base in sorted(bases):
        members = bases[base]
        if len(members) == 1 and base not in used:
            ids[members[0]] = base
            used.add(base)
            continue
        order = sorted(
            members,
            key=lambda i: (_year_suffix(groups[i]), groups[i].title or "", str(groups[i].sources[:1])),
        )
        # Wikipedia gives the bare title to the best-known bearer of a name ("Julius Caesar");
        # namesakes carry a disambiguator ("Julius Caesar (footballer)"). The one bare title
        # keeps the bare id.
        bare = [i for i in members if groups[i].title == groups[i].name]
        if len(bare) == 1 and base not in used:
            ids[bare[0]] = base
            used.add(base)
            order.remove(bare[0])
        for index in order:
            suffix = _year_suffix(groups[index])
            candidate = f"{base}-{suffix}" if suffix else base
            number = 2
            unique = candidate
            while unique in used:
                unique = f"{candidate}-{number}"
                number += 1
            ids[index] = unique
            used.add(unique)
    return ids


__all__ = ["PersonGroup", "assign_ids", "group_people", "more_precise", "same_lives"]
