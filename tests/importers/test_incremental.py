"""Importing sources one by one and merging the outputs gives what one run gives; old ids still resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.errors import DataError, DataErrors
from graph.importers.pipeline import SourceSpec, run_import
from graph.loader import load_graph
from graph.redirects import REDIRECTS_FILE

DATA = Path(__file__).resolve().parents[1] / "data" / "importers" / "pipeline"
WIKI = SourceSpec("wikipedia", (DATA / "wiki",))
CURATED = SourceSpec("canonical", (DATA / "data",))
#: The id the day-page entry gets when imported alone, before its curated twin is there.
ENTRY_ALONE = "event:diplomatic-relations-between-mexico-and-the-soviet-union-1924-08-04"
MERGED = "event:establishment-of-mexico-soviet-diplomatic-relations"


def merges(out: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Every record id, and for events the source records each was made from: ids, counts and merges.

    Other records list no sources here: a place one import found in the gazetteer and
    another in ``data/`` is one place with more provenance, not another merge.
    """
    found = {}
    for path in sorted(out.glob("*.jsonl")):
        if path.name == REDIRECTS_FILE:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record["id"].startswith("event:"):
                found[record["id"]] = []
                continue
            found[record["id"]] = sorted(
                (s["name"], s.get("file", ""), s.get("record", ""))
                for s in record.get("sources", [])
                # Where a curated record was read from differs by design: data/ or an earlier output.
                if s["name"] not in ("canonical", "clio-import")
            )
    return found


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("incremental")
    run_import([WIKI, CURATED], root / "one-run")
    run_import([WIKI], root / "wiki")
    run_import([CURATED], root / "curated")
    run_import([SourceSpec("canonical", (root / "wiki", root / "curated"))], root / "wiki-then-curated")
    run_import([SourceSpec("canonical", (root / "curated", root / "wiki"))], root / "curated-then-wiki")
    return {p.name: p for p in root.iterdir()}


@pytest.mark.parametrize("order", ["wiki-then-curated", "curated-then-wiki"])
def test_merging_outputs_in_any_order_gives_the_ids_counts_and_merges_of_one_run(
    imports: dict[str, Path], order: str
) -> None:
    assert merges(imports[order]) == merges(imports["one-run"])


def test_the_seed_event_and_its_wikipedia_twin_from_two_imports_become_one(imports: dict[str, Path]) -> None:
    assert ENTRY_ALONE in merges(imports["wiki"])
    merged = merges(imports["wiki-then-curated"])
    assert ENTRY_ALONE not in merged
    assert [s[0] for s in merged[MERGED]] == ["seed", "wikipedia"]


def test_an_id_published_by_an_earlier_import_redirects_to_its_survivor(imports: dict[str, Path]) -> None:
    out = imports["wiki-then-curated"]
    assert (out / REDIRECTS_FILE).read_text(encoding="utf-8") == json.dumps(
        {"id": ENTRY_ALONE, "to": MERGED}
    ) + "\n"
    assert load_graph(out).node(ENTRY_ALONE).id == MERGED
    # Redirects of an import are carried into the next one that reads its output.
    again = out.parent / "again"
    run_import([SourceSpec("canonical", (out,))], again)
    assert (again / REDIRECTS_FILE).read_text(encoding="utf-8") == (out / REDIRECTS_FILE).read_text(
        encoding="utf-8"
    )


def test_node_and_event_follow_the_redirect_over_http(imports: dict[str, Path]) -> None:
    query = "query ($id: ID!) { node(id: $id) { id } event(id: $id) { id title } }"
    with TestClient(create_app(Settings.from_env({}, data_dir=imports["wiki-then-curated"]))) as client:
        answer = client.post("/graphql", json={"query": query, "variables": {"id": ENTRY_ALONE}}).json()
    assert answer == {
        "data": {
            "node": {"id": MERGED},
            "event": {"id": MERGED, "title": "Establishment of Mexico-Soviet Diplomatic Relations"},
        }
    }


def test_a_redirect_to_no_record_is_refused_at_load_naming_the_file(
    imports: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    run_import([SourceSpec("canonical", (imports["wiki-then-curated"],))], broken)
    (broken / REDIRECTS_FILE).write_text(json.dumps({"id": "event:old", "to": "event:nowhere"}) + "\n")
    with pytest.raises(DataErrors, match=r"redirects\.jsonl.*'event:nowhere', which is not a record"):
        load_graph(broken)


def _day(root: Path, kind: str, month: int, day: int, entries: list[tuple[str, str, str]]) -> None:
    path = root / kind / str(month) / f"{day}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    records = [
        {
            "year": year,
            "description": text,
            "wikipedia": [
                {"title": title, "wikipedia": "https://wikipedia.org/wiki/" + title.replace(" ", "_")}
            ],
        }
        for year, text, title in entries
    ]
    path.write_text(
        json.dumps({"wikipedia": "https://wikipedia.org/wiki/X", kind: records}), encoding="utf-8"
    )


def people_of(out: Path) -> dict[str, tuple[object, ...]]:
    """Every person as a client sees it: id, name, aliases, dates and the source rows it was made from."""
    found = {}
    for line in (out / "people.jsonl").read_text(encoding="utf-8").splitlines():
        person = json.loads(line)
        rows = sorted(
            (s["name"], s.get("file", ""), s.get("record", ""))
            for s in person.get("sources", [])
            if s["name"] not in ("canonical", "clio-import")
        )
        found[person["id"]] = (
            person["name"],
            sorted(person.get("aliases", [])),
            person.get("born"),
            person.get("died"),
            rows,
        )
    return found


@pytest.fixture(scope="module")
def people_imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Day pages and historicaldate monarchs: one person under two titles, namesakes, a curated twin."""
    root = tmp_path_factory.mktemp("people")
    wiki, hdate = root / "wiki", root / "hdate" / "History"
    _day(wiki, "births", 9, 5, [("1638", "Louis XIV of France (d. 1715)", "Louis XIV of France")])
    _day(wiki, "deaths", 9, 1, [("1715", "Louis XIV of France (b. 1638)", "Louis XIV of France")])
    # Two John Smiths: imported alone, each source calls its own person:john-smith.
    _day(wiki, "births", 1, 6, [("1580", "John Smith, English explorer (d. 1631)", "John Smith")])
    _day(wiki, "deaths", 3, 5, [("1953", "Joseph Stalin, Soviet leader (b. 1878)", "Joseph Stalin")])
    _day(wiki, "events", 9, 1, [("1715", "Louis XIV of France dies after a reign of 72 years.", "Louis XIV")])
    # The same id as the reign historicaldate gives, which names its own person:louis-xiv: the
    # two records become one only after each output's people are renamed.
    _day(wiki, "events", 5, 14, [("1643", "Reign of Louis XIV", "Anne of Austria")])
    hdate.mkdir(parents=True)
    (hdate / "French Monarchs.csv").write_text(
        "label,hdate,hdate_end,hdate_birth,hdate_death,url,description\n"
        "Louis XIV,14 May 1643,1 September 1715,5 September 1638,1 September 1715,"
        "https://en.wikipedia.org/wiki/Louis_XIV,Louis XIV (the Sun King)\n"
        "John Smith,1 May 1707,1 May 1710,1 January 1655,1 March 1723,"
        "https://en.wikipedia.org/wiki/John_Smith_(Speaker),\n",
        encoding="utf-8",
    )
    specs = [SourceSpec("wikipedia", (wiki,)), SourceSpec("historicaldate", (root / "hdate",)), CURATED]
    run_import(specs, root / "one-run")
    for spec, name in zip(specs, ("wiki", "hdate", "curated"), strict=True):
        run_import([spec], root / name)
    outs = [root / "wiki", root / "hdate", root / "curated"]
    run_import([SourceSpec("canonical", tuple(outs))], root / "in-order")
    run_import([SourceSpec("canonical", tuple(reversed(outs)))], root / "reversed")
    return {p.name: p for p in root.iterdir()}


@pytest.mark.parametrize("order", ["in-order", "reversed"])
def test_people_merged_from_outputs_in_any_order_are_those_of_one_run(
    people_imports: dict[str, Path], order: str
) -> None:
    assert people_of(people_imports[order]) == people_of(people_imports["one-run"])
    assert merges(people_imports[order]) == merges(people_imports["one-run"])
    # The day page's "Louis XIV" link is a topic to the day pages alone, Louis XIV with all.
    assert links_to_people(people_imports[order]) == links_to_people(people_imports["one-run"])
    assert ["person:louis-xiv-of-france"] in links_to_people(people_imports["one-run"]).values()


def links_to_people(out: Path) -> dict[str, list[str]]:
    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return {e["id"]: sorted(e.get("people", [])) for e in map(json.loads, lines)}


def test_a_person_id_an_earlier_import_published_redirects_to_the_joined_person(
    people_imports: dict[str, Path],
) -> None:
    one = people_of(people_imports["one-run"])
    louis = [pid for pid, person in one.items() if person[0].startswith("Louis XIV")]
    smiths = sorted(pid for pid, person in one.items() if person[0] == "John Smith")
    # Alone, historicaldate calls its Louis person:louis-xiv; joined, he is one person.
    assert "person:louis-xiv" in people_of(people_imports["hdate"])
    assert len(louis) == 1
    assert len(smiths) == 2
    table = [
        json.loads(line) for line in (people_imports["reversed"] / REDIRECTS_FILE).read_text().splitlines()
    ]
    if louis[0] != "person:louis-xiv":
        assert {"id": "person:louis-xiv", "to": louis[0]} in table
    query = "query ($id: ID!) { node(id: $id) { id } person(id: $id) { id name } }"
    with TestClient(create_app(Settings.from_env({}, data_dir=people_imports["reversed"]))) as client:
        answers = {
            old: client.post("/graphql", json={"query": query, "variables": {"id": old}}).json()
            for old in ("person:louis-xiv", "person:louis-xiv-of-france")
        }
    for answer in answers.values():
        assert answer == {
            "data": {"node": {"id": louis[0]}, "person": {"id": louis[0], "name": one[louis[0]][0]}}
        }


def test_an_earlier_import_naming_a_person_no_output_defines_is_refused_naming_file_and_field(
    people_imports: dict[str, Path], tmp_path: Path
) -> None:
    # Only the events of an earlier output, given without the people they name.
    event = json.loads((people_imports["wiki"] / "events.jsonl").read_text(encoding="utf-8").splitlines()[0])
    (tmp_path / "events.jsonl").write_text(json.dumps({**event, "people": ["person:nobody"]}) + "\n")
    with pytest.raises(DataError, match=r"events\.jsonl.*people\.0.*'person:nobody'"):
        run_import([SourceSpec("canonical", (tmp_path,))], tmp_path / "out")


def test_importing_the_merged_output_again_keeps_its_people_and_carries_their_redirects(
    people_imports: dict[str, Path], tmp_path: Path
) -> None:
    merged = people_imports["reversed"]
    run_import([SourceSpec("canonical", (merged,))], tmp_path / "again")
    assert people_of(tmp_path / "again") == people_of(merged)
    assert "person:louis-xiv" in (tmp_path / "again" / REDIRECTS_FILE).read_text(encoding="utf-8")
    assert load_graph(tmp_path / "again").node("person:louis-xiv").id == "person:louis-xiv-of-france"
