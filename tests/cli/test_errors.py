"""Every file-system or port mistake: exit code 1 and one line on stderr naming the path and why.

These run the installed ``clio`` command in a subprocess, as a user types it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, TEST_DATA

CLIO = str(Path(sys.executable).with_name("clio"))
TINY = TEST_DATA / "tiny"


def clio(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLIO, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        # A snapshot that is not there: refused before the port is taken or anything loads.
        (["serve", "--snapshot", "missing.snap"], "clio serve: the snapshot missing.snap does not exist"),
        (["serve", "--data", "nowhere"], "clio serve: the data directory nowhere does not exist"),
        (
            ["export", "graphml", "--data", str(TINY), "--out", "missing/dir/x.graphml"],
            "clio export: cannot write the graphml export missing/dir/x.graphml: "
            "the directory missing/dir does not exist",
        ),
        (
            ["snapshot", str(TINY), "missing/g.snap"],
            "clio snapshot: cannot write the snapshot missing/g.snap: the directory missing does not exist",
        ),
        (["validate", "nowhere"], "clio validate: the data directory nowhere does not exist"),
        (
            ["import", "canonical", "nowhere", "--out", "graph"],
            "clio import: the canonical source nowhere does not exist",
        ),
    ],
    ids=[
        "serve-snapshot",
        "serve-data",
        "export-out",
        "snapshot-file",
        "validate-dir",
        "import-source",
    ],
)
def test_a_missing_path_is_one_line_naming_it_and_exit_1(args: list[str], line: str, tmp_path: Path) -> None:
    done = clio(*args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, line + "\n")
    assert list(tmp_path.iterdir()) == []


def test_import_makes_its_output_directory_and_its_parents(tmp_path: Path) -> None:
    # As docs/importing.md's `--out build/graph` does in a fresh clone, which has no build/.
    done = clio("import", "canonical", str(TINY), "--out", "build/graph", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "build" / "graph" / "events.jsonl").is_file()


def test_an_import_output_under_a_file_is_one_line_naming_it(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a directory")
    done = clio("import", "canonical", str(TINY), "--out", "afile/graph", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("clio import: cannot write the import output afile/graph: ")
    assert done.stderr.count("\n") == 1


def test_a_busy_port_fails_before_loading_or_printing_the_url(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = clio("serve", "--port", str(port), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        f"clio serve: cannot listen on 127.0.0.1:{port}: address already in use\n",
    )


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_a_port_out_of_range_is_refused_not_wrapped(port: str, tmp_path: Path) -> None:
    done = clio("serve", "--port", port, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        f"clio serve: cannot listen on 127.0.0.1:{port}: a port is a number from 0 to 65535\n",
    )


def test_a_bad_setting_is_one_line_and_exit_1(tmp_path: Path) -> None:
    done = subprocess.run(
        [CLIO, "serve"], cwd=tmp_path, capture_output=True, text=True, timeout=60, env={"CLIO_PORT": "eighty"}
    )
    assert (done.returncode, done.stderr) == (
        1,
        "clio serve: CLIO_PORT must be a whole number, got 'eighty'\n",
    )


def test_a_wrong_command_line_is_argparse_usage_and_exit_2(tmp_path: Path) -> None:
    done = clio("serve", "--port", "http", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "clio serve: error: argument --port: invalid int value: 'http'"


def test_bad_data_exits_1_listing_every_problem(tmp_path: Path) -> None:
    done = clio(
        "validate", str(REPO / "tests" / "data" / "importers" / "canonical" / "missing-ref"), cwd=tmp_path
    )
    assert done.returncode == 1
    assert "field 'people.0': refers to 'person:nobody'" in done.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--data", "nowhere"], "clio serve: the data directory nowhere does not exist"),
        (["--snapshot", "missing.snap"], "clio serve: the snapshot missing.snap does not exist"),
    ],
    ids=["data", "snapshot"],
)
def test_a_missing_path_is_named_though_the_port_is_busy(args: list[str], line: str, tmp_path: Path) -> None:
    # The missing path is checked before the port is taken, so a busy port cannot hide it.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = clio("serve", "--port", port, *args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, line + "\n")
