"""A merged battle's summary tells what happened; the NPS's "Union victory" stays as its result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.importers.pipeline import SourceSpec, run_import
from graph.loader import load_graph
from tests.importers.day_pages import entry, write_day

ACW = Path(__file__).resolve().parents[1] / "data" / "importers" / "acw" / "mini"
DAYS_GAP = (
    "American Civil War: Battle of Day's Gap: Union raiders under Abel Streight hold off Nathan "
    "Bedford Forrest's cavalry on Sand Mountain in Alabama."
)


def _events(out: Path) -> dict[str, dict[str, Any]]:
    load_graph(out)  # what the importer writes, the loader accepts
    rows = (json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines())
    return {str(e["title"]): e for e in rows}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The mini Civil War battles, and a day-page entry on the day of Day's Gap."""
    root = tmp_path_factory.mktemp("battle-summary")
    wiki = root / "wiki"
    write_day(wiki, "events", 4, 30, [entry("1863", DAYS_GAP, "American Civil War", "Battle of Day's Gap")])
    out = root / "graph"
    run_import([SourceSpec("acw", (ACW,)), SourceSpec("wikipedia", (wiki,))], out)
    return _events(out)


def test_a_merged_battle_is_summed_up_by_the_day_page_sentence(imported: dict[str, dict[str, Any]]) -> None:
    battle = imported["Battle of Day's Gap"]
    assert {s["name"] for s in battle["sources"]} >= {"acw", "wikipedia"}
    assert battle["summary"] == DAYS_GAP
    assert battle["highlights"] == ["Result: Union victory, although the raid ultimately failed."]


def test_a_battle_no_other_source_tells_keeps_its_result_as_summary(
    imported: dict[str, dict[str, Any]],
) -> None:
    alone = [e for e in imported.values() if {s["name"] for s in e["sources"]} - {"clio-import"} == {"acw"}]
    assert alone
    for battle in alone:
        assert battle["highlights"] == [f"Result: {battle['summary']}"]
