"""The import, end to end: read every source, resolve names, merge events, write the graph.

Stages, each in its own module:

1. read (one reader per format, `READERS`), collecting rejections for the report;
2. people and places first (`resolve.Resolver.add_people`, `add_places`), so that event
   mentions can be resolved against them;
3. events: mentions resolved, topics counted, then topics linked often enough become tags;
4. merge (`merge.merge_events`), categories (`classify`), ids;
5. check every reference a curated record makes, then write (`writer`) with the report.

Event titles from day pages are whole sentences: the title is a short headline made
from the sentence (`graph.importers.headline`: at most ``TITLE_MAX`` characters, never
cut off with an ellipsis); the whole sentence stays the summary.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tqdm import tqdm

from graph.bundled import BUNDLED_DATA
from graph.errors import DataError
from graph.importers.canonical import CanonicalRecord
from graph.importers.classify import UNCATEGORISED, UNCATEGORISED_RECORD, classify
from graph.importers.draft import DraftEvent, DraftPerson, DraftPlace, Rejection
from graph.importers.headline import TITLE_MAX, headline
from graph.importers.incremental import (
    deduplicated,
    imported_event,
    is_imported,
    relink_people,
    with_people_renamed,
)
from graph.importers.ledger import Ledger, keep_event_ids, ledger_redirects, row_keys
from graph.importers.merge import EventBuilder, merge_events
from graph.importers.missed import missed_notes, resolve_noted
from graph.importers.named_places import place_names
from graph.importers.participation import apply_life_dates, assign_roles, event_roles
from graph.importers.people_sources import place_people
from graph.importers.places import Gazetteer
from graph.importers.report import ImportReport
from graph.importers.reread import entry_draft, gazetteer_places, rederived, rename_places
from graph.importers.resolve import EVIDENCE, TAG_MIN_EVENTS, Resolver
from graph.importers.town_evidence import is_bare, link_qualifiers, qualified_base, town_row
from graph.importers.writer import write_directory
from graph.models import Category, Event, Kind, Location, Source
from graph.redirects import REDIRECTS_FILE, read_redirects, redirect_lines, resolved
from graph.text import fold, slugify

#: Format name -> reader module. Each module exposes ``FORMAT`` and ``read(paths, progress)``.
READERS = {
    "wikipedia": "graph.importers.wikipedia",
    "canonical": "graph.importers.canonical",
    "seed": "graph.importers.seed",
    "wikidata": "graph.importers.wikidata",
    "historicaldate": "graph.importers.historicaldate",
    "acw": "graph.importers.acw",
}
REPORT_FILE = "import-report.json"
#: The fixed category vocabulary, used when no canonical categories are imported.
CATEGORIES = BUNDLED_DATA / "categories.jsonl"


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One source of an import: a format and the files or directories to read."""

    format: str
    paths: tuple[Path, ...]


@dataclass(slots=True)
class _Collected:
    canonical: list[CanonicalRecord] = field(default_factory=list)
    events: list[DraftEvent] = field(default_factory=list)
    #: Each source's person drafts: one list a source, grouped on their own first.
    people: list[list[DraftPerson]] = field(default_factory=list)
    places: list[DraftPlace] = field(default_factory=list)


def reader(format_name: str) -> Any:
    """The reader module of a format.

    Raises:
        ValueError: an unknown format, naming the known ones.
    """
    if format_name not in READERS:
        raise ValueError(f"unknown import format {format_name!r}; known: {', '.join(sorted(READERS))}")
    try:
        return importlib.import_module(READERS[format_name])
    except ModuleNotFoundError as error:
        raise ValueError(f"the {format_name!r} reader is not available in this version ({error})") from error


def _read(specs: Sequence[SourceSpec], report: ImportReport, show_progress: bool) -> _Collected:
    collected = _Collected()
    for spec in specs:
        module = reader(spec.format)
        bar = tqdm(desc=f"reading {spec.format}", unit=" records", file=sys.stderr, disable=not show_progress)
        count = 0
        collected.people.append([])
        try:
            for item in module.read(list(spec.paths), bar.update):
                count += 1
                if isinstance(item, CanonicalRecord):
                    collected.canonical.append(item)
                elif isinstance(item, DraftEvent):
                    collected.events.append(item)
                elif isinstance(item, DraftPerson):
                    collected.people[-1].append(item)
                elif isinstance(item, DraftPlace):
                    collected.places.append(item)
                elif isinstance(item, Rejection):
                    report.reject(item)
                report.drafts[type(item).__name__] += 1
        finally:
            bar.close()
        report.read[spec.format] += count
        report.sources.append(
            {"format": spec.format, "paths": [p.name or str(p) for p in spec.paths], "records": count}
        )
    return collected


def short_title(text: str) -> str:
    """A source's title as an event title: a long sentence becomes a headline.

    >>> short_title("Diplomatic relations between Mexico and the Soviet Union are established.")
    'Diplomatic relations between Mexico and the Soviet Union are established'
    >>> len(short_title("word " * 60)) <= TITLE_MAX
    True
    """
    return headline(text)


def _canonical_event(item: CanonicalRecord) -> EventBuilder:
    event = item.record
    assert isinstance(event, Event)
    return EventBuilder.from_event(
        event,
        "canonical",
        canonical_id=event.id,
        category=event.category,
        sources=[*event.sources, item.source],
    )


def _draft_event(draft: DraftEvent, resolver: Resolver, categories: set[str]) -> EventBuilder:
    found = resolver.resolve_all(draft.mentions, draft.source, town_row(draft))
    builder = EventBuilder(
        title=short_title(draft.title),
        date=draft.date,
        source_name=draft.source.name,
        end_date=draft.end_date,
        category=draft.category_hint if draft.category_hint in categories else None,
        category_evidence=f"given by {draft.source.name}" if draft.category_hint in categories else None,
        summary=draft.summary,
        highlights=list(draft.highlights),
        what_happened=draft.what_happened,
        why_it_matters=draft.why_it_matters,
        locations=found.refs.get(Kind.LOCATION, []),
        organizations=found.refs.get(Kind.ORGANIZATION, []),
        topics=found.topics,
        links=list(draft.links),
        sources=[
            draft.source,
            *(Source(name=EVIDENCE, record=note) for note in draft.notes),
            *(Source(name=EVIDENCE, record=f"place {node}: {why}") for node, why in found.evidence.items()),
            *(Source(name=EVIDENCE, record=f"not a place: {why}") for why in found.sides),
            *missed_notes(found.missed),
        ],
        article=draft.article,
        date_may_be_end=draft.date_may_be_end,
        date_as_written=draft.date_as_written,
        image=draft.image,
    )
    if draft.source.name == "wikipedia":
        _add_named_places(builder, draft, resolver, set(found.refs.get(Kind.LOCATION, [])))
    assign_roles(builder, event_roles(draft, found.people, resolver.person_names))
    builder.tags = list(found.refs.get(Kind.TAG, []))
    for name in draft.tags:
        tag = resolver.tag_named(name, f"tag given by {draft.source.name}")
        if tag not in builder.tags:
            builder.tags.append(tag)
    return builder


def _add_named_places(builder: EventBuilder, draft: DraftEvent, resolver: Resolver, linked: set[str]) -> None:
    """Add the places a day-page sentence names without a link (`named_places`), each with why."""
    row = town_row(draft)
    # A name the sentence also links with its qualifier ("Alexandria, Virginia") is that link's
    # place: read bare it stands only for a place within the qualifier (`Resolver.place_named`).
    qualifiers: dict[str, set[str]] = {}
    for link in draft.links:
        if not is_bare(link.title):
            qualifiers.setdefault(fold(qualified_base(link.title)), set()).update(link_qualifiers(link.title))
    for readings in place_names(draft.title):
        for name in readings:
            found = resolver.place_named(name, row, frozenset(qualifiers.get(fold(name), ())))
            if found is None:
                continue
            node_id, why = found
            if node_id not in linked and node_id not in builder.locations:
                builder.locations.append(node_id)
                builder.sources.append(Source(name=EVIDENCE, record=f"place {node_id}: {why}"))
            break


def _event_ids(events: list[EventBuilder], taken: set[str], ledger: Ledger) -> list[str]:
    # A curated event names itself; an event an earlier published import made from the same
    # first row keeps that import's id (graph.importers.ledger); the rest are named here.
    fixed = [e.canonical_id for e in events]
    rows = [row_keys(e.sources) for e in events]
    kept = keep_event_ids(ledger, rows, fixed) if ledger.ids else [None] * len(events)
    ids: list[str | None] = [given or old for given, old in zip(fixed, kept, strict=True)]
    used = set(taken) | {i for i in ids if i}
    bases: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        if ids[index] is None:
            words = slugify(event.title).split("-")[:8]
            date = event.date.to_edtf().replace("/", "-")
            date_slug = slugify(date.lstrip("-")) + ("-bc" if date.startswith("-") else "")
            bases.setdefault(f"event:{'-'.join(w for w in words if w) or 'event'}-{date_slug}", []).append(
                index
            )
    for base in sorted(bases):
        for number, index in enumerate(sorted(bases[base], key=lambda i: events[i].stable_key()), start=1):
            candidate = base if number == 1 else f"{base}-{number}"
            while candidate in used:
                number += 1
                candidate = f"{base}-{number}"
            ids[index] = candidate
            used.add(candidate)
    return [i for i in ids if i is not None]


def _redirects(
    specs: Sequence[SourceSpec],
    events: list[EventBuilder],
    ids: list[str],
    people: Mapping[tuple[str, str], str],
    live: dict[str, list[tuple[str, str, str]]],
    ledger: Ledger,
    places: Mapping[str, str],
) -> dict[str, str]:
    """Earlier imports' redirects, and every id they published that is now another's.

    ``live`` maps every record id of this import to its source rows.
    """
    table: dict[str, str] = ledger_redirects(ledger, live) if ledger.ids else {}
    for spec in specs:
        if spec.format == "canonical":
            for path in spec.paths:
                if Path(path).is_dir():
                    table.update(read_redirects(Path(path)))
    table.update({old: new for old, new in places.items() if old != new})
    for event, event_id in zip(events, ids, strict=True):
        table.update({old: event_id for old in event.known_ids if old != event_id})
    # Two outputs may have given one id to two people: the first by output directory wins,
    # whatever order the outputs were given in.
    for (_, old), person_id in sorted(people.items(), reverse=True):
        if old != person_id:
            table[old] = person_id
    return resolved(table, set(live))


def _check_references(canonical: Iterable[CanonicalRecord], known: set[str]) -> None:
    """Every reference a curated record or an earlier import makes must name a node of the import."""
    for item in canonical:
        record = item.record
        refs: list[tuple[str, str | None]] = []
        if isinstance(record, Event):
            refs.append(("category", record.category))
            for name in ("locations", "people", "mentions", "organizations", "tags"):
                refs.extend((f"{name}.{i}", ref) for i, ref in enumerate(getattr(record, name)))
        elif isinstance(record, Location):
            refs.append(("part_of", record.part_of))
        for field_name, ref in refs:
            if ref is not None and ref not in known:
                raise DataError(
                    item.path, item.line, field_name, f"refers to {ref!r}, which no imported record defines"
                )


def _categories(canonical: list[CanonicalRecord]) -> list[dict[str, Any]]:
    given = [item.record for item in canonical if isinstance(item.record, Category)]
    if given:
        return [{"id": c.id, "name": c.name, "description": getattr(c, "description", None)} for c in given]
    return [orjson.loads(line) for line in CATEGORIES.read_bytes().splitlines() if line.strip()]


def build(
    specs: Sequence[SourceSpec], show_progress: bool = False, previous: Path | None = None
) -> tuple[dict[str, list[dict[str, Any]]], ImportReport]:
    """Read, resolve and merge; return the records by kind and the report. Writes nothing.

    ``previous`` is the output of the import this one replaces: the ids it published keep
    resolving (`graph.importers.ledger`).
    """
    report = ImportReport()
    ledger = Ledger.read(previous) if previous is not None else Ledger()
    collected = _read(specs, report, show_progress)
    # An earlier import's people are joined again like the groups they were made of; the same
    # id in two outputs may be two people. Any other record in two outputs is one record, but
    # an earlier import's events first name their people by the ids they have now.
    imported_people = [i for i in collected.canonical if i.kind is Kind.PERSON and is_imported(i.record)]
    others = [i for i in collected.canonical if not (i.kind is Kind.PERSON and is_imported(i.record))]
    # A place an earlier import took from the gazetteer is found again by its key, so that
    # this import names it as one run would; the other records are anchors as they are.
    place_keys = gazetteer_places(others)
    found_anew = place_keys.keys() | rederived(others)
    anchors = deduplicated(
        [i for i in others if i.kind is not Kind.EVENT and (i.directory, i.record.id) not in found_anew]
    )
    say: Callable[[str], None] = (
        (lambda text: print(text, file=sys.stderr)) if show_progress else (lambda text: None)
    )
    categories = _categories(anchors)
    category_ids = {c["id"] for c in categories}
    say("resolving people and places…")
    resolver = Resolver(anchors, Gazetteer())
    for item in anchors:
        key = place_keys.get((item.directory, getattr(item.record, "part_of", None) or ""))
        if key is not None and not getattr(item.record, "part_of_dated", ()):
            resolver.nodes[item.record.id].fields["part_of"] = resolver.place_id(key)
    people_before = sum(1 for n in resolver.nodes.values() if n.kind is Kind.PERSON)
    person_ids = place_people(resolver, collected.people, imported_people)
    events = deduplicated([with_people_renamed(i, person_ids) for i in others if i.kind is Kind.EVENT])
    collected.canonical = anchors + events
    people_after = sum(1 for n in resolver.nodes.values() if n.kind is Kind.PERSON)
    drafted = sum(len(drafts) for drafts in collected.people) + len(imported_people)
    report.merged_people = drafted - (people_after - people_before)
    resolver.add_places(collected.places)
    say("resolving event mentions…")
    builders = []
    for item in collected.canonical:
        record = item.record
        if not isinstance(record, Event):
            continue
        entry = entry_draft(record) if is_imported(record) else None
        if entry is not None:
            # A day-page entry an earlier import left alone is read again as its draft was.
            builders.append(_draft_event(entry, resolver, category_ids))
            builders[-1].known_ids.append(record.id)
            continue
        if is_imported(record):
            builders.append(imported_event(item))
            relink_people(builders[-1], record, resolver.person_titled)
            resolve_noted(builders[-1], resolver.resolve_all)
        else:
            builders.append(_canonical_event(item))
        builders[-1].locations = rename_places(
            builders[-1].locations, item.directory, place_keys, resolver.place_id
        )
    builders += [_draft_event(draft, resolver, category_ids) for draft in collected.events]
    for builder in builders:
        for key in builder.topics:
            tag = resolver.tag_for_topic(key)
            if tag is not None and tag not in builder.tags:
                builder.tags.append(tag)
    say("merging events…")
    merged = merge_events(builders)
    report.merged_events = len(builders) - len(merged)
    for event in merged:
        if event.category is None:
            titles = [link.title for link in event.links]
            verdict = classify(event.title, event.summary, titles, resolver.life_descriptions(titles))
            event.category = verdict.category
            event.category_evidence = f"keyword classifier: {verdict.evidence}"
            event.sources.append(
                Source(name=EVIDENCE, record=f"category {verdict.category} by {verdict.evidence}")
            )
        report.categories[
            event.category_evidence.split(":")[0] if event.category_evidence else "curated"
        ] += 1
    if UNCATEGORISED not in category_ids and any(e.category == UNCATEGORISED for e in merged):
        categories = [*categories, dict(UNCATEGORISED_RECORD)]
        category_ids = category_ids | {UNCATEGORISED}
    for event in merged:
        for note in apply_life_dates(event, resolver.person_lives):
            event.sources.append(Source(name=EVIDENCE, record=note))
            report.roles["participants made mentions by their life dates"] += 1
        report.roles["participant links"] += len(event.people)
        report.roles["mention links"] += len(event.mentions)
    ids = _event_ids(merged, set(resolver.nodes) | ledger.published(), ledger)
    live = {node.id: row_keys(node.sources) for node in resolver.nodes.values()}
    live.update({i: row_keys(event.sources) for event, i in zip(merged, ids, strict=True)})
    places = {old: new for (_, old), key in sorted(place_keys.items()) if (new := resolver.known_place(key))}
    report.redirects = _redirects(specs, merged, ids, person_ids, live, ledger, places)
    report.date_conflicts = [(i, c) for event, i in zip(merged, ids, strict=True) for c in event.conflicts]
    known = set(resolver.nodes) | set(ids) | category_ids | {old for _, old in found_anew}
    _check_references(collected.canonical, known)
    records = _records(resolver, merged, ids, categories)
    report.imported = {kind: len(items) for kind, items in records.items()}
    distinct, tagged = resolver.topic_counts()
    report.topics = {"distinct": distinct, "tags": tagged, "min_events_for_a_tag": TAG_MIN_EVENTS}
    stats = resolver.stats
    report.resolution = {
        rule: {"count": count, "examples": stats.examples.get(rule, [])}
        for rule, count in sorted(stats.rules.items())
    }
    report.unresolved = stats.unresolved
    report.ambiguous = stats.ambiguous
    report.ambiguous_candidates = stats.ambiguous_candidates
    return records, report


def _records(
    resolver: Resolver, events: list[EventBuilder], ids: list[str], categories: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = {
        kind.value: []
        for kind in (Kind.CATEGORY, Kind.TAG, Kind.LOCATION, Kind.PERSON, Kind.ORGANIZATION, Kind.EVENT)
    }
    records["category"] = categories
    for node in resolver.nodes.values():
        records[node.kind.value].append({"id": node.id, **node.fields, "sources": node.sources})
    for event, event_id in zip(events, ids, strict=True):
        records["event"].append(
            {
                "id": event_id,
                "title": event.title,
                "date": event.date,
                "end_date": event.end_date,
                # EDTF names no calendar; "gregorian" is the default and left out.
                "calendar": "julian" if event.date.calendar == "julian" else None,
                "category": event.category,
                "locations": event.locations,
                "people": event.people,
                "mentions": event.mentions,
                "roles": {pid: role.value for pid, role in event.roles.items()},
                "organizations": event.organizations,
                "tags": event.tags,
                "summary": event.summary,
                "highlights": event.highlights,
                "what_happened": event.what_happened,
                "why_it_matters": event.why_it_matters,
                "links": event.links,
                "image": {"url": event.image.url, "source": event.image.source} if event.image else None,
                "sources": event.sources,
            }
        )
    return records


def run_import(
    specs: Sequence[SourceSpec], out_dir: Path, show_progress: bool = False, previous: Path | None = None
) -> ImportReport:
    """Import ``specs`` into ``out_dir``, replacing it only if everything succeeded.

    ``previous``: the published output this import replaces, whose ids must keep resolving.
    """
    records, report = build(specs, show_progress, previous)
    extra = {REPORT_FILE: report.dumps()}
    if report.redirects:
        extra[REDIRECTS_FILE] = redirect_lines(report.redirects)
    write_directory(out_dir, records, extra)
    return report


__all__ = [
    "READERS",
    "REPORT_FILE",
    "TITLE_MAX",
    "SourceSpec",
    "build",
    "reader",
    "run_import",
    "short_title",
]
