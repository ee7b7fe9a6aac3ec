"""Serve one loaded graph from several processes: load once, bind once, fork N uvicorn workers.

One Python process answers one request at a time per core at best, and a costly query
holds the GIL from everyone else. Workers are separate processes, so a slow client
occupies one of them, not the server. They are forked *after* the graph is loaded and
frozen (`gc.freeze`), so its pages are shared copy-on-write: each worker is a full replica
that may later change its own graph, but costs only the pages it writes (see `clio.memory`).
uvicorn's own ``--workers`` starts fresh interpreters that would each load the graph again.

The parent does no serving. Given the bound socket, it forks the workers (each runs
uvicorn on the inherited socket; the kernel hands each connection to one of them), forks
a new worker when one dies, and on SIGTERM or SIGINT asks the workers to stop, waits for
them to finish their requests, and exits. A worker whose parent is killed outright
gets SIGTERM from the kernel (``PR_SET_PDEATHSIG``), so none is left holding the port.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

# Imported here, in the parent, so that the workers share its modules instead of each
# importing (and holding) a copy after the fork.
import uvicorn

from clio.heap import fill_free_blocks
from graph.record_table import forget_decoded_records

WORKER_HEADER = b"x-clio-worker"
#: How long workers get to finish their requests after SIGTERM before they are killed.
GRACE_SECONDS = 10.0
# A worker that dies this soon after its fork died starting (a forked worker has nothing
# to load, so start-up takes milliseconds); it is replaced only after `_PAUSE`, so a worker
# that cannot start does not turn the parent into a fork loop.
_STARTUP_WINDOW = 5.0
_PAUSE = 1.0
#: Workers in a row that die starting before the server gives up: they cannot start at all
#: (a broken lifespan, a missing module), and an init system should hear of it.
GIVE_UP_AFTER = 5
_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGCHLD}
_PR_SET_PDEATHSIG = 1

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class WorkerHeader:
    """Names the process that answered (``X-Clio-Worker: <pid>``), to trace a reply to its worker."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Read per answer: this object is built before the fork and shared by every worker.
        worker = (WORKER_HEADER, str(os.getpid()).encode())

        async def send_named(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), worker]}
            await send(message)

        await self.app(scope, receive, send_named)


def serve(app: ASGIApp, sock: socket.socket, workers: int, **uvicorn_options: Any) -> int:
    """Fork ``workers`` uvicorn servers on ``sock`` and keep that many running until told to stop.

    Call it with the graph loaded and the app built: whatever exists now is shared by the
    workers. Anything that starts a thread belongs in the app's lifespan, which runs in
    each worker (threads do not survive a fork).

    Returns:
        The exit status for the command: 0 after a clean stop, 1 when workers kept dying
        as soon as they started (`GIVE_UP_AFTER` in a row).
    """
    config = uvicorn.Config(WorkerHeader(app), **uvicorn_options)
    # Import the protocol and event loop modules once, here, for every worker to share.
    config.load()
    config.get_loop_factory()
    # The last allocations and frees before the fork: after them, no hole is left in the
    # parent's heap for a worker's own objects to fall into (`clio.heap`).
    forget_decoded_records()
    gc.collect()
    fill_free_blocks()
    # Everything built so far lives as long as the server: keep the workers' collectors
    # from walking (and so writing to, and so copying) the shared objects.
    gc.freeze()
    others = [thread.name for thread in threading.enumerate() if thread is not threading.main_thread()]
    if others:
        # A lock held by one of them at the fork stays locked forever in every worker.
        print(f"clio: threads running before the fork, absent in the workers: {others}", file=sys.stderr)
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    children: dict[int, float] = {}  # pid -> start time
    try:
        for _ in range(workers):
            _start(children, config, sock)
        told_to_stop = _supervise(children, config, sock)
    finally:
        # Also when a fork fails: no worker outlives the parent's decision to stop.
        _stop(children)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        sock.close()
    if not told_to_stop:
        print(f"clio: {GIVE_UP_AFTER} workers in a row died as they started; stopping", file=sys.stderr)
        return 1
    return 0


def _start(children: dict[int, float], config: uvicorn.Config, sock: socket.socket) -> None:
    pid = os.fork()
    if pid == 0:
        os._exit(_run_worker(config, sock))
    children[pid] = time.monotonic()


def _run_worker(config: uvicorn.Config, sock: socket.socket) -> int:
    """The body of a forked worker; never returns into the parent's code."""
    try:
        _die_with_parent()
        for sig in _SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        uvicorn.Server(config).run(sockets=[sock])
        return 0
    except KeyboardInterrupt:
        return 0
    except SystemExit as error:  # uvicorn exits this way when it cannot start
        return error.code if isinstance(error.code, int) else 1
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _die_with_parent() -> None:
    """Ask the kernel for SIGTERM when the parent dies, even by SIGKILL (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)


def _supervise(children: dict[int, float], config: uvicorn.Config, sock: socket.socket) -> bool:
    """Restart workers that die until SIGTERM or SIGINT arrives (True), or until workers
    keep dying as they start (False)."""
    quick_deaths = 0
    while True:
        info = signal.sigwaitinfo(_SIGNALS)
        if info.si_signo != signal.SIGCHLD:
            return True
        for pid, status, started in _reap(children):
            quick = time.monotonic() - started < _STARTUP_WINDOW
            quick_deaths = quick_deaths + 1 if quick else 0
            if quick_deaths >= GIVE_UP_AFTER:
                print(f"clio: worker {pid} {_describe(status)}", file=sys.stderr, flush=True)
                return False
            print(f"clio: worker {pid} {_describe(status)}; starting another", file=sys.stderr, flush=True)
            if quick:
                # Sleep with the signals still blocked: a stop asked meanwhile waits its turn.
                time.sleep(_PAUSE)
            _start(children, config, sock)


def _reap(children: dict[int, float]) -> list[tuple[int, int, float]]:
    """Every worker that has exited, with its wait status and start time."""
    exited = []
    while children:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            break
        if pid in children:
            exited.append((pid, status, children.pop(pid)))
    return exited


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)}"


def _stop(children: dict[int, float]) -> None:
    """Ask the workers to stop, give them `GRACE_SECONDS` to finish, then kill the rest.

    Always SIGTERM: after a Ctrl-C the workers already have the terminal's SIGINT, and a
    second SIGINT would make uvicorn drop the requests it is finishing.
    """
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    while children and time.monotonic() < deadline:
        _reap(children)
        if children:
            signal.sigtimedwait({signal.SIGCHLD}, max(0.0, min(0.5, deadline - time.monotonic())))
    for pid in list(children):
        print(f"clio: worker {pid} did not stop within {GRACE_SECONDS:.0f} s; killing it", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        children.pop(pid)


__all__ = ["GIVE_UP_AFTER", "GRACE_SECONDS", "WORKER_HEADER", "WorkerHeader", "serve"]
