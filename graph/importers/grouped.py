"""Grouped birth and death entries: a header that names an event, then one person a line.

A day page gathers the dead of one event under its name::

    1941 | Attack on Pearl Harbor:
           Mervyn S. Bennion, American captain (b. 1887)
           Frederick Curtice Davis, American sailor (b. 1915)

Read as one record, the header's link became a person ("Attack on Pearl Harbor", born
1887). The header is the setting, never a person: each line is a record of its own, with
the links whose title starts it. Some headers have no colon ("Victims of the RMS Titanic
disaster", "The Day the Music Died", "crew of the Space Shuttle Columbia"): a line above a
blank line that gives no life years is a header too.
"""

from __future__ import annotations

import re

from graph.models import Link

#: Life years in a line ("(b. 1887)", "(d. 1912)"): a person line, never a header.
_LIFE = re.compile(r"\((?:b|d)\.\s")
#: The bullets some grouped entries put before each person ("- Geoff Bent, …").
_BULLET = re.compile(r"^[-–•*]\s+")
#: Link titles that name a list page, never a person ("List of supercentenarians…").
LIST_PAGE = re.compile(r"^List of\b")
#: A header names a group, never one person: at most this long.
_HEADER_MAX = 150


def _is_header(line: str, followed_by_blank: bool) -> bool:
    """A line that names the group, not a person in it.

    Either it ends in a colon ("Attack on Pearl Harbor:"), or it stands alone above a blank
    line and gives neither life years nor a comma ("Victims of the RMS Titanic disaster", "The Day the Music
    Died"): day pages write every person line of a grouped entry with "(b. …)".
    """
    if len(line) > _HEADER_MAX:
        return False
    return line.endswith(":") or (followed_by_blank and "," not in line and _LIFE.search(line) is None)


def split_grouped(description: str) -> tuple[str, list[str]] | None:
    """The header(s) and person lines of a grouped entry, or None for an ordinary one.

    >>> split_grouped("Attack on Pearl Harbor:\\n\\nMervyn S. Bennion, captain (b. 1887)\\nA B, sailor\\n")
    ('Attack on Pearl Harbor', ['Mervyn S. Bennion, captain (b. 1887)', 'A B, sailor'])
    >>> split_grouped("Victims of the RMS Titanic disaster\\n\\nThomas Andrews, shipbuilder (b. 1873)")
    ('Victims of the RMS Titanic disaster', ['Thomas Andrews, shipbuilder (b. 1873)'])
    >>> split_grouped("Louis XIV of France (b. 1638)") is None
    True
    """
    raw = description.strip().split("\n")
    if len(raw) < 2:
        return None
    headers: list[str] = []
    people: list[str] = []
    for index, text in enumerate(raw):
        line = _BULLET.sub("", text.strip())
        if not line:
            continue
        followed_by_blank = index + 1 < len(raw) and not raw[index + 1].strip()
        if _is_header(line, followed_by_blank):
            headers.append(line.rstrip(":").strip())
        else:
            people.append(line)
    if not headers or not people:
        return None
    return "; ".join(headers), people


def links_for(line: str, links: list[Link], name_of: dict[str, str]) -> list[Link]:
    """The links whose person name starts `line`: that line's own person."""
    return [link for link in links if line.startswith(name_of[link.title])]


__all__ = ["LIST_PAGE", "links_for", "split_grouped"]
