"""Give an event a category from the words of its title and summary: a keyword heuristic.

Sources rarely name a category, yet every event needs one. This classifier is honest
about what it is: an ordered list of (category, keywords); the first category with a
keyword that occurs as a whole word (case-insensitive, word-prefix for stems such as
"assassinat") wins, and the keyword is kept as evidence. Order matters where events
belong to two categories: a space launch that kills its crew is space exploration; a
battle during a revolution is warfare. With no keyword at all the event falls back to
politics and government, the largest category of the day pages, and the evidence says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The fallback when no keyword matches.
DEFAULT_CATEGORY = "category:politics-government"

#: Ordered rules; a trailing ``*`` marks a stem that matches any word starting with it.
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
            "orbit*",
            "lunar",
            "moon landing",
            "rocket launch",
            "space probe",
            "mars",
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
        ),
    ),
    (
        "category:accidents-tragedies",
        (
            "crash*",
            "explosion*",
            "explode*",
            "derail*",
            "shipwreck*",
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
            "accident*",
        ),
    ),
    (
        "category:military-warfare",
        (
            "battle*",
            "war",
            "wars",
            "siege*",
            "besieg*",
            "invad*",
            "invasion*",
            "army",
            "armies",
            "navy",
            "naval",
            "troops",
            "military",
            "forces",
            "fleet",
            "bombard*",
            "bombing*",
            "bomb*",
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
            "massacre*",
            "sack*",
        ),
    ),
    (
        "category:crime-law",
        (
            "assassinat*",
            "murder*",
            "executed",
            "execution",
            "hanged",
            "trial",
            "convicted",
            "sentenced",
            "court",
            "arrested",
            "kidnap*",
            "hijack*",
            "shooting",
            "robbery",
            "terroris*",
            "law",
            "act",
            "supreme court",
            "prison",
            "guilty",
            "acquitted",
            "lynch*",
            "shot dead",
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
            "discover*",
            "scientist*",
            "telegraph*",
            "telephone",
            "radio",
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
            "league",
            "super bowl",
            "cup final",
            "wins the",
            "world record",
            "chess",
            "racing",
            "stadium",
        ),
    ),
    (
        "category:religion",
        (
            "pope*",
            "church",
            "cathedral",
            "bishop*",
            "archbishop*",
            "saint*",
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
            "islam*",
            "muslim*",
            "jewish",
            "buddhis*",
            "hindu*",
            "heresy",
            "excommunicat*",
        ),
    ),
    (
        "category:business-economy",
        (
            "company",
            "corporation",
            "stock*",
            "market*",
            "bank*",
            "trade",
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
            "riot*",
            "march on",
            "boycott*",
            "strikers",
            "labor union",
            "trade union",
            "abolition*",
            "slavery",
            "feminis*",
            "equal rights",
        ),
    ),
    (
        "category:arts-culture",
        (
            "film",
            "opera",
            "premiere*",
            "novel",
            "album",
            "song",
            "museum",
            "painting",
            "theatre",
            "theater",
            "symphony",
            "ballet",
            "play",
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
            "treaty",
            "election*",
            "elected",
            "president",
            "prime minister",
            "parliament",
            "congress",
            "constitution",
            "independence",
            "king",
            "queen",
            "emperor",
            "government",
            "revolution*",
            "coup",
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


_COMPILED = tuple(
    (
        category,
        tuple((keyword.rstrip("*"), re.compile(_pattern(keyword), re.IGNORECASE)) for keyword in words),
    )
    for category, words in RULES
)


@dataclass(frozen=True, slots=True)
class Classification:
    """A category and the evidence for it, in words for the import report."""

    category: str
    evidence: str


def classify(title: str, summary: str | None = None) -> Classification:
    """The category of an event by keyword, title first, then summary.

    >>> classify("Titus ends the siege of Jerusalem")
    Classification(category='category:military-warfare', evidence="keyword 'siege' in the title")
    >>> classify("Diplomatic relations between Mexico and the Soviet Union are established.").category
    'category:politics-government'
    >>> classify("Something happens.").evidence
    'no keyword matched: default category'
    """
    for field_name, text in (("title", title), ("summary", summary or "")):
        if not text:
            continue
        for category, keywords in _COMPILED:
            for keyword, pattern in keywords:
                if pattern.search(text):
                    return Classification(category, f"keyword {keyword!r} in the {field_name}")
    return Classification(DEFAULT_CATEGORY, "no keyword matched: default category")


__all__ = ["DEFAULT_CATEGORY", "RULES", "Classification", "classify"]
