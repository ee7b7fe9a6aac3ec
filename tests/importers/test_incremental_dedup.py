"""Records read from several earlier outputs: one record per thing, never one per id.

An imported event's id is made from its title and day, so the NPS "Bear River Massacre"
and Wikidata's item of that label get one id when each source is imported alone. Joined
by id, the second lost its article, places and category; kept apart, the merge joins them
on evidence as one run does.
"""

from __future__ import annotations

from graph.dates import HistoricalDate
from graph.importers.canonical import CanonicalRecord
from graph.importers.incremental import deduplicated
from graph.models import Event, Kind, Link, Source

ID = "event:bear-river-massacre-1863-01-29"
NPS = Source("acw", "nps_battles.csv", "line 64")
WIKIDATA = Source("wikidata", "historic_events.json", "http://www.wikidata.org/entity/Q657024")


def read(directory: str, *sources: Source, links: tuple[Link, ...] = ()) -> CanonicalRecord:
    event = Event(
        ID,
        "Bear River Massacre",
        HistoricalDate(1863, 1, 29),
        "category:military-warfare",
        links=links,
        sources=sources,
    )
    return CanonicalRecord(
        Kind.EVENT, event, Source("canonical", "events.jsonl"), f"{directory}/events.jsonl", 1
    )


def test_two_sources_records_sharing_an_id_stay_two_records_for_the_merge() -> None:
    article = Link("Bear River Massacre", "https://en.wikipedia.org/wiki/Bear_River_Massacre")
    records = deduplicated([read("out/acw", NPS), read("out/wikidata", WIKIDATA, links=(article,))])
    events = [(r.directory, r.record) for r in records if isinstance(r.record, Event)]
    assert [(directory, e.sources, e.links) for directory, e in events] == [
        ("out/acw", (NPS,), ()),
        ("out/wikidata", (WIKIDATA,), (article,)),
    ]


def test_one_record_in_two_outputs_is_read_once_with_the_sources_of_both() -> None:
    note = Source("clio-import", record="place location:utah: …")
    records = deduplicated([read("out/a", NPS, WIKIDATA), read("out/b", NPS, note)])
    events = [(r.directory, r.record) for r in records if isinstance(r.record, Event)]
    assert [(directory, e.sources) for directory, e in events] == [("out/a", (NPS, WIKIDATA, note))]
    assert len(records) == 1
