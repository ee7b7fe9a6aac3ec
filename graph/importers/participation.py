"""Who takes part in a day-page event, and who is only named: the role each link has in its sentence.

Every link of a Wikipedia "On this day" sentence used to make its person a participant, so
"The submarine USS Abraham Lincoln, named after the president, is launched" made Lincoln
take part in 1960. A day-page sentence tells what its people did or suffered, so a linked
person counts as a participant where the sentence says so, and as a mention where it
names them in passing:

* a *passing cue* comes just before the name ("named after", "in memory of", "the death
  of", "anniversary of", "statue of", "son of"…);
* the name stands in an *aside about something else*: a relative clause (", which …",
  ", whose …") or a subordinate clause ("while …", "after …", "because …", "following …")
  up to the next comma, semicolon or full stop;
* the name is not in the sentence at all, or only inside a namesake's ("USS Abraham
  Lincoln", "Fort Sumter"): no evidence of a part, so never a participant.

Otherwise the person is the sentence's subject, object or agent ("Brutus stabs Julius
Caesar", "Lincoln is shot by John Wilkes Booth"), a participant. One who is killed is a
victim: the name stands just before a passive verb of killing ("is assassinated", "killed
by"), or just after an active one or "the assassination of".

The rule reads link titles, not the words the sentence links them with, so it looks for a
person's name as titled and as the person's record names them, without a disambiguator, a
regnal "of …" or number, or ", German Emperor", then by the last name, and last of all as a
run of capitalised words spelled alike ("Phillip II" for "Philip II of France").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from rapidfuzz import fuzz

from graph.dates import HistoricalDate
from graph.importers.builder import EventBuilder
from graph.importers.draft import DraftEvent, Mention
from graph.importers.subject import headings
from graph.models import Link
from graph.roles import PRECISE, Role, role_of, stronger
from graph.text import fold

#: The reader whose events are sentences, read for roles here; other sources say roles outright.
SENTENCE_SOURCE = "wikipedia"
#: Years a participant may be linked after their death: a funeral, a state burial, a verdict
#: read out months later, a death year known only as a year.
LIFE_SLACK_YEARS = 1

_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)$")
_REGNAL = re.compile(r"\s+of\s+.*$")
#: Words a passing mention follows ("named after", "in memory of"), up to two words before
#: the name ("named after President Abraham Lincoln").
_PASSING = re.compile(
    r"(?:named (?:after|for)|in (?:honou?r|memory|remembrance) of|memorial (?:to|of)|"
    r"commemorat\w*|dedicated to|tribute to|anniversary of|statue of|monument to|"
    r"(?:death|funeral|burial|tomb|grave|remains|body|birthplace|birthday) of|"
    r"successor to|widow of|(?:son|daughter|child|brother|sister|wife|husband|mother|father) of|"
    r"portrait of|biography of|(?:film|book|play|opera|novel|song|poem|documentary) about|"
    # The target of a plot is no actor in it ("betrays Piso's plot to kill the Emperor Nero"),
    # unlike the target of an attempt, who was there ("attempts to assassinate Gerald Ford").
    r"(?:plot|plan|conspiracy|scheme)s? to (?:kill|assassinate|murder|overthrow|depose|poison|dethrone))"
    r"(?:\s+[\w.'’-]+){0,2}\s*$",
    re.IGNORECASE,
)
#: How far before a name a cue is looked for.
_CUE_REACH = 60
#: Asides about something else, each up to the next comma, semicolon or the end. Read on the
#: text as written: the words that open them are lower case, names are not.
_ASIDE = re.compile(
    r",\s+(?:which|who|whom|whose)\b[^,;.]*"
    # A consequence told after a comma: ", leading to the collapse of Alexander Suvorov's campaign".
    r"|,\s+(?:leading|resulting|securing|ending|marking|prompting|sparking|causing|paving|bringing|"
    r"triggering|ensuring|beginning|starting|signall?ing|heralding)\s[^,;.]*"
    r"|(?:^|\s)(?:while|whereas|although|though|because|since|until|after|following|before|"
    r"despite|unlike)\s[^,;.]*"
)
#: Titles before a name that the sentence may leave out or word otherwise ("Pope Gregory XV").
_HONORIFIC = re.compile(r"^(?:Pope|King|Queen|Emperor|Empress|Saint|St\.|Sir|Prince|Princess|Tsar)\s+")
#: A regnal number after a name ("Elizabeth II"): "Princess Elizabeth" names her too.
_REGNAL_NUMBER = re.compile(r"\s+[IVXL]+$")
#: A run of capitalised words, with the particles names carry ("Ahmad ibn Ibrahim", "Charles de Gaulle").
_CAPITALISED = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|da|di|du|von|van|der|ibn|bin|al|la|le)\s+)?[A-Z][\w'’.-]*)*"
)
#: How alike a spelling must be to a name to be that name (RapidFuzz ratio, 0–100).
_FUZZY = 85
#: Names shorter than this are only ever matched exactly: "Ali" is too like too much.
_FUZZY_MIN = 6
#: Words that make a person's name the name of a ship, a fort, a place ("USS Abraham Lincoln").
_NAMESAKE = re.compile(
    r"\b(?:USS|HMS|RMS|HMAS|HMCS|Fort|Mount|Lake|Cape|Port|Camp|Operation)"
    r"(?:\s+[A-Z][\w.'’-]*)+"  # the capitalised words after it are the namesake's name
)
_HARM = r"(?:assassinat|kill|execut|murder|behead|hang|lynch|shoot|stab|poison|guillotin)"
#: "… is assassinated", "… killed by": the name comes just before a participle of killing.
_PASSIVE_AFTER = re.compile(
    r"^[^,;.]{0,40}?\b(?:assassinated|killed|executed|murdered|beheaded|hanged|lynched|shot|"
    r"stabbed|poisoned|guillotined)\b",
    re.IGNORECASE,
)
#: "… assassinates …", "the execution of …": the name comes just after, within a few words.
_ACTIVE_BEFORE = re.compile(
    rf"(?:\b{_HARM}(?:s|es)|\b(?:assassination|execution|murder|killing|beheading) of)"
    r"(?:\s+[\w.'’-]+){0,4}\s*$",
    re.IGNORECASE,
)


def name_forms(title: str, names: Sequence[str] = ()) -> list[str]:
    """Forms a title's person may take in a sentence, longest first; ``names`` adds known ones.

    >>> name_forms("Louis IX of France")
    ['Louis IX of France', 'Louis IX', 'Louis']
    >>> name_forms("Pope Gregory XV", ["Gregory XV"])
    ['Pope Gregory XV', 'Gregory XV', 'Pope Gregory', 'Gregory']
    """
    forms: list[str] = []
    for name in (title, *names):
        base = _DISAMBIGUATOR.sub("", name).strip()
        words = base.split()
        for form in (
            base,
            base.split(",")[0].strip(),
            _HONORIFIC.sub("", base),
            _REGNAL.sub("", base),
            " ".join(words[:2]) if len(words) > 2 and "," not in base and " of " not in base else "",
        ):
            if form and form not in forms:
                forms.append(form)
    for form in list(forms):
        bare = _REGNAL_NUMBER.sub("", _REGNAL.sub("", form))
        if len(bare) >= 4 and bare not in forms:
            forms.append(bare)
    # The last name of the plain name ("Mountbatten" of "Louis Mountbatten, 1st Earl…").
    plain = _REGNAL.sub("", forms[0].split(",")[0]).split() if forms else []
    if plain and len(plain[-1]) >= 4 and plain[-1] not in forms:
        forms.append(plain[-1])
    return forms


def _whole_words(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """Spans where ``needle`` stands in ``text`` as whole words (a plain scan: no pattern per name).

    >>> list(_whole_words("ali and alice", "ali"))
    [(0, 3)]
    """
    start = text.find(needle)
    while needle and start >= 0:
        end = start + len(needle)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield start, end
        start = text.find(needle, start + 1)


def find_name(text: str, title: str, names: Sequence[str] = ()) -> tuple[int, int] | None:
    """Where a link's name first stands for the person in ``text``; None when it never does.

    >>> find_name("The submarine USS Abraham Lincoln is launched.", "Abraham Lincoln") is None
    True
    >>> find_name("Kaiser Wilhelm II makes a speech.", "Wilhelm II, German Emperor")
    (7, 17)
    """
    folded = fold(text)
    # fold drops an accent, not a letter, so the folded text's positions are the text's.
    searched = folded if len(folded) == len(text) else text.lower()
    namesakes = [match.span() for match in _NAMESAKE.finditer(text)]
    forms = name_forms(title, names)
    for form in forms:
        for span in _whole_words(searched, fold(form)):
            if not any(a <= span[0] < b for a, b in namesakes):
                return span
    # Spelled otherwise ("Nicephorus Phocas" for "Nikephoros II Phokas", "Kaupo" for "Caupo"):
    # a run of capitalised words close enough to a form of the name.
    wanted = [fold(_REGNAL_NUMBER.sub("", form)) for form in forms]
    for match in _CAPITALISED.finditer(text):
        if any(a <= match.start() < b for a, b in namesakes):
            continue
        words = fold(match.group()).split()
        for name in wanted:
            size = len(name.split())
            # Each stretch of the run as long as the name: "Emperor Nicephorus Phocas" holds it.
            for first in range(len(words) - size + 1):
                stretch = " ".join(words[first : first + size])
                if len(name) >= _FUZZY_MIN and fuzz.ratio(stretch, name) >= _FUZZY:
                    return match.span()
    return None


def asides(body: str) -> list[tuple[int, int]]:
    """The spans of a sentence body that are about something else.

    >>> body = "Grant takes Vicksburg while Lee invades Pennsylvania, which frightens the North."
    >>> [body[a:b].strip() for a, b in asides(body)]
    ['while Lee invades Pennsylvania', ', which frightens the North']
    """
    return [match.span() for match in _ASIDE.finditer(body)]


def sentence_roles(
    sentence: str, links: Sequence[Link], names: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Role]:
    """The role of each linked title in a day-page sentence; ``names`` gives more names by title.

    >>> links = [Link("Abraham Lincoln", ""), Link("John Wilkes Booth", "")]
    >>> told = "Abraham Lincoln is shot by John Wilkes Booth at Ford's Theatre."
    >>> [role.value for role in sentence_roles(told, links).values()]
    ['victim', 'participant']
    >>> told = "The submarine USS Abraham Lincoln, named after Abraham Lincoln, is launched."
    >>> sentence_roles(told, [Link("Abraham Lincoln", "")])["Abraham Lincoln"].value
    'mentions'
    """
    heads, body = headings(sentence)
    heading_text = " : ".join(heads)
    spans = asides(body)
    roles: dict[str, Role] = {}
    for link in links:
        known = (names or {}).get(link.title, ())
        role = _role_in(body, spans, link.title, known)
        if role is None:
            named = find_name(heading_text, link.title, known) is not None
            role = Role.PARTICIPANT if named else Role.MENTIONS
        roles[link.title] = role
    return roles


def _role_in(body: str, spans: Sequence[tuple[int, int]], title: str, known: Sequence[str]) -> Role | None:
    """The role a sentence body gives the person of ``title``; None when it never names them."""
    found = find_name(body, title, known)
    if found is None:
        return None
    start, end = found
    before = body[max(0, start - _CUE_REACH) : start]
    if _PASSING.search(before) or any(a <= start < b for a, b in spans):
        return Role.MENTIONS
    if _ACTIVE_BEFORE.search(before) or _PASSIVE_AFTER.search(body[end:]):
        return Role.VICTIM
    return Role.PARTICIPANT


def event_roles(
    draft: DraftEvent, people: Mapping[str, Mention], names_of: Callable[[str], Sequence[str]]
) -> dict[str, Role]:
    """The role of each person a draft event links (by person id), on the source's evidence.

    A role the source states wins (the battles' commanders, Wikidata's participants, a
    reign's monarch); a day-page sentence is read by `sentence_roles`, with each person's
    known names; a person another source lists without a role (a curated page's people)
    takes part.
    """
    read: dict[str, Role] = {}
    if draft.source.name == SENTENCE_SOURCE and draft.summary:
        names = {m.title: names_of(pid) for pid, m in people.items() if m.title}
        read = sentence_roles(draft.summary, [link for link in draft.links if link.title in names], names)
    roles: dict[str, Role] = {}
    for pid, mention in people.items():
        stated = role_of(mention.role)
        if stated is None and draft.source.name == SENTENCE_SOURCE:
            stated = read.get(mention.title or mention.name, Role.MENTIONS)
        roles[pid] = stated or Role.PARTICIPANT
    return roles


def assign_roles(builder: EventBuilder, roles: Mapping[str, Role]) -> None:
    """Set a builder's people, mentions and precise roles from roles by person id, in order."""
    builder.people = [pid for pid, role in roles.items() if role.participates]
    builder.mentions = [pid for pid, role in roles.items() if not role.participates]
    builder.roles = {pid: role for pid, role in roles.items() if role in PRECISE}


def merged_roles(members: Sequence[EventBuilder]) -> dict[str, Role]:
    """The role of each person of events merged into one: a part in any source beats a mention.

        >>> from rapidfuzz import fuzz

    from graph.dates import HistoricalDate
        >>> day = HistoricalDate(1865, 4, 9)
        >>> a = EventBuilder("A", day, "acw", people=["person:lee"], roles={"person:lee": Role.COMMANDER})
        >>> b = EventBuilder("B", day, "wikipedia", mentions=["person:lee", "person:lincoln"])
        >>> {pid: role.value for pid, role in merged_roles([b, a]).items()}
        {'person:lee': 'commander', 'person:lincoln': 'mentions'}
    """
    roles: dict[str, Role] = {}
    for member in members:
        for pid in member.people:
            roles[pid] = stronger(roles.get(pid, Role.MENTIONS), member.roles.get(pid, Role.PARTICIPANT))
        for pid in member.mentions:
            roles.setdefault(pid, Role.MENTIONS)
    return roles


def outside_life(
    date: HistoricalDate, end: HistoricalDate | None, born: HistoricalDate | None, died: HistoricalDate | None
) -> str | None:
    """Why a person cannot take part in an event of these dates, or None when they can.

    >>> outside_life(HistoricalDate(1989, 11, 11), None, HistoricalDate(1809), HistoricalDate(1865, 4, 15))
    'died 1865-04-15, more than a year before the event'
    >>> outside_life(HistoricalDate(656), None, HistoricalDate(1942, 1, 17), None)
    'born 1942-01-17, after the event'
    >>> outside_life(HistoricalDate(1865, 4, 25), None, None, HistoricalDate(1865, 4, 15)) is None
    True
    """
    if died is not None:
        year, month, day = died.latest()
        if (year + LIFE_SLACK_YEARS, month, day) < date.earliest():
            return f"died {died.to_edtf()}, more than a year before the event"
    if born is not None and born.earliest() > (end or date).latest():
        return f"born {born.to_edtf()}, after the event"
    return None


def apply_life_dates(
    builder: EventBuilder, lives: Callable[[str], tuple[HistoricalDate | None, HistoricalDate | None]]
) -> list[str]:
    """Make a participant who was dead or unborn at the event a mention; the reasons, as notes.

    ``lives`` gives a person's (born, died). Returns the notes it added to the event's sources.
    """
    notes = []
    roles = merged_roles([builder])
    for pid, role in roles.items():
        if role.participates:
            born, died = lives(pid)
            if builder.date_may_be_end and builder.end_date is None:
                # Wikidata's one date for a war may be its end: Richard III fell in the Wars
                # of the Roses long before "1487". Death says nothing then; birth still does.
                died = None
            why = outside_life(builder.date, builder.end_date, born, died)
            if why is not None:
                roles[pid] = Role.MENTIONS
                notes.append(f"role: {pid} mentions, not {role.value}: {why}")
    if notes:
        assign_roles(builder, roles)
    return notes


__all__ = [
    "LIFE_SLACK_YEARS",
    "SENTENCE_SOURCE",
    "apply_life_dates",
    "asides",
    "assign_roles",
    "event_roles",
    "find_name",
    "merged_roles",
    "name_forms",
    "outside_life",
    "sentence_roles",
]
