"""The small vocabularies a headline is cut by: where a clause ends, which words cannot end one.

Day-page sentences are written in the present tense of a few hundred verbs ("defeats",
"signs", "is founded"); knowing them is enough to tell a headline that kept its verb
("Peru and Chile sign the Treaty of Ancón") from a bare noun phrase cut off before it
("The official North Korean newspaper, Rodong Sinmun"). No tagger is needed, and none is
shipped: the lists are read from the development rows of the day pages.
"""

from __future__ import annotations

import re


def _listed(text: str) -> list[str]:
    """The words of a vocabulary written as running text, one space or line apart."""
    return text.split()


#: Verbs as day pages use them, by stem: each gives its "-s", "-es", "-ed" and "-d" forms.
_REGULAR = _listed("""
abandon abdicate abolish accept acquire adopt agree allow announce annex appear appoint approve
arrest arrive ascend assassinate assume attack attempt authorize ban barricade behead bomb break
broadcast burn call capture carry cede celebrate change charge claim close collapse collide
commence complete conclude condemn confirm conquer consecrate convene convert convict crash create
cross crown debut declare decree dedicate defeat defend deliver demolish depose derail destroy
devastate die discover dismiss dissolve document drop elect elevate end enact endorse enter erupt
escape establish evacuate excommunicate execute exile expel explode fail file finish flee flood
form found free grant hang hijack hit host inaugurate incorporate introduce invade invent issue
join kidnap kill land launch legalize liberate list march marry massacre merge move murder name
nationalize obtain occupy occur offer open order organize overthrow pardon pass patent perform
play pledge premiere present proclaim promulgate protest publish purchase raid ratify reach
receive recognize record reject release remove rename reopen repeal repel replace report rescue
resign restore raise retake retire return revoke riot rule sack sail score secure seize sentence serve
settle shell sign sink start storm strike submit succeed suffer surrender suspend swear take
terminate test topple torpedo transfer travel unveil vote walk withdraw wreck embark besiege
indict acquit award intercept attend extend trigger injure detonate visit address inflict mutiny
ambush evacuate decide defect demand deploy design discover disband dock forbid found govern
halt ignite impose imprison install invite kidnap liberate mark mobilize murder negotiate oust
outlaw persecute plunder prohibit raze rebel recapture reform refuse remain resume revolt rout
ruin slaughter stage suppress ask warn urge plead request accuse reveal confess deny admit
welcome survive sweep threaten tour triumph unite unify uphold inform conduct demonstrate depart
initiate propose cease relinquish invoke rescind secede mandate orchestrate administer overturn
compose observe acclaim commit apologize rejoin recognise organise lift clear disappear produce
peak result
""")
#: Irregular forms, and the verbs "be", "become" and "have" that most headlines turn on.
_IRREGULAR = _listed("""
is are was were be been becomes become became has have had begins begin began begun breaks broke
broken comes came falls fell fallen flies flew flown gives gave given goes went gone holds held
leads led leaves left loses lost makes made meets met rises rose runs ran sets sends sent shoots
shot sinks sank sunk speaks spoke stands stood strikes struck sworn takes took taken wins won
writes wrote written builds built sells sold sees saw seen tells told brings brought fights fought
catches caught kills dies died lies lay make take give go come hold lead run set send shoot
speak stand build sell see tell bring fight catch win lose meet fly rise write swept sweeps
leave says said finds found drives drove reads splits hits sets tears tore rides rode
""")


def _forms(stem: str) -> set[str]:
    base = stem[:-1] if stem.endswith("e") else stem
    ies = stem[:-1] + "ies" if stem.endswith("y") and stem[-2] not in "aeiou" else None
    ied = stem[:-1] + "ied" if ies else None
    plural = stem + ("es" if stem.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    return {w for w in (stem, plural, ies, ied, base + "ed", stem + "d" if stem.endswith("e") else None) if w}


VERBS = frozenset(set(_IRREGULAR).union(*(_forms(s) for s in _REGULAR)))
#: The bare stems, as often nouns as verbs ("Umayyad rule", "a vote").
STEMS = frozenset(_REGULAR)

#: Verbs a headline may end on ("Abraham Lincoln dies"); any other verb there misses its object.
INTRANSITIVE = frozenset(
    _listed("""
    abdicate abdicates abdicated arrive arrives arrived begin begins began collapse collapses collapsed
    crash crashes crashed die dies died end ends ended erupt erupts erupted explode explodes exploded
    fall falls fell fail fails failed flee flees fled open opens opened resign resigns resigned
    retire retires retired riot riots rioted sink sinks sank surrender surrenders surrendered
    founded established formed launched opened signed killed executed assassinated crowned elected
    published born married held dissolved abolished completed created built released premiered
    inaugurated captured arrested defeated proclaimed introduced ratified
    """)
)

#: Verbs that need what follows them ("succeed" | "in lifting the siege", "begin" | "to negotiate").
NEEDS_COMPLEMENT = frozenset(
    w
    for stem in _listed(
        """
        succeed begin decide attempt try agree refuse continue start plan prepare seek threaten
        manage vow pledge promise intend aim hope want wish offer resolve help allow force ask urge
        invite need sentence fail vote
        """
    )
    for w in (stem, stem + "s", stem + "ed", stem + "d", stem[:-1] + "ies")
) | frozenset(["began", "begun", "sought"])

#: Words a headline cannot end on: it would stop mid-phrase ("… broadcasting via").
DANGLING = frozenset(
    _listed("""
    a an the of in on at to by for from with and or but nor as into onto upon via about over
    under through across towards toward against between among within without near like than
    its his her their our your my whose which who whom that where when while after before during
    is are was were be been being has have had this these those then so not also later thus
    thereby both either each some all many several such known called named including led
    nearly almost more most only he she it they we early late just shortly soon very much
    first said due well de del della di da du des der den von van la le former
    around beyond behind beside beneath throughout despite amid per
    """)
)
#: Titles that stand before a name and so cannot end a headline ("… defeat Lieutenant General").
DANGLING_TITLES = frozenset(
    _listed("General Admiral Colonel Captain Lieutenant Major Senator Sir Lord Lady Saint Gen. St. Dr.")
)

#: Words that open a phrase a cut may drop whole ("in an attempt to…", "under orders to…").
PHRASE_STARTS = frozenset(
    _listed("""
    in at on for from with under near during into against between to towards toward via through due
    across without within amid despite following regarding concerning like
    """)
)

#: Words that open a clause that is not the news ("…, killing forty", "… after a siege").
SUBORDINATE_WORDS = _listed("""
which who whom whose where when while after before during as because although though thus
thereby whereupon until so that killing leaving making marking ending beginning resulting
following causing becoming prompting sparking allowing forcing bringing giving paving taking
setting claiming establishing creating including effectively officially pending
""")

#: Openings that set the scene before the news ("In Paris, …", "According to Gibbon, …").
OPENERS = re.compile(
    r"^(?:while|when|after|before|during|following|although|though|as|despite|amid|since|upon|"
    r"in|on|at|along|near|off|outside|from|over|under|with|by|having|shortly|early|late|for|"
    r"according to|for the (?:first|second|third|last) time|"
    # How long before or after something else: "A day after being captured, …", "Two days after
    # the United Kingdom had declared war on Germany, …".
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+) "
    r"(?:hours?|days?|weeks?|months?|years?) (?:after|before)|"
    # A participle's clause: "Attempting to make the first non-stop flight…, Nungesser…".
    r"[a-z]+ing (?:to|the|a|an|his|her|its|their|on|in|at|with|under|for|from|into|across|through)(?=\s)|"
    # A participle's agent or setting: "Organized by César Chávez, the Salad Bowl strike… begins".
    r"[a-z]{3,}ed (?:by|in|at|on|with|under|after)(?=\s))\b",
    re.IGNORECASE,
)

#: A title before a name, with the nationality before it ("Japanese Premier Eisaku Satō"); a
#: headline may drop it to keep the name and the rest of the clause.
TITLE_BEFORE_NAME = re.compile(
    r"\b(?:(?:U\.S\.|United States|(?:(?:South|North|East|West)\s+)?[A-Z][a-z]+(?:an|ese|ish|ch|i|al))\s+)?"
    r"(?:(?:Vice|Deputy)\s+)?"
    r"(?:President|Premier|(?:Prime |Foreign |Defence |Defense |Finance )?Minister|Chancellor|"
    r"(?:Major |Lieutenant |Brigadier )?General|Major|Lieutenant|Sergeant|Corporal|"
    r"Admiral|Colonel|Captain|Commander|Senator|Governor|Mayor|Chairman|Gen\.|Adm\.|Col\.|Lt\.|Sen\.|Gov\.)"
    # Not a title when an office or a body follows: "General Secretary", "President's Council".
    r"\s+(?=[A-Z][a-z])(?!(?:Secretary|Assembly|Staff|Strike|Council|Court|Synod|Conference|Election|"
    r"Estates|Motors|Electric|Post|Hospital|Government|Headquarters|Hall|League|Congress|Party)\b)"
)

#: What a person was, said before the name that opens a sentence ("Shipwrecked Spanish conquistador
#: Álvar Núñez Cabeza de Vaca", "Irish author James Joyce"): a headline may drop it as a title.
OCCUPATION_BEFORE_NAME = re.compile(
    r"^(?:[A-Z][\w-]*\s+){0,2}(?:[a-z][\w-]*\s+){0,3}"
    r"(?:[Aa]uthor|[Ww]riter|[Pp]oet|[Nn]ovelist|[Pp]laywright|[Pp]ainter|[Aa]rtist|[Cc]omposer|[Ss]inger"
    r"|[Aa]ctor|[Aa]ctress|[Pp]ilot|[Aa]viator|[Jj]ournalist|[Ee]xplorer|[Nn]avigator|[Cc]onquistador"
    r"|[Ss]cientist|[Pp]hysicist|[Cc]hemist|[Aa]stronomer|[Ii]nventor|[Ee]ngineer|[Pp]olitician"
    r"|[Aa]ctivist|[Pp]hilosopher|[Mm]athematician|[Nn]aturalist|[Mm]issionary|[Bb]usinessman"
    r"|[Ii]ndustrialist|[Rr]adioman|[Bb]oxer|[Aa]thlete|[Mm]ountaineer)\s+"
    r"(?=[A-ZÀ-Þ][\w'’.-]*\s+(?:[a-z]{1,3}\s+)?[A-ZÀ-Þ])"
)

#: Abbreviations whose full stop does not end a sentence ("Gen. Francisco Franco").
ABBREVIATIONS = frozenset(
    _listed("""
    Gen Capt Col Corp Inc Sept Lieut Gov Sen Rep Adm Mt Ft St Jr Sr Dr Mr Mrs Ms Rev Hon Bros Co
    Ltd No vs etc Lt Maj Sgt Fr Prof Pres Ave
    """)
)

__all__ = [
    "ABBREVIATIONS",
    "DANGLING",
    "DANGLING_TITLES",
    "INTRANSITIVE",
    "NEEDS_COMPLEMENT",
    "OPENERS",
    "PHRASE_STARTS",
    "STEMS",
    "SUBORDINATE_WORDS",
    "TITLE_BEFORE_NAME",
    "VERBS",
]
