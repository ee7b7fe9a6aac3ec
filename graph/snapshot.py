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
classes from an allow-list (`graph.pickling`): a leaked key still cannot run a shell.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

import networkx
import orjson

from graph import pickling
from graph.durable import fsync_path
from graph.errors import ClioError
from graph.store import KnowledgeGraph

MAGIC = b"CLIO-SNAPSHOT "
FORMAT = 3  # 3: HMAC-signed, length- and hash-checked; 2: records pickled as field values
MIN_KEY_BYTES = 16
_MAX_HEADER = 64 * 1024
_MAC_LINE = 65  # 64 hex digits and a newline

#: The package whose source a snapshot depends on. Not only the classes pickled (store,
#: models, dates) but every function whose output is stored: `text.fold` keys the name
#: index, edtf and records parse what the records hold, the loader builds the graph, and
#: indexes built at load (search, rankings, hops) come from graph/queries. Listing them by
#: hand missed text.py once; so every module counts except the importers, whose output is
#: the data directory, never a snapshot.
GRAPH_PACKAGE = Path(__file__).resolve().parent


class SnapshotError(ClioError):
    """A file that is not a snapshot this Clio can load."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


REBUILD = "rebuild it with `clio snapshot DATA_DIR FILE`"


def fingerprinted_files(package: Path = GRAPH_PACKAGE) -> list[Path]:
    """Every module of ``package`` whose source a snapshot depends on (all but the importers)."""
    return sorted(p for p in package.rglob("*.py") if p.relative_to(package).parts[0] != "importers")


def code_version(package: Path = GRAPH_PACKAGE) -> str:
    """A fingerprint of the code a snapshot's bytes depend on.

    The path and source of every `fingerprinted_files` module (this one included), the
    NetworkX version (its graph classes are pickled by their internals) and the Python
    minor version.
    """
    digest = hashlib.sha256()
    for path in fingerprinted_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
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
    content = pickling.dumps(kg)
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
        return pickling.loads(content)
    except pickling.ForbiddenGlobal as refused:
        raise SnapshotError(path, f"{refused}, which a snapshot may not hold; {REBUILD}") from None
    except Exception as error:  # a signed file this code cannot read: a bug, said in one line
        raise SnapshotError(path, f"could not be read ({type(error).__name__}: {error}); {REBUILD}") from None
    finally:
        if enabled:
            gc.enable()


__all__ = [
    "FORMAT",
    "GRAPH_PACKAGE",
    "MIN_KEY_BYTES",
    "SnapshotError",
    "code_version",
    "fingerprinted_files",
    "key_id",
    "load_snapshot",
    "read_header",
    "save_snapshot",
]
