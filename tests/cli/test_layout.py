"""The command line is one package with no import cycle: command modules never import the package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from clio.cli import COMMANDS
from tests.conftest import REPO

MODULES = sorted((REPO / "clio" / "cli").glob("*.py"))


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__init__.py"], ids=lambda p: p.stem)
def test_a_command_module_imports_helpers_never_the_package(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    ]
    assert "clio.cli" not in imported


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_each_module_imports_first_in_a_fresh_interpreter(path: Path) -> None:
    module = "clio.cli" if path.stem == "__init__" else f"clio.cli.{path.stem}"
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_every_command_module_is_registered() -> None:
    helpers = {"__init__", "failure", "loading"}
    assert {m.__name__.rsplit(".", 1)[1] for m in COMMANDS} == {p.stem for p in MODULES} - helpers
