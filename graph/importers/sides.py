"""When a linked state is a side in the fighting, not the place of the event.

A day-page entry links the state whose people it names by an adjective: "Mongol invasion of
Japan: The **Mongolian** fleet of Kublai Khan is destroyed … in the Battle of Kōan" links the
Mongol Empire, "Napoleonic Wars: **Austrian** forces repel French troops" the Austrian Empire.
The adjective says whose fleet or forces they were, not where the event happened: the
Mongol fleet sank off Japan. So a country or historical state that the sentence never names
as itself, and names only as the adjective of an armed force ("Ottoman fleet", "Spanish
forces", "Italian submarine", "German V-2 rocket", "Japanese attack") or as its people at war
("over the Russians and the Prussians"), is not linked as a place; the link stays a topic and
the event's `sources` say why. A state the sentence names as itself ("the Soviet Union
invades"), or whose adjective qualifies something that lies in it ("the Byzantine stronghold
of Tomis", "the Confederate capital at Richmond"), keeps its place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache

import pycountry

from graph.importers.places import DEMONYMS
from graph.text import fold

#: What an adjective of a state qualifies when it names a side: armed forces, their arms, and
#: what they do to others ("the Japanese attack on Pearl Harbor").
FORCES = frozenset(
    {
        "army", "armies", "fleet", "fleets", "navy", "navies", "armada", "force", "forces",
        "troops", "soldiers", "squadron", "squadrons", "regiment", "regiments", "division",
        "divisions", "cavalry", "infantry", "dragoons", "marines", "paratroopers", "legion",
        "legions", "militia", "warriors", "raiders", "invaders", "privateers", "commandos",
        "warship", "warships", "battleship", "battleships", "cruiser", "cruisers", "destroyer",
        "destroyers", "frigate", "frigates", "submarine", "submarines", "u-boat", "u-boats",
        "gunboat", "gunboats", "bomber", "bombers", "warplanes", "rocket", "rockets", "missile",
        "missiles", "artillery", "invasion", "invasions", "attack", "attacks", "offensive",
        "siege", "expeditionary",
    }
)  # fmt: skip
#: Words between an adjective and its force that keep the phrase one ("French and Venetian
#: army", "Russian Imperial army", "English and Imperial forces").
_BETWEEN = frozenset({"and", "imperial", "royal", "allied", "combined", "regular", "naval", "air"})
#: Words of a state's name that say what kind of state it is, not whose.
_GENERIC = frozenset(
    {
        "empire", "kingdom", "republic", "union", "united", "states", "state", "federal",
        "democratic", "people's", "peoples", "socialist", "grand", "duchy", "great", "holy",
        "commonwealth", "confederation", "dynasty", "caliphate", "sultanate", "principality",
        "of", "the", "and", "islamic", "free", "first", "second", "third", "new", "north",
        "south", "east", "west", "northern", "southern", "eastern", "western", "reich",
    }
)  # fmt: skip
#: Words that make a sentence one about fighting between sides: without one, "Italian
#: anti-terrorism forces" rescuing a hostage in Italy are no side in anything.
_FIGHTING = frozenset(
    {
        "battle", "battles", "war", "wars", "invade", "invades", "invaded", "invasion", "attack",
        "attacks", "attacked", "siege", "besiege", "besieges", "besieged", "defeat", "defeats",
        "defeated", "victory", "victorious", "capture", "captures", "captured", "conquer",
        "conquers", "conquered", "surrender", "surrenders", "surrendered", "bombing", "bombard",
        "bombards", "sink", "sinks", "sank", "fight", "fights", "fought", "clash", "clashes",
        "skirmish", "repel", "repels", "repelled", "rout", "routs", "routed", "campaign",
        "offensive", "raid", "raids", "massacre", "massacres", "assault", "ambush", "retake",
        "fall", "falls", "sack", "sacks", "sacked", "burn", "burns", "destroy", "destroys", "destroyed",
    }
)  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s$")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|[,;:]")


@cache
def _peoples() -> dict[str, tuple[str, ...]]:
    """ISO code -> the adjectives of its people ("FR" -> "French"), from `demonyms.json`."""
    table = json.loads(DEMONYMS.read_text(encoding="utf-8"))["peoples"]
    return {iso: tuple(fold(word) for word in words) for iso, words in table.items()}


@cache
def _country_code(word: str) -> str | None:
    """The ISO code of the country a word of a state's name is ("france" -> "FR"), or None."""
    try:
        return str(pycountry.countries.lookup(word).alpha_2)
    except LookupError:
        return None


def _named(text: str, names: Iterable[str]) -> bool:
    # "Israel's 1982 invasion" names Israel as itself, as "Israel invades" would.
    def words(phrase: str) -> str:
        return " ".join(fold(_POSSESSIVE.sub("", t).rstrip(".")) for t in _TOKEN.findall(phrase))

    folded = f" {words(text)} "
    return any(f" {words(name)} " in folded for name in names if name)


def _is_adjective(word: str, cores: tuple[str, ...], peoples: tuple[str, ...]) -> bool:
    """Whether a capitalised word names the state's people: one of its demonyms, or a word of
    its name or a form of it ("Mongolian" for the Mongol Empire, "Prussians" for Prussia)."""
    key = fold(word)
    if key in peoples or key.rstrip("s") in peoples:
        return True
    return any(key.startswith(core[: max(4, len(core) - 2)]) for core in cores)


def side_not_place(name: str, aliases: Iterable[str], iso: str | None, text: str) -> str | None:
    """The words that make a linked state a side in the fighting, or None when it may be the place.

    Args:
        name: the state's name ("Mongol Empire"); aliases: its other names.
        iso: its ISO code, whose demonyms also name it ("FR": "French"), or None.
        text: the sentence that links it.

    Returns:
        The phrase that names it as a side ("Mongolian fleet"), or None.

    >>> side_not_place("Mongol Empire", [], None, "The Mongolian fleet is destroyed in the Battle of Kōan")
    'Mongolian fleet'
    >>> side_not_place("Byzantine Empire", [], None, "The Avars lift the siege at the Byzantine stronghold")
    >>> side_not_place("Soviet Union", [], "SU", "The Soviet Union invades Finland with Soviet troops")
    """
    names = [name, *aliases]
    if _named(text, names):
        return None
    cores = tuple(
        word
        for word in {fold(t) for n in names for t in _TOKEN.findall(n)}
        if word not in _GENERIC and len(word) >= 4
    )
    # A historical state named for a country ("Kingdom of France") is named by its people too.
    isos = {iso} | {_country_code(core) for core in cores}
    peoples = tuple(word for code in isos if code for word in _peoples().get(code, ()))
    tokens = _TOKEN.findall(text)
    if not any(token.lower().rstrip(".") in _FIGHTING for token in tokens):
        return None
    for index, token in enumerate(tokens):
        word = token.rstrip(".")  # a token keeps its dots for "U.S.", not a full stop
        if not word[:1].isupper() or not _is_adjective(word, cores, peoples):
            continue
        # "over the Russians and the Prussians", "Mongols capture …": the people at war, by their plural.
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        # A plural, not an adjective that ends in s ("the Swiss cantons").
        plural = word.endswith("s") and fold(word) not in (*cores, *peoples)
        if plural and not after[:1].isupper():
            return f"the {word}" if index and tokens[index - 1].lower() == "the" else word
        for end, following in enumerate(tokens[index + 1 : index + 5], start=index + 1):
            key = following.lower().rstrip(".")
            if key in FORCES:
                return " ".join([*tokens[index:end], following.rstrip(".")])
            if key not in _BETWEEN and not following[:1].isupper() and "-" not in following:
                break
    return None


__all__ = ["FORCES", "side_not_place"]
