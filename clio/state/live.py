"""A worker's graph, kept equal to the imported data plus every applied change in the store.

The imported graph (`base`) never changes. Applied changes are replayed, in the order of
their sequence numbers, onto a `graph.edits.Workspace` over it, and a new `KnowledgeGraph`
with all its indexes is built from the result and swapped in whole: a request keeps the
graph it started with. The indexes (search, rankings, postings, counts…) are not updated in
place: each applied change rebuilds them, and ``rebuild_seconds`` says what that took.

A change whose record the imported data no longer holds (a re-import removed or merged it)
is kept in the store and listed in ``vanished``, never dropped in silence.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

import anyio

from graph.edit_operations import apply_edit
from graph.edits import EditError, Workspace
from graph.indexes import build_indexes
from graph.models import Kind, Record, Source
from graph.store import KnowledgeGraph

log = logging.getLogger("clio.edits")

_RECORD_KINDS = (Kind.CATEGORY, Kind.TAG, Kind.LOCATION, Kind.PERSON, Kind.ORGANIZATION, Kind.EVENT)
POLL_SECONDS = 0.2
#: The source name an applied change is cited under in its record's ``sources``.
EDIT_SOURCE = "edit"
#: How long a request with ``Clio-Min-Data-Version`` waits for this worker to catch up.
MIN_VERSION_WAIT_S = 1.0


def workspace_over(kg: KnowledgeGraph) -> Workspace:
    """A workspace reading the records of ``kg`` (ids exactly, no redirects)."""
    return Workspace(kg.record, lambda node_id: kg.record(node_id) is not None)


def events_of(kg: KnowledgeGraph, node_id: str) -> tuple[str, ...]:
    return (*kg.event_ids_of(node_id), *kg.mentioned_in(node_id))


class LiveGraph:
    """The current graph of this process, the data version, and the changes it is built from."""

    def __init__(self, base: KnowledgeGraph) -> None:
        self.base = base
        self.kg = base
        #: The last change replayed onto the overlay, and the last one the served graph holds
        #: (``served`` moves only once the rebuilt graph is swapped in: what readers may rely on).
        self.seq = 0
        self.served = 0
        self.overlay = workspace_over(base)
        #: (change id, target, why) of applied changes whose record is gone.
        self.vanished: list[tuple[int, str, str]] = []
        self.rebuild_seconds = 0.0
        self.lock = threading.RLock()
        self._poller: tuple[int, threading.Thread] | None = None
        self._stopped = threading.Event()

    @property
    def version(self) -> str:
        """The data version: the imported data's fingerprint and the last applied change."""
        return self.kg.version

    def absorb(self, changes: Iterable[Any]) -> bool:
        """Replay applied changes newer than ``seq`` onto the overlay; whether any was new."""
        new = False
        with self.lock:
            for change in changes:
                if change.seq is None or change.seq <= self.seq:
                    continue
                try:
                    target = apply_edit(
                        self.overlay, change.operation, change.input, lambda i: events_of(self.base, i)
                    )
                    self._cite(target, change.id)
                except EditError as error:
                    self.vanished.append((change.id, change.target, str(error)))
                    log.warning(
                        "change %s (%s %s) no longer applies: %s",
                        change.id,
                        change.operation,
                        change.target,
                        error,
                    )
                self.seq = change.seq
                new = True
        return new

    def _cite(self, target: str, change_id: int) -> None:
        """Name the change among the target's sources (``{name: "edit", record: "<change id>"}``)."""
        record = self.overlay.get(target)
        if record is None or not hasattr(record, "sources"):
            return
        cited = Source(name=EDIT_SOURCE, record=str(change_id))
        if cited not in record.sources:
            self.overlay.put(dataclasses.replace(record, sources=(*record.sources, cited)))  # type: ignore[arg-type]

    def rebuild(self) -> None:
        """Build the graph of base + overlay with every index, and swap it in."""
        with self.lock:
            started = time.perf_counter()
            changed = self.overlay.changed
            records: list[Record] = []
            for kind in _RECORD_KINDS:
                for node_id in self.base.ids(kind):
                    record = changed[node_id] if node_id in changed else self.base.record(node_id)
                    if record is not None:
                        records.append(record)
            records += [r for i, r in changed.items() if r is not None and self.base.record(i) is None]
            kg = KnowledgeGraph.from_records(records)
            redirects = {**self.base.redirects, **self.overlay.redirects}
            for old, to in list(redirects.items()):
                seen = {old}
                while to in redirects and to not in seen:  # a survivor merged in turn
                    seen.add(to)
                    to = redirects[to]
                redirects[old] = to
            kg.redirects = redirects
            build_indexes(kg)
            kg.version = f"{self.base.version}.{self.seq}"
            self.kg = kg
            self.served = self.seq
            self.rebuild_seconds = round(time.perf_counter() - started, 3)

    def catch_up(self, store: Any) -> None:
        """Apply whatever the store holds beyond ``seq`` (another worker's or replica's changes)."""
        if store.last_seq() <= self.seq:
            return
        with self.lock, store.reading() as tx:
            if self.absorb(tx.applied_since(self.seq)):
                self.rebuild()

    def follow(self, store: Any) -> None:
        """Poll the store for new changes in a thread of this process (one per forked worker)."""
        pid = os.getpid()
        if self._poller is not None and self._poller[0] == pid:
            return

        self._stopped.clear()

        def poll() -> None:
            while not self._stopped.is_set():
                try:
                    self.catch_up(store)
                except Exception:  # a busy or failing disk: reads go on, the next poll retries
                    log.exception("could not read new changes from %s", store.location)
                self._stopped.wait(POLL_SECONDS)

        thread = threading.Thread(target=poll, name="clio-edits", daemon=True)
        self._poller = (pid, thread)
        thread.start()

    async def reach(self, store: Any, wanted: int, timeout: float = MIN_VERSION_WAIT_S) -> bool:
        """Wait until this graph holds change ``wanted`` (a client's own write), at most ``timeout``."""
        deadline = time.monotonic() + timeout
        while self.served < wanted:
            await anyio.to_thread.run_sync(self.catch_up, store)
            if self.served >= wanted or time.monotonic() >= deadline:
                break
            await anyio.sleep(0.02)
        return self.served >= wanted

    def stop(self) -> None:
        """End this process's polling (the app shuts down)."""
        self._stopped.set()
        if self._poller is not None and self._poller[0] == os.getpid():
            self._poller[1].join(timeout=5)  # done with the store before it is closed
        self._poller = None


class LiveView:
    """Reads like a `KnowledgeGraph`, always the newest one: for what outlives a request (pages)."""

    def __init__(self, live: LiveGraph) -> None:
        self._live = live

    def __getattr__(self, name: str) -> Any:
        return getattr(self._live.kg, name)


__all__ = ["LiveGraph", "LiveView", "events_of", "workspace_over"]
