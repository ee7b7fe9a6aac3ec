"""A worker's graph, kept equal to the imported data plus every applied change in the store.

The imported graph (`base`) never changes. Applied changes are replayed, in the order of
their sequence numbers, onto a `graph.edits.Workspace` over it, and a new `KnowledgeGraph`
is made from the result and swapped in whole: a request keeps the graph it started with,
and the data version moves only when the new graph is served.

The new graph is made one of two ways (``last_rebuild`` says which, ``rebuild_seconds`` how
long it took):

* **patched** (`graph.incremental.patch`): when the changes since the served graph only
  rewrite words no link, date order or name reads (a summary, a description, sources,
  links) or a person's life dates, the new graph shares every structure and index of the
  served one and updates the few that read those fields apart (the texts and text index,
  the people by life day): tens of milliseconds at the full import, at a load of 14; new
  people are patched in too (`graph.incremental_added`), merged people taken out
  (`graph.incremental_removed`, after their events are relinked to the survivor), and
  deleted or merged events taken out (`graph.incremental_deleted`);
* **whole**: any other change (a record created beside other changes, a deletion or a
  creation while renamed names are patched in…)
  builds the graph and its indexes from all records again, as an import does: about a
  second on the bundled data, a minute or more on the full import (`bench/apply.py`). The
  indexes the change cannot reach are taken from the served graph
  (`graph.incremental.carry_over`; when records came or went,
  `graph.incremental_nodes.carry_nodes`), listed in ``carried``. A whole build is also the
  compaction of the patched texts, once they are many.

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
from graph.incremental import carry_over, patch
from graph.incremental_links import keep_stale_pagerank, with_fresh_pagerank
from graph.indexes import build_indexes
from graph.models import Record, Source
from graph.store import KnowledgeGraph

log = logging.getLogger("clio.edits")

POLL_SECONDS = 0.2
#: The source name an applied change is cited under in its record's ``sources``.
EDIT_SOURCE = "edit"
#: How long a request with ``Clio-Min-Data-Version`` waits for this worker to catch up.
MIN_VERSION_WAIT_S = 1.0


class _Noted(dict[str, Record | None]):
    """A workspace's changed records, noting which ids were written since ``touched`` was cleared."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[str] = set()

    def __setitem__(self, node_id: str, record: Record | None) -> None:
        self.touched.add(node_id)
        super().__setitem__(node_id, record)

    def update(self, *given: Any, **more: Any) -> None:
        changed = dict(*given, **more)
        self.touched.update(changed)
        super().update(changed)


def workspace_over(kg: KnowledgeGraph) -> Workspace:
    """A workspace reading the records of ``kg`` (ids exactly, no redirects)."""
    workspace = Workspace(kg.record, lambda node_id: kg.record(node_id) is not None)
    workspace.changed = _Noted()
    return workspace


def events_of(kg: KnowledgeGraph, node_id: str) -> tuple[str, ...]:
    return (*kg.event_ids_of(node_id), *kg.mentioned_in(node_id))


class LiveGraph:
    """The current graph of this process, the data version, and the changes it is built from."""

    def __init__(self, base: KnowledgeGraph, defer_pagerank: bool = False) -> None:
        self.base = base
        #: Serve a relinked graph with the PageRank of the graph before, and compute its own in
        #: the background (`refresh_pagerank`): PageRank takes seconds at the full import, the
        #: relink milliseconds. ``pagerank_pending`` says the served PageRank is one behind.
        self.defer_pagerank = defer_pagerank
        self.pagerank_pending = False
        self._refresher: threading.Thread | None = None
        self.kg = base
        #: The last change replayed onto the overlay, and the last one the served graph holds
        #: (``served`` moves only once the rebuilt graph is swapped in: what readers may rely on).
        self.seq = 0
        self.served = 0
        self.overlay = workspace_over(base)
        #: (change id, target, why) of applied changes whose record is gone.
        self.vanished: list[tuple[int, str, str]] = []
        self.rebuild_seconds = 0.0
        #: How the served graph was made from the one before: "patched", "whole" or "" (the import).
        self.last_rebuild = ""
        #: The indexes the last whole build took from the graph before it.
        self.carried: list[str] = []
        #: Held while the overlay, ``seq`` or the served graph change (briefly);
        #: ``_building`` while a graph is built (long), one build at a time.
        self.lock = threading.RLock()
        self._building = threading.Lock()
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

    def rebuild(self, whole: bool = False) -> None:
        """Make the graph of base + overlay with every index, and swap it in.

        Patched from the served graph where the changes since allow it, else (or when
        ``whole``) built from all records. The overlay is read under ``lock`` and the graph
        built outside it: a writer catching the overlay up inside its store transaction
        waits for a copy of a dict, never for a build, while the store's lock is held.
        """
        with self._building:
            with self.lock:
                if not whole and self.served >= self.seq:
                    return  # the build this one waited for holds every change: writers share it
                seq = self.seq
                # The graph this build starts from, and whether its PageRank is the one before:
                # a refresh may swap in fresh ranks for it meanwhile, which this build lacks.
                source, source_pending = self.kg, self.pagerank_pending
                redirects = self._redirects()
                changed = self.overlay.changed
                noted: set[str] = getattr(changed, "touched", set(changed))
                touched = set(noted)
                noted.clear()
                records = {node_id: changed[node_id] for node_id in touched}
                everything = dict(changed)
            try:
                started = time.perf_counter()
                kg = None
                if not whole:  # a merge's new redirect is set below, on either graph
                    kg = patch(source, records)
                how = "whole" if kg is None else "patched"
                carried: list[str] = []
                stale = False
                if kg is None:
                    kg, carried = self._whole(everything, None if whole else records)
                else:
                    if self.defer_pagerank:
                        stale = keep_stale_pagerank(source, kg)
                    build_indexes(kg)  # only what the patch dropped (built on first use in the served graph)
            except BaseException:
                with self.lock:
                    noted.update(touched)  # still to be built: the next rebuild takes them
                raise
            kg.redirects = redirects
            with self.lock:
                # A whole build computes its own PageRank; a patch keeps the one before until
                # `refresh_pagerank` replaces it. Its source's, not the served graph's: a fresh
                # PageRank swapped in during the build is not in the patched graph.
                self.pagerank_pending = how == "patched" and (stale or source_pending)
                kg.version = self._version(seq)
                self.kg = kg
                self.served = seq
                self.last_rebuild, self.carried = how, carried
                self.rebuild_seconds = round(time.perf_counter() - started, 3)

    def _version(self, seq: int) -> str:
        # A graph whose PageRank is still the one before gets a version of its own: no cache
        # keeps its rankings once the fresh ones are served.
        pending = ".pagerank-pending" if self.pagerank_pending else ""
        return f"{self.base.version}.{seq}{pending}"

    def refresh_pagerank(self) -> None:
        """Compute the served graph's PageRank over its own links, and serve it (`defer_pagerank`).

        Computed outside the lock, so changes keep being applied meanwhile; dropped if a newer
        graph was served in the meantime (the next call computes that one's).
        """
        kg = self.kg
        if not self.pagerank_pending:
            return
        fresh = with_fresh_pagerank(kg)
        with self.lock:
            if self.kg is kg:
                self.pagerank_pending = False
                fresh.version = self._version(self.served)
                self.kg = fresh

    def _refresh_in_background(self) -> None:
        if self.pagerank_pending and (self._refresher is None or not self._refresher.is_alive()):
            refresher = threading.Thread(target=self.refresh_pagerank, name="clio-pagerank", daemon=True)
            self._refresher = refresher
            refresher.start()

    def _redirects(self) -> dict[str, str]:
        """The import's redirects and the merges', each followed to the id that lives now."""
        redirects = {**self.base.redirects, **self.overlay.redirects}
        for old, to in list(redirects.items()):
            seen = {old}
            while to in redirects and to not in seen:  # a survivor merged in turn
                seen.add(to)
                to = redirects[to]
            redirects[old] = to
        return redirects

    def _whole(
        self, changed: dict[str, Record | None], since: dict[str, Record | None] | None
    ) -> tuple[KnowledgeGraph, list[str]]:
        """The graph of base + ``changed`` built from all its records, with every index.

        With ``since`` (the records changed since the served graph), the indexes the change
        leaves as they were are taken from the served graph (`graph.incremental.carry_over`,
        listed second).
        """
        records: list[Record] = []
        # In the order the import built its graph (its node order): the adjacency, and so the
        # sums of PageRank and the order of edges, then come out as a patched graph's do.
        for node_id in self.base.graph:
            record = changed[node_id] if node_id in changed else self.base.record(node_id)
            if record is not None:
                records.append(record)
        records += [r for i, r in changed.items() if r is not None and self.base.record(i) is None]
        kg = KnowledgeGraph.from_records(records)
        carried = carry_over(self.kg, kg, since) if since is not None else []
        build_indexes(kg)
        return kg, carried

    def catch_up(self, store: Any) -> None:
        """Apply whatever the store holds beyond ``seq`` (another worker's or replica's changes).

        Also serves what the overlay took in without a rebuild: a writer checks its change
        against the overlay caught up inside its transaction, and rebuilds only after it.
        """
        if store.last_seq() <= self.seq and self.served >= self.seq:
            return
        with store.reading() as tx:
            self.absorb(tx.applied_since(self.seq))
        if self.served < self.seq:
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
                self._refresh_in_background()
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
