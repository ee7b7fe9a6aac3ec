"""Tell armies, parties and movements from other link titles: a heuristic on title words.

No source types its links, so this is a rule set, not knowledge, and it says so: each
match records the word that decided it. A capitalised word of the title ("Red Army",
"Communist Party of the Soviet Union", "European Union") names the kind. It runs after
places have been looked up, so "Soviet Union" is already a state and never reaches here.
Titles that name an event or a theatre of war rather than an actor are excluded
("Boston Tea Party", "Western Front (World War I)", "Battle of …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: (title word, organisation kind), checked in order; words match whole and capitalised.
RULES: tuple[tuple[str, str], ...] = (
    ("Army", "army"),
    ("Navy", "army"),
    ("Air Force", "army"),
    ("Marine Corps", "army"),
    ("Wehrmacht", "army"),
    ("Luftwaffe", "army"),
    ("Kriegsmarine", "army"),
    ("Legion", "army"),
    ("Militia", "armed-group"),
    ("Brigade", "armed-group"),
    ("Brigades", "armed-group"),
    ("Party", "party"),
    ("Movement", "movement"),
    ("Front", "movement"),
    ("League", "international"),
    ("Nations", "international"),
    ("Union", "international"),
    ("Organization", "international"),
    ("Organisation", "international"),
    ("Company", "company"),
    ("Corporation", "company"),
    ("Airlines", "company"),
    ("Church", "religious"),
    ("Order", "religious"),
    ("Congress", "government"),
    ("Parliament", "government"),
)

_EXCLUDED = re.compile(
    r"^(?:Battle|Siege|Sack|Treaty|Massacre|Siege|Fall|Capture|Invasion|Raid) of\b"
    r"|Tea Party|\b(?:Western|Eastern|Southern|Northern|Italian|Macedonian|Home|Popular) Front\b"
    r"|\bOrder No\b"
    r"|\((?:film|band|album|song|novel|TV series)\)$"
)
_COMPILED = tuple((word, kind, re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")) for word, kind in RULES)


@dataclass(frozen=True, slots=True)
class OrganizationMatch:
    kind: str
    evidence: str


def organization_kind(title: str) -> OrganizationMatch | None:
    """The organisation kind a title's words suggest, with the word as evidence, or None.

    >>> organization_kind("Red Army")
    OrganizationMatch(kind='army', evidence="title word 'Army'")
    >>> organization_kind("Communist Party of the Soviet Union").kind
    'party'
    >>> organization_kind("Boston Tea Party") is None
    True
    >>> organization_kind("Western Front (World War I)") is None
    True
    """
    if _EXCLUDED.search(title):
        return None
    for word, kind, pattern in _COMPILED:
        if pattern.search(title):
            return OrganizationMatch(kind, f"title word {word!r}")
    return None


__all__ = ["RULES", "OrganizationMatch", "organization_kind"]
