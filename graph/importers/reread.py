"""An earlier import's records read again as what they were made from.

Merging the outputs of imports that each read one source must give what one run with every
source gives. An output's day-page entry and gazetteer places were resolved against that
import's own sources only: Wikipedia imported alone makes "Czechia" a place of its own where
the curated data calls it ``location:czech-republic``, links no curated person (Mahatma
Gandhi), and makes tags of topics that other sources resolve. So:

* a day-page entry an earlier import left on its own (one source row) is read again as the
  draft the Wikipedia reader made of it (`entry_draft`): its sentence, date, links and the
  reader's notes; names, roles, places, topics, headline and category are decided anew;
* a tag or an organisation that only such entries of an output name is derived again from
  them (`rederived`): a topic three entries link is a tag to the day pages alone, and may
  be a person, a place or too rare a topic when every source is read;
* a place an earlier import took from the gazetteer is found again by its gazetteer key
  (`place_key`), which the resolver names as this import would
  (`graph.importers.resolve.Resolver.place_id`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from graph.importers.builder import NOTE_SOURCE
from graph.importers.canonical import CanonicalRecord
from graph.importers.draft import DraftEvent, Mention
from graph.importers.incremental import is_imported
from graph.models import Event, Location

#: Notes an import derives from the sources and derives again (resolution, roles, category).
_DERIVED = ("category ", "place ", "role", "unresolved name: ")
_GEONAMES = re.compile(r"GeoNames (?:(country) (\w+)|US (state) (\w+)|(city) (\d+) )")
#: The source name of the importer's curated list of historical states (`graph.importers.places`).
_HISTORICAL = "clio-historical-states"


def entry_draft(record: Event) -> DraftEvent | None:
    """The Wikipedia reader's draft of an event an earlier import made from one day-page entry alone.

    None for any other event: a merged event's sources were weighed together, which its
    record keeps, and a curated or another source's event is read as it is.
    """
    told = [s for s in record.sources if s.name != NOTE_SOURCE]
    if len(told) != 1 or told[0].name != "wikipedia" or not (told[0].file or "").startswith("events/"):
        return None
    if not record.summary:
        return None
    notes = tuple(
        s.record
        for s in record.sources
        if s.name == NOTE_SOURCE and s.record and not s.record.startswith(_DERIVED)
    )
    return DraftEvent(
        title=record.summary,
        date=record.date,
        source=told[0],
        summary=record.summary,
        mentions=tuple(Mention(name=link.title, title=link.title) for link in record.links),
        links=record.links,
        notes=notes,
    )


def place_key(record: Location) -> str | None:
    """The gazetteer key of a place an import took from GeoNames or the historical states, else None.

    >>> from graph.models import Source
    >>> place_key(Location("location:czechia", "Czechia", "country",
    ...     sources=(Source("clio-import", record="GeoNames country CZ"),)))
    'country:CZ'
    """
    for source in record.sources:
        if source.name == _HISTORICAL and source.record:
            return f"historical:{source.record}"
        found = _GEONAMES.match(source.record or "") if source.name == NOTE_SOURCE else None
        if found:
            if found[1]:
                return f"country:{found[2]}"
            if found[3]:
                return f"state:US-{found[4]}"
            return f"city:{found[6]}"
    return None


def gazetteer_places(items: Iterable[CanonicalRecord]) -> dict[tuple[str, str], str]:
    """(directory, old id) -> gazetteer key of every place an earlier import took from the gazetteer.

    Keyed by directory too: the same id may be a curated place in one output and a
    gazetteer namesake in another (the curated country ``location:georgia``, and the US
    state Wikipedia imported alone called so). A curated place keeps its own record and id.
    """
    keys: dict[tuple[str, str], str] = {}
    for item in items:
        record = item.record
        if isinstance(record, Location) and all(s.name != "canonical" for s in record.sources):
            key = place_key(record)
            if key is not None:
                keys[(item.directory, record.id)] = key
    return keys


def rename_places(
    ids: Iterable[str], directory: str, keys: Mapping[tuple[str, str], str], place_id: Callable[[str], str]
) -> list[str]:
    """Place ids of one output's record as this import names the gazetteer places that output named."""
    return list(dict.fromkeys(place_id(keys[(directory, i)]) if (directory, i) in keys else i for i in ids))


def rederived(items: Iterable[CanonicalRecord]) -> set[tuple[str, str]]:
    """(directory, id) of the tags and organisations that only lone day-page entries of an output name.

    Those entries are read again (`entry_draft`) and find their tags and organisations
    anew; a record another event of the output names stays, as that event is read as it is.
    """
    by_entries: set[tuple[str, str]] = set()
    by_others: set[tuple[str, str]] = set()
    for item in items:
        record = item.record
        if isinstance(record, Event):
            named = by_entries if is_imported(record) and entry_draft(record) is not None else by_others
            named.update((item.directory, ref) for ref in (*record.tags, *record.organizations))
    return by_entries - by_others


__all__ = ["entry_draft", "gazetteer_places", "place_key", "rederived", "rename_places"]
