"""One person, one node: records of one life under different titles join; headers are no one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.importers.pipeline import SourceSpec, run_import

DATA = Path(__file__).resolve().parents[1] / "data" / "importers" / "pipeline" / "data"


def _day(root: Path, kind: str, month: int, day: int, records: list[dict[str, object]]) -> None:
    path = root / kind / str(month) / f"{day}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"wikipedia": "https://wikipedia.org/wiki/X", kind: records}), encoding="utf-8"
    )


def _entry(year: str, description: str, *titles: str) -> dict[str, object]:
    links = [{"title": t, "wikipedia": "https://wikipedia.org/wiki/" + t.replace(" ", "_")} for t in titles]
    return {"year": year, "description": description, "wikipedia": links}


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    root = tmp_path_factory.mktemp("join")
    wiki, hdate = root / "wiki", root / "hdate" / "History"
    _day(wiki, "births", 9, 5, [_entry("1638", "Louis XIV of France (d. 1715)", "Louis XIV of France")])
    george = "George III of the United Kingdom"
    _day(wiki, "births", 6, 4, [_entry("1738", f"{george} (d. 1820)", george)])
    _day(wiki, "deaths", 3, 27, [_entry("1184", "George III of Georgia, King", "George III of Georgia")])
    king = "Martin Luther King, Jr."
    _day(wiki, "births", 1, 15, [_entry("1929", f"{king}, American minister (d. 1968)", king)])
    grouped = (
        "Attack on Pearl Harbor:\n\nMervyn S. Bennion, American captain (b. 1887)\n"
        "Julius Ellsberry, American sailor (b. 1921)\n\n"
    )
    titles = ("Attack on Pearl Harbor", "Mervyn S. Bennion", "Julius Ellsberry")
    _day(wiki, "deaths", 12, 7, [_entry("1941", grouped, *titles)])
    lists = "List of supercentenarians"
    _day(wiki, "deaths", 5, 30, [_entry("2010", f"{lists}, the oldest people", lists)])
    hdate.mkdir(parents=True)
    (hdate / "Monarchs.csv").write_text(
        "label,hdate,hdate_end,hdate_birth,hdate_death,url,description\n"
        "Louis XIV,14 May 1643,1 September 1715,5 September 1638,1 September 1715,"
        "https://en.wikipedia.org/wiki/Louis_XIV,Louis XIV (the Sun King)\n"
        # Old Style birth, eleven days before Wikipedia's New Style one.
        "George III,25 October 1760,29 January 1820,24 May 1738,29 January 1820,"
        "https://en.wikipedia.org/wiki/George_III,\n",
        encoding="utf-8",
    )
    out = root / "graph"
    run_import(
        [
            SourceSpec("wikipedia", (wiki,)),
            SourceSpec("historicaldate", (root / "hdate",)),
            SourceSpec("canonical", (DATA,)),
        ],
        out,
    )
    rows = (json.loads(line) for line in (out / "people.jsonl").read_text(encoding="utf-8").splitlines())
    return {str(p["name"]): p for p in rows}


def test_a_monarch_under_two_titles_is_one_person(people: dict[str, dict[str, object]]) -> None:
    louis = [p for name, p in people.items() if "Louis XIV" in name]
    assert len(louis) == 1
    assert {"Louis XIV", "Louis XIV of France"} <= {louis[0]["name"], *louis[0].get("aliases", [])}  # type: ignore[misc]


def test_old_style_and_new_style_births_join_but_a_namesake_king_does_not(
    people: dict[str, dict[str, object]],
) -> None:
    georges = sorted(name for name in people if name.startswith("George III"))
    assert georges == ["George III", "George III of Georgia"] or georges == [
        "George III of Georgia",
        "George III of the United Kingdom",
    ]


def test_grouped_entry_header_is_no_person_and_its_lines_are(people: dict[str, dict[str, object]]) -> None:
    assert "Attack on Pearl Harbor" not in people
    assert people["Mervyn S. Bennion"]["born"] == "1887"
    assert people["Julius Ellsberry"]["died"] == "1941-12-07"
    assert not [name for name in people if name.startswith("List of")]
