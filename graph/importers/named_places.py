"""Places a day-page sentence names where the event happened, without a link.

A day-page entry links some of its places and only names others: "The Night of the Murdered
Poets: Thirteen prominent Jewish intellectuals are murdered in Moscow, Russia" links the
night, not Moscow. A name after a preposition of place ("in", "at", "near") that
the gazetteer reads as a country, a US state, a historical state or a curated place, or as a
town on the evidence of its row (`town_evidence`: its country or state named beside it, or a
million people for a name without a link), is where the event happened; so is the object of a
verb that happens there ("a 7.8 magnitude earthquake strikes Nepal", "Iraq invades Kuwait").
The longest run of capitalised words is tried first ("in New York City" is the city, not the
state).

This finds where; it never finds who. Whose fleet or army a sentence names stays out
(`sides`), and a name after "from" or "to" is where someone came from or went, and one after
"outside" where the event was not ("the first American college outside the United States").
"""

from __future__ import annotations

import re

#: "in", "at" or "near", or a verb whose object is where it happened ("an earthquake strikes
#: Nepal", "Iraq invades Kuwait"), then up to four capitalised words ("in New York City",
#: "at Pearl Harbor", "near Maui, Hawaii"); an optional "the" ("in the Philippines").
_LOCATIVE = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|strikes|hits|invades|invade|invaded|occupies|occupy|occupied)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’-]*\.?)(?:\s+[A-Z][\w'’-]*\.?){0,3})"
)
_POSSESSIVE = re.compile(r"['’]s$")
#: Words after a place's name that name a part of it or something in it.
PARTS = frozenset(
    {
        "Airport", "Harbor", "Harbour", "Port", "Bay", "River", "Square", "Province", "Prefecture",
        "Region", "County", "District", "Castle", "Palace", "Cathedral", "Stadium", "Station",
        "Street", "Park", "Bridge", "Test", "Island", "Islands", "Lake", "Valley", "Strait",
        "Gulf", "Sea", "Ocean", "Hill", "Hills", "Mountains", "Kremlin", "Parliament", "Tower",
    }
)  # fmt: skip


def place_names(text: str) -> list[list[str]]:
    """The names a sentence gives after a preposition of place, each as its candidate readings,
    longest first.

    >>> place_names("Thirteen intellectuals are murdered in Moscow, Russia.")
    [['Moscow']]
    >>> place_names("In New York City, the Vitaphone premieres at Southampton Airport")
    [['New York City'], ['Southampton Airport', 'Southampton']]
    """
    found = []
    for match in _LOCATIVE.finditer(text):
        words = [_POSSESSIVE.sub("", word).rstrip(".'’") for word in match[1].split()]
        if words and words[0] not in ("The", "A", "An"):
            # A shorter reading only where the words it leaves name a part of the place
            # ("Southampton Airport", "Beijing Tiananmen"), never another thing named after
            # it ("New York World", a newspaper).
            found.append(
                [
                    " ".join(words[:n])
                    for n in range(len(words), 0, -1)
                    if n == len(words) or words[n] in PARTS
                ]
            )
    return found


__all__ = ["place_names"]
