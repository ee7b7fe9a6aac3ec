"""Files and directories that survive a crash whole: fsync, and swapping a directory in one step.

A rename is atomic but not durable until its directory is fsynced, and a file's bytes are
not on disk until the file is. `replace_directory` swaps a finished directory for the old
one with Linux's ``renameat2(RENAME_EXCHANGE)``: readers see the old tree or the new one,
never no tree at all, which two renames in a row cannot promise.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Where the kernel or the file system cannot exchange, the swap falls back to two renames.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def fsync_path(path: Path) -> None:
    """Flush a file's or a directory's bytes and metadata to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(directory: Path) -> None:
    """Fsync every file in ``directory`` (not recursive), then the directory itself."""
    for child in directory.iterdir():
        if child.is_file():
            fsync_path(child)
    fsync_path(directory)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where this system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # not glibc 2.28+, or not Linux
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def replace_directory(staging: Path, target: Path) -> None:
    """Put the finished ``staging`` directory at ``target`` atomically and durably.

    ``staging`` must be a sibling of ``target`` (one file system). Its files are fsynced
    first, then swapped in, then the parent is fsynced so the swap itself survives a crash.
    The old tree is kept beside it as ``.NAME.previous`` until the next swap: a reader that
    opened it just before the swap still reads it whole, instead of watching it emptied.

    >>> with tempfile.TemporaryDirectory() as d:
    ...     old, new = Path(d, "out"), Path(d, ".out.new")
    ...     old.mkdir(); _ = (old / "a").write_text("old")
    ...     new.mkdir(); _ = (new / "a").write_text("new")
    ...     replace_directory(new, old)
    ...     (old / "a").read_text(), sorted(p.name for p in Path(d).iterdir())
    ('new', ['.out.previous', 'out'])
    """
    fsync_tree(staging)
    if not target.exists():
        os.replace(staging, target)
        fsync_path(target.parent)
        return
    if _exchange(staging, target):
        old = staging  # the exchange left the old tree under the staging name
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(staging, target)
    previous = target.parent / f".{target.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    os.replace(old, previous)
    fsync_path(target.parent)


__all__ = ["fsync_path", "fsync_tree", "replace_directory"]
