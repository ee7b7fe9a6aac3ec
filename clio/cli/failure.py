"""Errors of the command line that name a path or a port, and the one line each prints."""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import ClioError


class CommandError(ClioError):
    """A command that cannot do its work for a reason outside the data (a path, a port)."""


def describe_os_error(error: OSError) -> str:
    """``PATH: reason`` in one line, from whatever the operating system said.

    >>> describe_os_error(FileNotFoundError(2, "No such file or directory", "g.snap"))
    'g.snap: no such file or directory'
    """
    reason = (error.strerror or str(error)).lower()
    if error.filename is None:
        return reason
    if error.filename2 is not None:
        return f"{error.filename} -> {error.filename2}: {reason}"
    return f"{os.fsdecode(error.filename)}: {reason}"


def check_writable(path: Path, what: str, replace_directory: bool = False) -> None:
    """Fail before a long load when ``path`` cannot be written: its directory is missing or
    read-only, or it is a directory itself (unless the command replaces a whole directory).

    Raises:
        CommandError: naming the path and the reason, in one line.
    """
    parent = path.parent
    if not parent.exists():
        raise CommandError(f"cannot write the {what} {path}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise CommandError(f"cannot write the {what} {path}: {parent} is not a directory")
    if path.is_dir() and not replace_directory:
        raise CommandError(f"cannot write the {what} {path}: it is a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CommandError(f"cannot write the {what} {path}: the directory {parent} is not writable")


def check_readable(path: Path, what: str) -> None:
    """Fail at once when a file to read is not there.

    Raises:
        CommandError: naming the path and the reason, in one line.
    """
    if not path.exists():
        raise CommandError(f"the {what} {path} does not exist")
    if not path.is_file():
        raise CommandError(f"the {what} {path} is not a file")
    if not os.access(path, os.R_OK):
        raise CommandError(f"the {what} {path} is not readable")
