"""`pip install .` as a container image does it: a wheel, installed away from the checkout.

The wheel is built from a copy of the checkout's sources and installed into a fresh venv
under a temporary directory, which is also the working directory, so nothing of the
checkout can be imported by accident. Its dependencies come from the test venv through a
``.pth`` line (a plain path, so the test venv's own editable install is not activated),
which keeps the test offline and quick.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.web import CANONICAL_QUERY, NODE_MODULES, VENDOR_FILES
from tests.cli.process import free_port, graphql_get, serving
from tests.conftest import REPO, TEST_DATA, graphql

SEED_PAGE = TEST_DATA / "seed" / "august-4-1924.txt"

# What the build needs and nothing else: tests, benchmarks and node_modules stay behind.
_NOT_SOURCES = shutil.ignore_patterns(
    ".*", "build", "dist", "*.egg-info", "__pycache__", "tests", "bench", "web", "examples", "docs"
)


@dataclass(frozen=True, slots=True)
class Installed:
    root: Path  # the temporary directory: venv, working directory and outputs
    bin: Path
    packages: tuple[Path, ...]  # graph, schema and clio in the installed wheel's site-packages
    wheel: Path


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCES)
    # The browser files the build hook (setup.py) puts in the wheel, without all of node_modules.
    for relative in VENDOR_FILES.values():
        copied = source / "web" / "node_modules" / relative
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / relative, copied)
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(root),
            ".",
        ],
        cwd=source,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = root.glob("clio_history-*.whl")

    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installing = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        cwd=root,
    )
    assert installing.returncode == 0, installing.stderr
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], root)
    site_packages = Path(purelib.stdout.strip())
    (site_packages / "test-venv-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    shutil.rmtree(source)
    yield Installed(root, venv / "bin", tuple(site_packages / p for p in ("graph", "schema", "clio")), wheel)


def _files(packages: tuple[Path, ...]) -> dict[str, tuple[int, int]]:
    # Bytecode is Python's own cache (pip compiles it at install time); everything else counts.
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for package in packages
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_build_hook_copies_the_files_the_server_serves() -> None:
    # setup.py runs setup() when imported, so its table is read as a literal.
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    (table,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "VENDOR_FILES" for t in node.targets)
    ]
    assert ast.literal_eval(table) == VENDOR_FILES


def test_the_wheel_holds_every_module_and_the_bundled_data(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    tracked = subprocess.run(
        ["git", "ls-files", "graph", "schema", "clio", "data"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # data/ is the package data graph/data; everything else keeps its path.
    expected = {"graph/" + path if path.startswith("data/") else path for path in tracked}
    assert expected - names == set()
    # The pages' templates are tracked files (clio/pages/templates); no other templates ship.
    assert {name for name in names if "templates" in name} <= expected


def test_the_installed_clio_serves_validates_and_imports_the_bundled_data(
    installed: Installed, client: TestClient
) -> None:
    before = _files(installed.packages)
    where = _run(
        [
            str(installed.bin / "python"),
            "-c",
            "import clio.settings as s; print(s.__file__); print(s.BUNDLED_DATA)",
        ],
        installed.root,
    )
    module, data = where.stdout.split()
    graph_package, _, clio_package = installed.packages
    assert Path(module).is_relative_to(clio_package), "the checkout was imported, not the wheel"
    assert Path(data) == graph_package / "data"

    with serving([str(installed.bin / "clio"), "serve"], free_port(), installed.root) as base:
        answer = graphql_get(base, CANONICAL_QUERY)
        page = urllib.request.urlopen(
            urllib.request.Request(f"{base}/graphql", headers={"Accept": "text/html"})
        )
        script = urllib.request.urlopen(f"{base}/vendor/graphiql.js")
        explorer = urllib.request.urlopen(f"{base}/explore")
    # GraphiQL and the explorer, from the browser files inside the wheel.
    assert (page.status, script.status, explorer.status) == (200, 200, 200)
    assert "/vendor/graphiql.js" in page.read().decode()
    assert answer == graphql(client, CANONICAL_QUERY)
    assert answer["data"]["person"]["name"] == "Joseph Stalin"

    validated = _run([str(installed.bin / "clio"), "validate"], installed.root)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith(f"{data}: valid (")

    imported = _run(
        [str(installed.bin / "clio"), "import", "canonical", data, "--out", "imported", "--quiet"],
        installed.root,
    )
    assert imported.returncode == 0, imported.stderr
    revalidated = _run([str(installed.bin / "clio"), "validate", "imported"], installed.root)
    assert revalidated.returncode == 0, revalidated.stderr

    # The seed page names categories only by their labels: the importer reads the bundled ones.
    seeded = _run(
        [str(installed.bin / "clio"), "import", "seed", str(SEED_PAGE), "--out", "seeded", "--quiet"],
        installed.root,
    )
    assert seeded.returncode == 0, seeded.stderr
    assert "Imported: category 14" in seeded.stdout

    assert _files(installed.packages) == before, "something was written inside the installed package"
