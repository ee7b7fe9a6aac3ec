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
    if text.isascii():
        # Nothing to decompose and no accent to strip: the same key, several times faster
        # (a million events' texts are folded when their index is built).
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


#: What separates words in a name or a search, besides white space: dashes of every kind
#: ("Mexico–Soviet" is two words, as someone typing "Mexico Soviet" means), and the
#: punctuation that only sits between words (quotes, brackets, commas, slashes). Apostrophes
#: and full stops stay: they are part of "o'higgins" and "d.c.".
_SEPARATORS = str.maketrans(
    dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d", " ")
    | dict.fromkeys(',;:!?()[]{}"/\\\u00ab\u00bb\u201c\u201d\u201e\u2026', " ")
)


def search_words(text: str) -> list[str]:
    """The words search matches: folded, split at white space, dashes and between-word punctuation.

    >>> search_words("Mexico–Soviet relations, 1924-08-04")
    ['mexico', 'soviet', 'relations', '1924', '08', '04']
    >>> search_words("“Bloody Sunday” (St. Petersburg)")
    ['bloody', 'sunday', 'st.', 'petersburg']
    """
    return fold(text).translate(_SEPARATORS).split()


def slugify(text: str) -> str:
    """A stable, readable id part: lower case ASCII words joined by hyphens.

    >>> slugify("Establishment of Mexico–Soviet Diplomatic Relations")
    'establishment-of-mexico-soviet-diplomatic-relations'
    """
    return _SLUG_JUNK.sub("-", fold(text).replace("'", "").replace("’", "")).strip("-")


__all__ = ["fold", "search_words", "slugify"]
