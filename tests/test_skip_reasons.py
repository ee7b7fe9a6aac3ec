"""The run fails on a skip without a reason, and passes one with a reason (shown by -rs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CASES = """
import pytest

def test_skipped_by_call_without_reason():
    pytest.skip()

@pytest.mark.skip
def test_skipped_by_mark_without_reason():
    pass

def test_skipped_with_reason():
    pytest.skip(reason="the shared data sets are not here")

@pytest.mark.skipif(True, reason="only on Windows")
def test_skipped_if_with_reason():
    pass

@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_failure():
    assert False
"""


def test_a_skip_without_a_reason_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_cases.py").write_text(CASES)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.skip_reasons",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            str(tmp_path / "test_cases.py"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 1, done.stdout
    # A skip mark acts at set-up, so pytest counts its failure as an error.
    summary = done.stdout.splitlines()[-1]
    assert summary.startswith("1 failed, 2 skipped, 1 xfailed, 1 error"), done.stdout
    assert "test_skipped_by_call_without_reason was skipped without a reason" in done.stdout
    assert "test_skipped_by_mark_without_reason was skipped without a reason" in done.stdout
    assert "SKIPPED [1] " in done.stdout and "the shared data sets are not here" in done.stdout


@pytest.mark.parametrize("command", ["make test"], ids=["make-test"])
def test_ci_runs_the_test_command_the_readme_gives(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n{command} " in readme and f"\n{command}\n" in ci
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pytest -q -rs" in recipe
