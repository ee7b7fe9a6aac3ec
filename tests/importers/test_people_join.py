"""One person, one node: records of one life under different titles join; headers are no one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.dates import HistoricalDate
from graph.importers.people import PersonGroup
from graph.importers.people_join import join_people
from graph.importers.pipeline import SourceSpec, run_import
from graph.models import Source
from tests.importers.day_pages import entry, write_day

DATA = Path(__file__).resolve().parents[1] / "data" / "importers" / "pipeline" / "data"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    root = tmp_path_factory.mktemp("join")
    wiki, hdate = root / "wiki", root / "hdate" / "History"
    write_day(wiki, "births", 9, 5, [entry("1638", "Louis XIV of France (d. 1715)", "Louis XIV of France")])
    george = "George III of the United Kingdom"
    write_day(wiki, "births", 6, 4, [entry("1738", f"{george} (d. 1820)", george)])
    write_day(wiki, "deaths", 3, 27, [entry("1184", "George III of Georgia, King", "George III of Georgia")])
    king = "Martin Luther King, Jr."
    write_day(wiki, "births", 1, 15, [entry("1929", f"{king}, American minister (d. 1968)", king)])
    grouped = (
        "Attack on Pearl Harbor:\n\nMervyn S. Bennion, American captain (b. 1887)\n"
        "Julius Ellsberry, American sailor (b. 1921)\n\n"
    )
    titles = ("Attack on Pearl Harbor", "Mervyn S. Bennion", "Julius Ellsberry")
    write_day(wiki, "deaths", 12, 7, [entry("1941", grouped, *titles)])
    full, styled = "Édouard Adolphe Casimir Joseph Mortier", "Édouard Mortier, duc de Trévise"
    write_day(wiki, "births", 2, 13, [entry("1768", f"{full}, French general (d. 1835)", full)])
    write_day(wiki, "deaths", 7, 28, [entry("1835", f"{styled}, French general (b. 1768)", styled)])
    # A namesake with one life date only stays apart: both dates must agree for this rule.
    write_day(wiki, "births", 3, 1, [entry("1768", "Édouard Mortier, painter", "Édouard Mortier (painter)")])
    lists = "List of supercentenarians"
    write_day(wiki, "deaths", 5, 30, [entry("2010", f"{lists}, the oldest people", lists)])
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


def test_a_full_name_and_a_styled_title_with_the_same_two_life_dates_are_one_person(
    people: dict[str, dict[str, object]],
) -> None:
    mortier = [p for name, p in people.items() if "Mortier" in name]
    assert sorted((p["name"], p.get("born"), p.get("died")) for p in mortier) == [
        ("Édouard Adolphe Casimir Joseph Mortier", "1768-02-13", "1835-07-28"),
        ("Édouard Mortier", "1768-03-01", None),
    ]


def _soldier(name: str, line: int) -> PersonGroup:
    # The NPS gives the full name beside the short one where it knows it.
    full = {"William H. Jackson": ["William Hicks Jackson"]}.get(name, [])
    return PersonGroup(name, aliases=full, sources=[Source("acw", "nps_people.csv", f"line {line}")])


def _life(name: str, born: int, died: int) -> PersonGroup:
    page = Source("wikipedia", "births/1/1.json", name)
    return PersonGroup(name, title=name, born=HistoricalDate(born), died=HistoricalDate(died), sources=[page])


@pytest.mark.parametrize(
    ("soldier", "lives", "joined"),
    [
        # Wade Hampton I died in 1835, II in 1858: only III served in the war.
        (
            "Wade Hampton",
            [("Wade Hampton", 1752, 1835), ("Wade Hampton III", 1818, 1902)],
            "Wade Hampton III",
        ),
        ("James E. B. Stuart", [("J. E. B. Stuart", 1833, 1864)], "J. E. B. Stuart"),
        # A middle name that differs is another man.
        ("John H. Morgan", [("John Tyler Morgan", 1824, 1907)], None),
        # Two who fit: no guess.
        ("John Smith", [("John Smith", 1800, 1870), ("John Smith", 1820, 1880)], None),
        # The father is not the son; a full name with another middle name is another man.
        ("John Brown Jr.", [("John Brown", 1800, 1859), ("John Brown", 1816, 1896)], None),
        ("William H. Jackson", [("William Henry Jackson", 1843, 1942)], None),
        # Born too late to have served.
        ("Charles Dow", [("Charles Dow", 1851, 1902)], None),
    ],
    ids=["generation-number", "initials", "other-middle-name", "two-fit", "son", "full-name", "too-young"],
)
def test_an_undated_civil_war_soldier_joins_the_one_namesake_alive_in_the_war(
    soldier: str, lives: list[tuple[str, int, int]], joined: str | None
) -> None:
    groups = join_people([_soldier(soldier, 2), *(_life(*life) for life in lives)])
    kept = [g for g in groups if any(s.name == "acw" for s in g.sources)]
    assert [(g.name if g.born else None) for g in kept] == [joined]


def _titled(name: str, title: str, born: HistoricalDate | None, died: HistoricalDate | None) -> PersonGroup:
    return PersonGroup(name, title=title, born=born, died=died, sources=[Source("wikipedia", title, name)])


@pytest.mark.parametrize(
    ("other", "joined"),
    [
        # The row's page title is the article's old name; the birth year is given as "c. 943".
        (
            _titled(
                "Edgar the Peaceful", "Edgar, King of England", HistoricalDate(943), HistoricalDate(975, 7, 8)
            ),
            True,
        ),
        # Only one life date known on one side: the name alone is too weak.
        (_titled("Edgar the Peaceful", "Edgar, King of England", None, HistoricalDate(975, 7, 8)), False),
        # Another death: another man of that name.
        (_titled("Edgar the Peaceful", "Edgar (painter)", HistoricalDate(943), HistoricalDate(1010)), False),
        # Another name under the same lives is no evidence either.
        (_titled("Edgar Atheling", "Edgar Ætheling", HistoricalDate(943), HistoricalDate(975, 7, 8)), False),
    ],
    ids=["renamed-page", "one-date", "other-death", "other-name"],
)
def test_one_name_under_two_page_titles_joins_only_with_the_whole_life(
    other: PersonGroup, joined: bool
) -> None:
    edgar = _titled(
        "Edgar the Peaceful", "Edgar the Peaceful", HistoricalDate(943), HistoricalDate(975, 7, 8)
    )
    groups = join_people([edgar, other])
    assert len(groups) == (1 if joined else 2)
