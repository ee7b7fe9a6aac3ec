"""The full import that ``make audit`` builds into ``build/audit``, served as a client would meet it.

Tests that read it skip, saying how to build it, where it is absent.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.importers.pipeline import SourceSpec, run_import
from graph.importers.report import ImportReport
from graph.loader import load_graph

REPO = Path(__file__).resolve().parents[1]
FULL_IMPORT = REPO / "build" / "audit"
# Imports made by tests, each in a directory named by the hash of what it was made from.
TEST_IMPORTS = REPO / "build" / "test-imports"


def full_import_client() -> Iterator[TestClient]:
    """The real app over the full import (loading it takes about 15 s); a fixture's body."""
    if not (FULL_IMPORT / "events.jsonl").is_file():
        pytest.skip(
            f"the full import is not built at {FULL_IMPORT}: `make audit` builds it from ../shared/datasets"
        )
    with TestClient(create_app(Settings.from_env({}), load_graph(FULL_IMPORT))) as client:
        yield client


def _inputs_hash(specs: Sequence[SourceSpec]) -> str:
    """A hash of every file the import reads and of the code that reads them (all of ``graph/``)."""
    digest = hashlib.sha256()
    roots = [(spec.format, path) for spec in specs for path in spec.paths] + [("code", REPO / "graph")]
    for name, root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files if root.is_dir() else [root]:
            digest.update(f"{name}\0{path.relative_to(root.parent).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def cached_import(specs: Sequence[SourceSpec]) -> tuple[Path, ImportReport]:
    """``run_import(specs)``'s output directory and report, imported once per state of its inputs.

    The full import takes a minute or more; a rerun with the same data sets and the same
    ``graph/`` (any change there imports again) reads what the last run wrote to
    ``build/test-imports/<hash>``. A run publishes its import by renaming a finished directory,
    so a run stopped halfway, or two at once (pytest-xdist), never leave half of one; older
    imports are removed then.
    """
    key = _inputs_hash(specs)
    done = TEST_IMPORTS / key
    if not (done / "report.pickle").is_file():
        TEST_IMPORTS.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".importing-", dir=TEST_IMPORTS))
        (work / "report.pickle").write_bytes(pickle.dumps(run_import(specs, work / "graph")))
        try:
            work.rename(done)
        except OSError:  # another run published the same import first: keep that one
            shutil.rmtree(work, ignore_errors=True)
        for old in TEST_IMPORTS.iterdir():
            if old.name != done.name and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    report: ImportReport = pickle.loads((done / "report.pickle").read_bytes())
    return done / "graph", report
