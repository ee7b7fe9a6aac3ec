"""The committed schema.graphql is the contract the frontend builds on: it must match `clio schema`."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_committed_sdl_matches_clio_schema() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "clio", "schema"], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    committed = (REPO / "schema.graphql").read_text(encoding="utf-8")
    assert printed == committed, "schema changed: run `clio schema > schema.graphql` and review the diff"
