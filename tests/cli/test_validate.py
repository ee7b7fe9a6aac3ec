"""`clio validate` names every mistake of a directory in one run, each with file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_errors import TINY, clio


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the tiny data set, as ``data/`` in the directory the command runs in."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


def add_line(path: Path, line: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    return len(lines) + 1


def test_three_independent_mistakes_are_three_errors_in_one_run(data: Path, tmp_path: Path) -> None:
    # A person with a field the format does not have (read stage).
    person = add_line(data / "people.jsonl", '{"id": "person:x", "name": "X", "colour": "red"}')
    # An event whose date is no date (read stage).
    dated = add_line(
        data / "events.jsonl",
        '{"id": "event:y", "title": "Y", "date": "1924-13-45", "category": "category:politics-government"}',
    )
    # A well-formed event naming a place no file defines (reference stage, once skipped).
    placed = add_line(
        data / "events.jsonl",
        '{"id": "event:z", "title": "Z", "date": "1924", "category": "category:politics-government", '
        '"locations": ["location:atlantis"]}',
    )
    done = clio("validate", "data", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "clio validate: 3 error(s) in the data, nothing was loaded:"
    assert [line.split(": ", 1)[0] for line in lines[1:]] == [
        f"data/people.jsonl, line {person}, field 'colour'",
        f"data/events.jsonl, line {dated}, field 'date'",
        f"data/events.jsonl, line {placed}, field 'locations.0'",
    ]
    assert "refers to 'location:atlantis', which no location file defines" in lines[3]


def test_a_reference_to_a_wrong_record_is_not_a_second_error(data: Path, tmp_path: Path) -> None:
    # The person is defined, wrongly: the event naming them is not also "missing" a person.
    add_line(data / "people.jsonl", '{"id": "person:x", "name": "X", "born": "yesterday"}')
    add_line(
        data / "events.jsonl",
        '{"id": "event:z", "title": "Z", "date": "1924", "category": "category:politics-government", '
        '"people": ["person:x"]}',
    )
    done = clio("validate", "data", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "clio validate: 1 error(s) in the data, nothing was loaded:"
    assert "people.jsonl" in done.stderr.splitlines()[1]


def test_a_reference_near_an_unreadable_line_says_it_may_be_there(data: Path, tmp_path: Path) -> None:
    broken = add_line(data / "locations.jsonl", '{"id": "location:atlantis", "name": ')
    add_line(
        data / "events.jsonl",
        '{"id": "event:z", "title": "Z", "date": "1924", "category": "category:politics-government", '
        '"locations": ["location:atlantis"]}',
    )
    done = clio("validate", "data", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "clio validate: 2 error(s) in the data, nothing was loaded:"
    assert lines[2].endswith(
        f"(unless it is on a line that could not be read: locations.jsonl, line {broken})"
    )


def test_every_error_is_listed_not_only_the_first_twenty(data: Path, tmp_path: Path) -> None:
    for n in range(25):
        add_line(data / "people.jsonl", f'{{"id": "person:p{n}", "name": "P", "colour": "red"}}')
    done = clio("validate", "data", cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 + 25
