"""People of several sources, and of earlier imports, joined as one run joins them.

One run groups each source's person records on its own (`source_groups`: by page title,
then `join_people`), then joins the groups of every source (`join_sources`). A person an
earlier import wrote is exactly such a group (`group_of`): its page titles are its links,
its dates and sources what the group had. So ``clio import canonical`` of each source's
output joins people as one run with every source does, in any order of the outputs:
groups are taken in the order of their source rows, never in the order they were read.

``on_join(kept, gone)`` is told of every join, so that the ids an earlier import gave the
joined people can be followed to the survivor (`graph.redirects`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from graph.importers.canonical import CanonicalRecord
from graph.importers.draft import DraftPerson
from graph.importers.people import PersonGroup, group_people, same_lives
from graph.importers.people_join import OnJoin, absorb, join_people
from graph.models import Link, Person
from graph.text import fold

if TYPE_CHECKING:
    from graph.importers.resolve import Resolver


def source_groups(drafts: Iterable[DraftPerson]) -> list[PersonGroup]:
    """The people of one source's records: by page title, then by the joining rules."""
    return join_people(group_people(drafts))


def _is_title(link: Link) -> bool:
    # A person's links are the page titles of its records; a section link ("…#Life") is not.
    return "/wiki/" in link.url and "#" not in link.url


def group_of(person: Person) -> PersonGroup:
    """An earlier import's person as the group it was made from."""
    titles: list[str] = []
    for link in person.links:
        if _is_title(link) and fold(link.title) not in {fold(t) for t in titles}:
            titles.append(link.title)
    return PersonGroup(
        name=person.name,
        title=titles[0] if titles else None,
        born=person.born,
        died=person.died,
        description=person.description,
        aliases=list(person.aliases),
        links=list(person.links),
        sources=list(person.sources),
        other_titles=titles[1:],
    )


def _order(group: PersonGroup) -> tuple[tuple[str, str, str], ...]:
    return tuple((s.name, s.file or "", s.record or "") for s in group.sources)


def join_sources(groups: Iterable[PersonGroup], on_join: OnJoin | None = None) -> list[PersonGroup]:
    """The groups of several sources joined: a shared page title, then a name, then the rules.

    >>> a = PersonGroup("Louis XIV", title="Louis XIV")
    >>> b = PersonGroup("Louis XIV of France", title="Louis XIV of France", other_titles=["Louis XIV"])
    >>> [(g.name, g.other_titles) for g in join_sources([a, b])]
    [('Louis XIV', ['Louis XIV of France'])]
    """

    def join(kept: PersonGroup, gone: PersonGroup) -> None:
        absorb(kept, gone)
        if on_join is not None:
            on_join(kept, gone)

    titled: list[PersonGroup] = []
    untitled: list[PersonGroup] = []
    by_title: dict[str, PersonGroup] = {}
    gone: set[int] = set()
    for group in sorted(groups, key=_order):
        if not group.title:
            untitled.append(group)
            continue
        hits: list[PersonGroup] = []
        for title in (group.title, *group.other_titles):
            hit = by_title.get(fold(title))
            if hit is not None and all(hit is not h for h in hits):
                hits.append(hit)
        if hits:
            kept = hits[0]
            for other in [*hits[1:], group]:
                join(kept, other)
                gone.add(id(other))
        else:
            kept = group
            titled.append(group)
        for title in (kept.title or "", *kept.other_titles):
            by_title[fold(title)] = kept
    titled = [g for g in titled if id(g) not in gone]
    by_name: dict[str, list[PersonGroup]] = {}
    for group in titled:
        by_name.setdefault(fold(group.name), []).append(group)
    loose: dict[str, list[PersonGroup]] = {}
    for group in untitled:
        key = fold(group.name)
        fits = [
            g
            for g in by_name.get(key, []) + loose.get(key, [])
            if same_lives(g.born, g.died, group.born, group.died)
        ]
        if len(fits) == 1:
            join(fits[0], group)
        else:
            loose.setdefault(key, []).append(group)
    return join_people(titled + [g for groups in loose.values() for g in groups], on_join)


def place_people(
    resolver: Resolver, drafts: Sequence[Sequence[DraftPerson]], imported: Iterable[CanonicalRecord]
) -> dict[tuple[str, str], str]:
    """Join the people of every source and of earlier imports, and give them ids.

    Args:
        drafts: each source's person drafts, one list a source.
        imported: the people earlier imports wrote (not curated ones).

    Returns:
        Where each earlier import's person went: (its output directory, the id it had there)
        -> its id now. Two outputs may have given one id to two different people.
    """
    origins: dict[int, list[tuple[str, str]]] = {}
    groups = [group for one in drafts for group in source_groups(one)]
    for item in imported:
        assert isinstance(item.record, Person)
        group = group_of(item.record)
        origins[id(group)] = [(item.directory, item.record.id)]
        groups.append(group)

    def moved(kept: PersonGroup, gone: PersonGroup) -> None:
        origins.setdefault(id(kept), []).extend(origins.pop(id(gone), []))

    joined = join_sources(groups, moved)
    ids = resolver.add_groups(joined)
    return {origin: ids[id(group)] for group in joined for origin in origins.get(id(group), [])}


__all__ = ["group_of", "join_sources", "place_people", "source_groups"]
