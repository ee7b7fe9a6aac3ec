"""The loader: every way a data file can be wrong is named by file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import DataErrors
from graph.loader import load_graph, read_records
from graph.models import Event, Kind, Relation

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the tiny data set."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


def append(path: Path, line: str) -> int:
    """Append a line to a data file and return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    return len(lines) + 1


def test_tiny_data_loads_with_typed_nodes_and_edges() -> None:
    kg = load_graph(TINY)
    assert kg.counts() == {
        "event": 3, "person": 2, "location": 4, "organization": 0, "category": 2, "tag": 1,
        "day": 1, "year": 3, "edges": 17,
    }  # fmt: skip
    g = kg.graph
    assert g.has_edge("person:joseph-stalin", "event:mexico-soviet-relations", key=Relation.INVOLVED.value)
    assert g.has_edge("event:mexico-soviet-relations", "location:mexico", key=Relation.OCCURRED_IN.value)
    assert g.has_edge("event:mexico-soviet-relations", "day:08-04", key=Relation.ON_DAY.value)
    assert g.has_edge("event:mexico-soviet-relations", "year:1924", key=Relation.IN_YEAR.value)
    assert g.has_edge("location:mexico-city", "location:mexico", key=Relation.PART_OF.value)
    # A year-only event has a year node but never a day node: it is no January 1st anniversary.
    assert not g.has_edge("event:obregon-in-capital", "day:01-01")
    assert kg.on_day_ids(1, 1) == ()


# Each case: file to spoil, the line to add, and the field and words the error must give.
BAD_LINES = [
    pytest.param("events.jsonl", '{"id": "event:x", "title": "X"', None, "not valid JSON",
                 id="truncated-json"),
    pytest.param("events.jsonl", '["a list"]', None, "must be a JSON object", id="not-an-object"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "date": "1924", '
                 '"category": "category:politics-government", "colour": 1}',
                 "colour", "unknown field", id="unknown-field"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "category": "category:politics-government"}',
                 "date", "is required", id="missing-date"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "date": "Aug 1924", '
                 '"category": "category:politics-government"}',
                 "date", "not an EDTF date", id="not-edtf"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "date": "1924-02-30", '
                 '"category": "category:politics-government"}',
                 "date", "February", id="impossible-day"),
    pytest.param("events.jsonl",
                 '{"id": "Event X", "title": "X", "date": "1924", '
                 '"category": "category:politics-government"}',
                 "id", "event:some-slug", id="bad-id"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "date": "1924", '
                 '"category": "category:politics-government", "people": ["person:nobody"]}',
                 "people.0", "no person file defines", id="missing-reference"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "date": "1924", "category": "category:none"}',
                 "category", "no category file defines", id="missing-category"),
    pytest.param("events.jsonl",
                 '{"id": "event:x", "title": "X", "date": "1924", "end_date": "1920", '
                 '"category": "category:politics-government"}',
                 "end_date", "before date", id="ends-before-start"),
    pytest.param("events.jsonl",
                 '{"id": "event:beirut-explosion", "title": "Again", "date": "2020", '
                 '"category": "category:politics-government"}',
                 "id", "already defined", id="duplicate-id"),
    pytest.param("people.jsonl", '{"id": "person:x", "name": "X", "born": "1900", "died": "1850"}',
                 "died", "before born", id="died-before-born"),
    pytest.param("locations.jsonl", '{"id": "location:x", "name": "X", "kind": "country", "lat": 10}',
                 "lon", "together", id="lat-without-lon"),
    pytest.param("locations.jsonl", '{"id": "location:x", "name": "X", "kind": "planet"}',
                 "kind", "must be one of", id="unknown-place-kind"),
    pytest.param("people.jsonl", '{"id": "person:x", "name": "X", "links": [{"title": "X"}]}',
                 "links.0", "incomplete", id="link-without-url"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "line", "field", "words"), BAD_LINES)
def test_bad_line_names_file_line_and_field(
    data_dir: Path, file: str, line: str, field: str | None, words: str
) -> None:
    number = append(data_dir / file, line)
    with pytest.raises(DataErrors) as caught:
        load_graph(data_dir)
    [error] = caught.value.errors
    assert (Path(error.path).name, error.line, error.field) == (file, number, field)
    assert words in error.reason
    assert f"{file}, line {number}" in str(caught.value)


def test_place_cycle_is_refused(data_dir: Path) -> None:
    path = data_dir / "locations.jsonl"
    text = path.read_text(encoding="utf-8").replace(
        '"id": "location:mexico", "name": "Mexico", "kind": "country"',
        '"id": "location:mexico", "name": "Mexico", "kind": "country", "part_of": "location:mexico-city"',
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors, match="ends up inside itself"):
        load_graph(data_dir)


def test_all_errors_are_reported_at_once_and_nothing_is_loaded(data_dir: Path) -> None:
    append(data_dir / "events.jsonl", "{oops")
    append(data_dir / "people.jsonl", '{"id": "person:y", "name": ""}')
    with pytest.raises(DataErrors) as caught:
        read_records(data_dir)
    assert [(Path(e.path).name, e.field) for e in caught.value.errors] == [
        ("people.jsonl", "name"),
        ("events.jsonl", None),
    ]
    assert caught.value.args[0].startswith("2 error(s) in the data, nothing was loaded")


def test_extra_part_files_load_as_their_kind(data_dir: Path) -> None:
    (data_dir / "events.more.jsonl").write_text(
        '{"id": "event:more", "title": "More", "date": "-0043-03-15", '
        '"category": "category:politics-government"}\n',
        encoding="utf-8",
    )
    kg = load_graph(data_dir)
    event = kg.typed("event:more", Event)
    assert event is not None and event.date.display == "March 15th, 44 BC"
    # Date order puts 44 BC before every CE event.
    assert kg.ids(Kind.EVENT)[0] == "event:more"


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        pytest.param(lambda d: shutil.rmtree(d), "is not a directory", id="missing-directory"),
        pytest.param(lambda d: (d / "events.jsonl").unlink(), "holds no events.jsonl", id="no-events-file"),
    ],
)
def test_unusable_directory_is_refused(data_dir: Path, setup: object, words: str) -> None:
    setup(data_dir)  # type: ignore[operator]
    with pytest.raises(DataErrors, match=words):
        load_graph(data_dir)
