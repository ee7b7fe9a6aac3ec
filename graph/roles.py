"""The parts a person plays in an event: one vocabulary for the data, the importers and the API.

Every person linked to an event has exactly one role. Roles other than `Role.MENTIONS`
are kinds of participation: the person did, led or suffered the event. A mention is a
person the event's text names in passing (a ship "named after" them, a memorial "in memory
of" them, a clause about something else), and counts as no participation anywhere:
``Event.people``, a person's events, associates and paths leave mentions out.

The data files list participants in ``people`` and mentions in ``mentions``; ``roles``
maps a participant to a role more precise than ``participant`` (``commander``). The GraphQL
enum ``Role`` is generated from `Role`, so this module is the only list of them.
"""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """What a person is to an event; the value is the word the data files use."""

    PARTICIPANT = "participant"
    COMMANDER = "commander"
    LEADER = "leader"
    VICTIM = "victim"
    MENTIONS = "mentions"

    @property
    def definition(self) -> str:
        """One line a reader of the data or the API can judge a link by."""
        return DEFINITIONS[self]

    @property
    def participates(self) -> bool:
        """Whether the role is a part in the event, rather than a mention of the person.

        >>> Role.COMMANDER.participates, Role.MENTIONS.participates
        (True, False)
        """
        return self is not Role.MENTIONS


DEFINITIONS: dict[Role, str] = {
    Role.PARTICIPANT: "Took part in the event: its subject or agent, a signatory, the person it is about",
    Role.COMMANDER: "Commanded forces in the battle, siege or campaign",
    Role.LEADER: "Held the office or reign the event is, or led the state or body that acted",
    Role.VICTIM: "Was killed, executed, assassinated or otherwise harmed by the event",
    Role.MENTIONS: "Named only in passing: a namesake, a dedication, a memory, a clause about something else",
}

#: A participant with no more precise role is stored without one: `roles` lists only these.
PRECISE = frozenset(role for role in Role if role.participates and role is not Role.PARTICIPANT)

# What the source readers write as a role, by its first words ("commander, US, Maj. Gen." from
# the Civil War battles, "monarch" from a historicaldate tenure, "participant" from Wikidata).
_SOURCE_WORDS: dict[str, Role] = {
    "participant": Role.PARTICIPANT,
    "commander": Role.COMMANDER,
    "victim": Role.VICTIM,
    "leader": Role.LEADER,
    "monarch": Role.LEADER,
    "president": Role.LEADER,
    "prime minister": Role.LEADER,
    "mentions": Role.MENTIONS,
}


def role_of(text: str | None) -> Role | None:
    """The role a source's own words give (its first comma-separated part), or None.

    >>> role_of("commander, US, Maj. Gen."), role_of("prime minister"), role_of("spectator")
    (<Role.COMMANDER: 'commander'>, <Role.LEADER: 'leader'>, None)
    """
    if not text:
        return None
    return _SOURCE_WORDS.get(text.split(",", 1)[0].strip().lower())


def stronger(a: Role, b: Role) -> Role:
    """The role to keep when two sources give one person two roles in one event.

    Any participation beats a mention (one source's evidence of taking part outweighs
    another's passing mention), a precise role beats plain ``participant``, and between two
    precise roles the one listed first in `Role` wins, so the answer never depends on order.

    >>> stronger(Role.MENTIONS, Role.PARTICIPANT), stronger(Role.PARTICIPANT, Role.COMMANDER)
    (<Role.PARTICIPANT: 'participant'>, <Role.COMMANDER: 'commander'>)
    """
    order = list(Role)

    def key(role: Role) -> tuple[int, int]:
        return {Role.MENTIONS: 0, Role.PARTICIPANT: 1}.get(role, 2), -order.index(role)

    return a if key(a) >= key(b) else b


__all__ = ["DEFINITIONS", "PRECISE", "Role", "role_of", "stronger"]
