"""A day-page sentence as a short headline; the whole sentence stays the event's summary.

A day list reads down its titles, so a title must be whole and short: at most
``TITLE_MAX`` (90) characters and never cut off with "…". A sentence that fits is its own
title, without its final full stop. A longer one is shortened as a sub-editor would, with
the sentence's own words in their order:

* what never carries the news goes first: parentheses, reference marks ("[1]"), every
  sentence after the first;
* then some shortenings are tried that keep the clause whole: without the wider-story
  headings ("World War II: …"), without a scene-setting opening ("In Milan, Italy, after 22
  years of restoration work, …"), without an appositive ("Libero Grassi, an Italian
  businessman from Palermo, is killed…"), without the titles before names ("U.S. President
  Richard Nixon" → "Richard Nixon");
* each of those is cut, where it must be, at a clause boundary (a full stop, semicolon,
  dash, comma, a word that opens a subordinate clause, "and" before a second verb), before
  a phrase that cannot finish ("in an attempt to…"), or at last at a word, never ending on
  a dangling word ("of", "and", "via", "General").

Of all those, the headline is the one that keeps most of the sentence's own words, each
shortening and each kind of cut paying a price, and a cut that loses the verb, ends on a
transitive verb without its object or stops inside a name paying more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.importers.headline_words import (
    ABBREVIATIONS,
    DANGLING,
    DANGLING_TITLES,
    INTRANSITIVE,
    OPENERS,
    PHRASE_STARTS,
    STEMS,
    SUBORDINATE_WORDS,
    TITLE_BEFORE_NAME,
    VERBS,
)
from graph.importers.subject import headings

TITLE_MAX = 90
#: A clause shorter than this says too little to stand as a headline.
MIN_HEADLINE = 24

_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_REFERENCES = re.compile(r"\[[^\[\]]*\]")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(\S+)\.\s+(?=[A-Z\"“])")
#: Where a clause may end, by how much a cut there costs.
_CUTS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (4, re.compile(r"\s*[;–—]\s+|\s+-\s+|:\s+")),
    (10, re.compile(r"\s+(?=(?:" + "|".join(SUBORDINATE_WORDS) + r")\b)|,\s+(?=[a-z]+ing\b)")),
    (10, re.compile(r",?\s+(?=and (?P<verb>\w+))")),  # only before a second verb
    (14, re.compile(r",\s+")),
    (16, re.compile(r"\s+(?=(?:" + "|".join(PHRASE_STARTS) + r")\b)")),
    (60, re.compile(r"\s+")),
)
#: The price of each shortening that keeps the clause whole.
_DROP_HEADING, _DROP_OPENING, _DROP_APPOSITIVE, _DROP_TITLES = 2, 6, 6, 8
#: A kept heading names the story the clause belongs to: worth a few characters.
_HEADING_WORTH = 8
#: Prices of a headline's flaws.
_NO_VERB, _OPEN_VERB, _CUT_NAME, _STUB, _CUT_CLAUSE = 40, 20, 25, 30, 25
#: Cuts dearer than this stop inside a phrase, not at a clause boundary.
_CLAUSE_CUT = 14
_SUBJECT = re.compile(r"[A-Z]|(?:the|a|an) ")
_AFTER_APPOSITIVE = re.compile(r", [a-z]{2,}[^s\W]s\b")
#: An appositive is at most this long ("…, the world's first nuclear-powered civilian ship, …").
_APPOSITIVE_MAX = 90
#: A subordinate clause inside a headline: cutting through it leaves half of it.
_SUBORDINATE = re.compile(r"(?:,\s+|\s+)(?:" + "|".join(SUBORDINATE_WORDS) + r")\b|,\s+[a-z]+ing\b")
#: Phrases that only announce a purpose the cut has dropped ("… in a bid", "… in order").
_PURPOSE = re.compile(r"\s+(?:in (?:a|an) (?:bid|attempt|effort)|in order|so as)$")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(".").strip(" ,;:–—-")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words(text: str) -> list[str]:
    return [w.strip(",;:\"'“”()") for w in text.split()]


def _has_verb(text: str) -> bool:
    """Whether ``text`` has a verb: a known one, or one right after an appositive ("…, embarks")."""
    return any(w in VERBS for w in _words(text)) or bool(_AFTER_APPOSITIVE.search(text))


def _dangles(words: list[str]) -> bool:
    last = words[-1].strip(",;:\"'")
    if last.lower() in DANGLING or last in DANGLING_TITLES:
        return True
    # A participle left without its phrase: "… a coup in Algiers demanding", "… airstrike operated".
    return (
        len(words) > 1
        and last.endswith(("ing", "ed"))
        and last.islower()
        and last not in VERBS
        and words[-2][:1].isupper()
    )


def _without_dangling(text: str) -> str:
    text = _tidy(text)
    while True:
        words = _PURPOSE.sub("", text).split(" ")
        while len(words) > 1 and _dangles(words):
            words.pop()
        shorter = _tidy(" ".join(words))
        if shorter == text:
            return text
        text = shorter


def _first_sentence(text: str) -> str:
    """``text`` up to its first full stop that ends a sentence, not an abbreviation."""
    for match in _SENTENCE_END.finditer(text):
        word = match[1].strip("\"'”)")
        if word in ABBREVIATIONS or len(word) <= 1 or "." in word:  # "Gen.", "J.", "U.S."
            continue
        return text[: match.start(1) + len(match[1])]
    return text


@dataclass(frozen=True)
class _Base:
    """A shortened sentence every cut starts from: ``head`` (a kept heading) and ``body``."""

    head: str
    body: str
    price: int


def _without_appositive(text: str) -> str | None:
    """``text`` without the appositive between its subject and its verb, if it has one.

    Only right before the verb ("Libero Grassi, an Italian businessman, is killed"), never a
    place's country ("killed in Bucharest, Romania, sparking…").
    """
    start = text.find(", ")
    if start < 0 or OPENERS.match(text):
        return None
    for comma in re.finditer(r", ", text[start + 2 : start + 2 + _APPOSITIVE_MAX]):
        end = start + 2 + comma.start()
        inner, verb = text[start + 2 : end], text[end + 2 :].split(" ", 1)[0]
        verbal = verb in VERBS or (verb.islower() and verb.endswith("s") and not verb.endswith("ss"))
        if verbal and not _has_verb(inner) and not re.search(r"[;:]", inner):
            return text[:start] + text[end + 1 :]
    return None


def _bases(heads: list[str], body: str) -> Iterator[_Base]:
    bodies = [(body, 0)]
    if OPENERS.match(body):
        for comma in re.finditer(r", ", body):
            rest = body[comma.end() :]
            # The rest must open with its subject, not the verb ("…d'Arlandes, make the first…").
            if len(rest) >= MIN_HEADLINE and _has_verb(rest) and _SUBJECT.match(rest):
                bodies.append((_capital(rest), _DROP_OPENING))
    for text, price in list(bodies):
        shorter = _without_appositive(text)
        if shorter is not None:
            bodies.append((shorter, price + _DROP_APPOSITIVE))
    for text, price in list(bodies):
        untitled = TITLE_BEFORE_NAME.sub("", text)
        if untitled != text:
            bodies.append((_capital(untitled), price + _DROP_TITLES))
    for text, price in bodies:
        if heads:
            yield _Base(heads[-1], text, price)
        yield _Base("", text, price + (_DROP_HEADING if heads else 0))


def _cuts(body: str, limit: int) -> Iterator[tuple[str, int]]:
    """(headline body, price of the cut) for each place ``body`` may end within ``limit``."""
    if len(body) <= limit:
        yield body, 0
        return
    for price, pattern in _CUTS:
        for match in pattern.finditer(body, 1):
            if match.start() > limit:
                break
            if "verb" in pattern.groupindex and match["verb"] not in VERBS:
                continue
            yield body[: match.start()], price


def _score(base: _Base, text: str, price: int) -> int | None:
    own = _without_dangling(text)
    if not own or _dangles(own.split(" ")) or (len(own) < MIN_HEADLINE and own != _tidy(base.body)):
        return None
    title = f"{base.head}: {own}" if base.head else own
    if len(title) > TITLE_MAX:
        return None
    # A subordinate clause is worth half its length: the news is in the main clause.
    tail = _SUBORDINATE.search(own, 1)
    worth = len(own) if tail is None else tail.start() + (len(own) - tail.start()) // 2
    score = worth + (_HEADING_WORTH if base.head else 0) - price - base.price
    if _has_verb(base.body) and not _has_verb(own):
        score -= _NO_VERB
    last = _words(own)[-1] if own else ""
    if own != _tidy(base.body) and last in VERBS and last not in INTRANSITIVE and last not in STEMS:
        score -= _OPEN_VERB
    following = base.body[len(own) :].split()
    if last[:1].isupper() and following and (following[0][:1].isupper() or following[:1] == ["of"]):
        score -= _CUT_NAME  # "… François Mitterrand and Helmut" | "Kohl", "… the Second Bank" | "of…"
    if following[:1] == ["to"] and "from" in _words(own)[-3:]:
        score -= _CUT_NAME  # "from Louisiana" | "to the Florida Panhandle"
    stub = re.split(r"[,;:] ", own)[-1]
    if own != _tidy(base.body) and stub != own and len(stub.split()) < 4 and not _has_verb(stub):
        score -= _STUB  # "… to be opened in 2042; 50 years", "… the Tea Act, designed"
    if price > _CLAUSE_CUT and tail is not None:
        score -= _CUT_CLAUSE  # "… crashes on Venus becoming the first spacecraft"
    return score


def headline(sentence: str) -> str:
    """A short, whole headline for a day-page sentence.

    >>> headline("Diplomatic relations between Mexico and the Soviet Union are established.")
    'Diplomatic relations between Mexico and the Soviet Union are established'
    >>> headline("Norman Conquest: Battle of Hastings: In England on Senlac Hill, seven miles from "
    ...          "Hastings, the Norman forces of William the Conqueror defeat the English army.")
    'Battle of Hastings: The Norman forces of William the Conqueror defeat the English army'
    >>> len(headline("word " * 60)) <= TITLE_MAX
    True
    """
    whole = _tidy(sentence)
    if len(whole) <= TITLE_MAX:
        return _capital(whole)
    plain = _tidy(_REFERENCES.sub("", _PARENTHESES.sub("", sentence)))
    if len(plain) <= TITLE_MAX:
        return _capital(plain)
    heads, body = headings(plain)
    body = _capital(_tidy(_first_sentence(body)))
    # Each candidate's score is at most its length less its prices: score the likeliest first
    # and stop once no other can win.
    candidates = []
    for base in _bases(heads, body):
        limit = TITLE_MAX - (len(base.head) + 2 if base.head else 0)
        worth = (_HEADING_WORTH if base.head else 0) - base.price
        candidates += [
            (len(text) + worth - price, text, price, base) for text, price in _cuts(base.body, limit)
        ]
    candidates.sort(key=lambda c: c[0], reverse=True)
    best: tuple[int, str] | None = None
    for bound, text, price, base in candidates:
        if best is not None and bound <= best[0]:
            break
        score = _score(base, text, price)
        if score is not None and (best is None or score > best[0]):
            own = _without_dangling(text)
            best = (score, f"{base.head}: {own}" if base.head else own)
    if best is not None:
        return best[1]
    # Nothing says enough within the limit: the first words that fit.
    return _without_dangling(body[: TITLE_MAX + 1].rsplit(" ", 1)[0])[:TITLE_MAX]


__all__ = ["MIN_HEADLINE", "TITLE_MAX", "headline"]
