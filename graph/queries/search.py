"""Search by name: a ranked union of events, people, places, tags and organisations.

Forgiving the way a search box must be: case and accents do not matter ("obregon"
finds Álvaro Obregón), typos cost a little ("Stallin" still finds Stalin first), a
word being typed counts as a prefix ("stal" finds Stalin and Stalingrad), dashes
separate words ("Mexico Soviet" finds "Mexico–Soviet relations", `graph.text.search_words`),
and a year or a date means the events of it ("1924", "4 August 1924", "August 4, 1924",
"1924-08-04": `graph.queries.search_dates`).

How a name scores against a query, 0 to 100:

* each query word takes its best match among the name's words: 100 when equal, 90 to
  100 when it begins the word (more for a longer share of it), else rapidfuzz's
  ``ratio`` (an edit-distance similarity) when that is at least 75;
* the name's score is the mean over the query words, times a length factor from 0.85
  (few of the name's words matched) to 1 (all matched), so "Stalin" outranks
  "Battle of Stalingrad" for "stal".

A node scores its best name (title, name or any alias); an event of the date a query
names scores as if the date's words were not there (100 for a date alone); nodes under 50
are left out. The
list is ordered by score rounded to one decimal, then ties go to the better connected node,
then to the label, then to the id. The index (`graph.queries.word_index`: flat arrays of
word numbers, postings per word) is built once per graph, at load (`graph.indexes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.deadline import Deadline
from graph.models import Event, Kind, Location, Organization, Person, Tag
from graph.queries.word_index import SEARCHABLE, WordIndex
from graph.store import KnowledgeGraph


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One node found, with its score (0–100) and the words a result list shows."""

    score: float
    kind: Kind
    id: str
    label: str
    detail: str | None


class SearchIndex:
    """The graph's names as flat word arrays (`graph.queries.word_index`), and hits built from them."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.words = WordIndex(kg)

    def search(
        self,
        text: str,
        kinds: Iterable[Kind] | None = None,
        first: int = 10,
        deadline: Deadline | None = None,
    ) -> list[SearchHit]:
        """The best ``first`` hits for ``text``, best first; ``deadline`` is checked while scoring.

        >>> from graph.loader import load_graph
        >>> index = SearchIndex(load_graph("tests/data/tiny"))
        >>> [(hit.id, hit.score) for hit in index.search("Stallin", first=2)]
        [('person:joseph-stalin', 92.3)]
        """
        best = self.words.best(text, kinds or SEARCHABLE, first, deadline)
        return [self._hit(node_id, score) for node_id, score in best]

    def _hit(self, node_id: str, score: float) -> SearchHit:
        record = self.kg.record(node_id)
        label = record.title if isinstance(record, Event) else record.name
        return SearchHit(
            round(score, 1), self.kg.kind_of(node_id), node_id, label, describe(self.kg, node_id)
        )


def describe(kg: KnowledgeGraph, node_id: str) -> str | None:
    """A short second line for a node: an event's date, a life's years, a place's kind.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> [describe(kg, i) for i in ("event:beirut-explosion", "person:joseph-stalin", "location:mexico")]
    ['August 4th, 2020', '1878 – 1953', 'country']
    """
    record = kg.get(node_id)
    if isinstance(record, Event):
        return record.date.display
    if isinstance(record, Person):
        if record.born is None and record.died is None:
            return None
        born = _year_of(record.born) if record.born else "?"
        died = _year_of(record.died) if record.died else ""
        return f"{born} – {died}".rstrip()
    if isinstance(record, Location | Organization):
        return record.kind
    if isinstance(record, Tag):
        count = kg.event_count_of(node_id)
        return f"{count} event{'' if count == 1 else 's'}"
    return None


def _year_of(date: object) -> str:
    from graph.dates import HistoricalDate, Precision

    assert isinstance(date, HistoricalDate)
    if date.precision in (Precision.DECADE, Precision.CENTURY) or date.approximate or date.uncertain:
        return date.display
    return HistoricalDate(date.year).display


def search_index(kg: KnowledgeGraph) -> SearchIndex:
    """The graph's search index, built once (at load, by `graph.indexes`) and kept with the graph."""
    return kg.memo("search", SearchIndex)


def search(
    kg: KnowledgeGraph,
    text: str,
    kinds: Iterable[Kind] | None = None,
    first: int = 10,
    deadline: Deadline | None = None,
) -> list[SearchHit]:
    """Ranked hits for ``text`` among events, people, places, tags and organisations.

    Args:
        kg: the graph.
        text: what someone typed; any case, accents optional, typos tolerated.
        kinds: keep only these kinds (default: all searchable kinds).
        first: how many hits at most.
        deadline: checked while names are scored.

    Returns:
        Hits, best first.

    >>> from graph.loader import load_graph
    >>> [hit.label for hit in search(load_graph("tests/data/tiny"), "obregon")]
    ['Álvaro Obregón', 'Obregón in the capital']
    """
    return search_index(kg).search(text, kinds, first, deadline)


__all__ = ["SEARCHABLE", "SearchHit", "SearchIndex", "describe", "search", "search_index"]
