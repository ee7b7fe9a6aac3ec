"""Give an event a category from its words and its linked articles: weighted keyword rules.

Sources rarely name a category, yet every event needs one. This classifier is honest
about what it is: a list of (category, keywords), each keyword with a weight (1 unless
written ``keyword=weight``). A keyword that occurs as a whole word (case-insensitive,
word-prefix for stems such as "assassinat*") adds its weight to its category; words in
the title count fully, words only in the summary half, and words in a leading context
header ("Cold War: …", "World War II: …") half, since the header names the setting, not
the event. The titles of the articles an event links weigh too, by what kind of article they
name (`category_words.ARTICLE_KINDS`: "Battle of Guam (1944)", "Aeroperú Flight 603", "Plessy v.
Ferguson"). The highest score wins. Decisive words weigh more than words that merely lean
("battle" outweighs "king"). With no keyword at all the event is *uncategorised*, said
plainly, never filed under a guess; the winning keywords are kept as the rule.

The classifier also abstains where its verdicts are measured to be wrong too often
(`python -m audit.devcategories --bands`): when two categories tie, and when the winner rests
only on words of the summary, nothing in the title, a linked article or a linked person. Held-out
development rows in those two bands were right about 6 times in 10, against 9 in 10 elsewhere;
an honest "Uncategorised" shows no false category.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.importers.category_words import ARTICLE_KINDS, OTHER_SENSES, PERSON_KINDS, RULES

#: The category of an event no rule classifies.
UNCATEGORISED = "category:uncategorised"

#: Its record, added to an import's categories when some event needs it.
UNCATEGORISED_RECORD = {
    "id": UNCATEGORISED,
    "name": "Uncategorised",
    "description": "Events no rule could place in a category; the evidence says so.",
}


def _pattern(keyword: str) -> str:
    # A "*" ends a stem wherever it stands: "reach* the" is "reaches the" and "reached the" too.
    stems = r"\w*".join(re.escape(part) for part in keyword.split("*"))
    return rf"\b{stems}" if keyword.endswith("*") else rf"\b{stems}\b"


def _weighted(entry: str) -> tuple[str, float]:
    keyword, _, weight = entry.partition("=")
    return keyword, float(weight) if weight else 1.0


_COMPILED = tuple(
    (
        category,
        tuple(
            (keyword.partition("*")[0], weight, re.compile(_pattern(keyword), re.IGNORECASE))
            for keyword, weight in map(_weighted, words)
        ),
    )
    for category, words in RULES
)

_KINDS = tuple(
    (category, tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in kinds))
    for category, kinds in ARTICLE_KINDS
)
_PERSON_KINDS = tuple(
    (category, re.compile("|".join(_pattern(word) for word in words), re.IGNORECASE))
    for category, words in PERSON_KINDS
)
#: What a linked person's occupation weighs when it is the only evidence.
PERSON_LEAN = 0.5

#: How far into a summary words count: a Wikidata summary is a whole article's lead, whose
#: later sentences wander from the event ("… the war ended with a peace agreement and elections").
SUMMARY_CHARS = 250

#: Where a keyword means something else ("a meteorite strikes the Earth"): blanked out first.
_OTHER_SENSES = re.compile("|".join(OTHER_SENSES), re.IGNORECASE)

# "World War II: The Battle of Keren begins": a short lead-in before a colon names the setting.
_HEADER = re.compile(r"^([^:]{1,60}):\s")


#: What the kind of an event's own article weighs at least: a linked "… War" most often names
#: the setting of a battle told in the sentence (0.5), but the article a Wikidata item or a bare
#: title names as itself ("First Chechen War") is what the event is.
OWN_ARTICLE = 1.5

_PARENTHESIS = re.compile(r"\s*\([^)]*\)$")


def _own_article(title: str, links: Sequence[str]) -> str | None:
    """The linked article that is the event itself: its title, less any "(1944)", is the event's."""
    name = title.casefold().rstrip(". ")
    for link in links:
        base = _PARENTHESIS.sub("", link).casefold()
        if base and (name == base or name.startswith((base + ",", base + " of "))):
            return link
    return None


@dataclass(frozen=True, slots=True)
class Classification:
    """A category and the evidence for it, in words for the import report and `sources`."""

    category: str
    evidence: str


#: Evidence for one category adds up with diminishing returns: its strongest piece counts
#: fully, each next one this share of the one before, so that a pile of words that merely lean
#: (troops and forces sent to end a strike) weighs less against the one word that decides.
DECAY = 0.7


def _total(shares: list[float]) -> float:
    return sum(share * DECAY**rank for rank, share in enumerate(sorted(shares, reverse=True)))


def _parts(title: str, summary: str | None) -> list[tuple[str, str, float]]:
    parts: list[tuple[str, str, float]] = []
    header = _HEADER.match(title)
    if header:
        parts += [("header", header[1], 0.5), ("title", title[header.end() :], 1.0)]
    else:
        parts.append(("title", title, 1.0))
    if summary and summary != title:
        parts.append(("summary", summary[:SUMMARY_CHARS], 0.5))
    return [(name, _OTHER_SENSES.sub(" ", text), share) for name, text, share in parts]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What speaks for each category: the weights of its pieces, the pieces in words, and
    which categories have a piece outside the summary (the title or its header, a linked
    article, a linked person)."""

    scores: dict[str, list[float]]
    found: dict[str, list[str]]
    firm: set[str]

    def totals(self) -> dict[str, float]:
        """Each category's score: its pieces added up with diminishing returns."""
        return {category: _total(shares) for category, shares in self.scores.items()}


def weigh(title: str, summary: str | None, links: Sequence[str] = (), people: Sequence[str] = ()) -> Evidence:
    """Each category's pieces of evidence for an event (see `classify` for the arguments)."""
    scores: dict[str, list[float]] = {}
    found: dict[str, list[str]] = {}
    firm: set[str] = set()
    parts = _parts(title, summary)
    # A keyword absent from the lowered text cannot match: test that first, the regex only then
    # (nine hundred keywords an event, most of them absent).
    lowered = " ".join(text.lower() for _, text, _ in parts)
    for category, keywords in _COMPILED:
        for keyword, weight, pattern in keywords:
            if keyword.lower() not in lowered:
                continue
            # A keyword counts once, where it weighs most: title before header before summary.
            best = max((share for _, text, share in parts if pattern.search(text)), default=0.0)
            if best:
                where = next(name for name, text, share in parts if share == best and pattern.search(text))
                scores.setdefault(category, []).append(weight * best)
                found.setdefault(category, []).append(f"{keyword!r} in the {where}")
                if where != "summary":
                    firm.add(category)
    own = _own_article(title, links)
    for category, kinds in _KINDS:
        # An article counts once for a category, by the kind it weighs most as: "2011 Yemeni
        # uprising" is one piece of evidence, though two patterns name uprisings.
        weighed: dict[str, float] = {}
        for pattern, weight in kinds:
            article = next((link for link in links if pattern.search(link)), None)
            if article is not None:
                weight = max(weight, OWN_ARTICLE) if article == own else weight
                weighed[article] = max(weighed.get(article, 0.0), weight)
        for article, weight in weighed.items():
            firm.add(category)
            scores.setdefault(category, []).append(weight)
            found.setdefault(category, []).append(f"the linked article {article!r}")
    # Whom an event links says less than what it says or the article it links: a person's
    # occupation decides only an event nothing else places (the Trotsky of "The Soviet Union
    # exiles Leon Trotsky"); beside a word it would only repeat "king" or "writer".
    # Each person so described counts: two boxers say more than one activist.
    for category, pattern in _PERSON_KINDS if not scores else ():
        for described in (text for text in people if pattern.search(text)):
            firm.add(category)
            scores.setdefault(category, []).append(PERSON_LEAN)
            found.setdefault(category, []).append(f"a linked person described as {described!r}")
    return Evidence(scores, found, firm)


#: Scores closer than this are a tie (sums of float weights).
TIE = 1e-9


def abstention(evidence: Evidence, totals: dict[str, float], winner: str) -> str | None:
    """Why the verdict for `winner` is too weak to give, or None when it stands."""
    rivals = [category for category, total in totals.items() if category != winner]
    tied = [category for category in rivals if totals[winner] - totals[category] < TIE]
    if tied:
        names = ", ".join(c.removeprefix("category:") for c in [winner, *tied])
        return f"too close to call: {names} tie at {totals[winner]:g}"
    if winner not in evidence.firm:
        pieces = "; ".join(evidence.found[winner])
        return f"too weak to call: {winner.removeprefix('category:')} rests on {pieces}"
    return None


def classify(
    title: str, summary: str | None = None, links: Sequence[str] = (), people: Sequence[str] = ()
) -> Classification:
    """The category of an event by its keywords, linked articles and linked people's occupations.

    `people` are the life descriptions of the people the event links, as their birth or death
    records give them ("American boxer"). With no evidence at all the verdict is `UNCATEGORISED`.

    >>> classify("Titus ends the siege of Jerusalem").evidence
    "rule military-warfare: 'siege' in the title (score 1)"
    >>> classify("Cold War: Khrushchev pounds his shoe at the United Nations").category
    'category:politics-government'
    >>> classify("Something happens.")
    Classification(category='category:uncategorised', evidence='no rule matched')
    >>> classify("The army and the court meet").evidence
    'too close to call: military-warfare, crime-law tie at 1'
    """
    evidence = weigh(title, summary, links, people)
    if not evidence.scores:
        return Classification(UNCATEGORISED, "no rule matched")
    totals = evidence.totals()
    winner = max(totals, key=lambda category: totals[category])
    why = abstention(evidence, totals, winner)
    if why is not None:
        return Classification(UNCATEGORISED, why)
    rule = winner.removeprefix("category:")
    return Classification(
        winner, f"rule {rule}: {', '.join(evidence.found[winner])} (score {totals[winner]:g})"
    )


__all__ = [
    "RULES",
    "UNCATEGORISED",
    "UNCATEGORISED_RECORD",
    "Classification",
    "Evidence",
    "abstention",
    "classify",
    "weigh",
]
