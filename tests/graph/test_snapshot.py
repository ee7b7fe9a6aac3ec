"""Snapshots give back the same graph, and refuse files from other formats, code or data."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from clio.cli import main
from graph.loader import load_graph
from graph.models import Kind
from graph.snapshot import MAGIC, SnapshotError, load_snapshot, read_header, save_snapshot
from graph.store import KnowledgeGraph

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return load_graph(TINY)


@pytest.fixture
def snapshot(tiny: KnowledgeGraph, tmp_path: Path) -> Path:
    path = tmp_path / "tiny.snapshot"
    save_snapshot(tiny, path)
    return path


def _rewrite_header(path: Path, **changes: object) -> None:
    header_line, rest = path.read_bytes().split(b"\n", 1)
    header = {**orjson.loads(header_line[len(MAGIC) :]), **changes}
    path.write_bytes(MAGIC + orjson.dumps(header) + b"\n" + rest)


def test_snapshot_gives_back_the_same_graph_and_indexes(tiny: KnowledgeGraph, snapshot: Path) -> None:
    loaded = load_snapshot(snapshot, data_version=tiny.version)
    assert loaded.version == tiny.version
    assert loaded.counts() == tiny.counts()
    assert sorted(loaded.graph.edges(keys=True)) == sorted(tiny.graph.edges(keys=True))
    stalin = loaded.person_by_name("stalin")
    assert stalin is not None and stalin == tiny.person_by_name("stalin")
    assert loaded.event_ids_of(stalin.id) == tiny.event_ids_of(stalin.id)
    assert loaded.on_day_ids(8, 4) == tiny.on_day_ids(8, 4)
    assert loaded.places_within("location:mexico") == tiny.places_within("location:mexico")
    # Records come back field for field, dates with their precision and doubts.
    for kind in Kind:
        assert loaded.records(kind) == tiny.records(kind)
    assert [e.date.precision for e in loaded.records(Kind.EVENT)] == [
        e.date.precision for e in tiny.records(Kind.EVENT)
    ]


def test_header_says_what_is_inside(tiny: KnowledgeGraph, snapshot: Path) -> None:
    header = read_header(snapshot)
    assert header["data_version"] == tiny.version
    assert header["counts"] == tiny.counts()


REFUSALS = [
    # Another layout of the file itself.
    pytest.param({"format": 99}, None, "is snapshot format 99, this Clio reads 2", id="other-format"),
    # Written before a change to the store, models or dates: the pickled objects may not fit.
    pytest.param({"code": "0123456789ab"}, None, "was written by other code (0123456789ab", id="other-code"),
    # The caller expects the data of a given version.
    pytest.param({}, "feedfacecafe", "holds data version", id="other-data"),
]


@pytest.mark.parametrize(("changes", "expected_version", "message"), REFUSALS)
def test_snapshot_from_another_version_is_refused_with_a_way_out(
    snapshot: Path, changes: dict[str, object], expected_version: str | None, message: str
) -> None:
    _rewrite_header(snapshot, **changes)
    with pytest.raises(SnapshotError, match="rebuild it with `clio snapshot DATA_DIR FILE`") as raised:
        load_snapshot(snapshot, data_version=expected_version)
    assert message in str(raised.value)


def test_a_file_that_is_no_snapshot_is_refused_before_unpickling(tmp_path: Path) -> None:
    path = tmp_path / "notes.pickle"
    path.write_bytes(b"\x80\x05N.")  # a valid pickle, but no header: never unpickled
    with pytest.raises(SnapshotError, match="is not a Clio snapshot"):
        load_snapshot(path)


def test_clio_snapshot_command_writes_a_loadable_file(
    tiny: KnowledgeGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tiny.snapshot"
    assert main(["snapshot", str(TINY), str(path)]) == 0
    assert f"snapshot of data version {tiny.version}" in capsys.readouterr().out
    assert load_snapshot(path).counts() == tiny.counts()


def test_clio_serve_accepts_a_snapshot() -> None:
    from clio.cli import build_parser

    args = build_parser().parse_args(["serve", "--snapshot", "graph.snapshot"])
    assert args.snapshot == Path("graph.snapshot")
