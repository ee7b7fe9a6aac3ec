"""A day-page sentence as a short headline; the whole sentence stays the event's summary.

A day list reads down its titles, so a title must be whole and short: at most
``TITLE_MAX`` (90) characters and never cut off with "…". A sentence that fits is its own
title, without its final full stop. A longer one is shortened in the order a sub-editor
would, keeping the main clause and the sentence's own words:

1. parentheses go ("(now Istanbul)", "(O.S. 27 March)");
2. the wider-story headings go when the rest then fits ("World War II: Operation
   Overlord: …" keeps its last heading only if that fits too);
3. the sentence is cut at the last clause boundary that fits: a comma, semicolon, dash or
   colon, or a word that starts a subordinate clause ("which", "after", "killing"…);
4. failing all that, it is cut before the last phrase that cannot finish ("in an attempt
   to…"), or at the last word that fits, dropping dangling small words ("of", "the",
   "and", "is"), so that the headline still ends on a content word.
"""

from __future__ import annotations

import re

from graph.importers.subject import headings

TITLE_MAX = 90
#: A clause shorter than this says too little to stand as a headline.
MIN_HEADLINE = 24

_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_SPACES = re.compile(r"\s+")
#: Where a clause may end: punctuation, or before a word that opens a subordinate clause.
_BOUNDARY = re.compile(
    r"(?<=[a-z]{3})\.\s+(?=[A-Z])|\s*[,;:–—]\s+|\s+-\s+|\s+(?=(?:which|who|whom|whose|where|when|while|after|before|during|"
    r"killing|leaving|making|marking|ending|beginning|resulting|following|causing|"
    r"as|because|although|though|thus|thereby|and then)\b)"
)
_DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "into",
        "onto",
        "upon",
        "its",
        "his",
        "her",
        "their",
        "which",
        "who",
        "that",
        "after",
        "before",
        "during",
        "while",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "this",
        "these",
        "those",
        "than",
        "then",
        "so",
        "not",
    ]
)
#: Words that open a phrase a cut may drop whole ("in an attempt to…", "under orders to…").
_PHRASE_STARTS = frozenset(
    ["in", "at", "on", "for", "from", "with", "under", "near", "during", "into", "against", "between"]
)
#: A cut before such a phrase must still leave this much.
MIN_PHRASE_CUT = 36
#: A sentence opening with one of these starts with a subordinate clause, not its news.
_SUBORDINATE = re.compile(
    r"^(?:while|when|after|before|during|following|although|though|as|despite|amid|since|upon|"
    r"for the (?:first|second|third|last) time)\b",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(".").strip(" ,;:–—-")


def _clause(text: str, after: int = 0) -> str | None:
    """The longest start of ``text`` ending at a clause boundary that fits, if one says enough.

    Boundaries before ``after`` (the end of a kept heading) do not count.
    """
    best = None
    for match in _BOUNDARY.finditer(text, after):
        candidate = _without_dangling(text[: match.start()])
        if len(candidate) > TITLE_MAX:
            break
        if len(candidate) >= MIN_HEADLINE:
            best = candidate
    return best


def _words(text: str) -> str:
    """``text`` cut at the last whole word that fits, ending on a content word."""
    words = text[: TITLE_MAX + 1].split(" ")
    if len(text) > TITLE_MAX:
        words = words[:-1]  # the last one is cut through, or ends past the limit
        # Better a whole phrase than half of one: stop before the last phrase that cannot finish.
        for k in range(len(words) - 1, 0, -1):
            if words[k].lower() in _PHRASE_STARTS and len(" ".join(words[:k])) >= MIN_PHRASE_CUT:
                words = words[:k]
                break
    return _without_dangling(" ".join(words))


def _without_dangling(text: str) -> str:
    words = _tidy(text).split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:\"'") in _DANGLING:
        words.pop()
    return _tidy(" ".join(words))


def headline(sentence: str) -> str:
    """A short, whole headline for a day-page sentence.

    >>> headline("Diplomatic relations between Mexico and the Soviet Union are established.")
    'Diplomatic relations between Mexico and the Soviet Union are established'
    >>> headline("Norman Conquest: Battle of Hastings: In England on Senlac Hill, seven miles from "
    ...          "Hastings, the Norman forces of William the Conqueror defeat the English army.")
    'Battle of Hastings: In England on Senlac Hill, seven miles from Hastings'
    >>> len(headline("word " * 60)) <= TITLE_MAX
    True
    """
    whole = _tidy(sentence)
    if len(whole) <= TITLE_MAX:
        return whole
    plain = _tidy(_PARENTHESES.sub("", sentence))
    if len(plain) <= TITLE_MAX:
        return plain
    heads, body = headings(plain)
    body = _main_clause(body)
    # (text, where its own words start): a kept heading is never the whole headline.
    tries = [(body, 0)]
    if heads:
        tries = [(f"{heads[-1]}: {body}", len(heads[-1]) + 2), (body, 0)]
    for text, _ in tries:
        if len(_tidy(text)) <= TITLE_MAX:
            return _tidy(text)
    for text, start in tries:
        clause = _clause(text, start)
        if clause is not None:
            return clause
    return _words(tries[0][0])


def _main_clause(body: str) -> str:
    """The sentence without an opening subordinate clause ("While en route to Ankara, …")."""
    if _SUBORDINATE.match(body):
        head, comma, rest = body.partition(", ")
        if comma and len(rest) >= MIN_HEADLINE and len(head) < len(rest):
            return rest[:1].upper() + rest[1:]
    return body


__all__ = ["MIN_HEADLINE", "MIN_PHRASE_CUT", "TITLE_MAX", "headline"]
