"""`RecordTable`: every node's record and kind, kept serialised in one shared bytes blob.

A pre-fork server shares the loaded graph's pages with its workers until one writes to
them, and in CPython 3.11 reading an object writes its reference count. Records held as
Python objects (an event, its strings, tuples and dates: dozens of objects each, spread
over the heap) were copied page by page into every worker that read them: about 200 MB
of each worker's memory after a long run on the full import (`bench/shared_pages.py`).
Here a record is one slice of a bytes object (its field values, `marshal`led) and is
decoded on each read into short-lived objects of the reader's own; the shared pages are
only ever read. The kinds are one byte per node.

`marshal` reads only plain values (tuples, strings, numbers, None, booleans); each field
that holds a date, a link, a source, a role or coordinates is rebuilt by this module's own
code, so the blob cannot name a class to build. A table is never written to after it is
built, except through its overlay (`put`), which a process keeps for itself: a forked
worker changing a record changes its own copy only.
"""

from __future__ import annotations

import dataclasses
import functools
import marshal
import os
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graph.calendar import Precision
from graph.compact import IdIndex
from graph.dates import HistoricalDate
from graph.models import (
    Category,
    Coordinates,
    Event,
    Image,
    Kind,
    Link,
    Location,
    Organization,
    PartOf,
    Person,
    Record,
    Source,
    Tag,
)
from graph.roles import Role

#: A kind's code in the table is its position here; calendar nodes have no record.
KINDS: tuple[Kind, ...] = tuple(Kind)
_CODE = {kind: code for code, kind in enumerate(KINDS)}
CLASSES: dict[Kind, type[Record]] = {
    Kind.EVENT: Event,
    Kind.PERSON: Person,
    Kind.LOCATION: Location,
    Kind.ORGANIZATION: Organization,
    Kind.CATEGORY: Category,
    Kind.TAG: Tag,
}
_KIND_OF = {cls: kind for kind, cls in CLASSES.items()}
_PRECISIONS = {p.value: p for p in Precision}
_ROLES = {r.value: r for r in Role}
_DATE_SLOTS = tuple(HistoricalDate.__dict__[f.name].__set__ for f in dataclasses.fields(HistoricalDate))


def _date_values(date: HistoricalDate) -> tuple[Any, ...]:
    end = _date_values(date.end) if date.end is not None else None
    return (date.year, date.month, date.day, date.precision.value, date.approximate, date.uncertain, end,
            date.calendar)  # fmt: skip


def _date(values: tuple[Any, ...]) -> HistoricalDate:
    """The date of `_date_values`, its slots set directly: it was checked when first parsed."""
    date = object.__new__(HistoricalDate)
    year, month, day, precision, approximate, uncertain, end, calendar = values
    for setter, value in zip(
        _DATE_SLOTS,
        (year, month, day, _PRECISIONS[precision], approximate, uncertain,
         _date(end) if end is not None else None, calendar),
        strict=True,
    ):  # fmt: skip
        setter(date, value)
    return date


def _links(values: tuple[tuple[str, str], ...]) -> tuple[Link, ...]:
    return tuple(Link(title, url) for title, url in values)


def _sources(values: tuple[tuple[Any, ...], ...]) -> tuple[Source, ...]:
    return tuple(Source(*source) for source in values)


def _roles(values: tuple[tuple[str, str], ...]) -> tuple[tuple[str, Role], ...]:
    return tuple((person, _ROLES[role]) for person, role in values)


def _coordinates(values: tuple[float, float]) -> Coordinates:
    return Coordinates(*values)


def _part_of_values(links: tuple[PartOf, ...]) -> tuple[Any, ...]:
    return tuple(
        (
            link.id,
            _date_values(link.start) if link.start else None,
            _date_values(link.end) if link.end else None,
        )
        for link in links
    )


def _part_of(values: tuple[Any, ...]) -> tuple[PartOf, ...]:
    return tuple(
        PartOf(place, _date(start) if start else None, _date(end) if end else None)
        for place, start, end in values
    )


# Fields (by name, in every record class) that hold something other than plain values:
# how each is written to the blob, and how it is read back. Empty tuples and None stay as they are.
_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    **{name: (_date_values, _date) for name in ("date", "end_date", "born", "died", "start", "end")},
    "links": (lambda links: tuple((link.title, link.url) for link in links), _links),
    "sources": (lambda sources: tuple((s.name, s.file, s.record, s.url) for s in sources), _sources),
    "roles": (lambda roles: tuple((person, role.value) for person, role in roles), _roles),
    "coordinates": (lambda c: (c.lat, c.lon), _coordinates),
    "part_of_dated": (_part_of_values, _part_of),
    "image": (lambda image: (image.url, image.source), lambda values: Image(*values)),
}


class _Codec:
    """Writes one record class's field values as a tuple of plain values, and reads them back."""

    def __init__(self, cls: type[Record]) -> None:
        self.cls = cls
        names = tuple(f.name for f in dataclasses.fields(cls))
        self.names = names
        self.setters = tuple(cls.__dict__[name].__set__ for name in names)
        self.encoders = tuple(_CODECS[name][0] if name in _CODECS else None for name in names)
        self.decoders = tuple((i, _CODECS[name][1]) for i, name in enumerate(names) if name in _CODECS)

    def encode(self, record: Record) -> bytes:
        values = tuple(
            encode(value) if encode is not None and value is not None and value != () else value
            for encode, value in zip(self.encoders, (getattr(record, n) for n in self.names), strict=True)
        )
        return marshal.dumps(values)

    def decode(self, data: bytes | memoryview) -> Any:
        values = list(marshal.loads(data))
        for i, decode in self.decoders:
            value = values[i]
            if value is not None and value != ():
                values[i] = decode(value)
        # Set the slots directly, as unpickling does: every value was checked at load.
        record = object.__new__(self.cls)
        for setter, value in zip(self.setters, values, strict=True):
            setter(record, value)
        return record


_CODECS_BY_CODE: tuple[_Codec | None, ...] = tuple(
    _Codec(CLASSES[kind]) if kind in CLASSES else None for kind in KINDS
)


#: Decoded records each process keeps, most recently read first: a request reads the same
#: event several times (its fields, its same-date list), and a costly client repeats its
#: query. Most of the 18 MB a worker's memory grows by over 300 'On this day' requests on the full
#: import (`bench/shared_pages.py`); a fork starts with none (`forget_decoded_records`).
CACHED_RECORDS = 4096
_TABLES: weakref.WeakSet[RecordTable] = weakref.WeakSet()


class RecordTable:
    """Node id -> kind and record, the records serialised in one bytes blob.

    Built once from every node (`build`); `get` decodes a record (or finds it among the
    process's `CACHED_RECORDS` last read), so nothing a caller holds lies on the parent's
    pages. `put` changes a record in this process only (the overlay in front of the blob).

    >>> from graph.models import Person
    >>> table = RecordTable.build([("person:ada", Kind.PERSON, Person("person:ada", "Ada"))])
    >>> table.get("person:ada") == Person("person:ada", "Ada")
    True
    >>> table.kind("person:ada").value, table.get("person:nobody")
    ('person', None)
    """

    def __init__(self, rows: IdIndex, kinds: bytes, offsets: array[int], blob: bytes) -> None:
        # Node id -> row, found by hash in arrays: a dict would hand out its int values, and each
        # read wrote the count of one, spread over the parent's pages (`graph.compact.IdIndex`).
        self._rows = rows
        self._kinds = kinds
        self._offsets = offsets
        self._blob = blob
        self._view = memoryview(blob)
        self._changed: dict[str, Record] = {}
        self._decoded = functools.lru_cache(maxsize=CACHED_RECORDS)(self._decode)
        _TABLES.add(self)

    @classmethod
    def build(cls, nodes: Iterable[tuple[str, Kind, Record | None]]) -> RecordTable:
        """A table of ``(id, kind, record or None)``, in the order given."""
        ids: list[str] = []
        kinds = bytearray()
        offsets = array("Q", [0])
        chunks: list[bytes] = []
        end = 0
        for node_id, kind, record in nodes:
            ids.append(node_id)
            kinds.append(_CODE[kind])
            if record is not None:
                chunk = _codec_of(kind).encode(record)
                chunks.append(chunk)
                end += len(chunk)
            offsets.append(end)
        return cls(IdIndex(ids), bytes(kinds), offsets, b"".join(chunks))

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def row(self, node_id: str) -> int | None:
        """The number of a node: its place in the order the table was built in; None for no such node."""
        return self._rows.number(node_id)

    def kind_at(self, row: int) -> Kind:
        """The kind of the node numbered ``row``."""
        return KINDS[self._kinds[row]]

    def kind(self, node_id: str) -> Kind | None:
        """The kind of a node, None when there is no such node."""
        row = self._rows.number(node_id)
        return None if row is None else KINDS[self._kinds[row]]

    def get(self, node_id: str) -> Any:
        """The record of a node; None for no such node or a calendar node."""
        changed = self._changed.get(node_id)
        if changed is not None:
            return changed
        return self._decoded(node_id)

    def _decode(self, node_id: str) -> Any:
        row = self._rows.number(node_id)
        if row is None:
            return None
        start, end = self._offsets[row], self._offsets[row + 1]
        if start == end:
            return None
        codec = _CODECS_BY_CODE[self._kinds[row]]
        assert codec is not None  # only nodes with a record have bytes
        return codec.decode(self._view[start:end])

    def plain_fields(
        self, node_ids: Iterable[str], kind: Kind, names: tuple[str, ...]
    ) -> Iterator[tuple[Any, ...]]:
        """Some plain fields (strings, numbers) of each node's record, without building the records.

        Reading every event's title and summary this way takes a tenth of decoding every
        event (the dates are the costly part), which the text index's build did.

        >>> from graph.models import Person
        >>> table = RecordTable.build([("person:ada", Kind.PERSON, Person("person:ada", "Ada"))])
        >>> list(table.plain_fields(["person:ada"], Kind.PERSON, ("name", "description")))
        [('Ada', None)]

        Raises:
            ValueError: a field that is not stored as a plain value.
        """
        codec = _codec_of(kind)
        coded = [name for name in names if name in _CODECS]
        if coded:
            raise ValueError(f"{', '.join(coded)} are not plain fields")
        at = [codec.names.index(name) for name in names]
        for node_id in node_ids:
            changed = self._changed.get(node_id)
            if changed is not None:
                yield tuple(getattr(changed, name) for name in names)
                continue
            row = self._rows.number(node_id)
            if row is None:
                raise KeyError(node_id)
            values = marshal.loads(self._view[self._offsets[row] : self._offsets[row + 1]])
            yield tuple(values[i] for i in at)

    def put(self, record: Record) -> None:
        """Replace a node's record in this process only (a forked worker's own copy).

        Raises:
            KeyError: no node has this id, or the node is of another kind.
        """
        kind = self.kind(record.id)
        if kind is None or kind is not _KIND_OF[type(record)]:
            raise KeyError(f"{record.id!r} is not a {_KIND_OF[type(record)].value} of this graph")
        self._changed[record.id] = record

    def with_records(self, records: Iterable[Record]) -> RecordTable:
        """A new table over the same blob, with ``records`` in front of it; this table is unchanged.

        How an applied edit changes records without copying the blob (`graph.incremental`):
        the graph a request started with keeps reading this table.
        """
        table = RecordTable(self._rows, self._kinds, self._offsets, self._blob)
        table._changed = dict(self._changed)
        for record in records:
            table.put(record)
        return table

    def forget_decoded(self) -> None:
        """Drop the records decoded so far (a forked worker's first act: they are the parent's)."""
        self._decoded.cache_clear()

    @property
    def nbytes(self) -> int:
        """Bytes of the blob, the offsets, the kinds and the ids with their hash slots."""
        return (
            len(self._blob)
            + self._offsets.itemsize * len(self._offsets)
            + len(self._kinds)
            + self._rows.nbytes
        )

    # A snapshot holds the blob as it is; the offsets travel as bytes (an array would name
    # its module's reconstructor, which the snapshot's allow-list does not admit).
    def __getstate__(self) -> dict[str, Any]:
        return {
            "rows": self._rows,
            "kinds": self._kinds,
            "offsets": self._offsets.tobytes(),
            "blob": self._blob,
            "changed": self._changed,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        offsets = array("Q")
        offsets.frombytes(state["offsets"])
        self.__init__(state["rows"], state["kinds"], offsets, state["blob"])  # type: ignore[misc]
        self._changed = state["changed"]


def forget_decoded_records() -> None:
    """Drop every table's decoded records (a pre-fork parent does so before it fills its heap)."""
    # Records decoded while loading lie on the parent's pages: a worker that kept them would
    # copy those pages as it read them, and one that dropped them would copy them as it freed
    # them. The parent serves nothing, so it drops them before it forks.
    for table in list(_TABLES):
        table.forget_decoded()


os.register_at_fork(before=forget_decoded_records)


def _codec_of(kind: Kind) -> _Codec:
    codec = _CODECS_BY_CODE[_CODE[kind]]
    if codec is None:
        raise ValueError(f"a {kind.value} node has no record")
    return codec


class NodeAttributes(dict[str, Any]):
    """A node's NetworkX attribute dict: ``kind`` (and a calendar node's numbers) as stored,
    ``record`` read from the table when asked (``kg.graph.nodes[id]["record"]``).

    The record is not kept in the dict: a request that read it through the dict would
    touch the shared objects this table exists to avoid. Queries ask the graph
    (`KnowledgeGraph.get`); this keeps NetworkX's own view of a node working.
    """

    __slots__ = ("_id", "_table")

    def __init__(self, table: RecordTable, node_id: str, attrs: dict[str, Any]) -> None:
        super().__init__(attrs)
        self._table = table
        self._id = node_id

    def __missing__(self, key: str) -> Any:
        if key == "record":
            return self._table.get(self._id)
        raise KeyError(key)


__all__ = ["CLASSES", "KINDS", "NodeAttributes", "RecordTable", "forget_decoded_records"]
