"""The `clio` command lines of docs/notebook.md run as written, on the bundled data.

Each is run from an empty directory with ``.venv/bin/clio`` standing for this venv's
``clio``, so the files they write land there and the checkout stays clean.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_errors import CLIO
from tests.conftest import REPO


def commands(doc: str, program: str) -> list[pytest.ParameterSet]:
    text = (REPO / doc).read_text(encoding="utf-8")
    lines = [
        line
        for block in re.findall(r"```(?:bash|console)\n(.*?)```", text, re.S)
        for line in block.splitlines()
    ]
    return [
        pytest.param(shlex.split(line, comments=True), id=" ".join(line.split()[1:3]))
        for line in lines
        if line.startswith(program)
    ]


EXPORTS = commands("docs/notebook.md", ".venv/bin/clio export")


def test_the_guide_has_its_three_exports() -> None:
    assert len(EXPORTS) == 3


@pytest.mark.parametrize("args", EXPORTS)
def test_export_commands_of_the_notebook_guide_run_as_written(args: list[str], tmp_path: Path) -> None:
    done = subprocess.run([CLIO, *args[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = tmp_path / args[args.index("--out") + 1]
    assert out.stat().st_size > 0
