"""Text helpers shared by the indexes, the loader and the importers."""

from __future__ import annotations

import re
import unicodedata

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """A key for case- and accent-insensitive matching.

    >>> fold("  Álvaro  OBREGÓN ")
    'alvaro obregon'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def slugify(text: str) -> str:
    """A stable, readable id part: lower case ASCII words joined by hyphens.

    >>> slugify("Establishment of Mexico–Soviet Diplomatic Relations")
    'establishment-of-mexico-soviet-diplomatic-relations'
    """
    return _SLUG_JUNK.sub("-", fold(text).replace("'", "").replace("’", "")).strip("-")


__all__ = ["fold", "slugify"]
