"""A new query limit with its own code is one row of the limits table and the regenerated docs.

The project is copied (its tracked files), a limit on fragment definitions is added to the
copy's ``schema/limits/table.py`` the way a maintainer would write it, with a code no other
file names, and the settings page is regenerated. Then, in the copy: exactly those two files
differ, the limit is read from ``CLIO_MAX_FRAGMENTS``, a query over it is refused over HTTP
with the new code, the code is an ``ErrorCode`` member counted as a limit in ``/metrics``,
and ``docs/settings.md`` documents it. ``docs/maintaining.md`` lists these files.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

NEW_ROW = """
    Limit(
        "fragments",
        "max_fragments",
        10,
        "TOO_MANY_FRAGMENTS",
        "a query may define at most {limit} fragments, this one defines {value}",
        doc="Fragment definitions per query.",
        measured=lambda _found, document: sum(
            isinstance(definition, FragmentDefinitionNode) for definition in document.definitions
        ),
    ),
"""

# Runs in the copy: everything a client, an operator and a reader of the docs would see.
CHECK = r"""
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
import schema
assert Path(schema.__file__).resolve().is_relative_to(Path.cwd().resolve()), schema.__file__
from clio.app import create_app
from clio.settings import Settings
from graph.loader import load_graph
from schema.codes import LIMIT_CODES, ErrorCode

settings = Settings.from_env({"CLIO_MAX_FRAGMENTS": "2", "CLIO_LOG_REQUESTS": "false"})
fragments = " ".join(f"fragment F{i} on Person {{ name }}" for i in range(3))
query = '{ person(id: "person:joseph-stalin") { ...F0 ...F1 ...F2 } } ' + fragments
with TestClient(create_app(settings, load_graph("tests/data/tiny"))) as client:
    refused = client.post("/graphql", json={"query": query}).json()
    two = client.post("/graphql", json={"query": query.replace("...F2 ", "").split(" fragment F2")[0]}).json()
    metrics = client.get("/metrics").text
print(json.dumps({
    "setting": settings.limit("max_fragments"),
    "refused": refused,
    "two": two,
    "member": ErrorCode("TOO_MANY_FRAGMENTS").name,
    "limit_code": "TOO_MANY_FRAGMENTS" in LIMIT_CODES,
    "metrics": [line for line in metrics.splitlines() if "TOO_MANY_FRAGMENTS" in line],
}))
"""


def _tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A pristine copy of the project and a copy with the new limit, its docs regenerated."""
    pristine, changed = tmp_path_factory.mktemp("pristine"), tmp_path_factory.mktemp("changed")
    for name in _tracked_files():
        if name.startswith(("web/", "data/", "audit/")) or name.endswith((".png", ".jsonl.gz")):
            continue  # not read by the server or the docs generator; keeps the copy small
        for root in (pristine, changed):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    table = changed / "schema" / "limits" / "table.py"
    text = table.read_text(encoding="utf-8")
    text = text.replace(
        "from graphql import DocumentNode", "from graphql import DocumentNode, FragmentDefinitionNode"
    )
    end = text.index("\n)\n\nBY_NAME")
    table.write_text(text[:end] + NEW_ROW.rstrip("\n") + text[end:], encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "schema.limits.document"],
        cwd=changed,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return pristine, changed


def _changed_files(pristine: Path, changed: Path) -> set[str]:
    names = {
        str(p.relative_to(changed))
        for p in changed.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    return {name for name in names if not filecmp.cmp(pristine / name, changed / name, shallow=False)}


def test_a_new_limit_changes_the_table_and_the_regenerated_settings_page_only(
    project: tuple[Path, Path],
) -> None:
    assert _changed_files(*project) == {"schema/limits/table.py", "docs/settings.md"}


def test_a_new_limit_is_enforced_read_from_its_variable_coded_and_counted(project: tuple[Path, Path]) -> None:
    _, changed = project
    ran = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=changed, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout.splitlines()[-1])
    assert seen["setting"] == 2
    [error] = seen["refused"]["errors"]
    assert error["message"] == "a query may define at most 2 fragments, this one defines 3"
    assert error["extensions"] == {
        "code": "TOO_MANY_FRAGMENTS",
        "limit": "fragments",
        "maximum": 2,
        "actual": 3,
    }
    assert seen["two"] == {"data": {"person": {"name": "Joseph Stalin"}}}
    assert seen["member"] == "TOO_MANY_FRAGMENTS"
    assert seen["limit_code"] is True
    assert any(line.startswith("clio_refusals_total") and line.endswith(" 1.0") for line in seen["metrics"])


def test_a_new_limit_is_documented_with_its_variable_default_and_code(project: tuple[Path, Path]) -> None:
    _, changed = project
    page = (changed / "docs" / "settings.md").read_text(encoding="utf-8")
    assert "| `CLIO_MAX_FRAGMENTS` | `10` | Fragment definitions per query. `TOO_MANY_FRAGMENTS`. |" in page
    check = subprocess.run(
        [sys.executable, "-m", "schema.limits.document", "--check"],
        cwd=changed,
        capture_output=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr
