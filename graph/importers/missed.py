"""Names an import could not resolve, kept in the event so that a later import can.

Wikidata lists an event's participants by name only ("Kit Carson" in the Jicarilla War).
Imported alone, it has no people to resolve them against, and its output kept no trace of
the names: merging that output with the day pages' (`clio import canonical …`) could not
link Kit Carson, which one run with both sources does (94 participant links were lost so).
So a name without a link that resolved to nothing is written into the event's sources as
a note of the import (``unresolved name: {"name": "Kit Carson", "role": "participant"}``),
and an import that reads the event again resolves the noted names against every source it
has, as one run would have, giving the role the source stated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from graph.importers.builder import NOTE_SOURCE, EventBuilder
from graph.importers.draft import Mention
from graph.importers.resolve import Resolution
from graph.models import Kind, Source
from graph.roles import PRECISE, Role, role_of

_NOTE = "unresolved name: "


def missed_notes(mentions: Iterable[Mention]) -> list[Source]:
    """The import's notes of names it resolved to nothing, with the kind and role the source gave.

    >>> [n.record for n in missed_notes([Mention("Kit Carson", role="participant")])]
    ['unresolved name: {"name": "Kit Carson", "role": "participant"}']
    """
    notes = []
    for mention in mentions:
        fields = {"name": mention.name, "kind": mention.kind_hint, "role": mention.role}
        text = json.dumps({k: v for k, v in fields.items() if v}, ensure_ascii=False)
        notes.append(Source(name=NOTE_SOURCE, record=_NOTE + text))
    return notes


def _is_note(source: Source) -> bool:
    return source.name == NOTE_SOURCE and (source.record or "").startswith(_NOTE)


def noted_mentions(sources: Sequence[Source]) -> list[Mention]:
    """The names an earlier import noted as unresolved, as mentions to resolve again.

    >>> noted_mentions(missed_notes([Mention("Kit Carson", "person", role="participant")]))
    [Mention(name='Kit Carson', kind_hint='person', title=None, role='participant')]
    """
    found = []
    for source in sources:
        if _is_note(source):
            raw = json.loads((source.record or "")[len(_NOTE) :])
            found.append(Mention(raw["name"], kind_hint=raw.get("kind"), role=raw.get("role")))
    return found


def resolve_noted(builder: EventBuilder, resolve: Callable[[list[Mention], Source], Resolution]) -> None:
    """Resolve the names an earlier import noted, linking what they name now; the rest stay noted.

    A person takes the role the source stated (a Wikidata participant takes part), as
    `participation.event_roles` gives it in one run.
    """
    mentions = noted_mentions(builder.sources)
    told = [s for s in builder.sources if s.name != NOTE_SOURCE]
    if not mentions or not told:
        return
    found = resolve(mentions, told[0])
    for kind, linked in ((Kind.LOCATION, builder.locations), (Kind.ORGANIZATION, builder.organizations)):
        linked.extend(ref for ref in found.refs.get(kind, []) if ref not in linked)
    for person, mention in found.people.items():
        if person in builder.people or person in builder.mentions:
            continue
        role = role_of(mention.role) or Role.PARTICIPANT
        (builder.people if role.participates else builder.mentions).append(person)
        if role in PRECISE:
            builder.roles[person] = role
    builder.sources = [s for s in builder.sources if not _is_note(s)] + missed_notes(found.missed)


__all__ = ["missed_notes", "noted_mentions", "resolve_noted"]
