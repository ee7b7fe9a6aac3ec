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
  businessman from Palermo, is killed…", or one of several commas), without the titles before
  names ("U.S. President Richard Nixon" → "Richard Nixon"), without how long something lasted
  ("the three-day Lisbon Massacre"), without the last phrase of a subject whose verb lies past
  the limit ("The 2008 Chatsworth train collision in Los Angeles between … kills 25 people"), and
  with "United States" before a name written as the day pages' own "U.S.";
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
from functools import lru_cache
from itertools import pairwise

from graph.importers.headline_words import (
    ABBREVIATIONS,
    DANGLING,
    DANGLING_TITLES,
    INTRANSITIVE,
    NEEDS_COMPLEMENT,
    OCCUPATION_BEFORE_NAME,
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
_CLAUSE_WORDS = [w for w in SUBORDINATE_WORDS if w not in ("effectively", "officially")]
#: Cuts dearer than this stop inside a phrase, not at a clause boundary; the dearest, at a word.
_CLAUSE_CUT, _WORD_CUT = 14, 60
#: Where a phrase starts: after a comma, or at a preposition or "and".
_PHRASE = re.compile(r"(?:,\s+|\s+(?=(?:and|or|" + "|".join(PHRASE_STARTS) + r")\b))")
#: Where a clause may end, by how much a cut there costs.
_CUTS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (4, re.compile(r"\s*[;–—]\s+|\s+-\s+|:\s+")),
    # "effectively", "officially" open a clause only after a comma: "is officially opened" is one.
    (
        10,
        re.compile(
            r"\s+(?=(?:" + "|".join(_CLAUSE_WORDS) + r")\b)|,\s+(?=(?:[a-z]+ing|effectively|officially)\b)"
        ),
    ),
    (10, re.compile(r",?\s+(?=and (?P<verb>\w+))")),  # only before a second verb
    (14, re.compile(r",\s+")),
    (16, re.compile(r"\s+(?=(?P<prep>" + "|".join(PHRASE_STARTS) + r")\b)")),
    (16, re.compile(r"\s+(?=(?P<conj>and|or) )")),  # not inside "between X and Y"
    # Before a list of names: "… the Baltic states" | "Estonia, Latvia, and Lithuania".
    (
        16,
        re.compile(
            r"(?<![a-z] of|[a-z] in|[a-z] to)\s+(?=(?:[A-Z][\w'’-]*, )+(?:[A-Z][\w'’-]*,? )?and [A-Z])"
        ),
    ),
    # Before the agent: dearer, as a passive often needs it ("is replaced" | "by Petar Mladenov").
    (24, re.compile(r"\s+(?=(?P<agent>by) )")),
    # A participle with its object: "… issues 12 stamps" | "commemorating the 200th anniversary".
    (16, re.compile(r"\s+(?=(?P<part>[a-z]{2,}ing)\s+(?:the|a|an|his|her|its|their|[A-Z0-9]))")),
    (_WORD_CUT, re.compile(r"\s+")),
)
_NEGATIONS = frozenset(["not", "never", "no"])
#: "The first person", "the youngest champion": what follows says what they were first to do.
_FIRST_TO = re.compile(
    r"\b(?:the|a) (?:first|last|only|second|third|youngest|oldest|largest|fastest)(?: [a-z]+){1,2}(?<!time)"
    # … or with its own phrase between: "the first player in NFL history" | "to score two safeties".
    r"(?: (?:in|of|on|from) (?:the |a |an )?[\w.'’-]+(?: [\w.'’-]+){0,2})?$"
)
#: A phrase that leads on to what the first did: "in NFL history" | "to score two safeties".
_TO_AHEAD = re.compile(r"\s*[a-z]+ [^,;:]{0,40}? to (?P<verb>[a-z]+)")


def _infinitive_ahead(body: str, start: int) -> bool:
    """Whether a "to" and a verb follow ``start`` within a phrase ("in NFL history to score…"),
    not "to" before a noun ("comparable to foreign battleships")."""
    ahead = _TO_AHEAD.match(body, start)
    return ahead is not None and _is_verb(ahead["verb"])


#: A capital standing alone at the end: an initial when a full stop follows ("Harry S. Truman").
_INITIAL = re.compile(r"(?:^|\s)[A-Z]$")
#: A past tense right after a name: "Muhammad Ali outpointed Leon Spinks".
_PAST_AFTER_NAME = re.compile(r"[A-Z][\w'’.-]* [a-z]{3,}(?<!hundr)ed [a-zA-Z]")
#: A toll told without its verb: "… are killed and hundreds injured".
_TOLL = frozenset(["injured", "wounded", "killed", "dead", "missing", "displaced", "arrested", "captured"])
#: The words a span needs after it: "three months" | "later".
_SPAN_WORDS = frozenset(["later", "after", "before", "earlier", "ago"])
#: The end of a span a cut leaves without its "later": "three months", "the day".
_SPAN_END = re.compile(r"\b(?:days?|weeks?|months?|years?|hours?|decades?|centuries)$")
#: Nouns "to" takes as well as verbs: "sentenced to death", "rises to power".
_NOUNS_AFTER_TO = frozenset(
    ["power", "death", "prison", "trial", "war", "office", "life", "sea", "safety", "exile", "land",
     "shore", "order", "rest", "court", "school", "church", "peace", "justice", "light", "arms", "port",
     "bed", "trade", "market", "heaven", "victory", "independence"]
)  # fmt: skip
#: A number a range starts from: "70" | "to 300 injured" is one range.
_RANGE_START = re.compile(r"\b[\d,.]*\d$")
#: Words after which a verb's form is a noun ("of convicts", "the raids").
_BEFORE_NOUN = frozenset(
    ["a", "an", "the", "of", "its", "his", "her", "their", "our", "this", "these", "those"]
)
#: Verbs whose particle is part of them: "sworn in", "breaks out", "shot down".
_PHRASAL = frozenset(
    ["sworn", "breaks", "broke", "broken", "shot", "sets", "set", "called", "blown", "wiped", "rounded",
     "sealed", "handed"]
)  # fmt: skip
#: Particles that may end a whole sentence ("… as the New Year is rung in"), never a cut one.
_PARTICLES = frozenset(
    ["in", "up", "out", "off", "down", "on", "over", "away", "back", "about", "through", "around"]
)
#: Adjectives that need their "to": "loyal" | "to King Charles II", "prior" | "to the vote".
_NEEDS_TO = frozenset(
    ["loyal", "prior", "according", "owing", "adjacent", "akin", "contrary", "due", "close"]
)
#: Participles of putting somewhere, which need the phrase that says where: "is taken" | "into
#: custody", "is added" | "to the Index".
_NEEDS_PLACE = frozenset(
    ["taken", "sent", "put", "placed", "brought", "added", "handed", "moved", "transferred", "deported",
     "carried", "returned", "admitted", "committed", "elevated", "appointed", "promoted"]
)  # fmt: skip
_PLACE_WORDS = frozenset(["to", "into", "onto", "on", "under", "before", "back", "out", "off", "up", "down"])
#: Adverbs that may open an aside before its participle.
_ASIDE_ADVERBS = frozenset(["also", "not", "now", "once", "still", "later"])
#: Adverbs that stand between an auxiliary and its participle: "is first synthesized".
_ADVERBS = frozenset(["first", "again", "also", "later", "never", "soon", "still"])
#: Words after which a participle opens a phrase it needs: "while serving" | "as governor".
_BEFORE_PARTICIPLE = frozenset(["while", "when", "after", "before", "since", "by", "without", "upon", "for"])
_AUXILIARIES = frozenset(["is", "are", "was", "were", "be", "been", "being"])
#: Words after a comma that open a clause of their own, so that no subject follows.
_CLAUSE_OPENERS = frozenset(["while", "which", "who", "whom", "whose", "whereas", "and", "but"])
#: The price of each shortening that keeps the clause whole.
_DROP_HEADING, _DROP_OPENING, _DROP_APPOSITIVE, _DROP_TITLES, _DROP_LEADER = 2, 3, 6, 8, 6
_DROP_AFFILIATION = 6
#: Who a person was is news a reader wants beside the name: dropped only where the clause needs it.
_DROP_OCCUPATION = 25
#: A kept heading names the story the clause belongs to: worth a few characters.
_HEADING_WORTH = 8
#: Prices of a headline's flaws.
_NO_VERB, _OPEN_VERB, _CUT_NAME, _STUB, _CUT_CLAUSE, _CUT_LIST = 40, 20, 25, 30, 25, 25
_AFTER_APPOSITIVE = re.compile(r", [a-z]{2,}[^s\W]s\b")
#: An appositive is at most this long: "…, the world's first nuclear-powered civilian ship, …", or
#: one of several commas ("Omega Psi Phi Fraternity Incorporated, which is the first black
#: Greek-lettered organization founded at an American historically black college or university,
#: was founded…"), which leaves the verb no other way into the headline.
_APPOSITIVE_MAX = 170
#: A clause of its own after the subject's comma, with a subject of its own ("…, while three
#: earthquakes … hit"), not an aside about the subject ("…, while having surgery in Italy, is deposed").
_SUBORDINATE_OPENER = re.compile(r"(?:while|when|whereas|although|though|because|if) (?![a-z]+(?:ing|ed)\b)")
#: A subordinate clause inside a headline: cutting through it leaves half of it.
_SUBORDINATE = re.compile(r"(?:,\s+|\s+)(?:" + "|".join(SUBORDINATE_WORDS) + r")\b|,\s+[a-z]+ing\b|:\s")
#: A second clause about the first ("…; it ended a year later"): an afterword, worth nothing.
_AFTERWORD = re.compile(r";\s+(?:it|he|she|they|this|these)\b|\s+[-–—]\s+")  # or an aside after a dash
#: Phrases that only announce a purpose the cut has dropped ("… in a bid", "… in order").
_PURPOSE = re.compile(
    r"\s+(?:in (?:a|an) (?:bid|attempt|effort|episode|incident|event|move|act)|in order|so as|"
    r"in (?:response|reply|reaction|retaliation|addition|protest|honou?r|memory|favou?r|support|accordance))$"
)


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(".").strip(" ,;:–—-")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words(text: str) -> list[str]:
    return [w.strip(",;:\"'“”()") for w in text.split()]


def _verb_like(word: str) -> bool:
    """A known verb, or a word that reads as one after "and" ("… and mans her", "… and injuring")."""
    return word in VERBS or (word.islower() and word.endswith(("s", "ing")) and not word.endswith("ss"))


def _needs_complement(text: str) -> bool:
    """Whether ``text`` ends on a verb that needs what follows ("succeed" | "in lifting the siege")."""
    return text.rsplit(" ", 1)[-1] in NEEDS_COMPLEMENT


def _is_verb(word: str) -> bool:
    """A known verb, or one with "re" before it ("reoccupies", "reopens")."""
    return word in VERBS or (word.startswith("re") and word[2:] in VERBS and word[2:] not in STEMS)


def _finite(word: str) -> bool:
    """A known verb that is no bare stem: "raids" is a verb, "a raid" a noun."""
    return _is_verb(word) and word not in STEMS


def _has_verb(text: str) -> bool:
    """Whether ``text`` has a verb: a known one not right after an article ("the wreck of…" is
    a noun), one right after an appositive ("…, embarks"), or a past tense right after a name
    ("Muhammad Ali outpointed Leon Spinks")."""
    words = _words(text)
    return (
        any(_is_verb(w) and (i == 0 or words[i - 1].lower() not in _BEFORE_NOUN) for i, w in enumerate(words))
        or bool(_AFTER_APPOSITIVE.search(text))
        or bool(_PAST_AFTER_NAME.search(text))
    )


def _dangles(words: list[str]) -> bool:
    last = words[-1].strip(",;:\"'")
    # Case counts: "That Was the Week That Was" ends on a name, not on "was".
    if last in DANGLING or last in DANGLING_TITLES or (len(words) == 1 and last.lower() in DANGLING):
        return True
    # A participle left without its phrase: "… a coup in Algiers demanding", "… by 17 nations
    # leading", "… a dead man dressed" (but not "… is destroyed": a known verb, or after "is").
    if len(words) < 2 or not last.islower():
        return False
    before = words[-2].strip(",;:\"'")
    if last.endswith("ly") and len(last) > 4 and last not in VERBS:
        # An adverb left without its verb: "… stationed in Malaya allegedly" | "massacre…".
        return not _is_verb(before) and before not in _AUXILIARIES
    if last in VERBS:
        # A participle after a noun that needs its phrase: "… a model of an iguanodon created".
        return (
            last.endswith("ed")
            and last not in _TOLL
            and before.islower()
            and before not in _AUXILIARIES | {"has", "have", "had", "and", "or"}
            and not before.endswith("ly")
            and not _is_verb(before)
            and len(words) > 2
            and words[-3].lower() in _BEFORE_NOUN
        )
    if ((before.endswith("ly") and before.islower()) or before in _ADVERBS) and len(words) > 2:
        before = words[-3].strip(",;:\"'")  # "… is formally certified", "… is first synthesized"
    if last.endswith("ing"):
        if before in _BEFORE_NOUN:
            return False  # "… launches its programming": a noun
        # "… a triumph for his victories while serving" | "as governor": the participle's phrase.
        return (
            before[:1].isupper()
            or (before.endswith("s") and not before.endswith("ss"))
            or before in _BEFORE_PARTICIPLE
        )
    return last.endswith("ed") and before not in _AUXILIARIES and before not in ("has", "have", "had")


def _without_dangling(text: str, whole: bool = False) -> str:
    """``text`` without the words it cannot end on; empty when one of them is a negation,
    whose loss would turn the headline's meaning round ("… decide not" | "to attack").

    A ``whole`` sentence keeps a final particle: "… as the New Year is rung in" is whole.
    """
    text = _tidy(text)
    words = text.split(" ")
    if whole and words[-1] in _PARTICLES:
        return text
    if len(words) > 2 and words[-1] in ("in", "out", "off", "up", "down") and words[-2] in _PHRASAL:
        return text  # "… is sworn in" | "as President", "… breaks out" | "in Paris"
    while True:
        words = _PURPOSE.sub("", text).split(" ")
        while len(words) > 1 and _dangles(words):
            if words.pop().lower() in _NEGATIONS:
                return ""
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
    opening: int  # the length of a kept scene-setting opening, worth nothing as news


def _without_appositive(text: str) -> str | None:
    """``text`` without the appositive between its subject and its verb, if it has one.

    Only right before the verb ("Libero Grassi, an Italian businessman, is killed"), never a
    place's country ("killed in Bucharest, Romania, sparking…").
    """
    start = text.find(", ")
    if start < 0 or OPENERS.match(text):
        return None
    clause = _words(text[:start].rsplit(": ", 1)[-1])
    finite = any(_finite(w) and not w.endswith("ed") for w in clause)
    if finite and re.match(r"[a-z]+ing\b", text[start + 2 :]):
        # A participle after a whole clause tells what the clause did, and what follows the
        # participle's phrase is its object, not the verb ("A conference adopts the Rome
        # Statute, establishing a court to prosecute genocide, crimes against humanity…").
        return None
    opener, _, rest = text.lower().partition(" ")
    if opener.endswith(("ed", "ing")) and (_is_verb(opener) or rest.startswith(("by ", "in ", "with "))):
        return None  # "Organized by César Chávez, the Salad Bowl strike… begins": no subject yet
    for comma in re.finditer(r", ", text[start + 2 : start + 2 + _APPOSITIVE_MAX]):
        end = start + 2 + comma.start()
        inner, after = text[start + 2 : end], text[end + 2 :].split(" ")
        # The verb may follow an adverb ("…, mysteriously explodes", "…, formally takes power").
        verb = next((w for w in after if not (w.endswith("ly") and w.islower())), "")
        verbal = _is_verb(verb) or (
            len(verb) > 3 and verb.islower() and verb.endswith("s") and not verb.endswith("ss")
        )
        # A noun that could be a verb ("through a presidential decree") does not make a clause,
        # nor does an infinitive ("the last opera by Mozart to make its debut"), nor does a
        # participle that opens the aside ("acting on orders of the Roman emperor Avitus").
        words = _words(inner)
        # "also called…", "not now recognized as part of…": adverbs before the aside's participle.
        opener = next((w for w in words if not (w in _ASIDE_ADVERBS or w.endswith("ly"))), "")
        # An aside that opens as a noun phrase ("the first woman appointed to perform rabbinical
        # functions") is a clause only with an auxiliary: its "-ed" and "-s" words are a participle
        # and a plural.
        if opener.lower() in _BEFORE_NOUN:
            finite = any(w in _AUXILIARIES for w in words)
        else:
            finite = not (opener.endswith(("ing", "ed")) and opener.islower()) and any(
                _finite(w) and (i == 0 or words[i - 1] != "to") for i, w in enumerate(words)
            )
        relative = bool(re.match(r"(?:which|who|whose)\b", inner))  # ", which sets aside Antarctica…,"
        if _SUBORDINATE_OPENER.match(inner):
            return None  # "…, while three earthquakes, …, hit central Chile": a clause, not an aside
        # Not a second subject: "Saddam Hussein, former president of Iraq, and his co-defendants…".
        listed = re.search(r", and (?:his|her|their|[A-Z])", inner)
        if verbal and (relative or not finite) and not listed and not re.search(r"[;:]", inner):
            return text[:start] + text[end + 1 :]
    return None


#: A name and the body it belongs to, opening the sentence before its verb ("Fred Dryer of the Los
#: Angeles Rams becomes…", "Corporal Frank S. Scott of the United States Army becomes…").
_AFFILIATION = re.compile(
    r"^(?!(?:The|A|An)\b)(?:[A-Z][\w.'’-]*\s+){2,5}?(?P<body>of the (?:[A-Z][\w.'’-]*\s+){1,5})"
    r"(?=(?:[a-z]+ly\s+)?(?P<verb>[a-z]+)\b)"
)

#: Words whose "of the …" is no body a person belongs to: an office, which stands before its
#: holder's name ("Prime Minister of the United Kingdom David Cameron"), or a body's own name
#: ("France's Army of the Eastern Pyrenees").
_OFFICE = re.compile(
    r"\b(?:President|Minister|Premier|Chancellor|General|Secretary|Governor|Mayor|Chairman|Director|"
    r"Commissioner|Speaker|Attorney|Chief|Ambassador|Justice|King|Queen|Emperor|Empress|"
    r"Army|Navy|Corps|Bank|Council|Church|University|College|Republic|Kingdom|Empire|Order|Company|"
    r"Society|Battle|Siege|Treaty|Party|Union|Federation|Assembly|Court|League|House)\s+$"
)


def _without_affiliation(text: str) -> str | None:
    """``text`` without the body its opening name belongs to, when the verb follows it: who
    did it is the news, the team or the army they served is detail the summary keeps."""
    match = _AFFILIATION.match(text)
    if match is None or not _finite(match["verb"]) or _OFFICE.search(text[: match.start("body")]):
        return None  # "Prime Minister of the United Kingdom David Cameron": the name comes after
    return text[: match.start("body")] + text[match.end("body") :]


#: Who led the subject, between it and its verb ("English forces under the command of Lord Howard
#: and Sir Francis Drake defeat…"): a phrase the headline may drop to keep the verb's object.
_LEADER = re.compile(
    r",?\s+(?:under (?:the (?:command|leadership) of )?|(?:led|commanded|headed) by )(?=[A-Z])"
)
#: How many words a leader phrase may run to.
_LEADER_WORDS = 14


def _without_leader(text: str) -> str | None:
    """``text`` without the phrase naming who led its subject, if the verb follows it.

    Only inside the subject, before any verb, and only when a verb comes right after a name
    ("… led by Colonel Patrick Edward Connor engage the Shoshone").
    """
    match = _LEADER.search(text)
    if match is None or _has_verb(text[: match.start()]):
        return None
    words = text[match.end() :].split(" ")
    for i, word in enumerate(words[1:_LEADER_WORDS], start=1):
        before = words[i - 1]
        if (_is_verb(word) or _verb_like(word)) and (
            before[:1].isupper() or before[:1].isdigit() or before.endswith(",")
        ):
            if word in DANGLING or word in PHRASE_STARTS:
                return None
            return text[: match.start()] + " " + " ".join(words[i:])
        if word[:1].islower() and word not in ("of", "de", "von", "van", "the", "and", "al", "ibn", "bin"):
            return None  # the phrase says more than who led: not a bare leader
    return None


#: Where a phrase inside a subject may start: "Massacres of Poles … by the Ukrainian Insurgent Army"
#: | "within the Reichskommissariat Ukraine" | "peak". Never "of" or "by", which say whose or by whom.
_INNER_PHRASE = re.compile(r" (?=(?:within|in|inside|during|under|near|at|across|throughout|on) )")


def _late_verb(text: str) -> re.Match[str] | None:
    """The first verb of ``text`` when nothing before it is one: a finite form, or a bare one
    right after a name ("… Reichskommissariat Ukraine peak")."""
    words = list(re.finditer(r"[\w'’-]+", text))
    for before, word in pairwise(words):
        if _finite(word[0]) or (_is_verb(word[0]) and before[0][:1].isupper()):
            return word if word[0].islower() else None
        if _could_be_verb(word[0]) and before[0].lower() not in _BEFORE_NOUN:  # "the festivities"
            return None  # "Nikita Khrushchev pounds his shoe…": a verb the vocabulary lacks
    return None


def _could_be_verb(word: str) -> bool:
    """A lower-case word that may be a verb or a participle the vocabulary does not know, or
    the "that" or "which" of a clause of its own."""
    return (
        word.islower()
        and word not in PHRASE_STARTS
        and (
            word.endswith(("ed", "ing"))
            or (word.endswith("s") and not word.endswith("ss") and len(word) > 3)
            or word in ("that", "which", "who")
        )
    )


def _without_inner_phrase(text: str) -> str | None:
    """``text`` without the last phrase of its subject when the verb lies past the limit, so
    that a subject of one clause keeps its verb: the least that lets the verb fit goes.

    Only a subject without commas (an aside has its own rule) and a phrase after its first words.
    """
    verb = _late_verb(text)
    if verb is None or verb.end() <= TITLE_MAX or re.search(r"[,;:]", text[: verb.start()]):
        return None
    starts = [m.start() for m in _INNER_PHRASE.finditer(text, MIN_HEADLINE, verb.start())]
    for start in reversed(starts):
        if verb.end() - (verb.start() - start - 1) <= TITLE_MAX:
            return text[:start] + " " + text[verb.start() :]
    return None


#: An aside about the opening's last noun: a noun phrase whose only verb is a participle after
#: an adverb, followed by the subject's name ("…, the largest ever recorded earthquake, Cordón…").
_DESCRIBED = re.compile(r"(?:the|a|an) [^,;:]*\b(?:ever|[a-z]+ly|most|best|first) [a-z]+ed\b[^,;:]*, [A-Z]")


#: A place's region or country after its name, still inside the opening ("in Bucharest" | ",
#: Romania, "): one word, or one after a point of the compass ("South Korea"), never a person's
#: two names ("In England, Henry Wilmot, 1st Earl…").
_REGION = re.compile(r"(?:(?:New|North|South|East|West|Northern|Southern|Eastern|Western) )?[A-Z][\w'’-]*, ")
#: The place the region belongs to, right after "in", "at", "near" or "outside".
_PLACED = re.compile(
    r"(?:^|\s)(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside) [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*(?:, [A-Z][\w'’-]*)*$"
)


def _opening(body: str) -> int:
    """How long ``body``'s scene-setting opening is ("In Milan, Italy, after 22 years…, "), or 0.

    The opening ends at the first comma after which a subject and its verb follow, before
    the verb, that is, before any later comma's clause has one of its own.
    """
    if not OPENERS.match(body):
        return 0
    segment = 0  # where the part of the opening before this comma starts
    for comma in re.finditer(r", ", body):
        rest = body[comma.end() :]
        if _REGION.match(rest) and _PLACED.search(body[: comma.start()]):
            continue  # "…in Bucharest, Romania, the day before, members…": the place's country
        first = rest.split(" ", 1)[0]
        if first in VERBS or first in _CLAUSE_OPENERS or len(rest) < MIN_HEADLINE:
            return 0  # "…d'Arlandes, make the first…", "…, while two carriers…": no subject
        clause = re.split(r"[,;:] ", _without_appositive(rest) or rest)[0]
        if _DESCRIBED.match(rest):
            segment = comma.end()  # "Following the 1960 Valdivia earthquake, the largest ever
            continue  # recorded earthquake, Cordón Caulle…": an aside of the opening's own
        if _has_verb(clause):
            # "…, Col. Lucio Gutiérrez, Carlos Solorzano and Antonio Vargas depose…": the part
            # before is the first of the subject's names, so the opening ends before it.
            verb = next((m.start() for m in re.finditer(r"\S+", clause) if _is_verb(m[0])), len(clause))
            listed = segment > 0 and body[segment : segment + 1].isupper() and " and " in clause[:verb]
            return segment if listed else comma.end()
        segment = comma.end()
        if comma.start() > 0 and _has_verb(re.split(r"[,;:] ", rest)[0]):
            return 0
    return 0


def _without_titles(text: str) -> str:
    """``text`` without the titles before its names, unless a word before belongs to the title."""
    return TITLE_BEFORE_NAME.sub(lambda m: m[0] if _capitalised_before(text, m.start()) else "", text)


def _capitalised_before(text: str, start: int) -> bool:
    """Whether the word right before ``start`` belongs to the title: a capitalised one, not
    after punctuation ("Territorial Governor"), or "former" ("former President")."""
    before = text[:start].rstrip(" ")
    word = before.rsplit(" ", 1)[-1] if before else ""
    return (bool(word) and word[:1].isupper() and word[-1] not in ",;:.") or word in (
        "former",
        "then",
        "future",
    )


#: Words of fame before a noun, which a sub-editor cuts first: "the influential British satirical
#: television programme That Was the Week That Was" says the same without "influential". Not after
#: "a" (whose "an" would be wrong), "most" or "highly", nor "successful", "historic" or "acclaimed",
#: which say what happened ("the first successful flight") or are verbs.
_PRAISE = re.compile(
    r"(?<!\b[Aa] )(?<!\bmost )(?<!\bmore )(?<![Hh]ighly )"
    r"\b(?:influential|famous|renowned|legendary|iconic|notorious|infamous|prestigious|well-known) "
    r"(?=[a-zA-Z])"
)
#: Dropping praise loses almost nothing: cheaper than any cut.
_DROP_PRAISE = 2


def _without_praise(text: str) -> str:
    """``text`` without its words of praise before a noun."""
    return _PRAISE.sub("", text)


_COUNT = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|several|many)(?:-and-a-half)?"
)
_UNIT = r"(?:hour|day|week|month|year|decade|century)"
#: Nor after a word that qualifies the number ("a nearly 20-year period"), which would be left alone.
_NOT_AFTER_APPROXIMATELY = "".join(
    rf"(?<!\b{word} )" for word in ("nearly", "almost", "about", "some", "over", "around", "roughly", "than")
)
#: How long something lasted, as a modifier before its noun ("the two-and-a-half-year-long Siege
#: of Cádiz", "an unsuccessful 32-month fight", "the month-long strike"): the summary keeps it,
#: the headline says what ended or began. Not after "a" or "an", whose article would then be wrong
#: ("an 11-day siege"), and never "present-day", which names a place.
_DURATION = re.compile(
    rf"(?<!\b[Aa] )(?<!\b[Aa]n ){_NOT_AFTER_APPROXIMATELY}"
    rf"\b(?:(?:{_COUNT}-)?{_UNIT}-long|{_COUNT}-{_UNIT}(?:[ -]long)?) (?=[a-zA-Z])"
)
#: Dropping how long costs a little more than praise: it is a fact, if a minor one.
_DROP_DURATION = 3


def _without_duration(text: str) -> str:
    """``text`` without the modifiers that say how long something lasted."""
    return _DURATION.sub("", text)


#: "United States" before another name, as an adjective ("United States Army", "the United States
#: Senate"): the day pages' own short form, "U.S.", says the same in nine fewer characters.
#: Not after an office ("Vice President of the United States Aaron Burr"), where the country is a
#: noun and the name after it the holder's.
_UNITED_STATES = re.compile(r"\bUnited States (?=[A-Z][a-z])")
_OF_THE_OFFICE = re.compile(_OFFICE.pattern.replace(r")\s+$", r")\s+of the\s+$"))
_ABBREVIATE = 1


def _abbreviated(text: str) -> str:
    """``text`` with "United States" before a name written "U.S."."""
    return _UNITED_STATES.sub(lambda m: m[0] if _OF_THE_OFFICE.search(text[: m.start()]) else "U.S. ", text)


def _bases(heads: list[str], body: str) -> Iterator[_Base]:
    opening = _opening(body)
    bodies = [(body, 0, opening)]
    if opening:
        bodies.append((_capital(body[opening:]), _DROP_OPENING, 0))
    for text, price, kept in list(bodies):
        plainer = _without_praise(text)
        if plainer != text:
            bodies.append((_capital(plainer), price + _DROP_PRAISE, kept))
    for text, price, kept in list(bodies):
        plainer = _without_duration(text)
        if plainer != text:
            bodies.append((_capital(plainer), price + _DROP_DURATION, kept))
    for text, price, kept in list(bodies):
        abbreviated = _abbreviated(text)
        if abbreviated != text:
            bodies.append((abbreviated, price + _ABBREVIATE, kept))
    for text, price, kept in list(bodies):
        shorter = _without_appositive(text)
        if shorter is not None:
            bodies.append((shorter, price + _DROP_APPOSITIVE, kept))
    for text, price, kept in list(bodies):
        shorter = _without_affiliation(text)
        if shorter is not None:
            bodies.append((shorter, price + _DROP_AFFILIATION, kept))
    for text, price, kept in list(bodies):
        shorter = _without_leader(text)
        if shorter is not None:
            # Who led is news too: dropping it costs every character it drops, up to a limit.
            bodies.append((shorter, price + min(max(_DROP_LEADER, len(text) - len(shorter)), 30), kept))
    for text, price, kept in list(bodies):
        shorter = _without_inner_phrase(text)
        if shorter is not None:
            # Where it happened is news too: dropping it costs like dropping who led.
            bodies.append((shorter, price + min(max(_DROP_LEADER, len(text) - len(shorter)), 30), kept))
    for text, price, kept in list(bodies):
        occupation = OCCUPATION_BEFORE_NAME.match(text)
        if occupation is not None:
            bodies.append((text[occupation.end() :], price + _DROP_OCCUPATION, kept))
    for text, price, _ in list(bodies):
        untitled = _without_titles(text)
        if untitled != text:
            bodies.append((_capital(untitled), price + _DROP_TITLES, _opening(untitled)))
    for text, price, kept in bodies:
        if heads:
            yield _Base(heads[-1], text, price, kept)
        yield _Base("", text, price + (_DROP_HEADING if heads else 0), kept)


def _needs_agent(text: str) -> bool:
    """Whether ``text`` ends on a participle that needs its "by …": one after a noun ("the first
    procession organized" | "by the NUWSS") or after "and" ("… and replaced" | "by Petar Mladenov")."""
    words = text.split(" ")
    if len(words) < 2 or not words[-1].endswith("ed"):
        return False
    before = words[-2] if not words[-2].endswith("ly") or len(words) < 3 else words[-3]
    return before not in _AUXILIARIES or (len(words) > 2 and words[-3] == "and")


#: Two adjectives sharing one noun: "the divine" | "and human nature" is one phrase.
_SHARED_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|its|his|her|their) (?:first|second|third|fourth|fifth|last|final|"
    r"[a-z]{3,}(?:ary|ive|ous|ile|ical|ic|al|ful|less|able|ible|ate|ine|ian|ern|ish))$"
)
_SHARED_NOUN_AFTER = re.compile(
    r"and (?!(?:the|a|an|its|his|her|their|this|that)\b)[a-z]+ (?!(?:"
    + "|".join(sorted(DANGLING))
    + r")\b)[a-z]+\b"
)


def _cuts(body: str, limit: int) -> Iterator[tuple[str, int]]:
    """(headline body, price of the cut) for each place ``body`` may end within ``limit``."""
    if len(body) <= limit:
        yield body, 0
        return
    for price, pattern in _CUTS:
        for match in pattern.finditer(body, 1):
            if match.start() > limit:
                break
            if "verb" in pattern.groupindex and (
                not _verb_like(match["verb"]) or body[: match.start()].rsplit(" ", 1)[-1] in VERBS
            ):
                continue  # no second verb, or one that shares the object ("besiege and defeat")
            if "prep" in pattern.groupindex and (
                _needs_complement(body[: match.start()])
                or (
                    _FIRST_TO.search(body[: match.start()])
                    and (match["prep"] == "to" or _infinitive_ahead(body, match.end()))
                )
                or (
                    match["prep"] == "to"
                    and _RANGE_START.search(body[: match.start()])
                    and body[match.end() :].lstrip()[3:4].isdigit()
                )
            ):
                continue  # "succeeds" | "in closing…", "the first player" | "in NFL history to score…"
            if "agent" in pattern.groupindex and _needs_agent(body[: match.start()]):
                continue  # "… removed from office and replaced" | "by Petar Mladenov"
            if "part" in pattern.groupindex and (
                match["part"] in PHRASE_STARTS
                or match["part"] in SUBORDINATE_WORDS
                or _is_verb(match["part"])
                or body[: match.start()].rsplit(" ", 1)[-1] in DANGLING
            ):
                continue  # "during", "killing" have cuts of their own; "in front of" | "advancing…"
            if "conj" in pattern.groupindex and (
                {"between", "both", "either"} & set(body[: match.start()].split()[-6:])
                or body[: match.start()].rsplit(" ", 1)[-1] in VERBS
                or (
                    _SHARED_NOUN_BEFORE.search(body[: match.start()])
                    and _SHARED_NOUN_AFTER.match(body, match.end())
                )
            ):
                # "between X" | "and Y", "besiege" | "and defeat the garrison", "the divine" | "and
                # human nature": one phrase each.
                continue
            yield body[: match.start()], price


#: A list of names the headline ends inside: "… by Fritz Wintersteller, Marcus Schmuck, Kurt Diemberger".
_NAME = r"[A-Z][\w.'’-]*(?: (?:of |of the |de |von |van )?[A-Z][\w.'’-]*)*"
_LIST_END = re.compile(rf"(?:{_NAME}, )*{_NAME}$")
#: The list goes on after the cut, to its "and": not a place's region and country ("… arrives in
#: Halifax" | ", Nova Scotia, Canada"), which no "and" ends. A country's name may open with
#: "the" ("… announces that Cyprus" | ", the Czech Republic, Estonia, …, and Slovenia will…").
_LIST_GOES_ON = re.compile(rf"(?:, (?:the )?{_NAME})*,? and (?P<the>the )?[A-Z]")


def _list_goes_on(rest: str) -> bool:
    """Whether ``rest``, the words a cut drops, go on with the list it ends inside."""
    match = _LIST_GOES_ON.match(rest)
    if match is None or not match["the"]:
        return match is not None
    # "… declares war on the Ottoman Empire" | "and the Dardanelles are closed": a new clause,
    # not the list's last item, when a verb follows the name.
    return not any(_finite(word) for word in rest[match.end() - 1 :].split()[:4])


#: A headline ending on "and" and a name: the name may be the subject of the next clause.
_NEXT_SUBJECT = re.compile(rf"\band ({_NAME})$")


def _verb_cut_off(body: str, own: str) -> bool:
    """Whether the cut falls right before the clause's verb, after an aside about its subject
    ("The Black Sunday dust storm, considered one of the worst storms…" | ", swept across…")."""
    verb = re.match(r",\s+(?:[a-z]+ly\s+)?([a-z]+)", body[len(own) :])
    return verb is not None and _finite(verb[1]) and not any(_finite(w) for w in _words(own.split(", ")[0]))


@lru_cache(maxsize=256)
def _aside_end(body: str) -> int:
    """Where the appositive after ``body``'s subject ends, or 0 when it has none."""
    shorter = _without_appositive(body)
    return 0 if shorter is None else body.find(", ") + len(body) - len(shorter)


def _only_aside(body: str, own: str) -> bool:
    """Whether the cut keeps only the subject and its aside, losing the verb after them
    ("Paula Ackerman, the first woman appointed to perform rabbinical functions" | ", leads…")."""
    end = _aside_end(body)
    return end > 0 and len(own) <= end


def _main_clause(own: str, tail: re.Match[str] | None) -> str:
    """``own`` without its subordinate clause (up to the next comma): a verb there is not the
    headline's ("The Visigoths under king Theodoric II, acting on orders of…" has none)."""
    if tail is None:
        return own
    after = own.find(", ", tail.end())
    return own[: tail.start()] + ("" if after < 0 else own[after:])


#: Endings of adjectives, which a cut at a word must not leave without their noun ("… sign
#: preliminary" | "articles of peace", "… of perceived hostile" | "elements").
_ADJECTIVE = re.compile(r"[a-z]{3,}(?:ary|ive|ous|ile|ical|ic|al|ful|less|able|ible)$")


#: A second verb that ends a cut headline alone, after "and" and an adverb of sequence: what it did is
#: in the words cut off.
_SECOND_VERB_ALONE = re.compile(r"\band (?:instead|then|also|again|finally|eventually) ([a-z]+)$")


def _score(base: _Base, text: str, price: int) -> int | None:
    own = _without_dangling(text, whole=price == 0)
    if (
        not own
        or (" " not in own and own in DANGLING_TITLES)  # a heading and "General" alone
        or (_dangles(own.split(" ")) and own != _tidy(text))
        or (len(own) < MIN_HEADLINE and own != _tidy(base.body))
    ):
        return None
    title = f"{base.head}: {own}" if base.head else own
    if len(title) > TITLE_MAX:
        return None
    if _INITIAL.search(own) and base.body.startswith(".", len(own)):
        return None  # "… announced by Harry S" | ". Truman": a name cut at its initial
    # A subordinate clause is worth half its length: the news is in the main clause.
    tail = _SUBORDINATE.search(own, 1)
    worth = len(own) if tail is None else tail.start() + (len(own) - tail.start()) // 2
    afterword = _AFTERWORD.search(own)
    if afterword is not None:
        worth = min(worth, afterword.start())
    if price >= _WORD_CUT:
        # A cut at a word leaves its phrase half told: the phrase is worth half.
        phrase = max((m.start() for m in _PHRASE.finditer(own)), default=len(own))
        worth -= (len(own) - phrase) // 2
    listed = _LIST_END.search(own)
    if listed is not None and _list_goes_on(base.body[len(own) :]):
        # Half a list is no news: the list is worth nothing, and the cut costs besides.
        worth = min(worth, listed.start()) - _CUT_LIST
    worth -= min(base.opening, len(own))
    score = worth + (_HEADING_WORTH if base.head else 0) - price - base.price
    # The verb is looked for after a kept opening: "In Geneva, representatives" is no clause
    # with a verb after an appositive ("…, embarks"), though it reads like one.
    clause = _main_clause(own, tail)[base.opening :]
    if _has_verb(base.body) and (
        not _has_verb(clause) or _verb_cut_off(base.body, own) or _only_aside(base.body, own)
    ):
        score -= _NO_VERB
    last = _words(own)[-1] if own else ""
    before = _words(own)[-2] if len(_words(own)) > 1 else ""
    passive = before in _AUXILIARIES  # "… is halted"
    noun = before in _BEFORE_NOUN  # "… ships full of convicts": a noun, not a verb
    if (
        own != _tidy(base.body)
        and _is_verb(last)
        and last not in INTRANSITIVE | STEMS
        and not passive
        and not noun
    ):
        score -= _OPEN_VERB
    following = base.body[len(own) :].split()
    if (
        last[:1].isupper()
        and following
        and (following[0][:1].isupper() or following[0][:1].isdigit() or following[:1] == ["of"])
    ):
        score -= _CUT_NAME  # "… François Mitterrand and Helmut" | "Kohl", "… the Second Bank" | "of…"
    elif (
        price >= _WORD_CUT
        and (last[:1].isupper() or last[:1].isdigit() or _ADJECTIVE.search(last))
        and following
        and following[0].isalpha()
        and following[0].islower()
        and following[0] not in DANGLING | PHRASE_STARTS | {"by"}
    ):
        score -= _CUT_NAME  # "… replaces the Arabic" | "alphabet": an adjective without its noun
    if following and following[0].strip(",;:.") in _SPAN_WORDS and _SPAN_END.search(own):
        return None  # "… the volcano explodes three months" | "later": the span says another thing
    if len(following) > 1 and _SPAN_END.search(following[0]) and following[1].strip(",;:.") in _SPAN_WORDS:
        return None  # "… the clashes begin four" | "days after…": a number without its span
    words = _words(own)
    in_phrase = len(words) > 2 and words[-3] in PHRASE_STARTS
    if following[:1] == ["of"] and before.lower() in ("the", "a", "an") and in_phrase:
        score -= _CUT_NAME  # "… lands in Egypt with the aim" | "of ending…": the noun needs its "of"
    if (
        before == "and"
        and last.islower()
        and last not in _TOLL
        and following
        and following[0].endswith("ly")
        and following[0].islower()
    ):
        score -= _OPEN_VERB  # "… to suspend government and separate" | "officially from Pennsylvania"
    if (
        _ADJECTIVE.search(last)
        and before in PHRASE_STARTS
        and following[:1] in (["and"], ["or"])
        and _SHARED_NOUN_AFTER.match(" ".join(following))
    ):
        score -= _CUT_NAME  # "… for personal" | "and professional reasons": two adjectives, one noun
    second = _SECOND_VERB_ALONE.search(own)
    if second is not None and following and second[1] not in _TOLL:
        score -= _OPEN_VERB  # "… decide not to attack Fort Ridgely and instead turn" | "to New Ulm"
    if last in _NEEDS_PLACE and following and following[0] in _PLACE_WORDS:
        score -= _OPEN_VERB  # "… is taken" | "into custody", "… is sent" | "to Malta": where to is the news
    if last in _NEEDS_TO and following[:1] == ["to"]:
        score -= _CUT_NAME  # "… defeat an army loyal" | "to King Charles II"
    if following[:1] in (["being"], ["having"]) and re.search(r"\bwith [^,;:]+$", own):
        score -= _CUT_NAME  # "… by a papal bull with Domingo de Salazar" | "being its first bishop"
    if last == "away" and following[:1] == ["from"]:
        score -= _CUT_NAME  # "… take control of the Levant away" | "from the Byzantine Empire"
    subject = _NEXT_SUBJECT.search(own)
    if (
        subject is not None
        and following
        and (_finite(following[0]) or _without_appositive(base.body[subject.start(1) :]) is not None)
    ):
        score -= _NO_VERB  # "… and Wajid Ali Shah" | ", the king of Awadh, is imprisoned": a subject alone
    if (
        price >= _WORD_CUT
        and last.isalpha()
        and last.islower()
        and following
        and following[0][:1].isupper()
        and (before[:1].isupper() or before[:1].isdigit())
        and not _is_verb(last)
        and last not in DANGLING | PHRASE_STARTS
    ):
        score -= _CUT_NAME  # "… a censure of California senator" | "Alan Cranston": a name's noun
    infinitive = re.search(r"\bto ([a-z]+)$", own)
    if infinitive and own != _tidy(base.body) and infinitive[1] not in _NOUNS_AFTER_TO:
        score -= _OPEN_VERB  # "… set out on the Kon-Tiki to prove" | "that…"
    if own.count('"') % 2 or own.count("“") > own.count("”"):
        score -= _CUT_NAME  # 'reach a "land' | 'for peace" agreement': a quotation cut open
    if re.search(r"\bbetween\b(?!.*\band\b)", own) and following:
        score -= _CUT_NAME  # "a key battle between Muhammad's army" | "- … and the Quraysh"
    if following[:1] == ["to"] and "from" in _words(own)[-3:]:
        score -= _CUT_NAME  # "from Louisiana" | "to the Florida Panhandle"
    stub = re.split(r"[,;:] ", own)[-1]
    # "…, killing 1,129 people" says enough; "…, forcing the entire town" does not.
    participle = stub.split(" ", 1)[0].endswith("ing") and any(c.isdigit() for c in stub)
    if (
        own != _tidy(base.body)
        and stub != own
        and len(stub.split()) < 4
        and not any(_finite(w) for w in _words(stub))
        and not participle
    ):
        score -= _STUB  # "… to be opened in 2042; 50 years", "… the Tea Act, designed"
    if price > _CLAUSE_CUT and tail is not None:
        score -= _CUT_CLAUSE  # "… crashes on Venus becoming the first spacecraft"
    return score


#: A heading that ends in a number ("War of 1812: …"), which `headings` leaves in the sentence
#: lest it split a ratio ("2: 1"): here only before a capital.
_YEAR_HEADING = re.compile(r"([A-Z][^:.;]{2,60}\d): (?=[A-Z])")


#: A heading that names the event itself, not the wider story ("Battle of Lipany", "Treaty of
#: Meerssen"; not "World War II"): the headline when no cut of the sentence reads well.
_EVENT_NAME = re.compile(
    r"(?:(?:First|Second|Third|Fourth|Fifth|Great) )?(?:Battle|Siege|Treaty|Massacre|Sack|Fall|"
    r"Capture|Raid|Bombing|Assassination|Peace|Relief|Storming|Burning|Sinking|Council|Congress|"
    r"Edict|Capitulation|Surrender) (?:of|at|on|in) [^,;:]+"
)


def _headings(plain: str) -> tuple[list[str], str]:
    heads, body = headings(plain)
    numbered = _YEAR_HEADING.match(body)
    if numbered is not None:
        more, body = headings(body[numbered.end() :])
        heads = [*heads, numbered[1], *more]
    return heads, body


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
    heads, body = _headings(plain)
    while heads and any(w in VERBS and w not in STEMS for w in _words(heads[-1])):
        # "The Council of Clermont begins: called by Pope Urban II, …" is a clause, not a heading.
        body = f"{heads.pop()}: {body}"
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
            own = _without_dangling(text, whole=price == 0)
            best = (score, f"{base.head}: {own}" if base.head else own)
    if best is not None and (best[0] >= 0 or not heads or not _EVENT_NAME.fullmatch(heads[-1])):
        return best[1]
    if heads and _EVENT_NAME.fullmatch(heads[-1]) and len(heads[-1]) <= TITLE_MAX:
        # Every cut of the sentence paid for a lost verb, object or name: the heading that names
        # the event says less, but says it whole ("Battle of Las Navas de Tolosa: After Pope
        # Innocent III calls European knights to a crusade, forces of Kings …").
        return heads[-1]
    if best is not None:
        return best[1]
    # Nothing says enough within the limit: the first words that fit, or, where every one of
    # them is a word no headline ends on, the first word rather than nothing.
    first = _without_dangling(body[: TITLE_MAX + 1].rsplit(" ", 1)[0])[:TITLE_MAX]
    word = next((_tidy(w) for w in body.split() if any(c.isalnum() for c in w)), "")
    return first or _capital(word)[:TITLE_MAX]


__all__ = ["MIN_HEADLINE", "TITLE_MAX", "headline"]
