"""A fork server for the crash test: ``clio serve`` started again in a fraction of a second.

Starting ``python -m clio serve`` on the tiny data spends nearly all its time importing
(FastAPI, Strawberry, graphql-core…: 3–4 s on a loaded 2-core machine) and none of it in the
store, which is what a crash test restarts to check. This process imports the command line
once, then for every line it reads on stdin (JSON: ``{"argv": […], "env": {…}, "log": path}``)
forks a child that runs ``clio.cli.main(argv)`` exactly as ``python -m clio`` would, and
answers the child's pid. The child opens the store itself (this process never opens one),
starts its own session, so the test kills it and its forked worker together with one
``killpg(SIGKILL)``, and writes its stdout and stderr to ``log``.

Run as ``python -m tests.state.forkserver``; it ends when its stdin closes.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import traceback

# What `clio serve` imports, imported once here for every child to inherit.
import clio.app
import clio.cli.serve
import clio.prefork
import clio.server
import clio.state.postgres
import clio.state.sqlite
from clio.cli import main
from schema import build_schema

_PRELOADED = (clio.app, clio.cli.serve, clio.prefork, clio.server, clio.state.sqlite, clio.state.postgres)
# The limits' types, built from the schema's SDL once here (`schema.limits.guard.types_of`):
# every child's app then finds them built instead of parsing the SDL again.
build_schema()


def _child(argv: list[str], env: dict[str, str], log: str) -> int:
    os.setsid()  # its own process group: one killpg reaches the server and its worker
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the server supervises its worker by SIGCHLD
    output = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.environ.update(env)
    try:
        return main(argv)
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def serve_forever() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            os._exit(_child(request["argv"], request["env"], request["log"]))
        print(pid, flush=True)


if __name__ == "__main__":
    serve_forever()
