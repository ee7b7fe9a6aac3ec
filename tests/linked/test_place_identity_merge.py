"""A curated place's Wikidata id outlives a merge with the gazetteer's copy of the same place.

The day pages imported alone make Tbilisi from the gazetteer (with its GeoNames id, no
Wikidata id); ``data/``'s Tbilisi names its Wikidata item by a link. Merged, in either order
or in one run, the two are one place: the curated id, still naming Q994, and events in
Tbilisi link it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.identity import by_wikidata, wikidata_id
from graph.importers.pipeline import SourceSpec, run_import
from graph.loader import load_graph
from graph.models import Kind, Location
from tests.importers.test_incremental import _day

TBILISI = "location:tbilisi"
QID = "Q994"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("place-identity")
    wiki = root / "wiki"
    _day(wiki, "events", 6, 26, [("1907", "Bolsheviks rob a bank stagecoach in Tbilisi.", "Tbilisi")])
    curated = root / "curated"
    curated.mkdir()
    (curated / "locations.jsonl").write_text(
        json.dumps(
            {
                "id": TBILISI,
                "name": "Tbilisi",
                "kind": "city",
                "aliases": ["Tiflis"],
                "lat": 41.7151,
                "lon": 44.8271,
                "links": [{"title": "Wikidata", "url": f"https://www.wikidata.org/wiki/{QID}"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    specs = [SourceSpec("wikipedia", (wiki,)), SourceSpec("canonical", (curated,))]
    run_import(specs, root / "one-run")
    for number, spec in enumerate(specs):
        run_import([spec], root / f"alone-{number}")
    run_import([SourceSpec("canonical", (root / "alone-0", root / "alone-1"))], root / "pages-first")
    run_import([SourceSpec("canonical", (root / "alone-1", root / "alone-0"))], root / "curated-first")
    return {p.name: p for p in root.iterdir()}


def test_the_day_pages_alone_make_tbilisi_without_a_wikidata_id(outputs: dict[str, Path]) -> None:
    places = [p for p in load_graph(outputs["alone-0"]).records(Kind.LOCATION) if p.name == "Tbilisi"]
    assert len(places) == 1
    assert wikidata_id(places[0]) is None


@pytest.mark.parametrize("run", ["one-run", "pages-first", "curated-first"])
def test_the_merged_place_keeps_its_wikidata_id(outputs: dict[str, Path], run: str) -> None:
    kg = load_graph(outputs[run])
    named = [p.id for p in kg.records(Kind.LOCATION) if p.name == "Tbilisi"]
    assert named == [TBILISI]
    place = kg.typed(TBILISI, Location)
    assert place is not None and wikidata_id(place) == QID
    found = by_wikidata(kg, QID)
    assert found is not None and found.id == TBILISI
    (event,) = kg.records(Kind.EVENT)
    assert TBILISI in event.locations
