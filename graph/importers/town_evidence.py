"""When a bare name is a town: on evidence from its row, never on the name alone.

GeoNames knows a town for many words that are something else in a sentence: "Republic"
(Republic, Missouri), "Reconquista" (a city in Argentina), "Jupiter" (Florida), "Police"
(Poland). A bare name the gazetteer can only read as a town (not a country, a US state, a
historical state or a curated place) becomes that town only when one of these rules finds
evidence, tried in order; the first rule that decides is kept in the event's ``sources``.

Vetoes, whatever else the row says:

1. `era_fits`: a town of a land settled from Europe is not the place of an event before
   that settlement (the Americas 1493, Oceania 1600, South Africa 1652, Australia 1788,
   New Zealand 1840): no namesake of Spain's Reconquista or of ancient Antioch there.
2. `used_as_common_word`: the sentence writes the name only in lower case ("Mauritius
   becomes a republic", "police open fire"), or as a mountain range, a river, an island
   or a people ("the Andes mountains", "his Seminole warriors").
3. `part_of_longer_name`: the sentence writes the name of a town under ``LINKED_TOWN``
   people only inside a longer name ("the Second Seminole War"; "Jupiter's moon" is not
   one). A larger town keeps names such as "Silchar Railway Station" or "Lod Airport".
4. `known_elsewhere`: the name is a region or old name of another country ("Bali" is
   Indonesia's, not the town in India; "Tuscany", "Holland", "Cornwall").

Evidence:

5. `home_named`: the sentence or the row's links name the town's country (by name, by a
   constituent country such as "England", or by nationality, "the German town of"), its US
   state, or another big city of its region ("Harlem, New York City"); or the town is its
   country's capital ("Valletta").
6. `us_town_unqualified` (a veto): Wikipedia titles a US town "Town, State" unless it is a
   major city of the AP Stylebook list, so a bare US town name without its state named is
   some other page ("Jupiter", "Cheyenne").
7. `large_enough`: a town of ``LINKED_TOWN`` people or more for a Wikipedia link (a bare
   title names the best-known sense of a word, and a town that large is one), and of
   ``UNLINKED_TOWN`` for a name without a link.

Anything else stays text (a topic when linked), never a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.importers.draft import DraftEvent
from graph.importers.places import Ambiguity, Gazetteer, Named, Place
from graph.text import fold

#: A town linked by a bare Wikipedia title, with no other evidence, needs this many people.
LINKED_TOWN = 50_000
#: A town named without a link, with no other evidence, needs this many people.
UNLINKED_TOWN = 1_000_000
#: The first year a town of a continent (or country) settled from Europe can be the place of
#: an event; the country's year wins over its continent's.
SETTLED = {"NA": 1493, "SA": 1493, "OC": 1600, "ZA": 1652, "AU": 1788, "NZ": 1840}
#: Words after a name that make it a landform or a people, not a town.
FEATURES = frozenset(
    {
        "mountains", "mountain", "range", "river", "island", "islands", "sea", "lake", "bay",
        "peninsula", "atoll", "desert", "tribe", "tribes", "people", "peoples", "warriors",
        "language", "dynasty",
    }
)  # fmt: skip
#: US cities Wikipedia titles without their state (WP:USPLACE, after the AP Stylebook).
AP_CITIES = frozenset(
    {
        "Atlanta", "Baltimore", "Boston", "Chicago", "Cincinnati", "Cleveland", "Dallas",
        "Denver", "Detroit", "Honolulu", "Houston", "Indianapolis", "Las Vegas", "Los Angeles",
        "Miami", "Milwaukee", "Minneapolis", "New Orleans", "New York City", "Oklahoma City",
        "Philadelphia", "Phoenix", "Pittsburgh", "St. Louis", "Salt Lake City", "San Antonio",
        "San Diego", "San Francisco", "Seattle", "Washington, D.C.", "Anchorage", "Manhattan",
        "Brooklyn", "Queens", "The Bronx", "Staten Island",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Row:
    """What a row says around a name: its sentence, its link titles, its year."""

    text: str = ""
    titles: tuple[str, ...] = ()
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """A town accepted (``place`` set) or refused, and the rule that decided, in words."""

    place: Place | None
    rule: str


def era_fits(place: Place, row: Row) -> str | None:
    """Why the town cannot be the place of the row's event, or None when its era fits.

    >>> town = Place("city:1", "Reconquista", "city", "", None, continent="SA")  # type: ignore[arg-type]
    >>> era_fits(town, Row(year=1487))
    'a town in SA is no place of an event before 1493'
    >>> era_fits(town, Row(year=1912)) is None
    True
    """
    where = place.country if place.country in SETTLED else place.continent
    first = SETTLED.get(where or "")
    if first is not None and row.year is not None and row.year < first:
        return f"a town in {where} is no place of an event before {first}"
    return None


def used_as_common_word(name: str, row: Row) -> bool:
    """Whether the sentence writes the name, but only in lower case (a common noun).

    >>> used_as_common_word("Republic", Row("Mauritius becomes a republic."))
    True
    >>> used_as_common_word("Republic", Row("The Republic of Mainz is declared."))
    False
    >>> used_as_common_word("Reconquista", Row("The Siege of Málaga commences."))
    False
    >>> used_as_common_word("Andes", Row("A Boeing crashes in the Andes mountains."))
    True
    """
    found = re.findall(rf"\b{re.escape(name)}\b", row.text, flags=re.IGNORECASE)
    if found and not any(word[:1].isupper() for word in found):
        return True
    following = re.findall(rf"\b{re.escape(name)} (\w+)", row.text)
    return any(word in FEATURES for word in following)


def part_of_longer_name(name: str, row: Row) -> bool:
    """Whether the sentence writes the name, but only followed by another capitalised word.

    >>> part_of_longer_name("Seminole", Row("The Second Seminole War ends."))
    True
    >>> part_of_longer_name("Jupiter", Row("Galileo passes Jupiter's moon Io."))
    False
    >>> part_of_longer_name("Lewes", Row("An avalanche at Lewes, Sussex."))
    False
    """
    found = re.findall(rf"\b{re.escape(name)}\b(?!['’])( \S)?", row.text)
    return bool(found) and all(following[1:].isupper() for following in found)


def known_elsewhere(place: Place, gazetteer: Gazetteer) -> str | None:
    """The other country whose region or old name the town's name is, if any."""
    country = gazetteer.country_of_word(place.name)
    return country if country is not None and country != place.country else None


#: The rules of `home_named` that rest on the town's home named beside it: the evidence that
#: still stands when the sentence also links a namesake of the name with its qualifier.
STATE_NAMED = "its state named in the sentence"
COUNTRY_NAMED = "its country named in the sentence"
NEIGHBOUR_NAMED = "a big city of its region named in the sentence"


def home_named(place: Place, named: Named, gazetteer: Gazetteer) -> str | None:
    """The town's country, US state or big neighbour when the row names it."""
    if place.country == "US" and place.region in named.states:
        return f"{STATE_NAMED} ({gazetteer.place(f'state:US-{place.region}').name})"
    if place.country != "US" and place.country in named.countries | named.peoples:
        return f"{COUNTRY_NAMED} ({gazetteer.place(f'country:{place.country}').name})"
    if place.country != "US" and place.name == gazetteer.capital_of(place.country or ""):
        return f"the capital of {gazetteer.place(f'country:{place.country}').name}"
    own = fold(place.name)
    for country, region, name in sorted(named.cities):
        if (country, region) == (place.country, place.region or "") and name != own:
            return f"{NEIGHBOUR_NAMED} ({name.title()})"
    return None


def us_town_unqualified(place: Place) -> bool:
    """Whether a bare title cannot be this US town's page (it is not on the AP list)."""
    return place.country == "US" and place.name not in AP_CITIES


def large_enough(place: Place, linked: bool) -> str | None:
    """The population rule's evidence, or None when the town is too small for it."""
    need = LINKED_TOWN if linked else UNLINKED_TOWN
    if place.population is not None and place.population >= need:
        kind = "a linked town" if linked else "an unlinked name"
        return f"population {place.population:,} (at least {need:,} for {kind})"
    return None


def judge_town(place: Place, name: str, linked: bool, row: Row, gazetteer: Gazetteer) -> Verdict:
    """Accept a bare name as this town only on evidence (the module's rules, in order).

    >>> gazetteer = Gazetteer()
    >>> republic = gazetteer.lookup("Republic")
    >>> row = Row("Rhodesia declares itself a republic.", year=1970)
    >>> judge_town(republic, "Republic", True, row, gazetteer)
    Verdict(place=None, rule='written in lower case, or as a landform or a people')
    >>> kolkata = gazetteer.lookup("Kolkata")
    >>> judge_town(kolkata, "Kolkata", False, Row("Riots in Kolkata.", year=1946), gazetteer).rule
    'population 4,631,392 (at least 1,000,000 for an unlinked name)'
    """
    refused = era_fits(place, row)
    if refused is not None:
        return Verdict(None, refused)
    if used_as_common_word(name, row):
        return Verdict(None, "written in lower case, or as a landform or a people")
    if (place.population or 0) < LINKED_TOWN and part_of_longer_name(name, row):
        return Verdict(None, "written only inside a longer name")
    elsewhere = known_elsewhere(place, gazetteer)
    if elsewhere is not None:
        return Verdict(None, f"the name of a region of {gazetteer.place(f'country:{elsewhere}').name}")
    home = home_named(place, _named_around(name, row, gazetteer), gazetteer)
    if home is not None:
        return Verdict(place, home)
    if us_town_unqualified(place):
        return Verdict(None, "a US town's page names its state; this bare name is another page")
    size = large_enough(place, linked)
    if size is not None:
        return Verdict(place, size)
    return Verdict(None, "no evidence that the name is this town")


def pick_town(ambiguity: Ambiguity, row: Row, gazetteer: Gazetteer) -> Verdict | None:
    """The one town of an ambiguous name whose home the row names ("Victoria … Canada").

    Only towns compete here; a name that is also a country or a US state stays open.
    """
    if not all(key.startswith("city:") for key in ambiguity.candidates):
        return None
    named = _named_around(ambiguity.name, row, gazetteer)
    fits = []
    for key in ambiguity.candidates:
        place = gazetteer.place(key)
        home = home_named(place, named, gazetteer)
        if home is not None and era_fits(place, row) is None:
            fits.append(Verdict(place, f"{home}, among {len(ambiguity.candidates)} towns of the name"))
    return fits[0] if len(fits) == 1 else None


def _named_around(name: str, row: Row, gazetteer: Gazetteer) -> Named:
    """What the rest of the row names: the name's own words are no evidence for it
    ("Kansas City" does not name Kansas for itself)."""
    rest = re.sub(rf"\b{re.escape(name)}\b", " ; ", row.text)
    return gazetteer.named_in(rest, [title for title in row.titles if fold(title) != fold(name)])


def narrow_to_titled(ambiguity: Ambiguity, gazetteer: Gazetteer) -> Place | Ambiguity | None:
    """An ambiguous bare Wikipedia title without the US towns it cannot be (`us_town_unqualified`).

    "Venice" is not Venice, Florida, so it is Venice, Italy; "Smyrna" is neither Smyrna,
    Georgia nor Smyrna, Tennessee, so it is no town at all and a curated place may claim it.

    >>> gazetteer = Gazetteer()
    >>> narrow_to_titled(gazetteer.lookup("Venice"), gazetteer).country
    'IT'
    >>> narrow_to_titled(gazetteer.lookup("Smyrna"), gazetteer) is None
    True
    """
    kept = tuple(
        key
        for key in ambiguity.candidates
        if not (key.startswith("city:") and us_town_unqualified(gazetteer.place(key)))
    )
    if not kept:
        return None
    if len(kept) == 1:
        return gazetteer.place(kept[0])
    return Ambiguity(ambiguity.name, kept)


def town_row(draft: DraftEvent) -> Row:
    """What an event's source row offers as evidence: its words, its links and its year."""
    text = draft.title if draft.summary in (None, draft.title) else f"{draft.title}. {draft.summary}"
    titles = {link.title for link in draft.links} | {m.title for m in draft.mentions if m.title}
    return Row(text, tuple(sorted(titles)), draft.date.year)


def qualified_base(title: str) -> str:
    """A link title without its qualifier: the name a sentence calls the place by.

    >>> qualified_base("Alexandria, Virginia"), qualified_base("Paris (mythology)")
    ('Alexandria', 'Paris')
    """
    return re.sub(r"\s*\([^)]*\)$", "", title).split(",")[0].strip()


def link_qualifiers(title: str) -> set[str]:
    """The folded qualifiers of a link title: what it adds to the name to tell it apart.

    >>> sorted(link_qualifiers("Cape Canaveral, Florida")), sorted(link_qualifiers("Versailles (city)"))
    (['florida'], ['city'])
    """
    found = re.search(r"\(([^)]*)\)$", title)
    parts = [found[1]] if found else []
    parts += title[: found.start() if found else len(title)].split(",")[1:]
    return {fold(part).strip() for part in parts if part.strip()}


def is_bare(title: str) -> bool:
    """A name with no qualifier: no ", State" and no "(disambiguator)".

    >>> [is_bare(t) for t in ("Antioch", "Antioch, California", "Paris (mythology)")]
    [True, False, False]
    """
    text = title.strip()
    return "," not in text and not text.endswith(")") and bool(fold(text))


__all__ = [
    "AP_CITIES",
    "COUNTRY_NAMED",
    "FEATURES",
    "LINKED_TOWN",
    "NEIGHBOUR_NAMED",
    "SETTLED",
    "STATE_NAMED",
    "UNLINKED_TOWN",
    "Row",
    "Verdict",
    "era_fits",
    "home_named",
    "is_bare",
    "judge_town",
    "known_elsewhere",
    "large_enough",
    "link_qualifiers",
    "narrow_to_titled",
    "part_of_longer_name",
    "pick_town",
    "qualified_base",
    "town_row",
    "us_town_unqualified",
    "used_as_common_word",
]
