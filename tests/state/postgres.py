"""A throw-away PostgreSQL server for the store's tests: Debian's binaries, a temp dir, a free port.

``initdb`` refuses to run as root, so as root the cluster belongs to ``postgres`` and every
command runs through ``runuser -u postgres --``; as another user, it runs as that user. The
server listens on a Unix socket in its own directory and on a free local port; it is stopped
(and its directory removed) when the test session ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count

from tests.http.live import free_port

_numbers = count(1)


@dataclass(frozen=True, slots=True)
class Cluster:
    directory: str
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database's URL."""
        import psycopg

        name = f"clio_test_{os.getpid()}_{next(_numbers)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def why_not_available() -> str | None:
    """Why no server can be started here (None when one can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg 3 is not installed (the dev extra installs it)"
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return "Debian's postgresql is not installed (make test installs it when run as root)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser, and initdb refuses to run as root"
    return None


@contextmanager
def cluster() -> Iterator[Cluster]:
    bin_dir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    directory = tempfile.mkdtemp(prefix="clio-pg-")
    as_owner: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    os.chmod(directory, 0o755)
    data, port = os.path.join(directory, "data"), free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_owner, *command], check=True, capture_output=True, timeout=120, cwd=directory)

    run(f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-k {directory} -p {port} -c listen_addresses=127.0.0.1 -c fsync=on"
    run(f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-l", os.path.join(directory, "log"), "-w", "start")
    try:
        yield Cluster(directory, port)
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(directory, ignore_errors=True)
