"""Importing sources one by one and merging the outputs gives what one run gives; old ids still resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.errors import DataErrors
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
