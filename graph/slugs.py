"""Readable URL names for events, people and places: stable, and unique within a kind.

A record's slug is its id without the prefix (``event:apollo-11`` is ``apollo-11``), which
the importers already write as lower-case words joined by hyphens and keep unique. An id
that is not already such a slug is slugified; when two ids come to the same slug, the
one first in id order keeps it and the others get ``-2``, ``-3``… in id order, so the
same data always gives the same slugs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.models import Kind
from graph.text import slugify

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph

# What `slugify` gives back unchanged, checked without it: a million ids are read at first use.
_PLAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The kinds that have pages, and so slugs.
SLUGGED = (Kind.EVENT, Kind.PERSON, Kind.LOCATION)


@dataclass(frozen=True, slots=True)
class Slugs:
    """One kind's slugs, both ways. Only ids whose slug is not their own local part are stored."""

    kind: Kind
    by_slug: dict[str, str]
    by_id: dict[str, str]

    def slug(self, node_id: str) -> str:
        return self.by_id.get(node_id) or node_id.partition(":")[2]

    def id(self, slug: str) -> str | None:
        """The id a slug names, or None; a plain slug names ``<kind>:<slug>`` unless another id took it."""
        found = self.by_slug.get(slug)
        if found is not None:
            return found
        candidate = f"{self.kind.value}:{slug}"
        return candidate if self.by_id.get(candidate, slug) == slug else None


def assign(kind: Kind, ids: Sequence[str]) -> Slugs:
    """The slugs of a kind's ids (any order in, id order decides collisions).

    >>> s = assign(Kind.EVENT, ["event:b-c", "event:B_C", "event:a"])
    >>> [s.slug(i) for i in ("event:a", "event:B_C", "event:b-c")]
    ['a', 'b-c-2', 'b-c']
    >>> s.id("b-c"), s.id("b-c-2"), s.id("nope-x")
    ('event:b-c', 'event:B_C', 'event:nope-x')
    """
    plain = _PLAIN.fullmatch
    # One pass over the ids; the rest runs only for those that are not slugs already (none,
    # when the data came through the loader, which holds ids to slugs).
    odd = sorted(i for i in ids if not plain(i.partition(":")[2]))
    by_slug: dict[str, str] = {}
    by_id: dict[str, str] = {}
    if not odd:
        return Slugs(kind, by_slug, by_id)
    # Ids that already are slugs keep theirs before any other is placed: adding a record
    # with an odd id never moves an existing page.
    taken = {part for part in (i.partition(":")[2] for i in ids) if plain(part)}
    for node_id in odd:
        base = slugify(node_id.partition(":")[2]) or "record"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        by_slug[slug] = node_id
        by_id[node_id] = slug
    return Slugs(kind, by_slug, by_id)


def slugs_of(kg: KnowledgeGraph, kind: Kind) -> Slugs:
    """The slugs of one kind in a graph, made once per graph."""
    return kg.memo(f"slugs:{kind.value}", lambda g: assign(kind, g.ids(kind)))


__all__ = ["SLUGGED", "Slugs", "assign", "slugs_of"]
