"""Grouped birth and death entries: a header that names an event, then one person a line.

A day page gathers the dead of one event under its name::

    1941 | Attack on Pearl Harbor:
           Mervyn S. Bennion, American captain (b. 1887)
           Frederick Curtice Davis, American sailor (b. 1915)

Read as one record, the header's link became a person ("Attack on Pearl Harbor", born
1887). The header is the setting, never a person: each line is a record of its own, with
the links whose title starts it.
"""

from __future__ import annotations

import re

from graph.models import Link

# A first line that ends in a colon, then at least one more line.
_HEADER = re.compile(r"^\s*(?P<header>[^\n:]{1,150}):\s*\n(?P<body>.*\S.*)$", re.DOTALL)

#: Link titles that name a list page, never a person ("List of supercentenarians…").
LIST_PAGE = re.compile(r"^List of\b")


def split_grouped(description: str) -> tuple[str, list[str]] | None:
    """The header and person lines of a grouped entry, or None for an ordinary one.

    >>> split_grouped("Attack on Pearl Harbor:\\n\\nMervyn S. Bennion, captain (b. 1887)\\nA B, sailor\\n")
    ('Attack on Pearl Harbor', ['Mervyn S. Bennion, captain (b. 1887)', 'A B, sailor'])
    >>> split_grouped("Louis XIV of France (b. 1638)") is None
    True
    """
    match = _HEADER.match(description)
    if match is None:
        return None
    lines = [line.strip() for line in match["body"].split("\n") if line.strip()]
    return (match["header"].strip(), lines) if lines else None


def links_for(line: str, links: list[Link], name_of: dict[str, str]) -> list[Link]:
    """The links whose person name starts `line`: that line's own person."""
    return [link for link in links if line.startswith(name_of[link.title])]


__all__ = ["LIST_PAGE", "links_for", "split_grouped"]
