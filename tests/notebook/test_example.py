"""The notebook tour in examples/ runs, and tells what it promises."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_notebook_tour_runs_on_the_bundled_data() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "error", str(REPO / "examples" / "notebook_tour.py")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Joseph Stalin (person:joseph-stalin)"
    assert (
        "Path of 2 hops: Joseph Stalin, involved in Establishment of Mexico-Soviet Diplomatic Relations, "
        "same day as Massive Explosion at Beirut Port Kills Hundreds"
    ) in lines
    assert lines[-1].startswith("Events per decade: ")
