"""Turn names into nodes: people, places, organisations or topics, on evidence from the data.

A mention (a name, maybe with a Wikipedia title) is resolved by the first rule that
decides, and the rule is kept as evidence for the import report:

1. ``canonical``: the name or an alias of a curated record in ``data/`` (any kind but
   events), unless the gazetteer calls the bare name ambiguous ("Georgia").
2. ``person-by-title``: the title of a person born or dying in a source (the births and
   deaths files), or a person a source names outright.
3. ``place``: the gazetteer (`graph.importers.places`), historical states included; a
   bare name that can only be a town becomes one on evidence from its row
   (`graph.importers.town_evidence`), which the event's ``sources`` keep.
4. ``surname``: a one-word name without a page title that is the surname of exactly one
   person already resolved in the same record ("Stalin" beside "Joseph Stalin").
5. ``person-by-name``: the unique person of that name, when the mention has no title.
6. ``organization``: the source says so, or a title word does (`organizations`).
7. ``topic``: any other titled link; topics linked from enough events become tags.
8. Anything else is *unresolved*, counted in the report, never guessed.

Case, accents and stray spaces never matter (`graph.text.fold`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from graph.dates import HistoricalDate
from graph.importers.canonical import CanonicalRecord
from graph.importers.draft import DraftPerson, DraftPlace, Mention
from graph.importers.organizations import organization_kind
from graph.importers.people import PersonGroup, assign_ids
from graph.importers.people_join import group_keys, matches_canonical, name_key
from graph.importers.people_sources import source_groups
from graph.importers.places import Ambiguity, Gazetteer, Place
from graph.importers.sides import side_not_place
from graph.importers.town_evidence import (
    COUNTRY_NAMED,
    NEIGHBOUR_NAMED,
    STATE_NAMED,
    Row,
    is_bare,
    judge_town,
    narrow_to_titled,
    pick_town,
)
from graph.models import Kind, Person, Source
from graph.text import fold, slugify

#: A topic becomes a tag when at least this many events link it (or a curated tag has its name).
TAG_MIN_EVENTS = 3
#: The source name of decisions this importer takes itself, kept beside the data's sources.
EVIDENCE = "clio-import"


@dataclass(frozen=True, slots=True)
class Resolved:
    kind: Kind
    id: str
    rule: str


@dataclass(slots=True)
class Node:
    """A node being built: output fields in canonical order, plus its sources."""

    kind: Kind
    id: str
    fields: dict[str, Any]
    sources: list[Source] = field(default_factory=list)
    canonical: bool = False

    def add_source(self, source: Source, limit: int | None = None) -> None:
        if source not in self.sources and (limit is None or len(self.sources) < limit):
            self.sources.append(source)


@dataclass(slots=True)
class Resolution:
    """What the resolver found for one record's mentions."""

    refs: dict[Kind, list[str]] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    #: The first mention that named each person found: its role and title decide the person's part.
    people: dict[str, Mention] = field(default_factory=dict)
    # Location id -> the evidence that made a town of a name (`town_evidence`).
    evidence: dict[str, str] = field(default_factory=dict)
    #: Names without a link that matched nothing: an import of more sources may know them.
    missed: list[Mention] = field(default_factory=list)
    #: Linked states the sentence names only as a side in the fighting (`sides`), with why.
    sides: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ResolveStats:
    rules: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    unresolved: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)
    ambiguous_candidates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def count(self, rule: str, example: str) -> None:
        self.rules[rule] += 1
        seen = self.examples.setdefault(rule, [])
        if len(seen) < 5 and example not in seen:
            seen.append(example)


class Resolver:
    """Holds every non-event node and resolves mentions against them."""

    def __init__(self, canonical: Iterable[CanonicalRecord], gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.nodes: dict[str, Node] = {}
        self.stats = ResolveStats()
        self._names: dict[str, set[str]] = {}
        self._person_titles: dict[str, str] = {}
        self._person_names: dict[str, set[str]] = {}
        self._place_ids: dict[str, str] = {}
        #: Locations made from gazetteer entries: never another entry's namesake match.
        self._gazetteer_nodes: set[str] = set()
        self._topics: dict[str, str] = {}  # folded title -> title as first seen
        self._topic_events: Counter[str] = Counter()
        for item in canonical:
            if item.kind in (Kind.EVENT, Kind.CATEGORY):
                continue
            self._add_canonical(item)

    # --- building nodes ------------------------------------------------------------------

    def _add_canonical(self, item: CanonicalRecord) -> None:
        record = item.record
        fields = _fields(record)
        node = Node(item.kind, record.id, fields, list(getattr(record, "sources", ()) or ()), canonical=True)
        node.add_source(item.source)
        self.nodes[record.id] = node
        for name in (fields["name"], *fields.get("aliases", ())):
            self._names.setdefault(fold(name), set()).add(record.id)
        if isinstance(record, Person):
            self._index_person(record.id, record.name, record.aliases, [link.title for link in record.links])

    def _index_person(self, node_id: str, name: str, aliases: Iterable[str], titles: Iterable[str]) -> None:
        for title in titles:
            self._person_titles.setdefault(fold(title), node_id)
        for value in (name, *aliases):
            self._person_names.setdefault(fold(value), set()).add(node_id)

    def add_people(self, drafts: Iterable[DraftPerson]) -> None:
        """Group one source's person drafts, let canonical people claim theirs, give the rest ids."""
        self.add_groups(source_groups(drafts))

    def add_groups(self, groups: list[PersonGroup]) -> dict[int, str]:
        """Let canonical people claim their groups, give the rest ids; the id of each group.

        Returns:
            The node id of every group, keyed by ``id(group)``.
        """
        placed: dict[int, str] = {}
        canonical = [n for n in self.nodes.values() if n.kind is Kind.PERSON and n.canonical]
        by_name: dict[str, list[Node]] = {}
        for node in canonical:
            for value in (node.fields["name"], *node.fields.get("aliases", ())):
                by_name.setdefault(name_key(value), []).append(node)
        fresh = []
        for group in groups:
            for source in group.conflicts:
                self.stats.count(
                    "life dates contradict each other (coarser date dropped)",
                    f"{group.title or group.name} ({source.file}, {source.record})",
                )
            keys = group_keys(group)
            claims = {
                n.id: n for key in keys for n in by_name.get(key, []) if matches_canonical(group, _person(n))
            }
            if len(claims) == 1:
                node = next(iter(claims.values()))
                for key, value in (
                    ("born", group.born),
                    ("died", group.died),
                    ("description", group.description),
                ):
                    if value is not None and key not in node.fields:
                        node.fields[key] = value
                for source in group.sources:
                    node.add_source(source)
                self._index_person(node.id, group.name, group.aliases, _titles(group))
                self.stats.count("person merged into canonical", f"{group.title or group.name} -> {node.id}")
                placed[id(group)] = node.id
            else:
                fresh.append(group)
        ids = assign_ids(fresh, set(self.nodes))
        for index, group in enumerate(fresh):
            node_id = ids[index]
            fields: dict[str, Any] = {"name": group.name}
            if group.aliases:
                fields["aliases"] = group.aliases
            for key, value in (
                ("born", group.born),
                ("died", group.died),
                ("description", group.description),
            ):
                if value is not None:
                    fields[key] = value
            if group.links:
                fields["links"] = group.links
            self.nodes[node_id] = Node(Kind.PERSON, node_id, fields, list(group.sources))
            self._index_person(node_id, group.name, group.aliases, _titles(group))
            placed[id(group)] = node_id
        return placed

    def add_places(self, drafts: Iterable[DraftPlace]) -> None:
        """Places a source defines: matched to the gazetteer by name, else kept as the source has them."""
        for draft in drafts:
            found = self._canonical(draft.title or draft.name, Kind.LOCATION)
            if found is None:
                hit = self.gazetteer.lookup(draft.title or draft.name)
                if isinstance(hit, Place):
                    found = self._materialise(hit)
            if found is not None:
                self.nodes[found].add_source(draft.source, limit=5)
                continue
            node_id = self._free_id(f"location:{slugify(draft.name) or 'place'}")
            fields: dict[str, Any] = {"name": draft.name, "kind": draft.kind or "site"}
            if draft.part_of:
                parent = self.resolve(
                    Mention(draft.part_of, kind_hint="location"), Resolution(), draft.source
                )
                if parent is not None and parent.kind is Kind.LOCATION:
                    fields["part_of"] = parent.id
            if draft.coordinates:
                fields["lat"], fields["lon"] = draft.coordinates
            self.nodes[node_id] = Node(Kind.LOCATION, node_id, fields, [draft.source])
            self._names.setdefault(fold(draft.name), set()).add(node_id)

    def _free_id(self, base: str, qualifier: str = "") -> str:
        if base not in self.nodes:
            return base
        candidate = f"{base}-{qualifier}" if qualifier else base
        number = 2
        unique = candidate
        while unique in self.nodes:
            unique = f"{candidate}-{number}"
            number += 1
        return unique

    def place_id(self, key: str) -> str:
        """The location id of a gazetteer entry by its key (`Place.key`), made as a mention makes it.

        An earlier import's place is found again so: what this import knows (a curated
        "Czech Republic" for GeoNames' "Czechia") names it as one run with every source would.
        """
        return self._materialise(self.gazetteer.place(key))

    def known_place(self, key: str) -> str | None:
        """The location that is a gazetteer entry in this import, or None; creates nothing.

        The id the entry was given, else the curated place it matches (a link titled "Czech
        Republic" names the curated country without ever reading GeoNames' "Czechia").
        """
        return self._place_ids.get(key) or self._canonical_place(self.gazetteer.place(key))

    def _materialise(self, place: Place) -> str:
        """The location id of a gazetteer entry, creating it and its enclosing places once."""
        if place.key in self._place_ids:
            return self._place_ids[place.key]
        parent_id = self._materialise(self.gazetteer.place(place.parent)) if place.parent else None
        node_id = self._canonical_place(place)
        if node_id is None:
            node_id = self._gazetteer_id(place)
            fields: dict[str, Any] = {"name": place.name, "kind": place.kind}
            if place.aliases:
                fields["aliases"] = list(place.aliases)
            if parent_id:
                fields["part_of"] = parent_id
            if place.lat is not None and place.lon is not None:
                fields["lat"], fields["lon"] = place.lat, place.lon
            for key in ("iso_code", "start", "end"):
                if getattr(place, key):
                    fields[key] = getattr(place, key)
            self.nodes[node_id] = Node(
                Kind.LOCATION, node_id, fields, [place.source, _evidence(place.evidence)]
            )
            # Not indexed by name: a gazetteer entry is found again by its key, and a name
            # indexed here would make a curated namesake ambiguous ("St. Petersburg", Florida,
            # beside the curated Saint Petersburg) once, and only once, an import met it.
            self._gazetteer_nodes.add(node_id)
        else:
            node = self.nodes[node_id]
            # A curated place's dated links already say where it lay, and lies today.
            dated = "part_of_dated" in node.fields
            if parent_id and "part_of" not in node.fields and not dated and parent_id != node_id:
                node.fields["part_of"] = parent_id
            node.add_source(place.source)
        self._place_ids[place.key] = node_id
        return node_id

    def _gazetteer_id(self, place: Place) -> str:
        """The id of a gazetteer entry, numbered among its namesakes by the gazetteer's own rank.

        The first namesake (`Gazetteer.namesakes`) is ``location:alexandria``, the others are
        qualified by kind and numbered among that kind (``-city``, ``-city-2``…), so one
        run and merged imports in any order give Alexandria, Virginia one id. An id a
        curated or source-defined place already holds gives way to one with the entry's code.
        """
        base = f"location:{slugify(place.name)}"
        namesakes = self.gazetteer.namesakes(place.key)
        held = base in self.nodes and base not in self._gazetteer_nodes  # a curated place's id
        if namesakes[0] == place.key and not held:
            wanted = base
        else:
            rivals = namesakes if held else namesakes[1:]
            kin = [k for k in rivals if k.split(":", 1)[0] == place.key.split(":", 1)[0]]
            number = kin.index(place.key) + 1 if place.key in kin else 1
            wanted = f"{base}-{place.kind}" if number == 1 else f"{base}-{place.kind}-{number}"
        if wanted not in self.nodes:
            return wanted
        return self._free_id(f"{base}-{place.kind}-{slugify(place.key.split(':', 1)[1])}")

    def _canonical_place(self, place: Place) -> str | None:
        for node_id in sorted(self._names.get(fold(place.name), ())):
            node = self.nodes[node_id]
            # Two gazetteer keys are two places: an entry met earlier is no match for a
            # later one, whichever comes first.
            if node.kind is not Kind.LOCATION or node_id in self._gazetteer_nodes:
                continue
            kind = node.fields["kind"]
            if place.iso_code and node.fields.get("iso_code") == place.iso_code:
                return node_id
            if place.kind in ("city",) and kind in ("city", "site"):
                lat, lon = node.fields.get("lat"), node.fields.get("lon")
                # lat and lon are stored together (see above): either both or neither.
                if (
                    lat is None
                    or lon is None
                    or (abs(lat - (place.lat or 0)) < 1 and abs(lon - (place.lon or 0)) < 1)
                ):
                    return node_id
            elif kind == place.kind:
                return node_id
        if place.iso_code:
            for node in self.nodes.values():
                if node.kind is Kind.LOCATION and node.fields.get("iso_code") == place.iso_code:
                    return node.id
        return self._curated_by_lookup.get(place.key)

    @cached_property
    def _curated_by_lookup(self) -> dict[str, str]:
        """Gazetteer key -> the curated place whose own name the gazetteer reads as that entry.

        The curated region "Taiwan" is GeoNames' country TW, and the curated city "Washington,
        D.C." its US state DC: a mention one run resolves by the curated name, an earlier
        import resolved to the entry, and both must end on one node. A curated place far
        from the entry (ancient Troy, not Troy in New York) is not it.
        """
        found: dict[str, set[str]] = {}
        for node in self.nodes.values():
            if node.kind is not Kind.LOCATION or not node.canonical:
                continue
            for name in (node.fields["name"], *node.fields.get("aliases", ())):
                hit = self.gazetteer.lookup(name)
                if isinstance(hit, Place) and _near(node, hit):
                    found.setdefault(hit.key, set()).add(node.id)
        return {key: ids.pop() for key, ids in found.items() if len(ids) == 1}

    # --- resolving -----------------------------------------------------------------------

    def _canonical(self, text: str, kind: Kind | None = None) -> str | None:
        ids = [i for i in self._names.get(fold(text), ()) if kind is None or i.startswith(f"{kind.value}:")]
        return ids[0] if len(ids) == 1 else None

    def resolve(
        self, mention: Mention, context: Resolution, source: Source, row: Row | None = None
    ) -> Resolved | None:
        """Resolve one mention, recording the rule; None leaves it a topic or unresolved."""
        text = (mention.title or mention.name).strip()
        if not text:
            return None
        key = fold(text)
        hint = mention.kind_hint
        place = self.gazetteer.lookup(text) if hint in (None, "location") else None
        if isinstance(place, Ambiguity) and mention.title and is_bare(text):
            place = narrow_to_titled(place, self.gazetteer)
        found = self._canonical(text) if not isinstance(place, Ambiguity) else None
        if found is not None and self._is_earlier_town(found, place, text, hint):
            found = None  # another row's evidence is none for this one: the town rules decide
        if found is not None and not (hint and not found.startswith(f"{hint}:")):
            return self._hit(Kind(found.split(":")[0]), found, "canonical", text)
        if hint in (None, "person"):
            person = self._person_titles.get(key)
            if person is not None:
                return self._hit(Kind.PERSON, person, "person-by-title", text)
        place, town_rule = self._town_on_evidence(place, text, mention, row or Row())
        if isinstance(place, Place):
            node_id = self._materialise(place)
            self.nodes[node_id].add_source(source, limit=3)
            if town_rule is not None:
                context.evidence.setdefault(node_id, f"{text} -> {place.evidence}: {town_rule}")
            return self._hit(Kind.LOCATION, node_id, f"place ({place.kind})", text)
        if isinstance(place, Ambiguity):
            self.stats.ambiguous[place.name] += 1
            self.stats.ambiguous_candidates[place.name] = place.candidates
            return None
        if hint in (None, "person"):
            # A page title is exact ("Aragon" is the kingdom): surnames only for bare names.
            surname = None if mention.title else self._surname(key, context)
            if surname is not None:
                return self._hit(Kind.PERSON, surname, "surname", text)
            if not mention.title:
                named = self._person_names.get(key, set())
                if len(named) == 1:
                    return self._hit(Kind.PERSON, next(iter(named)), "person-by-name", text)
        if hint in (None, "organization"):
            match = organization_kind(text)
            if match is not None or hint == "organization":
                org_kind, evidence = (
                    (match.kind, match.evidence) if match else ("other", "the source says so")
                )
                return self._hit(
                    Kind.ORGANIZATION,
                    self._organization(text, org_kind, evidence, source),
                    "organization",
                    text,
                )
        if hint == "person":
            node_id = self._free_id(f"person:{slugify(text) or 'unnamed'}")
            self.nodes[node_id] = Node(Kind.PERSON, node_id, {"name": text}, [source])
            self._index_person(node_id, text, (), [text] if mention.title else [])
            return self._hit(Kind.PERSON, node_id, "person named by the source", text)
        return None

    def _is_earlier_town(
        self, node_id: str, place: Place | Ambiguity | None, text: str, hint: str | None
    ) -> bool:
        """Whether a name found in the index is only a town an earlier row made (not curated)."""
        node = self.nodes[node_id]
        return (
            node.kind is Kind.LOCATION
            and not node.canonical
            and hint != "location"
            and isinstance(place, Place)
            and place.kind == "city"
            and is_bare(text)
        )

    def _town_on_evidence(
        self, place: Place | Ambiguity | None, text: str, mention: Mention, row: Row
    ) -> tuple[Place | Ambiguity | None, str | None]:
        """The gazetteer's answer, a town kept only on evidence from its row, and that evidence.

        A refused town is None (the name goes on to the other rules, and is a topic when
        linked); an ambiguous town name whose home the row names becomes that town.
        """
        if isinstance(place, Ambiguity):
            picked = pick_town(place, row, self.gazetteer)
            return (place, None) if picked is None else (picked.place, picked.rule)
        if not isinstance(place, Place) or place.kind != "city":
            return place, None
        if mention.kind_hint == "location":
            return place, "the source says it is a place"
        if not is_bare(text):
            return place, "the title names its state or country"
        verdict = judge_town(place, text, mention.title is not None, row, self.gazetteer)
        if verdict.place is None:
            # One report line per rule: the countries a refusal names stay in the example.
            self.stats.count(f"town refused: {verdict.rule.split(' (')[0]}", f"{text}: {verdict.rule}")
        return verdict.place, verdict.rule

    def person_titled(self, title: str) -> str | None:
        """The person a linked page title resolves to by the rules above, or None; records nothing.

        An earlier import resolved its links against its own sources only: "Quincy A. Gillmore"
        was a topic to the day pages alone, and is a person once the battles are read too.
        """
        text = title.strip()
        found = None if isinstance(self.gazetteer.lookup(text), Ambiguity) else self._canonical(text)
        if found is not None:
            return found if found.startswith("person:") else None
        return self._person_titles.get(fold(text))

    def _hit(self, kind: Kind, node_id: str, rule: str, text: str) -> Resolved:
        self.stats.count(rule, f"{text} -> {node_id}")
        return Resolved(kind, node_id, rule)

    def _surname(self, key: str, context: Resolution) -> str | None:
        if " " in key:
            return None
        matches = {
            person
            for person in context.refs.get(Kind.PERSON, [])
            if fold(self.nodes[person].fields["name"]).split()[-1:] == [key]
        }
        return matches.pop() if len(matches) == 1 else None

    def _organization(self, title: str, kind: str, evidence: str, source: Source) -> str:
        key = fold(title)
        existing = self._names.get(key, set())
        for node_id in sorted(existing):
            if node_id.startswith("organization:"):
                self.nodes[node_id].add_source(source, limit=3)
                return node_id
        node_id = self._free_id(f"organization:{slugify(title) or 'organization'}")
        self.nodes[node_id] = Node(
            Kind.ORGANIZATION,
            node_id,
            {"name": title, "kind": kind},
            [_evidence(f"organization by {evidence}"), source],
        )
        self._names.setdefault(key, set()).add(node_id)
        return node_id

    def person_names(self, person_id: str) -> list[str]:
        """A resolved person's name and aliases, as a sentence may write them."""
        fields = self.nodes[person_id].fields
        return [fields["name"], *fields.get("aliases", ())]

    def life_descriptions(self, titles: Iterable[str]) -> list[str]:
        """What the people these linked page titles resolve to were, as their records describe them."""
        found = []
        for title in titles:
            person = self.person_titled(title)
            node = self.nodes.get(person) if person is not None else None
            description = node.fields.get("description") if node is not None else None
            if isinstance(description, str) and description:
                found.append(description)
        return found

    def person_lives(self, person_id: str) -> tuple[HistoricalDate | None, HistoricalDate | None]:
        """A resolved person's (born, died); unknown for an id no record defines (reported later)."""
        node = self.nodes.get(person_id)
        fields = node.fields if node is not None else {}
        born, died = fields.get("born"), fields.get("died")
        return (
            born if isinstance(born, HistoricalDate) else None,
            died if isinstance(died, HistoricalDate) else None,
        )

    def resolve_all(self, mentions: Iterable[Mention], source: Source, row: Row | None = None) -> Resolution:
        """Resolve a record's mentions in order, so later ones can use earlier people.

        ``row`` (the sentence, link titles and year) is the evidence a bare town name needs.
        """
        result = Resolution()
        for mention in mentions:
            hit = self.resolve(mention, result, source, row)
            side = self._side(hit, mention, row)
            if side is not None:
                self.stats.count("place refused: a side in the fighting", side)
                result.sides.append(side)
                hit = None  # stays a topic below, as a refused town does
            if hit is not None:
                refs = result.refs.setdefault(hit.kind, [])
                if hit.id not in refs:
                    refs.append(hit.id)
                if hit.kind is Kind.PERSON:
                    result.people.setdefault(hit.id, mention)
            elif mention.title:
                key = fold(mention.title)
                self._topics.setdefault(key, mention.title.strip())
                if key not in result.topics:
                    result.topics.append(key)
                    self._topic_events[key] += 1
                self.stats.count("topic", mention.title)
            else:
                result.missed.append(mention)
                if not isinstance(self.gazetteer.lookup(mention.name), Ambiguity):
                    self.stats.unresolved[mention.name.strip()] += 1
        return result

    def place_named(
        self, name: str, row: Row, qualifiers: frozenset[str] = frozenset()
    ) -> tuple[str, str] | None:
        """The location a sentence names without a link (`named_places`), and why, or None.

        A curated place, a country, a US state or a historical state by its exact name; a town
        only on its row's evidence, as an unlinked name (`town_evidence.judge_town`). Never a
        person or anything else: the name was found after "in", "at" or "near".

        ``qualifiers`` are the folded qualifiers of the links that give the same name
        ("virginia" of "Alexandria, Virginia"): the sentence's place is that link's, so the
        bare name stands only for a place within a qualifier (a curated Cape Canaveral in
        Florida) or a town whose home the sentence names, never one taken by its size or rank
        (Alexandria in Egypt, Birmingham in England, Columbus in New Mexico for Columbus, Ohio).
        """
        curated = self._canonical(name, Kind.LOCATION)
        if curated is not None:
            if qualifiers and not self._within(curated, qualifiers):
                return None
            return curated, f"{name!r} named in the sentence: a curated place"
        place = self.gazetteer.lookup(name)
        if not isinstance(place, Place):
            return None
        why = f"{name!r} named in the sentence -> {place.evidence}"
        if qualifiers and place.kind != "city":
            return None
        if place.kind == "city":
            verdict = judge_town(place, name, False, row, self.gazetteer)
            if verdict.place is None:
                return None
            if qualifiers and not verdict.rule.startswith((STATE_NAMED, COUNTRY_NAMED, NEIGHBOUR_NAMED)):
                return None
            place, why = verdict.place, f"{why}: {verdict.rule}"
        node_id = self._materialise(place)
        self.stats.count("place named in the sentence, not linked", f"{name} -> {node_id}")
        return node_id, why

    def _within(self, node_id: str, qualifiers: frozenset[str]) -> bool:
        """Whether a location, or a place it is part of, bears one of ``qualifiers`` as its name."""
        seen: set[str] = set()
        while node_id and node_id not in seen:
            seen.add(node_id)
            node = self.nodes.get(node_id)
            if node is None:
                return False
            if fold(str(node.fields.get("name", ""))) in qualifiers:
                return True
            node_id = str(node.fields.get("part_of") or "")
        return False

    def _side(self, hit: Resolved | None, mention: Mention, row: Row | None) -> str | None:
        """Why a linked country or historical state is a side in the row's fighting, not its
        place (`graph.importers.sides`), or None. Only a link the source did not call a place."""
        if hit is None or hit.kind is not Kind.LOCATION or mention.kind_hint or not mention.title:
            return None
        if row is None:
            return None
        fields = self.nodes[hit.id].fields
        if fields.get("kind") not in ("country", "historical-state"):
            return None
        name = str(fields.get("name", ""))
        aliases = [str(a) for a in fields.get("aliases") or ()]
        aliases.append(mention.title)
        iso = fields.get("iso_code")
        why = side_not_place(name, aliases, iso if isinstance(iso, str) else None, row.text)
        return None if why is None else f"{mention.title}: {why!r} names a side"

    # --- tags ----------------------------------------------------------------------------

    def tag_for_topic(self, key: str) -> str | None:
        """The tag a topic becomes: a curated tag of that name, or a new one if linked often."""
        found = self._canonical(self._topics.get(key, key), Kind.TAG)
        if found is not None:
            return found
        if self._topic_events[key] < TAG_MIN_EVENTS:
            return None
        return self.tag_named(self._topics[key], f"topic linked from {self._topic_events[key]} events")

    def tag_named(self, name: str, evidence: str) -> str:
        found = self._canonical(name, Kind.TAG)
        if found is not None:
            return found
        node_id = f"tag:{slugify(name) or 'tag'}"
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(Kind.TAG, node_id, {"name": name.strip()}, [_evidence(evidence)])
            self._names.setdefault(fold(name), set()).add(node_id)
        return node_id

    def topic_counts(self) -> tuple[int, int]:
        """(distinct topics, topics that became tags)."""
        tagged = sum(1 for key in self._topics if self.tag_for_topic(key) is not None)
        return len(self._topics), tagged


#: How far (degrees of latitude or longitude) a curated place may lie from the entry it names.
_NEAR_DEGREES = 2


def _near(node: Node, place: Place) -> bool:
    lat, lon = node.fields.get("lat"), node.fields.get("lon")
    if lat is None or lon is None or place.lat is None or place.lon is None:
        return True
    return abs(float(lat) - place.lat) < _NEAR_DEGREES and abs(float(lon) - place.lon) < _NEAR_DEGREES


def _titles(group: PersonGroup) -> list[str]:
    return [group.title, *group.other_titles] if group.title else list(group.other_titles)


def _evidence(text: str) -> Source:
    return Source(name=EVIDENCE, record=text)


def _fields(record: Any) -> dict[str, Any]:
    """A canonical record's fields, for building on; references stay ids."""
    fields: dict[str, Any] = {"name": record.name}
    for key in (
        "kind",
        "aliases",
        "part_of",
        "iso_code",
        "start",
        "end",
        "born",
        "died",
        "description",
        "links",
    ):
        value = getattr(record, key, None)
        if value:
            fields[key] = list(value) if isinstance(value, tuple) else value
    coordinates = getattr(record, "coordinates", None)
    if coordinates is not None:
        fields["lat"], fields["lon"] = coordinates.lat, coordinates.lon
    for key in ("start", "end"):
        if key in fields and not isinstance(fields[key], str):
            fields[key] = fields[key].to_edtf()
    dated = getattr(record, "part_of_dated", ())
    if dated:
        # The loader derives part_of from the open link again.
        fields.pop("part_of", None)
        fields["part_of_dated"] = [
            {"id": link.id}
            | ({"start": link.start.to_edtf()} if link.start else {})
            | ({"end": link.end.to_edtf()} if link.end else {})
            for link in dated
        ]
    return fields


def _person(node: Node) -> Person:
    return Person(
        id=node.id,
        name=node.fields["name"],
        aliases=tuple(node.fields.get("aliases", ())),
        born=node.fields.get("born"),
        died=node.fields.get("died"),
    )


__all__ = ["EVIDENCE", "TAG_MIN_EVENTS", "Node", "Resolution", "Resolved", "Resolver"]
