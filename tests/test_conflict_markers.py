"""No tracked file keeps a merge's conflict markers (one once sat in the importing guide)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO

MARKERS = ("<" * 7 + " ", "=" * 7, ">" * 7 + " ")


def test_no_tracked_file_holds_conflict_markers() -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: there is no list of tracked files to read")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    found = []
    for name in filter(None, tracked):
        path = REPO / name.decode()
        if not path.is_file() or path.suffix in {".png", ".snap"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.startswith(MARKERS[0]) or line == MARKERS[1] or line.startswith(MARKERS[2]):
                found.append(f"{name.decode()}:{number}")
    assert found == []
