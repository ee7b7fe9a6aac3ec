"""Walk the files a user names on the command line, in a stable order.

Every reader takes files or directories; a directory is walked recursively in sorted
order so that two imports of the same data give byte-identical output. Each file comes
with the name it is reported under: relative to the directory given, or its bare name
when a file was given itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path


def walk(paths: Sequence[Path], suffixes: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, reported name)`` for every file with one of ``suffixes``.

    Args:
        paths: files or directories, as given.
        suffixes: lower-case suffixes to keep, e.g. ``(".csv",)``.

    Returns:
        An iterator of pairs, directories walked in sorted order.

    Raises:
        FileNotFoundError: a path that does not exist (a typo should not import nothing).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "b").mkdir(); _ = (root / "b" / "x.csv").write_text("")
    >>> _ = (root / "a.csv").write_text(""); _ = (root / "notes.txt").write_text("")
    >>> [name for _, name in walk([root], (".csv",))]
    ['a.csv', 'b/x.csv']
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes]
            for file in sorted(found, key=lambda p: p.relative_to(path).as_posix()):
                yield file, file.relative_to(path).as_posix()
        elif path.is_file():
            yield path, path.name
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")


__all__ = ["walk"]
