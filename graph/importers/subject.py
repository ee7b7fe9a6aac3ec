"""The main subject of a Wikipedia day-page sentence: the links a merge may match on.

A day-page entry links many pages, and most are context: "King Louis IX of France dies
in Tunis while on the Eighth Crusade" is about Louis IX, not the crusade, and merging it
with Wikidata's "Eighth Crusade" would swallow one event into another. The sentence
itself shows its subject in two ways, and only these count:

* *headings*: "Norman Conquest: Battle of Hastings: In England on Senlac Hill…" names
  its subject in the last heading before the sentence (Battle of Hastings), the earlier
  ones being the wider story (Norman Conquest);
* *the opening words*: "Battle of Zama: …", "The Mayflower Compact is signed…": a link
  whose title starts the sentence (after "The" or a title such as "King").
"""

from __future__ import annotations

import re

from graph.models import Link
from graph.text import fold

#: A heading ends with ": " and is short: a name, not a clause.
HEADING_MAX = 80
#: How far into the sentence the subject may start ("The ", "King ", "Emperor ").
_OPENING = 10
_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)$")


def _name(title: str) -> str:
    return fold(_DISAMBIGUATOR.sub("", title)).strip()


def headings(sentence: str) -> tuple[list[str], str]:
    """The headings of a day-page sentence and the sentence after them.

    >>> headings("Norman Conquest: Battle of Hastings: In England, the Normans win.")
    (['Norman Conquest', 'Battle of Hastings'], 'In England, the Normans win.')
    >>> headings("The ratio was 2: 1 in favour.")
    ([], 'The ratio was 2: 1 in favour.')
    """
    found: list[str] = []
    rest = sentence
    while ": " in rest:
        head, tail = rest.split(": ", 1)
        if not head or len(head) > HEADING_MAX or "." in head.rstrip(".")[-3:] or not head[0].isupper():
            break
        if any(ch.isdigit() for ch in head[-1:]):
            break
        found.append(head.strip())
        rest = tail
    return found, rest


def main_subjects(sentence: str, links: list[Link] | tuple[Link, ...]) -> list[str]:
    """Titles of the links that are the sentence's subject: its last heading's, its opening words'.

    >>> links = [Link("Louis IX of France", ""), Link("Eighth Crusade", "")]
    >>> main_subjects("King Louis IX of France dies in Tunis while on the Eighth Crusade.", links)
    ['Louis IX of France']
    >>> links = [Link("Norman Conquest", ""), Link("Battle of Hastings", ""), Link("Senlac Hill", "")]
    >>> main_subjects("Norman Conquest: Battle of Hastings: In England on Senlac Hill…", links)
    ['Battle of Hastings']
    """
    found: list[str] = []
    heads, body = headings(sentence)
    if heads:
        last = fold(heads[-1])
        for link in links:
            name = _name(link.title)
            if name and (name == last or last.startswith(name) or name.startswith(last)):
                found.append(link.title)
                break
    folded = fold(body)
    for link in links:
        name = _name(link.title)
        if name and link.title not in found and 0 <= folded.find(name) <= _OPENING:
            found.append(link.title)
            break
    return found


__all__ = ["HEADING_MAX", "headings", "main_subjects"]
