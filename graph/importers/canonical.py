"""Read our own canonical JSON Lines (``data/``) so that curated records merge into an import.

Canonical records already have ids and typed references; they are the anchors the
resolver matches other sources against (a Wikipedia "Joseph Stalin" becomes
``person:joseph-stalin`` because ``data/people.europe.jsonl`` has him). A line that is
not JSON, or a record with a wrong field, stops the import with file, line and field:
this is curated data, and a fix belongs in the file. References between records are
checked by the pipeline once every source has been read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from graph.errors import DataError
from graph.loader import FILE_STEMS, data_files
from graph.models import Kind, Record, Source
from graph.records import record_from_json

FORMAT = "canonical"


@dataclass(frozen=True, slots=True)
class CanonicalRecord:
    """A record with its id, as a data file holds it, and where it was read."""

    kind: Kind
    record: Record
    source: Source
    path: str
    line: int

    @property
    def directory(self) -> str:
        """The directory the record was read from: ``data/`` or an earlier import's output."""
        return str(Path(self.path).parent)


def _files(paths: Sequence[Path]) -> Iterator[tuple[Kind, Path, str]]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for kind, file in data_files(path):
                yield kind, file, file.name
        elif path.is_file():
            stem = path.name.split(".")[0]
            kinds = [kind for kind, file_stem in FILE_STEMS.items() if stem in (file_stem, kind.value)]
            if not kinds:
                raise DataError(
                    str(path), None, None, "not a canonical file name (categories, tags, locations, …)"
                )
            yield kinds[0], path, path.name
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")


def read(paths: Sequence[Path], progress: Callable[[int], None] | None = None) -> Iterator[CanonicalRecord]:
    """Yield every record of the canonical files under ``paths``, in the loader's order.

    Raises:
        DataError: a line that is not JSON or a record that breaks the format.
    """
    for kind, path, name in _files(paths):
        with path.open("rb") as handle:
            for number, raw_line in enumerate(handle, start=1):
                if not raw_line.strip():
                    continue
                try:
                    raw = orjson.loads(raw_line)
                except orjson.JSONDecodeError as error:
                    raise DataError(str(path), number, None, f"not valid JSON ({error})") from error
                built = record_from_json(kind, raw)
                if isinstance(built, list):
                    problem = built[0]
                    raise DataError(str(path), number, problem.field or None, problem.message)
                yield CanonicalRecord(
                    kind, built, Source(name=FORMAT, file=name, record=built.id), str(path), number
                )
                if progress is not None:
                    progress(1)


__all__ = ["FORMAT", "CanonicalRecord", "read"]
