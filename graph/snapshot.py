"""Save a prepared `KnowledgeGraph` to one file and load it back, skipping parsing and indexing.

Loading a million events from JSON Lines means parsing every date and building every
index; a snapshot is the finished graph, pickled (protocol 5), so a server is ready in
seconds. The file starts with a one-line JSON header::

    CLIO-SNAPSHOT {"format": 1, "code": "3f0c…", "data_version": "9a1b…", "counts": {…}}

``format`` is the layout of this file, ``code`` a fingerprint of the modules whose
objects are pickled (a store or model change makes old snapshots unreadable, by design,
rather than subtly wrong), ``data_version`` the graph's own fingerprint
(`KnowledgeGraph.version`). A snapshot from another format or code is refused with a
message that says how to rebuild it.

Security: unpickling runs code chosen by whoever wrote the file. Load only snapshots
you built yourself, from a path only you can write; never one downloaded, uploaded or
shared. The header check is about versions, not trust.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import hashlib
import os
import pickle
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

import orjson

from graph import calendar, dates, models, store
from graph.errors import ClioError
from graph.store import KnowledgeGraph

MAGIC = b"CLIO-SNAPSHOT "
FORMAT = 2  # 2: records pickled as field values (see `_record_reducers`)


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    """A frozen record from its field values, without running its checks again."""
    record: Any = object.__new__(cls)
    for setter, value in zip(_SETTERS[cls], values, strict=True):
        setter(record, value)
    return record


def _record_reducers() -> dict[type, Any]:
    """Faster pickling of the frozen, slotted records than dataclasses' own.

    Dataclasses restore a frozen slotted object field by field through `dataclasses.fields`,
    most of a snapshot's load time. Records without ``__post_init__`` are rebuilt by their
    generated ``__init__`` in one call; the others (`HistoricalDate`, whose checks and enum
    conversion would run again for nothing) by setting their slots directly.
    """
    reducers: dict[type, Any] = {}
    for module in (models, dates):
        for cls in vars(module).values():
            if not (
                isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
            ):
                continue
            names = tuple(f.name for f in dataclasses.fields(cls))
            if hasattr(cls, "__post_init__") or not all(f.init for f in dataclasses.fields(cls)):
                _SETTERS[cls] = tuple(cls.__dict__[name].__set__ for name in names)
                reducers[cls] = lambda obj, cls=cls, names=names: (
                    _restore,
                    (cls, tuple(getattr(obj, n) for n in names)),
                )
            else:
                reducers[cls] = lambda obj, cls=cls, names=names: (cls, tuple(getattr(obj, n) for n in names))
    return reducers


_SETTERS: dict[type, tuple[Any, ...]] = {}
_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH.update(_record_reducers())
# A lock guarding a lazily built cache cannot be pickled; a fresh, unlocked one is its
# faithful copy (nothing holds it while the graph is written).
_DISPATCH[type(threading.Lock())] = lambda lock: (threading.Lock, ())
_DISPATCH[type(threading.RLock())] = lambda lock: (threading.RLock, ())


class SnapshotError(ClioError):
    """A file that is not a snapshot this Clio can load."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def code_version() -> str:
    """A fingerprint of the source of the modules whose objects a snapshot holds."""
    digest = hashlib.sha256()
    for module in (store, models, dates, calendar):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def save_snapshot(kg: KnowledgeGraph, path: str | Path) -> dict[str, Any]:
    """Write ``kg`` to ``path`` (atomically: a reader never sees half a file).

    Returns:
        The header written.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = save_snapshot(kg, f"{d}/tiny.snapshot")
    ...     load_snapshot(f"{d}/tiny.snapshot").counts() == kg.counts()
    True
    """
    target = Path(path)
    header = {"format": FORMAT, "code": code_version(), "data_version": kg.version, "counts": kg.counts()}
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + orjson.dumps(header) + b"\n")
            pickler = pickle.Pickler(out, protocol=5)
            pickler.dispatch_table = _DISPATCH
            pickler.dump(kg)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return header


def read_header(path: str | Path) -> dict[str, Any]:
    """The header of a snapshot, without loading the graph.

    Raises:
        SnapshotError: not a snapshot file at all.
    """
    with Path(path).open("rb") as handle:
        return _header(path, handle)


def _header(path: str | Path, handle: IO[bytes]) -> dict[str, Any]:
    line = handle.readline(64 * 1024)
    if not line.startswith(MAGIC):
        raise SnapshotError(path, "is not a Clio snapshot (no CLIO-SNAPSHOT header)")
    try:
        header: dict[str, Any] = orjson.loads(line[len(MAGIC) :])
    except orjson.JSONDecodeError as error:
        raise SnapshotError(path, f"has a damaged header ({error})") from None
    return header


def load_snapshot(path: str | Path, data_version: str | None = None) -> KnowledgeGraph:
    """Load a snapshot written by `save_snapshot` with this same code.

    Only for files you wrote yourself: unpickling a file runs code its author chose.

    Args:
        path: the snapshot file.
        data_version: when given, the `KnowledgeGraph.version` the snapshot must hold.

    Raises:
        SnapshotError: not a snapshot, another format or code, or other data.
    """
    rebuild = "rebuild it with `clio snapshot DATA_DIR FILE`"
    with Path(path).open("rb") as handle:
        header = _header(path, handle)
        if header.get("format") != FORMAT:
            raise SnapshotError(
                path, f"is snapshot format {header.get('format')!r}, this Clio reads {FORMAT}; {rebuild}"
            )
        if header.get("code") != code_version():
            raise SnapshotError(
                path, f"was written by other code ({header.get('code')}, this is {code_version()}); {rebuild}"
            )
        if data_version is not None and header.get("data_version") != data_version:
            raise SnapshotError(
                path, f"holds data version {header.get('data_version')}, expected {data_version}; {rebuild}"
            )
        # Millions of new containers would trigger the cycle collector again and again
        # while nothing can be garbage yet: pause it for the load.
        enabled = gc.isenabled()
        gc.disable()
        try:
            kg = pickle.load(handle)
        finally:
            if enabled:
                gc.enable()
    if not isinstance(kg, KnowledgeGraph) or kg.version != header.get("data_version"):
        raise SnapshotError(path, f"does not hold the graph its header promises; {rebuild}")
    return kg


__all__ = ["FORMAT", "SnapshotError", "code_version", "load_snapshot", "read_header", "save_snapshot"]
