"""What the people a development row links were, as the day pages' births and deaths say.

The importer hands the classifier the life description of every person an event links
("American boxer", from "Joe Frazier, American boxer (d. 2011)"); a development row carries the
same descriptions (its ``people`` field), read here the importer's way, so that the rows
measure the classifier as the import runs it. The first record of a person wins, births
before deaths, as the importer's person groups keep their first description.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from graph.importers.draft import DraftPerson
from graph.importers.wikipedia import read


def life_descriptions(root: Path) -> dict[str, str]:
    """Each person's page title and the description its first birth or death record gives."""
    days = root / "wikipedia-onthisday"
    found: dict[str, str] = {}
    for draft in read([days / "births", days / "deaths"]):
        if isinstance(draft, DraftPerson) and draft.title and draft.description:
            found.setdefault(draft.title, draft.description)
    return found


def linked_people(links: Iterable[str], lives: dict[str, str]) -> dict[str, str]:
    """The linked titles that are people, each with its life description."""
    return {title: lives[title] for title in links if title in lives}


__all__ = ["life_descriptions", "linked_people"]
