"""The search as it was before the word index: every candidate name scored in a Python loop.

Kept only as the reference `test_search_index.py` compares the index with; it is the
specification of the scores and the ranking, written the plain way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from graph.dates import HistoricalDate, Precision
from graph.models import Event, Kind
from graph.node_table import node_table
from graph.queries.search_dates import QueryDate, read_date
from graph.queries.word_index import MIN_SCORE, SEARCHABLE, TYPO_FLOOR
from graph.store import KnowledgeGraph
from graph.text import search_words


class ScanIndex:
    """Folded names and a word vocabulary; a query scores every name holding a matched word."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.names: list[tuple[str, tuple[str, ...]]] = []
        by_word: dict[str, set[int]] = defaultdict(set)
        nodes = node_table(kg)
        for kind in SEARCHABLE:
            for node_id in kg.ids(kind):
                record = nodes[node_id]["record"]
                names = (
                    [record.title]
                    if isinstance(record, Event)
                    else [record.name, *getattr(record, "aliases", ())]
                )
                for name in names:
                    words = tuple(search_words(name))
                    if words:
                        for word in words:
                            by_word[word].add(len(self.names))
                        self.names.append((node_id, words))
        self.vocabulary = sorted(by_word)
        self.names_with = {word: sorted(ids) for word, ids in by_word.items()}

    def word_matches(self, word: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for candidate, similarity, _ in process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_FLOOR, limit=None
        ):
            found[candidate] = float(similarity)
        if len(word) >= 2:
            start = bisect_left(self.vocabulary, word)
            for candidate in self.vocabulary[start:]:
                if not candidate.startswith(word):
                    break
                found[candidate] = max(found.get(candidate, 0.0), 90.0 + 10.0 * len(word) / len(candidate))
        return found

    def search(self, text: str, kinds: Iterable[Kind], first: int) -> list[tuple[str, float]]:
        words = search_words(text)
        if not words or first <= 0:
            return []
        allowed = set(kinds)
        matches = [self.word_matches(word) for word in words]
        candidates = {index for found in matches for word in found for index in self.names_with[word]}
        best: dict[str, float] = {}
        nodes = node_table(self.kg)
        for index in candidates:
            node_id, name_words = self.names[index]
            if nodes[node_id]["kind"] not in allowed:
                continue
            score = _score(name_words, matches)
            if score > best.get(node_id, 0.0):
                best[node_id] = score
        date, rest = read_date(words)
        if date is not None and Kind.EVENT in allowed:
            # An event of the date scores as if the date's words were not in the query.
            rest_matches = [self.word_matches(word) for word in rest]
            for node_id, name_words in self.names:
                record = nodes[node_id]["record"]
                if isinstance(record, Event) and _on(record.date, date):
                    score = _score(name_words, rest_matches) if rest else 100.0
                    if score > best.get(node_id, 0.0):
                        best[node_id] = score
        ranked = sorted(
            (node_id for node_id, score in best.items() if score >= MIN_SCORE),
            key=lambda node_id: (
                -round(best[node_id], 1),
                -self.kg.graph.degree(node_id),
                _label(nodes[node_id]["record"]),
                node_id,
            ),
        )
        return [(node_id, round(best[node_id], 1)) for node_id in ranked[:first]]


def _on(date: HistoricalDate, wanted: QueryDate) -> bool:
    """Whether a date is the day, month or year a query named (a decade or century is none)."""
    if date.precision not in (Precision.YEAR, Precision.MONTH, Precision.DAY):
        return False
    month = date.month if date.precision is not Precision.YEAR else None
    day = date.day if date.precision is Precision.DAY else None
    return all(
        want is None or want == have
        for want, have in ((wanted.year, date.year), (wanted.month, month), (wanted.day, day))
    )


def _label(record: object) -> str:
    return record.title if isinstance(record, Event) else record.name  # type: ignore[attr-defined]


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
    return total / len(matches) * (0.85 + 0.15 * len(matched) / len(name_words))
