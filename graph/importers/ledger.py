"""The ids an earlier published import gave, learnt from its output: ``clio import … --previous DIR``.

An event's id is made from its title and date, and titles of day-page entries are
headlines a rule writes: when the rule changes, so would the id, and a client holding the
old one would get NOT_FOUND. So an import that is given the output it replaces reads the
ids it published, keyed by the source rows each record was made from (file and record of
each source, never the title), and

* an event made from the same first row keeps the id the earlier import gave it, whatever
  its title is now (`keep_event_ids`);
* a published id whose rows now belong to another record (two events merged, two people
  joined) redirects to that record, and the earlier output's redirects are carried on
  (`ledger_redirects`); a published id is never given to another record.

A row key is ``(source name, file, record)``; a Wikidata item is keyed by its URL alone, as
it appears in several of the data set's files. Rows of the import's own notes and of where
a curated record was read (``clio-import``, ``canonical``) are no evidence of identity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from graph.errors import DataError
from graph.loader import data_files
from graph.models import Source
from graph.redirects import read_redirects

Row = tuple[str, str, str]
#: Sources that say where a record was read or what the importer decided, not what it was made of.
_BOOKKEEPING = frozenset({"clio-import", "canonical"})


def row_keys(sources: Iterable[Source | Mapping[str, object]]) -> list[Row]:
    """The source rows a record was made from, as keys that do not depend on its title.

    >>> row_keys([Source(name="wikipedia", file="events/8/4.json", record="line 9"),
    ...           Source(name="wikidata", file="events.json", record="http://www.wikidata.org/entity/Q1"),
    ...           Source(name="clio-import", record="category …")])
    [('wikipedia', 'events/8/4.json', 'line 9'), ('wikidata', '', 'http://www.wikidata.org/entity/Q1')]
    """
    keys = []
    for source in sources:
        if isinstance(source, Source):
            name, file, record = source.name, source.file or "", source.record or ""
        else:
            name, file, record = (str(source.get(k) or "") for k in ("name", "file", "record"))
        if name in _BOOKKEEPING:
            continue
        keys.append((name, "" if name == "wikidata" else file, record))
    return keys


def _prefix(node_id: str) -> str:
    return node_id.split(":", 1)[0]


@dataclass(slots=True)
class Ledger:
    """What an earlier output published: its ids, each record's rows, and its redirects."""

    directory: Path | None = None
    ids: set[str] = field(default_factory=set)
    #: row -> the ids of the records made from it (one, unless the earlier import split a row).
    by_row: dict[Row, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: id -> its rows.
    rows: dict[str, list[Row]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, directory: Path) -> Ledger:
        """Read an earlier import's output directory.

        Raises:
            DataError: the directory holds no data files, or a line that is not JSON with an id.
        """
        directory = Path(directory)
        files = list(data_files(directory)) if directory.is_dir() else []
        if not files:
            raise DataError(str(directory), None, None, "not an earlier import's output directory")
        ledger = cls(directory)
        for _, path in files:
            with path.open("rb") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = orjson.loads(line)
                        node_id = record["id"]
                    except (orjson.JSONDecodeError, KeyError, TypeError):
                        raise DataError(str(path), number, "id", "not a record with an id") from None
                    ledger.add(node_id, row_keys(record.get("sources") or ()))
        ledger.redirects = read_redirects(directory)
        return ledger

    def add(self, node_id: str, rows: Sequence[Row]) -> None:
        """Record that ``node_id`` was published, made from ``rows``."""
        self.ids.add(node_id)
        self.rows[node_id] = list(rows)
        for row in rows:
            self.by_row[row].add(node_id)

    def published(self) -> set[str]:
        """Every id a client may hold: the records' and the retired ids the output redirected."""
        return self.ids | set(self.redirects)

    def id_of(self, rows: Sequence[Row], prefix: str) -> str | None:
        """The published id of a record of kind ``prefix`` made from ``rows``, least row first."""
        for row in sorted(rows):
            found = sorted(i for i in self.by_row.get(row, ()) if _prefix(i) == prefix)
            if found:
                return found[0]
        return None


def keep_event_ids(
    ledger: Ledger, rows: Sequence[Sequence[Row]], fixed: Sequence[str | None]
) -> list[str | None]:
    """For each event, the id the earlier import gave it, or ``None`` for a new one.

    ``rows`` are each event's source rows, ``fixed`` the ids curated records give themselves.
    An earlier id goes to the event whose first row (the least) was that id's first row, else
    to the claimant with the least row, so each published id stays with one event and two
    events never share an id.
    """
    claims: dict[str, list[tuple[int, Row, int]]] = defaultdict(list)
    for index, (event_rows, given) in enumerate(zip(rows, fixed, strict=True)):
        if given is not None or not event_rows:
            continue
        old = ledger.id_of(event_rows, "event")
        if old is not None:
            own = 0 if min(ledger.rows[old], default=None) == min(event_rows) else 1
            claims[old].append((own, min(event_rows), index))
    kept: list[str | None] = [None] * len(rows)
    taken = {i for i in fixed if i is not None}
    for old, claimants in sorted(claims.items()):
        if old not in taken:
            kept[min(claimants)[2]] = old
            taken.add(old)
    return kept


def ledger_redirects(ledger: Ledger, live_rows: Mapping[str, Sequence[Row]]) -> dict[str, str]:
    """Each published id that is no record now, to the record of its kind holding most of its rows.

    ``live_rows`` maps every record id of the new import to its rows. The earlier output's
    own redirects are included; `graph.redirects.resolved` follows their chains afterwards.
    """
    holder: dict[Row, set[str]] = defaultdict(set)
    for node_id, rows in live_rows.items():
        for row in rows:
            holder[row].add(node_id)
    table = dict(ledger.redirects)
    for old in sorted(ledger.ids - live_rows.keys()):
        votes: dict[str, int] = defaultdict(int)
        for row in ledger.rows[old]:
            for new in holder.get(row, ()):
                if _prefix(new) == _prefix(old):
                    votes[new] += 1
        if votes:
            table[old] = min(votes, key=lambda new: (-votes[new], new))
    return table


__all__ = ["Ledger", "Row", "keep_event_ids", "ledger_redirects", "row_keys"]
