"""Sources imported one by one and merged in any order link the people one run links.

Wikidata names an event's participants without links; imported alone it has no people to
resolve them against. Its output notes the names it could not resolve, and the merge of
the outputs resolves them against every source, as one run does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.importers.pipeline import SourceSpec, run_import
from tests.importers.test_incremental import CURATED, _day, merges, people_of

JICARILLA = "http://www.wikidata.org/entity/Q6192082"


def links(out: Path) -> dict[str, tuple[list[str], list[str], dict[str, str]]]:
    """Each event's participants, mentions and roles."""
    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return {
        e["id"]: (sorted(e.get("people", [])), sorted(e.get("mentions", [])), e.get("roles", {}))
        for e in map(json.loads, lines)
    }


#: The outputs in the order they are read, then reversed, then interleaved.
ORDERS = ["order-0123", "order-3210", "order-2031"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("orders")
    wiki, wikidata = root / "wiki", root / "wikidata"
    _day(wiki, "births", 12, 24, [("1809", "Kit Carson, American frontiersman (d. 1868)", "Kit Carson")])
    _day(wiki, "deaths", 5, 23, [("1868", "Kit Carson, American frontiersman (b. 1809)", "Kit Carson")])
    _day(wiki, "events", 3, 30, [("1854", "Jicarilla Apache and Ute warriors defeat US dragoons.", "Apache")])
    wikidata.mkdir()
    (wikidata / "events_with_participants.json").write_text(
        json.dumps(
            [
                {
                    "event": JICARILLA,
                    "participants": ["United States of America", " Apache", " Kit Carson", " Flechas Rayada"],
                    "date": "1849-01-01T00:00:00Z",
                    "eventLabel": "Jicarilla War",
                    "article_en": "https://en.wikipedia.org/wiki/Jicarilla_War",
                }
            ]
        ),
        encoding="utf-8",
    )
    # Curated records the day pages name otherwise alone: GeoNames calls the country
    # "Czechia", and the day pages alone know no Mahatma Gandhi.
    _day(wiki, "events", 1, 19, [("1993", "The Czech Republic joins the United Nations.", "Czech Republic")])
    _day(wiki, "events", 3, 12, [("1930", "Mahatma Gandhi begins the Salt March.", "Mahatma Gandhi")])
    curated = root / "curated"
    curated.mkdir()
    (curated / "locations.jsonl").write_text(
        json.dumps(
            {"id": "location:czech-republic", "name": "Czech Republic", "kind": "country", "iso_code": "CZ"}
        )
        + "\n",
        encoding="utf-8",
    )
    (curated / "people.jsonl").write_text(
        json.dumps({"id": "person:mahatma-gandhi", "name": "Mahatma Gandhi", "born": "1869-10-02"}) + "\n",
        encoding="utf-8",
    )
    specs = [
        SourceSpec("wikipedia", (wiki,)),
        SourceSpec("wikidata", (wikidata,)),
        CURATED,
        SourceSpec("canonical", (curated,)),
    ]
    run_import(specs, root / "one-run")
    alone = []
    for number, spec in enumerate(specs):
        alone.append(root / f"alone-{number}")
        run_import([spec], alone[-1])
    for order in ORDERS:
        run_import([SourceSpec("canonical", tuple(alone[int(i)] for i in order[-4:]))], root / order)
    return {p.name: p for p in root.iterdir()}


@pytest.mark.parametrize("order", ORDERS)
def test_every_order_gives_the_ids_merges_people_and_links_of_one_run(
    outputs: dict[str, Path], order: str
) -> None:
    assert merges(outputs[order]) == merges(outputs["one-run"])
    assert people_of(outputs[order]) == people_of(outputs["one-run"])
    assert links(outputs[order]) == links(outputs["one-run"])


def test_a_wikidata_participant_imported_alone_is_linked_once_the_day_pages_know_him(
    outputs: dict[str, Path],
) -> None:
    war = "event:jicarilla-war-1849"
    assert links(outputs["alone-1"])[war][0] == []
    assert links(outputs["one-run"])[war][0] == ["person:kit-carson"]
    assert links(outputs["order-2031"])[war][0] == ["person:kit-carson"]
    # The names nobody knows stay noted for the next import, and only those.
    record = next(
        json.loads(line)
        for line in (outputs["order-2031"] / "events.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == war
    )
    noted = [s["record"] for s in record["sources"] if s["record"].startswith("unresolved name")]
    assert noted == [
        'unresolved name: {"name": "Apache", "role": "participant"}',
        'unresolved name: {"name": "Flechas Rayada", "role": "participant"}',
    ]


def places(out: Path) -> dict[str, list[str]]:
    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return {e["id"]: sorted(e.get("locations", [])) for e in map(json.loads, lines)}


def test_a_place_and_a_person_the_day_pages_alone_name_otherwise_are_the_curated_ones_once_merged(
    outputs: dict[str, Path],
) -> None:
    entry, salt = (
        "event:the-czech-republic-joins-the-united-nations-1993-01-19",
        "event:mahatma-gandhi-begins-the-salt-march-1930-03-12",
    )
    assert places(outputs["alone-0"])[entry] == ["location:czechia"]
    assert links(outputs["alone-0"])[salt][0] == []
    for order in ORDERS:
        assert places(outputs[order])[entry] == ["location:czech-republic"]
        assert links(outputs[order])[salt][0] == ["person:mahatma-gandhi"]
    # The id the day pages' import published for the place still answers.
    assert {"id": "location:czechia", "to": "location:czech-republic"} in [
        json.loads(line) for line in (outputs["order-3210"] / "redirects.jsonl").read_text().splitlines()
    ]
