"""Snapshots give back the same graph, and refuse anything they cannot vouch for before unpickling it."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clio.cli import main
from clio.settings import Settings
from clio.snapshot_key import snapshot_key
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Kind
from graph.queries.search import search, search_index
from graph.snapshot import (
    FORMAT,
    GRAPH_PACKAGE,
    MAGIC,
    SnapshotError,
    code_version,
    key_id,
    load_snapshot,
    read_header,
    save_snapshot,
)
from graph.store import KnowledgeGraph

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"
KEY = b"the key these tests sign with, 32+"
OTHER_KEY = b"another installation's secret key"
REBUILD = "rebuild it with `clio snapshot DATA_DIR FILE`"


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return load_graph(TINY)


@pytest.fixture(scope="module")
def tiny_bytes(tiny: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("snapshot") / "tiny.snapshot"
    save_snapshot(tiny, path, KEY)
    return path.read_bytes()


@pytest.fixture
def snapshot(tiny_bytes: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "tiny.snapshot"
    path.write_bytes(tiny_bytes)
    return path


def _signed(path: Path, content: bytes, key: bytes = KEY, **changes: object) -> None:
    """Write ``content`` as a correctly signed snapshot whose header says ``changes``:
    what only the holder of the key could do."""
    header = {
        "format": FORMAT,
        "code": code_version(),
        "key_id": key_id(key),
        "content_length": len(content),
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "data_version": "0123456789ab",
        "counts": {},
        **changes,
    }
    line = MAGIC + orjson.dumps(header) + b"\n"
    mac = hmac.new(key, line + content, hashlib.sha256).hexdigest().encode()
    path.write_bytes(line + mac + b"\n" + content)


def _parts(path: Path) -> tuple[dict[str, object], bytes]:
    line, _mac, content = path.read_bytes().split(b"\n", 2)
    return orjson.loads(line[len(MAGIC) :]), content


def test_snapshot_gives_back_the_same_graph_and_indexes(tiny: KnowledgeGraph, snapshot: Path) -> None:
    loaded = load_snapshot(snapshot, KEY, data_version=tiny.version)
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


def test_a_snapshot_of_a_graph_with_its_indexes_built_answers_search_the_same(tmp_path: Path) -> None:
    # The search index keeps numpy arrays, which the snapshot's unpickler would refuse by name.
    indexed = load_graph(TINY)
    build_indexes(indexed)
    path = tmp_path / "indexed.snapshot"
    save_snapshot(indexed, path, KEY)
    loaded = load_snapshot(path, KEY, data_version=indexed.version)
    for text in ("Stallin", "obregon", "st", "beirut explosion"):
        assert search(loaded, text, first=20) == search(indexed, text, first=20), text
    assert search_index(loaded).words.postings.flags.writeable is False  # read-only, as loaded


def test_header_says_what_is_inside(tiny: KnowledgeGraph, snapshot: Path) -> None:
    header = read_header(snapshot)
    _, content = _parts(snapshot)
    assert header == {
        "format": FORMAT,
        "code": code_version(),
        "key_id": key_id(KEY),
        "content_length": len(content),
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "data_version": tiny.version,
        "counts": tiny.counts(),
    }


REFUSALS = [
    # Another layout of the file itself (told before the signature: it may use another one).
    pytest.param({"format": 2}, None, "is snapshot format 2, this Clio reads 3", id="other-format"),
    # Written before a change to the store, models, dates or text: the pickled objects may not fit.
    pytest.param({"code": "0123456789ab"}, None, "was written by other code (0123456789ab", id="other-code"),
    # A header that names other content than the file holds.
    pytest.param(
        {"content_sha256": "00" * 32}, None, "does not hold the content its header names", id="hash"
    ),
    # The caller expects the data of a given version.
    pytest.param({}, "feedfacecafe", "holds data version", id="other-data"),
]


@pytest.mark.parametrize(("changes", "expected_version", "message"), REFUSALS)
def test_a_signed_snapshot_of_another_version_is_refused_with_a_way_out(
    snapshot: Path, changes: dict[str, object], expected_version: str | None, message: str
) -> None:
    header, content = _parts(snapshot)
    _signed(snapshot, content, **{**header, **changes})
    with pytest.raises(SnapshotError, match="rebuild it with `clio snapshot DATA_DIR FILE`") as raised:
        load_snapshot(snapshot, KEY, data_version=expected_version)
    assert message in str(raised.value)


def test_a_snapshot_signed_with_another_key_is_refused_naming_both_keys(snapshot: Path) -> None:
    with pytest.raises(SnapshotError) as raised:
        load_snapshot(snapshot, OTHER_KEY)
    assert f"was signed with another key (key id {key_id(KEY)}, this key's id is {key_id(OTHER_KEY)})" in str(
        raised.value
    )


def test_a_header_claiming_this_key_does_not_pass_without_it(snapshot: Path) -> None:
    header, content = _parts(snapshot)
    _signed(snapshot, content, key=OTHER_KEY, **{**header, "key_id": key_id(KEY)})
    with pytest.raises(SnapshotError, match="failed its integrity check"):
        load_snapshot(snapshot, KEY)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1, exclude_max=True), flip=st.integers(1, 255))
def test_any_flipped_byte_is_refused(tiny_bytes: bytes, tmp_path: Path, where: float, flip: int) -> None:
    damaged = bytearray(tiny_bytes)
    offset = int(where * len(damaged))
    damaged[offset] ^= flip
    path = tmp_path / "flipped.snapshot"
    path.write_bytes(damaged)
    with pytest.raises(SnapshotError):
        load_snapshot(path, KEY)


# Where a byte sits, from the end of the header line (h) and the file's size (n).
PARTS = {
    "magic": lambda h, n: 0,
    "header": lambda h, n: h // 2,
    "header-end": lambda h, n: h,
    "mac": lambda h, n: h + 3,
    "mac-end": lambda h, n: h + 65,
    "content-first": lambda h, n: h + 66,
    "content-last": lambda h, n: n - 1,
}


@pytest.mark.parametrize("part", PARTS)
def test_a_flipped_byte_in_each_part_is_refused(tiny_bytes: bytes, tmp_path: Path, part: str) -> None:
    damaged = bytearray(tiny_bytes)
    damaged[PARTS[part](tiny_bytes.index(b"\n"), len(tiny_bytes))] ^= 0x01
    path = tmp_path / "flipped.snapshot"
    path.write_bytes(damaged)
    with pytest.raises(SnapshotError):
        load_snapshot(path, KEY)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.floats(0, 1, exclude_max=True))
def test_a_truncated_snapshot_is_refused(tiny_bytes: bytes, tmp_path: Path, keep: float) -> None:
    path = tmp_path / "truncated.snapshot"
    path.write_bytes(tiny_bytes[: int(keep * len(tiny_bytes))])
    with pytest.raises(SnapshotError):
        load_snapshot(path, KEY)


def test_truncation_after_the_header_is_named(snapshot: Path) -> None:
    data = snapshot.read_bytes()
    snapshot.write_bytes(data[:-1000])
    with pytest.raises(
        SnapshotError, match=f"is truncated: {len(data) - 1000:,} bytes, its header promises {len(data):,}"
    ):
        load_snapshot(snapshot, KEY)


class _WritesMarker:
    """What an attacker pickles: unpickling it would run a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


class _CallsOurWriter:
    """A function of Clio's own that writes files: not a class, so not loadable either."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, ...]:
        from graph.importers.writer import write_directory

        return (write_directory, (self.target, {}, {}))


def test_a_crafted_pickle_without_the_key_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    path = tmp_path / "crafted.snapshot"
    _signed(path, pickle.dumps(_WritesMarker(marker)), key=OTHER_KEY)
    with pytest.raises(SnapshotError, match="another key"):
        load_snapshot(path, KEY)
    # Even a header forged to name this key's id fails the HMAC before unpickling.
    _signed(path, pickle.dumps(_WritesMarker(marker)), key=OTHER_KEY, key_id=key_id(KEY))
    with pytest.raises(SnapshotError, match="failed its integrity check"):
        load_snapshot(path, KEY)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        pytest.param(_WritesMarker, "posix.system", id="os.system"),
        pytest.param(_CallsOurWriter, "graph.importers.writer.write_directory", id="own-function"),
    ],
)
def test_a_crafted_pickle_signed_with_a_leaked_key_still_never_runs(
    tmp_path: Path, payload: type, named: str
) -> None:
    marker = tmp_path / "marker"
    path = tmp_path / "crafted.snapshot"
    _signed(path, pickle.dumps(payload(marker)))
    with pytest.raises(SnapshotError, match=f"names {named}, which a snapshot may not hold"):
        load_snapshot(path, KEY)
    assert not marker.exists()


def test_a_file_that_is_no_snapshot_is_refused_before_unpickling(tmp_path: Path) -> None:
    path = tmp_path / "notes.pickle"
    path.write_bytes(b"\x80\x05N.")  # a valid pickle, but no header: never unpickled
    with pytest.raises(SnapshotError, match="is not a Clio snapshot"):
        load_snapshot(path, KEY)


@pytest.mark.parametrize(
    ("module", "changes_the_code"),
    [
        # fold() keys the name index: a change must make old snapshots unreadable.
        pytest.param("text.py", True, id="text"),
        # An index built at load and stored in the graph's memo.
        pytest.param("queries/search.py", True, id="queries"),
        pytest.param("store.py", True, id="store"),
        # The importers write data directories, never snapshots.
        pytest.param("importers/writer.py", False, id="importers"),
    ],
)
def test_the_code_fingerprint_covers_every_module_whose_output_is_stored(
    tmp_path: Path, module: str, changes_the_code: bool
) -> None:
    package = tmp_path / "graph"
    shutil.copytree(GRAPH_PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_version(package) == code_version()
    with (package / module).open("a") as source:
        source.write("\n# one more line\n")
    assert (code_version(package) != code_version()) is changes_the_code


def test_clio_snapshot_command_writes_a_loadable_file(
    tiny: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLIO_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "tiny.snapshot"
    assert main(["snapshot", str(TINY), str(path)]) == 0
    key = snapshot_key(Settings.from_env())
    assert key.source == str(tmp_path / "state" / "snapshot.key")
    out = capsys.readouterr().out
    assert f"snapshot of data version {tiny.version}" in out
    assert f"signed with key {key_id(key.secret)} from {key.source}" in out
    assert load_snapshot(path, key.secret).counts() == tiny.counts()


def test_clio_snapshot_stores_every_index_so_a_server_builds_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At a million events the indexes take minutes to build and seconds to unpickle: a
    # server started from a snapshot must find every one of them in the file.
    monkeypatch.setenv("CLIO_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "tiny.snapshot"
    assert main(["snapshot", str(TINY), str(path)]) == 0
    kg = load_snapshot(path, snapshot_key(Settings.from_env()).secret)
    assert kg._texts is not None
    built: list[str] = []
    memo = KnowledgeGraph.memo

    def watched(self: KnowledgeGraph, name: str, build: object) -> object:
        if name not in self._memo:
            built.append(name)
        return memo(self, name, build)  # type: ignore[arg-type]

    monkeypatch.setattr(KnowledgeGraph, "memo", watched)
    build_indexes(kg)
    assert built == []
    # And the check can fail: a graph loaded from its data builds them all here.
    build_indexes(load_graph(TINY))
    assert {"search", "text index", "postings", "paths.hops"} <= set(built)


def test_clio_serve_accepts_a_snapshot() -> None:
    from clio.cli import build_parser

    args = build_parser().parse_args(["serve", "--snapshot", "graph.snapshot"])
    assert args.snapshot == Path("graph.snapshot")


def test_a_missing_file_or_directory_is_refused_in_words(tiny: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match=r"nope.snapshot: cannot be read \(No such file or directory\)"):
        load_snapshot(tmp_path / "nope.snapshot", KEY)
    with pytest.raises(SnapshotError, match=r"cannot be read \(Is a directory\)"):
        load_snapshot(tmp_path, KEY)
    with pytest.raises(SnapshotError, match=r"cannot be written \(No such file or directory"):
        save_snapshot(tiny, tmp_path / "no" / "such" / "dir.snapshot", KEY)
