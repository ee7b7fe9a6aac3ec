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


#: The format characters stored text may hold: the zero-width non-joiner and joiner, which
#: Persian, the Indic scripts and emoji sequences need to be spelled right.
_JOINERS = frozenset("\u200c\u200d")
#: What a reader cannot see or that reorders what they see, by Unicode category: controls
#: (but tab and line feed), format characters (bidi overrides and isolates, zero-width space,
#: BOM, tag characters…), lone surrogates, private use, the line and paragraph separators;
#: and the noncharacters (U+FFFE, U+FDD0…), checked by their code point.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def hidden_character(text: str) -> str | None:
    r"""The first character of ``text`` a reader cannot see or that reorders what they see, or None.

    A record's text is read by people: an override (U+202E) shows "Napoleon" for "noelopaN",
    a zero-width space makes a second "Napoleon" that no search finds. Said as the code
    point, its name and where it is, so a client can find and remove it.

    >>> hidden_character("Jeanne d'Arc\nOrl\u00e9ans"), hidden_character("\u0645\u06cc\u200c\u062e")
    (None, None)
    >>> hidden_character("Nap\u202eoleon")
    'U+202E (RIGHT-TO-LEFT OVERRIDE) at position 3'
    >>> hidden_character("a\x00b")
    'U+0000 (a control character) at position 1'
    """
    if text.isascii() and text.isprintable():
        return None  # the common case, decided in C
    for position, char in enumerate(text):
        category = unicodedata.category(char)
        code = ord(char)
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return f"U+{code:04X} (a noncharacter) at position {position}"
        if category in _HIDDEN and char not in "\t\n" and char not in _JOINERS:
            what = unicodedata.name(char, "") or {"Cc": "a control character", "Cs": "a lone surrogate"}.get(
                category, "a private-use character"
            )
            return f"U+{code:04X} ({what}) at position {position}"
    return None


def slugify(text: str) -> str:
    """A stable, readable id part: lower case ASCII words joined by hyphens.

    >>> slugify("Establishment of Mexico–Soviet Diplomatic Relations")
    'establishment-of-mexico-soviet-diplomatic-relations'
    """
    return _SLUG_JUNK.sub("-", fold(text).replace("'", "").replace("’", "")).strip("-")


__all__ = ["fold", "hidden_character", "search_words", "slugify"]
