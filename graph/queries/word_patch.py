"""`PatchedWordIndex`: a built search index with some nodes' names replaced, corrected at read time.

Rebuilding `graph.queries.word_index.WordIndex` takes seconds on the full import; an edit
that renames a node (an event's title, a person's name or aliases) changes only that
node's names. Here the arrays are shared with the index built whole, the renamed nodes'
scores from them are thrown away, and the renamed nodes are scored again on their new
names directly, with the same arithmetic as the arrays (`word_matches`, `_score`), so a
search answers as an index built from the new names would: the same nodes, the same
scores, in the same order.

The order's tie-break (more connected, then label, then id) is one rank per node; a
renamed node's label moves it, so its rank is placed again, between the unchanged nodes
it now falls between (a fraction: the unchanged nodes keep theirs).

A relink moves the tie-break of the nodes whose degree changed: `relinked` relinks the
index built whole (by the labels it was built with) and places the renamed nodes again.

A read costs one scoring of every renamed node's names more; `graph.incremental_names`
builds the index whole once there are `graph.incremental.MAX_PATCHED` of them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from graph.deadline import Deadline, check
from graph.models import Event, Kind
from graph.queries.word_index import (
    MIN_SCORE,
    SEARCHABLE,
    TYPO_FLOOR,
    FloatArray,
    IntArray,
    Matches,
    WordIndex,
    _group_max,
    _score,
)
from graph.text import search_words

if TYPE_CHECKING:
    from graph.queries.search_pages import SearchPages
    from graph.store import KnowledgeGraph


class PatchedWordIndex(WordIndex):
    """A `WordIndex` whose renamed nodes are scored on their new names at read time.

    Node numbers do not move (no node is added or removed, no event changes its place in
    the date order): a rename that would move one is built whole by the caller.
    """

    _base: WordIndex
    _order: IntArray  # the node at each rank of the index built whole

    def __init__(
        self, base: WordIndex, before: KnowledgeGraph, after: KnowledgeGraph, renamed: list[str]
    ) -> None:
        # Never the arrays of another patch: every patch corrects the index built whole.
        under = base._base if isinstance(base, PatchedWordIndex) else base
        self.__dict__.update(vars(under))
        self._base = under
        #: Id -> its label when the index was built whole (the key its rank was placed by).
        self.built_labels: dict[str, str] = dict(getattr(base, "built_labels", {}))
        #: Node number -> the words of each of its names now, for every node renamed since.
        self.fresh: dict[int, list[list[str]]] = dict(getattr(base, "fresh", {}))
        #: Node number -> (how many built ranks come before it, its tie-break key now).
        self.placed: dict[int, tuple[int, tuple[int, str, str]]] = dict(getattr(base, "placed", {}))
        if isinstance(base, PatchedWordIndex):
            self._order = base._order
        numbers = {node_id: node_number(after, node_id) for node_id in renamed}
        for node_id, node in numbers.items():
            self.built_labels.setdefault(node_id, _label(before.record(node_id)))
            self.fresh[node] = [w for w in map(search_words, _names(after.record(node_id))) if w]
        self._stale = np.array(sorted(self.fresh), dtype=np.int64)
        holders: dict[str, set[int]] = defaultdict(set)
        for node, names in self.fresh.items():
            for name in names:
                for word in name:
                    holders[word].add(node)
        #: The renamed nodes' words, sorted, and the nodes holding each.
        self._fresh_words = sorted(holders)
        self._holders = holders
        self.tie_rank = self._ranks(after, list(numbers.values()))  # type: ignore[assignment]

    @property
    def pages(self) -> SearchPages | None:
        """None: the arrays hold the renamed nodes' old names, scored again at every read."""
        return None

    def relinked(
        self, kg: KnowledgeGraph, moved: Iterable[str], labels: Mapping[str, str] | None = None
    ) -> PatchedWordIndex:
        """This index over its built index relinked (`WordIndex.relinked`), the renamed nodes placed again.

        The index built whole is relinked by the labels it was built with (the renamed
        nodes' old ones): its order is then a whole build's over the old names and the new
        links. Every renamed node is placed again in it by its new label and its degree now.
        """
        under = self._base.relinked(kg, moved, {**self.built_labels, **(labels or {})})
        rebased: PatchedWordIndex = object.__new__(PatchedWordIndex)
        rebased.__dict__.update(self.__dict__)
        rebased.__dict__.update(vars(under))
        rebased._base = under
        rebased.__dict__.pop("_order", None)  # the node at each rank: the relinked index's now
        rebased.placed = {}
        rebased.tie_rank = rebased._ranks(kg, list(self.fresh))  # type: ignore[assignment]
        return rebased

    def _ranks(self, kg: KnowledgeGraph, renamed: list[int]) -> FloatArray:
        """The built ranks, with each renamed node placed by its new label among the unchanged."""
        built = self._base.tie_rank
        # Node at each rank: made once per index built whole, then handed from patch to patch.
        order = self.__dict__.get("_order")
        if order is None:
            order = np.empty(len(built), dtype=np.int64)
            order[built] = np.arange(len(built), dtype=np.int64)
            self._order = order
        ids, labels = self.ids, self.built_labels

        # The degree is read from `KnowledgeGraph.links`, the same count as the build's `graph.degree`.
        def built_key(at: int) -> tuple[int, str, str]:
            node_id = ids[int(order[at])]
            label = labels.get(node_id)
            return (-kg.links(node_id), label if label is not None else _label_of(kg, node_id), node_id)

        for node in renamed:  # the nodes renamed before keep their places: their keys did not move
            node_id = ids[node]
            key = (-kg.links(node_id), _label_of(kg, node_id), node_id)
            self.placed[node] = (_bisect(built_key, len(order), key), key)
        gaps: dict[int, list[tuple[tuple[int, str, str], int]]] = defaultdict(list)
        for node, (at, key) in self.placed.items():
            gaps[at].append((key, node))
        ranks = built.astype(np.float64)
        for at, placed in gaps.items():
            placed.sort()
            for j, (_, node) in enumerate(placed):
                # Between the node ranked ``at - 1`` and the one ranked ``at``.
                ranks[node] = at - 1 + (j + 1) / (len(placed) + 1)
        return ranks

    def _node_scores(
        self, words: list[str], deadline: Deadline | None, known: Mapping[str, Matches] | None = None
    ) -> tuple[IntArray, FloatArray]:
        nodes, node_best = super()._node_scores(words, deadline, known)
        kept = ~np.isin(nodes, self._stale)  # a renamed node is scored on its new names only
        nodes, node_best = nodes[kept], node_best[kept]
        found = [self._fresh_matches(word) for word in words]
        check(deadline)
        fresh: dict[int, float] = {}
        # A node none of whose words matched scores nothing: only the others are scored.
        for node in {node for matches in found for word in matches for node in self._holders[word]}:
            best = 0.0
            for name in self.fresh[node]:
                if len(found) == 1:
                    # As `_name_scores` computes it for one word: the best match times the factor.
                    top = max((found[0].get(word, 0.0) for word in name), default=0.0)
                    score = top / 1 * (0.85 + 0.15 * 1 / len(name)) if top > 0 else 0.0
                else:
                    mean = sum(max((f.get(word, 0.0) for word in name), default=0.0) for f in found)
                    score = _score(name, found) if mean / len(found) >= MIN_SCORE else 0.0  # type: ignore[arg-type]
                best = max(best, score)
            fresh[node] = best
        if not fresh:
            return nodes, node_best
        return _group_max(
            np.concatenate([nodes, np.fromiter(fresh, dtype=np.int64, count=len(fresh))]),
            np.concatenate([node_best, np.fromiter(fresh.values(), dtype=np.float64, count=len(fresh))]),
        )

    def _fresh_matches(self, word: str) -> dict[str, float]:
        """The renamed nodes' words close to a query word, scored as `WordIndex.word_matches` does.

        `word_matches` hands rapidfuzz only the words whose letters allow a ratio of 75; that
        bound never leaves out a word rapidfuzz would keep, so here rapidfuzz sees them all.
        """
        words = self._fresh_words
        found = {
            candidate: float(similarity)
            for candidate, similarity, _ in process.extract(
                word, words, scorer=fuzz.ratio, score_cutoff=TYPO_FLOOR, limit=None
            )
        }
        size = len(word)
        if size >= 2:
            start = bisect_left(words, word)
            for candidate in words[start : bisect_left(words, word + "\U0010ffff", start)]:
                found[candidate] = max(found.get(candidate, 0.0), 90.0 + 10.0 * size / len(candidate))
        return found


def node_number(kg: KnowledgeGraph, node_id: str) -> int:
    """A node's number in the search index: the kinds of `SEARCHABLE` in turn, events in date order."""
    kind = kg.kind_of(node_id)
    offset = sum(len(kg.ids(k)) for k in SEARCHABLE[: SEARCHABLE.index(kind)])
    if kind is Kind.EVENT:
        return offset + kg.event_position(node_id)
    ids = kg.ids(kind)
    return offset + bisect_left(ids, node_id)


def _bisect(key_at: object, size: int, key: tuple[int, str, str]) -> int:
    """How many of the ``size`` keys (ascending, ``key_at(i)``) are below ``key``."""
    low, high = 0, size
    while low < high:
        middle = (low + high) // 2
        if key_at(middle) < key:  # type: ignore[operator]
            low = middle + 1
        else:
            high = middle
    return low


def _names(record: object) -> list[str]:
    if isinstance(record, Event):
        return [record.title]
    return [record.name, *getattr(record, "aliases", ())]  # type: ignore[attr-defined]


def _label_of(kg: KnowledgeGraph, node_id: str) -> str:
    """A node's label read from its stored fields: decoding the record would decode its sources too."""
    kind = kg.kind_of(node_id)
    field = "title" if kind is Kind.EVENT else "name"
    (label,) = next(kg._table.plain_fields([node_id], kind, (field,)))
    return str(label)


def _label(record: object) -> str:
    return record.title if isinstance(record, Event) else record.name  # type: ignore[attr-defined]


__all__ = ["PatchedWordIndex", "node_number"]
