"""Load a directory of canonical JSON Lines into a `KnowledgeGraph`: validate all, then build.

Nothing is built until every line of every file has been read and every reference
checked, so a bad file never leaves a half-loaded graph behind. All problems are
reported at once, each with its file, line and field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from graph.errors import DataError, DataErrors
from graph.models import Event, Kind, Location, Record
from graph.records import record_from_json
from graph.redirects import REDIRECTS_FILE, read_redirects
from graph.store import KnowledgeGraph

#: File stem of each kind: ``people.jsonl`` and ``people.<part>.jsonl`` hold people.
FILE_STEMS: dict[Kind, str] = {
    Kind.CATEGORY: "categories",
    Kind.TAG: "tags",
    Kind.LOCATION: "locations",
    Kind.PERSON: "people",
    Kind.ORGANIZATION: "organizations",
    Kind.EVENT: "events",
}

Progress = Callable[[int], None]


@dataclass(slots=True)
class _Located:
    record: Record
    path: str
    line: int


@dataclass(slots=True)
class _Collected:
    records: dict[str, _Located] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)
    # Ids of records that were read but were wrong: a reference to one is no second mistake.
    rejected: set[str] = field(default_factory=set)
    # Lines of each kind whose id cannot be known (not JSON, or no id): a missing id may be there.
    unreadable: dict[Kind, list[str]] = field(default_factory=dict)


def data_files(data_dir: Path) -> Iterator[tuple[Kind, Path]]:
    """The data files of a directory, by kind, in a fixed order.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for name in ("events.jsonl", "people.europe.jsonl", "notes.txt"):
    ...         _ = (Path(d) / name).write_text("")
    ...     [(kind.value, path.name) for kind, path in data_files(Path(d))]
    [('person', 'people.europe.jsonl'), ('event', 'events.jsonl')]
    """
    for kind, stem in FILE_STEMS.items():
        paths = {data_dir / f"{stem}.jsonl", *data_dir.glob(f"{stem}.*.jsonl")}
        yield from ((kind, path) for path in sorted(paths) if path.is_file())


def _read_file(kind: Kind, path: Path, into: _Collected, progress: Progress | None) -> None:
    shown = str(path)
    with path.open("rb") as handle:
        for number, raw_line in enumerate(handle, start=1):
            if progress:
                progress(len(raw_line))
            if not raw_line.strip():
                continue
            try:
                raw = orjson.loads(raw_line)
            except orjson.JSONDecodeError as error:
                into.errors.append(DataError(shown, number, None, f"not valid JSON ({error})"))
                into.unreadable.setdefault(kind, []).append(f"{path.name}, line {number}")
                continue
            built = record_from_json(kind, raw)
            if isinstance(built, list):
                into.errors.extend(DataError(shown, number, p.field or None, p.message) for p in built)
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    into.rejected.add(raw["id"])
                else:
                    into.unreadable.setdefault(kind, []).append(f"{path.name}, line {number}")
                continue
            earlier = into.records.get(built.id)
            if earlier is not None:
                into.errors.append(
                    DataError(
                        shown,
                        number,
                        "id",
                        f"{built.id!r} is already defined at {earlier.path}, line {earlier.line}",
                    )
                )
                continue
            into.records[built.id] = _Located(built, shown, number)


def _check_references(collected: _Collected) -> None:
    records = collected.records

    def check(located: _Located, field_name: str, ref: str | None, kind: Kind) -> None:
        if ref is None:
            return
        target = records.get(ref)
        if target is not None and ref.startswith(f"{kind.value}:"):
            return
        if ref in collected.rejected and ref.startswith(f"{kind.value}:"):
            return  # defined, but wrongly: that record's own errors say so
        message = f"refers to {ref!r}, which no {kind.value} file defines"
        unreadable = collected.unreadable.get(kind)
        if unreadable:
            message += f" (unless it is on a line that could not be read: {', '.join(unreadable[:3])})"
        collected.errors.append(DataError(located.path, located.line, field_name, message))

    for located in records.values():
        record = located.record
        if isinstance(record, Event):
            check(located, "category", record.category, Kind.CATEGORY)
            for name, refs, kind in (
                ("locations", record.locations, Kind.LOCATION),
                ("people", record.people, Kind.PERSON),
                ("mentions", record.mentions, Kind.PERSON),
                ("organizations", record.organizations, Kind.ORGANIZATION),
                ("tags", record.tags, Kind.TAG),
            ):
                for index, ref in enumerate(refs):
                    check(located, f"{name}.{index}", ref, kind)
        elif isinstance(record, Location):
            if record.part_of_dated:
                for index, link in enumerate(record.part_of_dated):
                    check(located, f"part_of_dated.{index}.id", link.id, Kind.LOCATION)
            else:
                check(located, "part_of", record.part_of, Kind.LOCATION)
    _check_place_cycles(collected)


def _check_place_cycles(collected: _Collected) -> None:
    """`part_of` must form a forest: Moscow in Russia in Moscow would hang every traversal."""
    parents = {
        rid: loc.record.part_of
        for rid, loc in collected.records.items()
        if isinstance(loc.record, Location) and loc.record.part_of
    }
    for start in parents:
        seen = {start}
        current = parents.get(start)
        while current is not None:
            if current in seen:
                located = collected.records[start]
                collected.errors.append(
                    DataError(located.path, located.line, "part_of", f"{start!r} ends up inside itself")
                )
                break
            seen.add(current)
            current = parents.get(current)


def read_records(data_dir: str | Path, progress: Progress | None = None) -> list[Record]:
    """Read and check every record of a data directory, without building a graph.

    Raises:
        DataErrors: every problem found, each naming its file, line and field.
    """
    directory = Path(data_dir)
    if not directory.is_dir():
        raise DataErrors([DataError(str(directory), None, None, "is not a directory")])
    collected = _Collected()
    files = list(data_files(directory))
    if not any(kind is Kind.EVENT for kind, _ in files):
        collected.errors.append(
            DataError(str(directory), None, None, "holds no events.jsonl (or events.*.jsonl)")
        )
    for kind, path in files:
        _read_file(kind, path, collected, progress)
    # References are checked even when lines were wrong, so one run names every mistake.
    _check_references(collected)
    if collected.errors:
        raise DataErrors(collected.errors)
    return [located.record for located in collected.records.values()]


def data_size(data_dir: str | Path) -> int:
    """Bytes of data files in a directory, for a progress bar's total."""
    return sum(path.stat().st_size for _, path in data_files(Path(data_dir)))


def load_graph(data_dir: str | Path, progress: Progress | None = None) -> KnowledgeGraph:
    """Load a canonical data directory into a graph, or raise without building anything.

    Args:
        data_dir: a directory of ``<kind>.jsonl`` files (see ``data/README.md``).
        progress: called with the number of bytes read, for progress bars.

    Returns:
        The `KnowledgeGraph`, indexed and ready for queries.

    Raises:
        DataErrors: every problem found, each naming its file, line and field.

    >>> kg = load_graph("tests/data/tiny")
    >>> kg.person_by_name("stalin").name
    'Joseph Stalin'
    """
    kg = KnowledgeGraph.from_records(read_records(data_dir, progress))
    table = read_redirects(Path(data_dir))
    missing = sorted(new for new in table.values() if kg.get(new) is None)
    if missing:
        path = str(Path(data_dir) / REDIRECTS_FILE)
        raise DataErrors([DataError(path, None, "to", f"redirects to {missing[0]!r}, which is not a record")])
    kg.redirects = table
    return kg


__all__ = ["FILE_STEMS", "data_files", "data_size", "load_graph", "read_records"]
