"""The import writer swaps its output in whole and durably: never missing, never half-written."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from graph.importers.writer import FILE_NAMES, write_directory

EXPECTED = sorted([*FILE_NAMES.values(), "import-report.json"])


def _records(round_: int) -> dict[str, list[dict[str, object]]]:
    # Big enough that writing takes a while, different every round.
    return {"tag": [{"id": f"tag:t{round_}-{i:05d}", "name": f"Tag {round_} {i}"} for i in range(3000)]}


def test_a_reader_sees_the_old_tree_or_the_new_one_and_never_nothing(tmp_path: Path) -> None:
    out = tmp_path / "graph"
    write_directory(out, _records(0), {"import-report.json": "0"})
    problems: list[str] = []
    reads = 0
    done = threading.Event()

    def read() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                names = sorted(os.listdir(out))
                report = (out / "import-report.json").read_text()
                tags = (out / "tags.jsonl").read_text().splitlines()
            except FileNotFoundError as error:
                problems.append(f"missing: {error.filename}")
                continue
            reads += 1
            if names != EXPECTED:
                problems.append(f"files {names}")
            # Each file is whole: 3000 lines of one round (the pair may straddle a swap).
            rounds = {line.split('"tag:t', 1)[1].split("-", 1)[0] for line in tags}
            if len(tags) != 3000 or len(rounds) != 1:
                problems.append(f"tags.jsonl of round(s) {rounds} with {len(tags)} lines (report {report})")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(1, 25):
            write_directory(out, _records(round_), {"import-report.json": str(round_)})
    finally:
        done.set()
        reader.join()
    assert problems == []
    assert reads > 0
    assert (out / "import-report.json").read_text() == "24"
    # No staging trees left beside it; only the one previous tree, kept for readers mid-swap.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".graph.previous", "graph"]


@pytest.mark.parametrize("existing", [False, True], ids=["first-import", "re-import"])
def test_every_file_the_directory_and_its_parent_are_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    out = tmp_path / "graph"
    if existing:
        write_directory(out, _records(0), {"import-report.json": "0"})
    synced: set[int] = set()
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.add(os.fstat(fd).st_ino)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    write_directory(out, _records(1), {"import-report.json": "1"})
    must = {p.name: p.stat().st_ino for p in [*out.iterdir(), out, tmp_path]}
    assert {name for name, inode in must.items() if inode not in synced} == set()
