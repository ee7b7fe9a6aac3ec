"""Save a prepared `KnowledgeGraph` to one file and load it back, skipping parsing and indexing.

Loading a million events from JSON Lines means parsing every date and building every
index; a snapshot is the finished graph, pickled (protocol 5), so a server is ready in
seconds. Unpickling runs code chosen by whoever wrote the bytes, so nothing is unpickled
before the whole file has been checked against a secret key. The layout::

    CLIO-SNAPSHOT {"format": 3, "code": "3f0c…", "key_id": "…", "content_length": N,
                   "content_sha256": "…", "data_version": "9a1b…", "counts": {…}}\\n
    <64 hex digits: HMAC-SHA256(key, header line + content)>\\n
    <content: N bytes of pickle>

``format`` is the layout of this file; ``code`` a fingerprint of every module whose
objects or output the pickle holds (`code_version`), so a snapshot of other code is
refused rather than subtly wrong; ``key_id`` names the key without revealing it, so a file
signed with another key is told apart from a damaged one; ``data_version`` is the graph's
own fingerprint (`KnowledgeGraph.version`).

The checks run in an order that lets each refusal say what is wrong: magic, format,
key, length, then the HMAC over every byte (read into memory once, so the bytes checked
are the bytes unpickled), code and data. Even a correctly signed file may only name
classes from an allow-list (`_SnapshotUnpickler`): a leaked key still cannot run a shell.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import hashlib
import hmac
import io
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

import networkx
import orjson

from graph import calendar, dates, edtf, loader, models, node_table, records, store, text
from graph.durable import fsync_path
from graph.errors import ClioError
from graph.store import KnowledgeGraph

MAGIC = b"CLIO-SNAPSHOT "
FORMAT = 3  # 3: HMAC-signed, length- and hash-checked; 2: records pickled as field values
MIN_KEY_BYTES = 16
_MAX_HEADER = 64 * 1024
_MAC_LINE = 65  # 64 hex digits and a newline

#: Modules whose source decides what a snapshot holds: the classes pickled (store, models,
#: dates, calendar, node_table), the functions whose output is baked into indexes (text's
#: `fold` keys the name index; edtf and records parse what the records hold; the loader
#: builds the graph) and this module's own reducers.
FINGERPRINTED = (store, models, dates, calendar, edtf, text, node_table, records, loader)


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

# What a snapshot may name besides Clio's own graph modules and NetworkX: containers and
# the lock factories above. Nothing here can reach the file system, a shell or eval.
_ALLOWED_GLOBALS = frozenset(
    {
        ("builtins", name)
        for name in ("dict", "list", "tuple", "set", "frozenset", "object", "int", "float", "str", "bytes")
    }
    | {
        ("collections", "defaultdict"),
        ("collections", "OrderedDict"),
        ("collections", "Counter"),
        ("copyreg", "_reconstructor"),
        ("_thread", "allocate_lock"),
        ("_thread", "RLock"),
        ("threading", "RLock"),
        ("threading", "_CRLock"),
        # `nx.freeze` puts this function in place of a frozen graph's mutators; it only raises.
        ("networkx.classes.function", "frozen"),
    }
)
# Classes only, from Clio's graph and NetworkX's graph classes: elsewhere in NetworkX, a
# class such as `utils.argmap` compiles code when called.
_ALLOWED_PACKAGES = ("graph.", "networkx.classes.")


class _SnapshotUnpickler(pickle.Unpickler):
    """Resolves only the classes a graph is made of; anything else is refused by name."""

    def __init__(self, file: IO[bytes], path: str | Path) -> None:
        super().__init__(file)
        self._path = path

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS or (module, name) == (__name__, "_restore"):
            return super().find_class(module, name)
        if module.startswith(_ALLOWED_PACKAGES):
            # Only classes: a function of ours may write files (the import writer, exports).
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise SnapshotError(self._path, f"names {module}.{name}, which a snapshot may not hold; {REBUILD}")


class SnapshotError(ClioError):
    """A file that is not a snapshot this Clio can load."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


REBUILD = "rebuild it with `clio snapshot DATA_DIR FILE`"


def code_version() -> str:
    """A fingerprint of the code a snapshot's bytes depend on.

    The source of every `FINGERPRINTED` module and of this one, the NetworkX version (its
    graph classes are pickled by their internals) and the Python minor version.
    """
    digest = hashlib.sha256()
    for module in (*FINGERPRINTED, sys.modules[__name__]):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(f"networkx {networkx.__version__}; python {sys.version_info[:2]}".encode())
    return digest.hexdigest()[:12]


def key_id(key: bytes) -> str:
    """A name for a key that reveals nothing about it (an HMAC of a fixed label).

    >>> key_id(b"0123456789abcdef0123456789abcdef")
    '7a834395791e0905'
    """
    return hmac.new(key, b"clio snapshot key id", hashlib.sha256).hexdigest()[:16]


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise ClioError(f"a snapshot key must be at least {MIN_KEY_BYTES} bytes, this one has {len(key)}")


def save_snapshot(kg: KnowledgeGraph, path: str | Path, key: bytes) -> dict[str, Any]:
    """Write ``kg`` to ``path``, signed with ``key`` (atomically: a reader never sees half a file).

    Returns:
        The header written.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> key = b"a key of at least sixteen bytes"
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = save_snapshot(kg, f"{d}/tiny.snapshot", key)
    ...     load_snapshot(f"{d}/tiny.snapshot", key).counts() == kg.counts()
    True
    """
    _check_key(key)
    target = Path(path)
    content = _pickled(kg)
    header = {
        "format": FORMAT,
        "code": code_version(),
        "key_id": key_id(key),
        "content_length": len(content),
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "data_version": kg.version,
        "counts": kg.counts(),
    }
    header_line = MAGIC + orjson.dumps(header) + b"\n"
    mac = hmac.new(key, header_line, hashlib.sha256)
    mac.update(content)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        raise SnapshotError(path, f"cannot be written ({error.strerror}: {target.parent})") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(header_line)
            out.write(mac.hexdigest().encode() + b"\n")
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_path(target.parent)  # the rename itself must survive a crash
    return header


def _pickled(kg: KnowledgeGraph) -> memoryview:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(kg)
    return buffer.getbuffer()


def read_header(path: str | Path) -> dict[str, Any]:
    """The header of a snapshot, without loading (or trusting) the graph.

    Raises:
        SnapshotError: not a snapshot file at all.
    """
    with _open(path) as handle:
        return _header(path, handle.readline(_MAX_HEADER))


def _open(path: str | Path) -> IO[bytes]:
    try:
        return Path(path).open("rb")
    except OSError as error:
        raise SnapshotError(path, f"cannot be read ({error.strerror})") from None


def _header(path: str | Path, line: bytes) -> dict[str, Any]:
    if not line.startswith(MAGIC):
        raise SnapshotError(path, "is not a Clio snapshot (no CLIO-SNAPSHOT header)")
    if not line.endswith(b"\n"):
        raise SnapshotError(path, "has a damaged or truncated header (no end of line)")
    try:
        header = orjson.loads(line[len(MAGIC) :])
    except orjson.JSONDecodeError as error:
        raise SnapshotError(path, f"has a damaged header ({error})") from None
    if not isinstance(header, dict):
        raise SnapshotError(path, "has a damaged header (not a JSON object)")
    return header


def load_snapshot(path: str | Path, key: bytes, data_version: str | None = None) -> KnowledgeGraph:
    """Load a snapshot written by `save_snapshot` with this same code and key.

    Nothing is unpickled until every byte has passed the HMAC check.

    Args:
        path: the snapshot file.
        key: the key it was signed with.
        data_version: when given, the `KnowledgeGraph.version` the snapshot must hold.

    Raises:
        SnapshotError: not a snapshot; another format, key, code or data; damaged or truncated.
    """
    _check_key(key)
    with _open(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        header_line = handle.readline(_MAX_HEADER)
        header = _header(path, header_line)
        if header.get("format") != FORMAT:
            raise SnapshotError(
                path, f"is snapshot format {header.get('format')!r}, this Clio reads {FORMAT}; {REBUILD}"
            )
        if header.get("key_id") != key_id(key):
            raise SnapshotError(
                path,
                f"was signed with another key (key id {header.get('key_id')}, "
                f"this key's id is {key_id(key)}); serve it with the key that signed it "
                f"(CLIO_SNAPSHOT_KEY or CLIO_SNAPSHOT_KEY_FILE), or {REBUILD}",
            )
        length = header.get("content_length")
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            raise SnapshotError(path, f"has a damaged header (content_length {length!r})")
        expected = len(header_line) + _MAC_LINE + length
        if size != expected:
            state = "is truncated" if size < expected else "has bytes after its end"
            raise SnapshotError(path, f"{state}: {size:,} bytes, its header promises {expected:,}; {REBUILD}")
        mac_line = handle.read(_MAC_LINE)
        # Read once: the bytes checked are the bytes unpickled, whatever happens to the file.
        content = handle.read(length)
        if len(content) != length:
            raise SnapshotError(path, f"changed while it was read; {REBUILD}")
    mac = hmac.new(key, header_line, hashlib.sha256)
    mac.update(content)
    if not hmac.compare_digest(mac.hexdigest().encode() + b"\n", mac_line):
        raise SnapshotError(
            path, f"failed its integrity check (damaged, or altered after signing); {REBUILD}"
        )
    # Signed by this key, so the header is now trusted: refuse what this code cannot read.
    if header.get("code") != code_version():
        raise SnapshotError(
            path, f"was written by other code ({header.get('code')}, this is {code_version()}); {REBUILD}"
        )
    if header.get("content_sha256") != hashlib.sha256(content).hexdigest():
        raise SnapshotError(path, f"does not hold the content its header names; {REBUILD}")
    if data_version is not None and header.get("data_version") != data_version:
        raise SnapshotError(
            path, f"holds data version {header.get('data_version')}, expected {data_version}; {REBUILD}"
        )
    kg = _unpickle(path, content)
    if not isinstance(kg, KnowledgeGraph) or kg.version != header.get("data_version"):
        raise SnapshotError(path, f"does not hold the graph its header promises; {REBUILD}")
    return kg


def _unpickle(path: str | Path, content: bytes) -> Any:
    # Millions of new containers would trigger the cycle collector again and again
    # while nothing can be garbage yet: pause it for the load.
    enabled = gc.isenabled()
    gc.disable()
    try:
        # BytesIO shares the bytes object until written to: no second copy of the content.
        return _SnapshotUnpickler(io.BytesIO(content), path).load()
    except SnapshotError:
        raise
    except Exception as error:  # a signed file this code cannot read: a bug, said in one line
        raise SnapshotError(path, f"could not be read ({type(error).__name__}: {error}); {REBUILD}") from None
    finally:
        if enabled:
            gc.enable()


__all__ = [
    "FINGERPRINTED",
    "FORMAT",
    "MIN_KEY_BYTES",
    "SnapshotError",
    "code_version",
    "key_id",
    "load_snapshot",
    "read_header",
    "save_snapshot",
]
