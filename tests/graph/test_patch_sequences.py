"""Sequences of patched edits leave a graph that answers as one built whole from the same records.

A hypothesis state machine applies edits of every kind `graph.incremental.patch` handles
(word edits, titles, renames and aliases of people, places, organisations and tags, links
and unlinks with roles, category changes, life dates, an event's date, a place's parent,
kind or dates, a category's name, a new person, place or event, a date onto a year or
month-day no event had, merged people, deleted and merged events), one after another, each through
`patch` over the graph the step before made, as a worker applies them; where `patch`
declines, the graph is built whole with what `carry_over` keeps, as `clio.state.live`
does. After every step the graph is compared with `KnowledgeGraph.from_records` +
`build_indexes` of the same records: every index through its readers (search, exact
names, name orders, slugs, life days, text filters) and a broad set of GraphQL documents
(search, facets, timeline, onThisDay, day, eventsConnection with filters, neighborhood,
connection, rankings by degree and PageRank). The documents about one record are asked,
after each step, of the records that step touched; the run's last step asks them of every
record the run touched. The others (rankings, facets, timelines, days, searches) are asked
after every step, so every index is read at each step without the per-step work growing
with the run's length.

The edits draw their names from a small pool that collides on purpose: two spellings of
one folded name ("Álvaro Obregón" / "Alvaro Obregon"), the name another record already
has, and the name a record had before. One machine runs with `MAX_PATCHED` lowered, so
that runs cross the compaction boundary.

A new edit kind is one more ``@rule`` that returns the changed records to `_apply`.
``CLIO_FUZZ_EXAMPLES`` raises the number of runs (default 3 per test; docs/testing.md).
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import graph.incremental
import graph.incremental_links
import graph.queries.search_pages
from graph.bundled import BUNDLED_DATA
from graph.days import born_on, died_on
from graph.edit_operations import apply_edit
from graph.edits import Workspace
from graph.incremental import carry_over, patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind, Record
from graph.queries.text_index import text_index
from graph.roles import Role
from graph.slugs import SLUGGED, slugs_of
from graph.store import KnowledgeGraph
from schema import build_schema
from tests.graph.test_added_events import event
from tests.graph.test_added_people import person
from tests.graph.test_added_places import place
from tests.graph.test_place_patch import moved
from tests.graph.test_redate import redated

TINY = "tests/data/tiny"
EXAMPLES = int(os.environ.get("CLIO_FUZZ_EXAMPLES", "3"))
SCHEMA = build_schema()

#: Names that collide: one folded name spelt two ways, a common word, a name and its prefix.
NAMES = (
    *("Álvaro Obregón", "Alvaro Obregon", "ALVARO OBREGON"),
    *("Stalin", "Treaty", "Zanzibar", "Zanzibar Accord"),
)
WORDS = ("zanzibar accord", "treaty of nowhere", "explosion", "Ωmega plo", "revolution", "obregon")
#: Dates on years no bundled or tiny event has (and a month-day few have).
NEW_DAYS = ("0777-06-30", "0777", "-0500-03-01", "1111-11-11")
DATES = ("1879-12-18", "1900-01-02", "1953-03-05", "1990-01-02", "1999", "-0043-03-15")
ROLES = (None, *(r.value for r in Role))
#: Texts every step asks of the GraphQL documents (the runs' last step asks all of `PROBES`).
STEP_PROBES = ("álvaro obregón", "zanzibar", "e")
#: Texts every step asks of search, text filters, exact names and name filters.
PROBES = ("álvaro obregón", "alvaro", "obregon", "stalin", "treaty", "zanzibar", "plo", "war", "e", "mexico")


def _whole(base: KnowledgeGraph, records: dict[str, Record]) -> KnowledgeGraph:
    """The graph of ``records`` built whole, in the base graph's node order (as `clio.state.live`)."""
    ordered = [records[n] for n in base.graph if n in records]
    ordered += [r for n, r in records.items() if n not in base.graph]  # created ones after
    kg = KnowledgeGraph.from_records(ordered)
    return kg


def _linked(event: Event) -> set[str]:
    return {
        event.category,
        *event.people,
        *event.mentions,
        *event.locations,
        *event.organizations,
        *event.tags,
    }


def _documents(kg: KnowledgeGraph, touched: set[str], probes: tuple[str, ...] = PROBES) -> dict[str, str]:
    hub = max(kg.ids(Kind.PERSON), key=lambda p: (len(kg.event_ids_of(p)), p))
    other = sorted(kg.ids(Kind.PERSON), key=lambda p: (-len(kg.event_ids_of(p)), p))[-1]
    tag = max(kg.ids(Kind.TAG), key=lambda t: (len(kg.event_ids_of(t)), t))
    page = "totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }"
    counts = "total categories { id count } tags { id count } locations { id count } people { id count }"
    counts += " organizations { id count }"
    found = {
        "timeline": "{ timeline(groupBy: YEAR) { label count } }",
        "facets": f"{{ facets(first: 50) {{ {counts} }} }}",
        "categories": "{ categories { id name eventCount } }",
        "neighborhood": f'{{ neighborhood(id: "{hub}", depth: 2, limit: 200) {{ nodes {{ id }} }} }}',
        "connection": f'{{ connection(from: "{hub}", to: "{other}", maxHops: 6, first: 5) {{ length }} }}',
        "people": "{ people(limit: 100) { id name } }",
        "locations": "{ locations(limit: 100) { id name } }",
        "tags": "{ tags(limit: 100) { id name } }",
    }
    for kind in ("EVENT", "PERSON", "LOCATION", "ORGANIZATION", "TAG", "CATEGORY"):
        for by in ("DEGREE", "PAGERANK"):
            found[f"ranking {kind} {by}"] = f"{{ ranking(kind: {kind}, by: {by}, first: 30) {{ id score }} }}"
    for month, day in ((8, 4), (1, 2), (3, 15), (12, 18), (3, 5)):
        found[f"onThisDay {month}-{day}"] = (
            f"{{ onThisDay(month: {month}, day: {day}, limit: 100) {{ id }} }}"
        )
        found[f"day {month}-{day}"] = (
            f"{{ day(month: {month}, day: {day}) {{ births {{ id }} deaths {{ id }} }} }}"
        )
    # A bare year is searched through the events of that year (`graph.queries.search_pages`):
    # the years the touched events hold now, and a few the bundled events share.
    dated = (kg.record(i) for i in sorted(touched))
    years = {r.date.year for r in dated if isinstance(r, Event) and r.date is not None and r.date.year > 0}
    for year in sorted(years | {1924, 1945, 1990}):
        found[f"search year {year}"] = f'{{ search(text: "{year}", first: 30) {{ id score label }} }}'
    for text in probes:
        t = json.dumps(text, ensure_ascii=False)
        found |= {
            f"search {text}": f"{{ search(text: {t}, first: 30) {{ id score label }} }}",
            f"relevance {text}": (
                f"{{ eventsConnection(first: 50, orderBy: RELEVANCE, filter: {{ text: {t} }}) {{ {page} }} }}"
            ),
            f"title order {text}": (
                f"{{ eventsConnection(first: 50, orderBy: TITLE, filter: {{ text: {t} }}) {{ {page} }} }}"
            ),
            f"with a tag {text}": (
                f'{{ events(filter: {{ text: {t}, tags: ["{tag}"] }}, limit: 100) {{ id }} }}'
            ),
            f"facets {text}": f"{{ facets(filter: {{ text: {t} }}) {{ {counts} }} }}",
            f"timeline {text}": (
                f"{{ timeline(groupBy: CENTURY, filter: {{ text: {t} }}) {{ label count }} }}"
            ),
            f"people named {text}": f"{{ people(name: {t}, limit: 50) {{ id }} }}",
            f"places named {text}": f"{{ locations(name: {t}, limit: 50) {{ id }} }}",
            f"tags named {text}": f"{{ tags(name: {t}, limit: 50) {{ id }} }}",
            f"person {text}": f"{{ person(name: {t}) {{ id }} }}",
            f"location {text}": f"{{ location(name: {t}) {{ id }} }}",
        }
    fields = {
        "event": (
            "id title summary category { id } people { id } locations { id } tags { id }"
            " sameDateEvents(limit: 50) { id }"
        ),
        "person": "id name born { edtf } died { edtf } eventCount",
        "location": "id name eventCount",
        "tag": "id name eventCount",
        "organization": "id name",
    }
    for node_id in sorted(touched):
        kind = node_id.split(":")[0]
        if kind in fields:
            found[f"node {node_id}"] = f'{{ {kind}(id: "{node_id}") {{ {fields[kind]} }} }}'
        filter_field = {
            "person": "people",
            "location": "locations",
            "tag": "tags",
            "organization": "organizations",
            "category": "categories",
        }.get(kind)
        if filter_field is not None:
            # One filter: the posting lists, and the counts made at load for common ones.
            one = f'filter: {{ {filter_field}: ["{node_id}"] }}'
            found[f"filter {node_id}"] = (
                f"{{ eventsConnection(first: 50, orderBy: DATE_DESC, {one}) {{ {page} }} }}"
            )
            found[f"facets of {node_id}"] = f"{{ facets({one}) {{ {counts} }} }}"
            found[f"timeline of {node_id}"] = f"{{ timeline(groupBy: DECADE, {one}) {{ label count }} }}"
        # A small limit cuts a hub's neighbours in their drawing order.
        for depth, limit in ((1, 5), (2, 40)):
            found[f"neighborhood {node_id} {depth}"] = (
                f'{{ neighborhood(id: "{node_id}", depth: {depth}, limit: {limit}) '
                "{ nodes { id } edges { source target relation } } }"
            )
        found[f"connection {node_id}"] = (
            f'{{ connection(from: "{node_id}", to: "{hub}", maxHops: 4, first: 3) {{ length sentence }} }}'
        )
    return found


def _answers(kg: KnowledgeGraph, documents: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, document in documents.items():
        executed = SCHEMA.execute_sync(document, context_value={"kg": kg})
        result[name] = (executed.data, sorted(str(e.message) for e in executed.errors or ()))
    return result


def _indexes(kg: KnowledgeGraph, names: tuple[str, ...]) -> dict[str, Any]:
    """What each index answers, read through its own readers."""
    found: dict[str, Any] = {"counts": kg.counts()}
    for kind in (Kind.PERSON, Kind.LOCATION, Kind.TAG, Kind.CATEGORY):
        found[f"name order {kind.value}"] = list(kg.ids_by_name(kind))
        for text in PROBES:
            found[f"names {kind.value} {text}"] = list(kg.ids_by_name(kind, text))
    for kind in SLUGGED:
        slugs = slugs_of(kg, kind)
        found[f"slugs {kind.value}"] = [slugs.slug(i) for i in kg.ids(kind)]
    for name in names:
        found[f"find {name}"] = kg.find(name)
    index = text_index(kg)
    for text in PROBES:
        found[f"text {text}"] = sorted(index.events_matching(text))
    for month, day in ((1, 2), (3, 5), (12, 18), (3, 15)):
        found[f"born {month}-{day}"] = born_on(kg, month, day)
        found[f"died {month}-{day}"] = died_on(kg, month, day)
    return found


class PatchedEdits(RuleBasedStateMachine):
    """The graph patched edit by edit against the one built whole, after every edit."""

    data_dir: Any = BUNDLED_DATA

    def __init__(self) -> None:
        super().__init__()
        self.base = _base(self.data_dir)
        self.kg = self.base
        self.records: dict[str, Record] = {n: self.base.record(n) for n in self.base.graph}
        self.records = {n: r for n, r in self.records.items() if r is not None}
        self.touched: set[str] = set()
        self.since: set[str] = set()  # touched since the last comparison
        self.names: set[str] = set(NAMES)
        self.ways: list[str] = []
        self.redirects: dict[str, str] = {}  # merged id -> survivor, set on both graphs compared

    # What the rules draw from: ids of the base graph still there (deletions and merges remove some).
    def _ids(self, kind: Kind) -> st.SearchStrategy[str]:
        return st.sampled_from([i for i in self.base.ids(kind) if i in self.records])

    def _kinds(self) -> st.SearchStrategy[Kind]:
        """The kinds an event links, of those the data set has."""
        linked = (Kind.PERSON, Kind.LOCATION, Kind.ORGANIZATION, Kind.TAG)
        return st.sampled_from([k for k in linked if self.base.ids(k)])

    @initialize()
    def start(self) -> None:
        self.ways.append("start")

    def _apply(self, changed: dict[str, Record | None]) -> None:
        """Patch the graph with ``changed`` (or build it whole where `patch` declines), as a worker does.

        A record given as None is deleted (or merged away).
        """
        changed = {i: r for i, r in changed.items() if r != self.records.get(i)}
        if not changed:
            return
        step: set[str] = set(changed)
        for before in (self.records.get(i) for i in changed):
            if isinstance(before, Event):  # the records it links, before and after
                now = changed[before.id]
                step |= _linked(before) | (_linked(now) if isinstance(now, Event) else set())
        for node_id, record in changed.items():
            if record is None:
                self.records.pop(node_id, None)
            else:
                self.records[node_id] = record
        self.touched |= step
        self.since |= step
        for record in changed.values():
            if record is None:
                continue
            self.names.update(getattr(record, "aliases", ()))
            self.names.add(str(getattr(record, "name", None) or getattr(record, "title", "")))
        new = patch(self.kg, changed)
        if new is None:
            new = _whole(self.base, self.records)
            carried = carry_over(self.kg, new, changed)
            build_indexes(new)
            self.ways.append(f"whole (carried {len(carried)})")
        else:
            build_indexes(new)  # what the patch dropped, as `clio.state.live` builds it
            self.ways.append("patched")
        new.redirects = dict(self.redirects)
        self.kg = new

    def _edit(self, operation: str, given: dict[str, Any]) -> None:
        """One edit through `graph.edit_operations`, as curators send it; refused edits change nothing."""
        ws = Workspace(self.records.get, lambda i: i in self.records)
        try:
            apply_edit(ws, operation, given, lambda i: (*self.kg.event_ids_of(i), *self.kg.mentioned_in(i)))
        except ValueError:
            return
        for merged, survivor in ws.redirects.items():
            self.redirects = {o: survivor if t == merged else t for o, t in self.redirects.items()}
            self.redirects[merged] = survivor
        self._apply(dict(ws.changed))

    @rule(data=st.data())
    def reword(self, data: st.DataObject) -> None:
        event = data.draw(self._ids(Kind.EVENT))
        field = data.draw(st.sampled_from(["summary", "whatHappened", "whyItMatters"]))
        self._edit("updateEvent", {"id": event, field: f"Now: {data.draw(st.sampled_from(WORDS))}."})

    @rule(data=st.data())
    def retitle(self, data: st.DataObject) -> None:
        event = data.draw(self._ids(Kind.EVENT))
        title = data.draw(st.sampled_from([*NAMES, *WORDS, getattr(self.records[event], "title", "") + " x"]))
        self._edit("updateEvent", {"id": event, "title": title})

    @rule(data=st.data())
    def recategorize(self, data: st.DataObject) -> None:
        event, category = data.draw(self._ids(Kind.EVENT)), data.draw(self._ids(Kind.CATEGORY))
        self._edit("updateEvent", {"id": event, "category": category})

    @rule(data=st.data())
    def rename(self, data: st.DataObject) -> None:
        kind = data.draw(self._kinds())
        node = data.draw(self._ids(kind))
        pool = [*NAMES, *sorted(self.names)]
        name = data.draw(st.sampled_from(pool))
        record: Any = self.records[node]
        self._apply({node: dataclasses.replace(record, name=name)})

    @rule(data=st.data())
    def alias(self, data: st.DataObject) -> None:
        kind = data.draw(self._kinds())
        node = data.draw(self._ids(kind))
        record: Any = self.records[node]
        aliases = data.draw(st.lists(st.sampled_from([*NAMES, *sorted(self.names)]), max_size=2, unique=True))
        self._apply({node: dataclasses.replace(record, aliases=tuple(aliases))})

    @rule(data=st.data())
    def link(self, data: st.DataObject) -> None:
        event = data.draw(self._ids(Kind.EVENT))
        kind = data.draw(self._kinds())
        given: dict[str, Any] = {"eventId": event, "targetId": data.draw(self._ids(kind))}
        if kind is Kind.PERSON:
            role = data.draw(st.sampled_from(ROLES))
            if role is not None:
                given["role"] = role
        self._edit("linkEvent", given)

    @rule(data=st.data())
    def unlink(self, data: st.DataObject) -> None:
        event = data.draw(self._ids(Kind.EVENT))
        record: Any = self.records[event]
        linked = [*record.people, *record.mentions, *record.locations, *record.organizations, *record.tags]
        if linked:
            self._edit("unlinkEvent", {"eventId": event, "targetId": data.draw(st.sampled_from(linked))})

    @rule(data=st.data())
    def life_dates(self, data: st.DataObject) -> None:
        person = data.draw(self._ids(Kind.PERSON))
        given = {"id": person, "born": data.draw(st.sampled_from(DATES))}
        if data.draw(st.booleans()):
            given["died"] = data.draw(st.sampled_from(DATES))
        self._edit("updatePerson", given)

    # The generators of the single-kind differential tests, seeded by hypothesis, so that
    # dates, places and new people meet the other edits in one sequence.
    @rule(seed=st.integers(0, 2**16))
    def redate(self, seed: int) -> None:
        _, event = redated(self.kg, random.Random(seed))
        self._apply({event.id: event})

    @rule(seed=st.integers(0, 2**16))
    def move_place(self, seed: int) -> None:
        record = moved(self.kg, random.Random(seed))
        self._apply({record.id: record})

    @rule(seed=st.integers(0, 2**16))
    def create_person(self, seed: int) -> None:
        new = person(self.kg, random.Random(seed), len(self.records))
        if new.id not in self.records:
            self._apply({new.id: new})

    @rule(data=st.data())
    def merge_people(self, data: st.DataObject) -> None:
        survivor, merged = data.draw(self._ids(Kind.PERSON)), data.draw(self._ids(Kind.PERSON))
        self._edit("mergePeople", {"survivorId": survivor, "mergedId": merged})

    # Patched (`graph.incremental_deleted`): the event stripped, undated and taken out; a
    # merge's survivor then patched as any changed event. Where `patch` declines (a
    # survivor whose sources link another day page and whose links change), built whole.
    @rule(data=st.data())
    def delete_event(self, data: st.DataObject) -> None:
        self._edit("deleteEvent", {"id": data.draw(self._ids(Kind.EVENT))})

    @rule(data=st.data())
    def merge_events(self, data: st.DataObject) -> None:
        survivor, merged = data.draw(self._ids(Kind.EVENT)), data.draw(self._ids(Kind.EVENT))
        self._edit("mergeEvents", {"survivorId": survivor, "mergedId": merged})

    @rule(seed=st.integers(0, 2**16))
    def create_place(self, seed: int) -> None:
        new = place(self.kg, random.Random(seed), len(self.records))
        if new.id not in self.records:
            parents = {p.id for p in new.part_of_dated} | ({new.part_of} - {None})
            self.touched |= parents  # type: ignore[arg-type]
            self.since |= parents  # type: ignore[arg-type]
            self._apply({new.id: new})

    @rule(seed=st.integers(0, 2**16))
    def create_event(self, seed: int) -> None:
        new = event(self.kg, random.Random(seed), len(self.records))
        if new.id not in self.records:
            self.touched |= _linked(new)
            self.since |= _linked(new)
            self._apply({new.id: new})

    @rule(data=st.data())
    def redate_onto_a_new_day(self, data: st.DataObject) -> None:
        # Years and month-days no event has: their calendar nodes come, and go when it moves on.
        event = data.draw(self._ids(Kind.EVENT))
        self._edit("updateEvent", {"id": event, "date": data.draw(st.sampled_from(NEW_DAYS))})

    @invariant()
    def answers_as_built_whole(self) -> None:
        if not self.since:  # nothing changed since the last comparison: it would answer the same
            return
        reference = _whole(self.base, self.records)
        reference.redirects = dict(self.redirects)
        build_indexes(reference)
        names = tuple(sorted(self.names | {fold_free for fold_free in PROBES}))
        assert _indexes(self.kg, names) == _indexes(reference, names), self.ways
        # The records this step touched; every touched one is asked again at the teardown.
        self._compare(reference, STEP_PROBES, self.since)
        self.since = set()

    def teardown(self) -> None:
        if self.touched:
            reference = _whole(self.base, self.records)
            reference.redirects = dict(self.redirects)
            build_indexes(reference)
            self._compare(reference, PROBES, self.touched)

    def _compare(self, reference: KnowledgeGraph, probes: tuple[str, ...], touched: set[str]) -> None:
        documents = _documents(reference, touched, probes)
        mine, theirs = _answers(self.kg, documents), _answers(reference, documents)
        differ = {k: (mine[k], theirs[k]) for k in documents if mine[k] != theirs[k]}
        assert not differ, (self.ways, differ)


_BASES: dict[str, KnowledgeGraph] = {}


def _base(data_dir: Any) -> KnowledgeGraph:
    """The loaded graph with its indexes, once per data set (`patch` never changes it)."""
    key = str(data_dir)
    if key not in _BASES:
        kg = load_graph(data_dir)
        build_indexes(kg)
        _BASES[key] = kg
    return _BASES[key]


class TinyPatchedEdits(PatchedEdits):
    data_dir = TINY


RUN = settings(
    max_examples=EXAMPLES,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def few_patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Compaction after two patched texts or names, or a few relinked rows: runs cross the boundaries.
    monkeypatch.setattr(graph.incremental, "MAX_PATCHED", 2)
    monkeypatch.setattr(graph.incremental_links, "MAX_ROWS", 12)
    yield


def test_patched_edits_answer_as_built_whole_on_the_bundled_data() -> None:
    PatchedEdits.TestCase.settings = RUN
    PatchedEdits.TestCase().runTest()


def test_patched_edits_answer_as_built_whole_on_the_tiny_data() -> None:
    TinyPatchedEdits.TestCase.settings = RUN
    TinyPatchedEdits.TestCase().runTest()


def test_patched_edits_answer_as_built_whole_across_compactions(few_patched: None) -> None:
    TinyPatchedEdits.TestCase.settings = RUN
    TinyPatchedEdits.TestCase().runTest()


@pytest.fixture
def pages_always(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # One-word searches read the rank-ordered postings (`graph.queries.search_pages`) whatever
    # their number of matches, as the million-event graphs do: a patch that kept them stale
    # (years, node numbers or ranks moved) answers differently from a whole build.
    monkeypatch.setattr(graph.queries.search_pages, "PAGE_FROM", 0)
    yield


def test_patched_edits_answer_as_built_whole_with_search_pages(pages_always: None) -> None:
    PatchedEdits.TestCase.settings = RUN
    PatchedEdits.TestCase().runTest()
