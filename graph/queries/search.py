"""Search by name: a ranked union of events, people, places, tags and organisations.

Forgiving the way a search box must be: case and accents do not matter ("obregon"
finds Álvaro Obregón), typos cost a little ("Stallin" still finds Stalin first), and a
word being typed counts as a prefix ("stal" finds Stalin and Stalingrad).

How a name scores against a query, 0 to 100:

* each query word takes its best match among the name's words: 100 when equal, 90 to
  100 when it begins the word (more for a longer share of it), else rapidfuzz's
  ``ratio`` (an edit-distance similarity) when that is at least 75;
* the name's score is the mean over the query words, times a length factor from 0.85
  (few of the name's words matched) to 1 (all matched), so "Stalin" outranks
  "Battle of Stalingrad" for "stal".

A node scores its best name (title, name or any alias). Ties go to the better connected
node, then to the label. The index is built once per graph, at load (`graph.indexes`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.deadline import Deadline, paced
from graph.models import Event, Kind, Location, Organization, Person, Tag
from graph.node_table import node_table
from graph.store import KnowledgeGraph
from graph.text import fold

#: Kinds that search covers; categories are few enough to be listed, not searched.
SEARCHABLE = (Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.TAG, Kind.ORGANIZATION)

_TYPO_FLOOR = 75.0  # below this a word is not a misspelling of another, just different
_MIN_SCORE = 50.0  # hits below this are noise: one loose word of a long title


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One node found, with its score (0–100) and the words a result list shows."""

    score: float
    kind: Kind
    id: str
    label: str
    detail: str | None


@dataclass(frozen=True, slots=True)
class _Name:
    node_id: str
    words: tuple[str, ...]


class SearchIndex:
    """Folded names and a word vocabulary, so a query compares against words, not nodes."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.names: list[_Name] = []
        by_word: dict[str, set[int]] = defaultdict(set)
        nodes = node_table(kg)
        for kind in SEARCHABLE:
            for node_id in kg.ids(kind):
                record = nodes[node_id]["record"]
                for name in _names(record):
                    words = tuple(fold(name).split())
                    if not words:
                        continue
                    for word in words:
                        by_word[word].add(len(self.names))
                    self.names.append(_Name(node_id, words))
        self.vocabulary = sorted(by_word)
        self.names_with = {word: sorted(ids) for word, ids in by_word.items()}

    def word_matches(self, word: str) -> dict[str, float]:
        """Vocabulary words close to a query word, with their similarity."""
        found: dict[str, float] = {}
        for candidate, similarity, _ in process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_FLOOR, limit=None
        ):
            found[candidate] = float(similarity)
        if len(word) >= 2:
            for candidate in _with_prefix(self.vocabulary, word):
                prefix_score = 90.0 + 10.0 * len(word) / len(candidate)
                found[candidate] = max(found.get(candidate, 0.0), prefix_score)
        return found

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
        words = fold(text).split()
        if not words or first <= 0:
            return []
        allowed = set(kinds) if kinds else set(SEARCHABLE)
        matches = [self.word_matches(word) for word in words]
        candidates: set[int] = set()
        for found in matches:
            for word in found:
                candidates.update(self.names_with[word])
        best: dict[str, float] = {}
        nodes = node_table(self.kg)
        for index in paced(candidates, deadline):
            name = self.names[index]
            if nodes[name.node_id]["kind"] not in allowed:
                continue
            score = _score(name.words, matches)
            if score > best.get(name.node_id, 0.0):
                best[name.node_id] = score
        ranked = sorted(
            (node_id for node_id, score in best.items() if score >= _MIN_SCORE),
            key=lambda node_id: (
                -round(best[node_id], 1),
                -self.kg.graph.degree(node_id),
                _label(nodes[node_id]["record"]),
                node_id,
            ),
        )
        return [self._hit(node_id, best[node_id]) for node_id in ranked[:first]]

    def _hit(self, node_id: str, score: float) -> SearchHit:
        attrs = node_table(self.kg)[node_id]
        record = attrs["record"]
        return SearchHit(round(score, 1), attrs["kind"], node_id, _label(record), describe(self.kg, node_id))


def _names(record: object) -> Iterable[str]:
    if isinstance(record, Event):
        yield record.title
        return
    yield record.name  # type: ignore[attr-defined]
    yield from getattr(record, "aliases", ())


def _label(record: object) -> str:
    return record.title if isinstance(record, Event) else record.name  # type: ignore[attr-defined]


def _with_prefix(vocabulary: Sequence[str], prefix: str) -> list[str]:
    """Words of a sorted vocabulary that start with ``prefix``, by bisection."""
    from bisect import bisect_left

    start = bisect_left(vocabulary, prefix)
    found = []
    for word in vocabulary[start:]:
        if not word.startswith(prefix):
            break
        found.append(word)
    return found


def _score(name_words: tuple[str, ...], matches: list[dict[str, float]]) -> float:
    total = 0.0
    matched: set[int] = set()
    for found in matches:
        best, best_at = 0.0, -1
        for position, word in enumerate(name_words):
            similarity = found.get(word, 0.0)
            if similarity > best:
                best, best_at = similarity, position
        total += best
        if best_at >= 0:
            matched.add(best_at)
    mean = total / len(matches)
    return mean * (0.85 + 0.15 * len(matched) / len(name_words))


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
        count = len(kg.event_ids_of(node_id))
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
