"""Give an event a category from the words of its title and summary: weighted keyword rules.

Sources rarely name a category, yet every event needs one. This classifier is honest
about what it is: a list of (category, keywords), each keyword with a weight (1 unless
written ``keyword=weight``). A keyword that occurs as a whole word (case-insensitive,
word-prefix for stems such as "assassinat*") adds its weight to its category; words in
the title count fully, words only in the summary half, and words in a leading context
header ("Cold War: …", "World War II: …") half, since the header names the setting, not
the event. The highest score wins, the earlier rule breaking a tie: a space launch that
kills its crew is space exploration. Decisive words weigh more than words that merely
lean ("battle" outweighs "king"). With no keyword at all the event is *uncategorised*,
said plainly, never filed under a guess; the winning keywords are kept as the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The category of an event no rule classifies.
UNCATEGORISED = "category:uncategorised"

#: Its record, added to an import's categories when some event needs it.
UNCATEGORISED_RECORD = {
    "id": UNCATEGORISED,
    "name": "Uncategorised",
    "description": "Events no rule could place in a category; the evidence says so.",
}

#: Rules in tie-break order; a trailing ``*`` marks a stem that matches any word starting with
#: it, and ``=w`` gives a keyword a weight other than 1.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "category:space-exploration",
        (
            "spacecraft",
            "space shuttle",
            "satellite*",
            "astronaut*",
            "cosmonaut*",
            "apollo",
            "sputnik",
            "nasa",
            "space station",
            "spaceflight",
            "orbit*=0.5",
            "lunar",
            "moon landing",
            "rocket launch",
            "space probe",
            "mars",
            "launched into space=2",
            "odyssey",
            "launch vehicle",
        ),
    ),
    (
        "category:natural-disasters",
        (
            "earthquake*",
            "tsunami*",
            "volcan*",
            "erupt*",
            "hurricane*",
            "typhoon*",
            "cyclone*",
            "tornado*",
            "flood*",
            "avalanche*",
            "landslide*",
            "drought*",
            "blizzard*",
            "heat wave",
            "wildfire*",
            "dust storm=3",
            "storm",
        ),
    ),
    (
        "category:accidents-tragedies",
        (
            "crash*=2",
            "explosion*",
            "explode*",
            "derail*",
            "shipwreck*=0.5",
            "sinks",
            "sank",
            "capsiz*",
            "collision",
            "collide*",
            "fire destroys",
            "disaster",
            "stampede",
            "collapse of",
            "mine accident",
            "accident*=0.5",
            "midair=2",
            "plane crash*=3",
        ),
    ),
    (
        "category:military-warfare",
        (
            "battle*=2",
            "war",
            "wars",
            "siege*",
            "besieg*",
            "invad*",
            "invasion*",
            "army",
            "armies",
            "navy",
            "revolt*",
            "rebellion*",
            "captures=2",
            "capture=2",
            "defeat*=1.5",
            "liberated",
            "naval",
            "troops",
            "military",
            "forces",
            "fleet",
            "bombard*",
            "bombing*",
            "offensive",
            "armistice",
            "surrender*",
            "garrison",
            "warship*",
            "submarine*",
            "air raid*",
            "airstrike*",
            "blockade*",
            "conquer*",
            "occup*",
            "regiment*",
            "soldiers",
            "ceasefire",
            "cease-fire",
            "massacre*=0.5",
            "sack*",
            "declares war=3",
            "disbanded",
            "storms the=2",
        ),
    ),
    (
        "category:crime-law",
        (
            "assassinat*=3",
            "murder*",
            "executed",
            "execution",
            "hanged",
            "trial=1.5",
            "convicted=2",
            "charged with=2",
            "treason=2",
            "police=1.5",
            "arrest*=1.5",
            "stabbing=2",
            "shoots=2",
            "spree=2",
            "serial killer*=3",
            "criminal court=3",
            "genocide",
            "buried",
            "sentenced=2",
            "court",
            "arrested",
            "kidnap*",
            "hijack*",
            "shooting",
            "robbery",
            "terroris*=2",
            "law=0.5",
            "act=0.5",
            "supreme court",
            "prison",
            "guilty=2",
            "acquitted",
            "lynch*",
            "shot dead=2",
            "body is discovered=2",
        ),
    ),
    (
        "category:health-medicine",
        (
            "vaccine*",
            "epidemic*",
            "pandemic*",
            "disease*",
            "medical",
            "medicine",
            "surgery",
            "surgical",
            "hospital*",
            "plague",
            "cholera",
            "smallpox",
            "influenza",
            "polio",
            "hiv",
            "aids",
            "transplant*",
            "penicillin",
            "insulin",
        ),
    ),
    (
        "category:science-technology",
        (
            "invent*",
            "patent*",
            "discover*=0.5",
            "physicist*=2",
            "radium",
            "superconductiv*",
            "sound barrier=2",
            "species",
            "extinct=2",
            "scientist*",
            "telegraph*",
            "telephone",
            "radio=0.5",
            "television",
            "computer*",
            "internet",
            "nuclear reactor",
            "atom*",
            "electric*",
            "engine",
            "aircraft",
            "airplane",
            "flight",
            "nonstop flight=2",
            "railway",
            "locomotive",
            "experiment*",
            "theory",
            "physics",
            "chemistry",
            "comet",
            "telescope",
            "steam",
        ),
    ),
    (
        "category:exploration-discovery",
        (
            "expedition*",
            "explorer*",
            "sight*",
            "reach* the",
            "circumnavigat*",
            "voyage",
            "north pole",
            "south pole",
            "first ascent",
            "summit of",
            "lands at",
            "set foot",
            "first known european=3",
            "first dutch voyage=3",
            "portuguese=0.5",
            "botany bay=2",
            "galápagos=2",
            "lands in",
            "arrives at",
        ),
    ),
    (
        "category:sports",
        (
            "olympic*",
            "championship*",
            "world cup",
            "tournament",
            "football",
            "baseball",
            "basketball",
            "cricket",
            "tennis",
            "golf",
            "boxing",
            "marathon",
            "grand prix",
            "league=0.5",
            "super bowl",
            "cup final",
            "wins the",
            "stanley cup=3",
            "wrestl*=2",
            "nascar=3",
            "race was held",
            "hall of fame",
            "world record",
            "chess",
            "racing",
            "stadium",
        ),
    ),
    (
        "category:religion",
        (
            "pope*=3",
            "church=2",
            "cathedral",
            "bishop*",
            "archbishop*",
            "saint*=0.5",
            "canoniz*",
            "papal",
            "crusade*",
            "monaster*",
            "temple",
            "mosque",
            "synod",
            "council of",
            "religious",
            "christian*",
            "catholic*",
            "protestant*",
            "islam*=0.5",
            "muslim*",
            "jewish",
            "buddhis*",
            "hindu*",
            "heresy=2",
            "vision of the cross=3",
            "world would end=2",
            "colloquy",
            "excommunicat*",
        ),
    ),
    (
        "category:business-economy",
        (
            "company=0.5",
            "corporation",
            "stock*=0.5",
            "market*",
            "bank*=0.5",
            "trade=0.5",
            "economic*",
            "economy",
            "currency",
            "inflation",
            "recession",
            "depression",
            "bankrupt*",
            "merger",
            "founded",
            "tariff*",
            "income tax=3",
            "tax*",
            "gold rush=3",
            "rubles",
            "economic policy=3",
            "strike",
        ),
    ),
    (
        "category:social-movements",
        (
            "protest*",
            "demonstrat*",
            "civil rights",
            "suffrag*",
            "riot*=0.5",
            "march on=0.5",
            "boycott*",
            "strikers",
            "labor union",
            "trade union=3",
            "union organisation=2",
            "abolition*",
            "slavery",
            "feminis*",
            "equal rights",
        ),
    ),
    (
        "category:arts-culture",
        (
            "film*",
            "opera",
            "premiere*=2",
            "première*=2",
            "pictures",
            "motion picture*=2",
            "gallery=2",
            "wasteland speech",
            "exam",
            "novel",
            "album",
            "song",
            "museum",
            "painting",
            "theatre",
            "theater",
            "symphony",
            "ballet",
            "play=0.5",
            "book",
            "published",
            "publication",
            "newspaper",
            "magazine",
            "poem",
            "exhibition",
            "broadcast*",
            "released",
            "band",
            "composer",
            "concert",
        ),
    ),
    (
        "category:politics-government",
        (
            "treaty=2",
            "sultan=2",
            "caliph",
            "throne",
            "capital",
            "deposes",
            "deposing",
            "monarchy",
            "impeachment=3",
            "united nations=2",
            "take over",
            "political",
            "overthrow*",
            "duke of",
            "earl of",
            "marries",
            "territory of",
            "founds the city",
            "nationaliz*",
            "missile crisis=2",
            "historical record",
            "cedes",
            "election*",
            "elected",
            "president=0.5",
            "prime minister",
            "parliament",
            "congress",
            "constitution",
            "independence=2",
            "king=0.5",
            "queen",
            "emperor",
            "government",
            "revolution*",
            "coup=2",
            "crowned",
            "coronation",
            "diplomatic",
            "republic",
            "annex*",
            "abdicat*",
        ),
    ),
)


def _pattern(keyword: str) -> str:
    if keyword.endswith("*"):
        return rf"\b{re.escape(keyword[:-1])}\w*"
    return rf"\b{re.escape(keyword)}\b"


def _weighted(entry: str) -> tuple[str, float]:
    keyword, _, weight = entry.partition("=")
    return keyword, float(weight) if weight else 1.0


_COMPILED = tuple(
    (
        category,
        tuple(
            (keyword.rstrip("*"), weight, re.compile(_pattern(keyword), re.IGNORECASE))
            for keyword, weight in map(_weighted, words)
        ),
    )
    for category, words in RULES
)

# "World War II: The Battle of Keren begins": a short lead-in before a colon names the setting.
_HEADER = re.compile(r"^([^:]{1,60}):\s")


@dataclass(frozen=True, slots=True)
class Classification:
    """A category and the evidence for it, in words for the import report and `sources`."""

    category: str
    evidence: str


def _parts(title: str, summary: str | None) -> list[tuple[str, str, float]]:
    parts: list[tuple[str, str, float]] = []
    header = _HEADER.match(title)
    if header:
        parts += [("header", header[1], 0.5), ("title", title[header.end() :], 1.0)]
    else:
        parts.append(("title", title, 1.0))
    if summary and summary != title:
        parts.append(("summary", summary, 0.5))
    return parts


def classify(title: str, summary: str | None = None) -> Classification:
    """The category of an event by weighted keywords; `UNCATEGORISED` when none matches.

    >>> classify("Titus ends the siege of Jerusalem").evidence
    "rule military-warfare: 'siege' in the title (score 1)"
    >>> classify("Cold War: Khrushchev pounds his shoe at the United Nations").category
    'category:politics-government'
    >>> classify("Something happens.")
    Classification(category='category:uncategorised', evidence='no rule matched')
    """
    scores: dict[str, float] = {}
    found: dict[str, list[str]] = {}
    parts = _parts(title, summary)
    for category, keywords in _COMPILED:
        for keyword, weight, pattern in keywords:
            # A keyword counts once, where it weighs most: title before header before summary.
            best = max((share for _, text, share in parts if pattern.search(text)), default=0.0)
            if best:
                where = next(name for name, text, share in parts if share == best and pattern.search(text))
                scores[category] = scores.get(category, 0.0) + weight * best
                found.setdefault(category, []).append(f"{keyword!r} in the {where}")
    if not scores:
        return Classification(UNCATEGORISED, "no rule matched")
    # max() keeps the first of equal scores, so the rule order breaks ties.
    winner = max(scores, key=lambda category: scores[category])
    rule = winner.removeprefix("category:")
    return Classification(winner, f"rule {rule}: {', '.join(found[winner])} (score {scores[winner]:g})")


__all__ = ["RULES", "UNCATEGORISED", "UNCATEGORISED_RECORD", "Classification", "classify"]
