"""The first page of a one-word search, read from postings already in rank order.

A one-word search ranks every node some name of which holds a matching word, then keeps
the first ten: "zofi" (a given name's first letters) matched 1,042 people at 100,000
events and 10,416 at a million, all scoring alike, and every one was scored and ranked.
A year ("1987") ranked every event of that year. Both grew with the graph for a page of ten.

Here each word's names are split by how many words the name has, and each part is sorted
by the search's tie-break rank (`WordIndex.tie_rank`): for one query word, every name of a
part scores the same (the word's similarity times the length factor), so a part lists its
names best first. A year's events are kept in the same rank order (`year_order`). A page
then reads the first ``k`` names of each part, ranks the nodes found exactly as the whole
ranking does, and is done once the next unread name of every part ranks after the page's
last hit; else ``k`` grows fourfold and it reads again. What it reads depends on the parts
matched and the page asked, not on how many names tie. The answers are the whole
ranking's (`tests/queries/test_search_pages.py` compares both).

Only one-word queries (a year alone included) take this path: with several words a name's
score is not the sum of parts known in advance.

Pages are made from some of the index's arrays (`PAGED`) and hold a weak reference to each:
they serve an index only while that index's arrays are those very objects (`serves`). Every
edit makes new arrays where it changes one (a relink new ranks, a redate new years, an added
node new postings), so a copied index whose arrays moved finds its pages stale and ranks the
whole list again, until the index is built whole; no copy has to say so. A snapshot pickles
pages and index together, so the index binds them again to its loaded arrays (`bind`).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from graph.compact import packed, unpacked
from graph.deadline import Deadline, check

if TYPE_CHECKING:
    from graph.queries.word_index import FloatArray, IntArray, Matches, WordIndex

#: Matches from which a page is read rather than every match ranked: below it, the few
#: array operations of a page cost more than ranking them all (measured at 10,000 events).
PAGE_FROM = 2_000
#: The index's arrays the pages are made from: a copy of the index with any of them replaced
#: (ranks, years, names, node numbers, kinds) is not served by these pages.
PAGED = (
    "postings",
    "word_starts",
    "name_starts",
    "name_node",
    "one_word_factor",
    "tie_rank",
    "node_kind",
    "event_year",
)
#: Names read from each part at first, at least: a page of ten usually needs no second read.
_FIRST_READ = 16


class SearchPages:
    """Each word's names in parts by name length, each part in tie-break order; events by (year, rank).

    >>> from graph.loader import load_graph
    >>> from graph.queries.word_index import WordIndex
    >>> index = WordIndex(load_graph("tests/data/tiny"))
    >>> int(index.pages.part_start[-1]) == len(index.postings)
    True
    """

    def __init__(self, index: WordIndex) -> None:
        lengths = np.diff(index.name_starts)
        word_of = np.repeat(np.arange(len(index.word_starts) - 1, dtype=np.int64), np.diff(index.word_starts))
        names = index.postings.astype(np.int64)
        rank = index.tie_rank[index.name_node[names]]
        order = np.lexsort((names, rank, lengths[names], word_of))
        #: Each part's names, in tie-break order of their nodes: ``names[part_start[p]:part_start[p + 1]]``.
        self.names = index.postings[order]
        keys = word_of[order] * (int(lengths.max(initial=0)) + 1) + lengths[names[order]]
        first = np.ones(len(keys), dtype=np.bool_)
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        self.part_start = np.append(starts, len(keys)).astype(np.int64)
        #: The length factor of every name of a part (`WordIndex.one_word_factor`, the same floats).
        self.part_factor = index.one_word_factor[self.names[starts]]
        #: Word ``w``'s parts are ``word_part[w]`` to ``word_part[w + 1] - 1``.
        self.word_part = np.searchsorted(starts, index.word_starts).astype(np.int64)
        events = len(index.event_year)
        #: Events (node numbers) by year, then tie-break rank: a year's events are one run, best first.
        self.year_order = np.lexsort((index.tie_rank[:events], index.event_year)).astype(np.int32)
        self.year_keys = index.event_year[self.year_order]
        self.bind(index)

    def bind(self, index: WordIndex) -> None:
        """Serve ``index`` (and its copies) while its `PAGED` arrays are the ones seen here.

        Weak references: pages kept by a copy do not keep the arrays it replaced alive, and an
        array freed cannot be mistaken for a new one at the same address.
        """
        self._made_from = {name: weakref.ref(getattr(index, name)) for name in PAGED}

    def bound_to(self, index: WordIndex) -> SearchPages:
        """These arrays, shared, serving ``index``: an unpickled or copied index's own, not its source's."""
        bound: SearchPages = object.__new__(SearchPages)
        bound.__dict__.update(self.__dict__)
        bound.bind(index)
        return bound

    def serves(self, index: WordIndex) -> bool:
        """Whether these pages were made from ``index``'s arrays as they are now."""
        return all(getattr(index, name) is made() for name, made in self._made_from.items())

    def __getstate__(self) -> dict[str, Any]:
        return {name: packed(value) for name, value in vars(self).items() if name != "_made_from"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, unpacked(value))
        self._made_from = {}  # bound by the index they were pickled with (`WordIndex.__setstate__`)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))

    def worth_it(self, index: WordIndex, match: Matches, year: int | None) -> bool:
        """Whether the names a query word matched and the events of ``year`` are many (`PAGE_FROM`).

        Typos count too: "zofix" matched the 10,416 names holding "zofia" at a million events,
        and ranking them all cost 1 ms where a page of them costs a fifth of that.
        """
        starts = index.word_starts
        many = int(starts[match.end] - starts[match.start])
        if match.typos:
            typos = np.fromiter(match.typos, dtype=np.int64, count=len(match.typos))
            many += int((starts[typos + 1] - starts[typos]).sum())
        if year is not None:
            low, high = np.searchsorted(self.year_keys, [year, year + 1])
            many += int(high - low)
        return many >= PAGE_FROM

    def first_page(
        self,
        index: WordIndex,
        match: Matches,
        year: int | None,
        allowed: np.ndarray[Any, np.dtype[np.bool_]],
        first: int,
        deadline: Deadline | None = None,
    ) -> list[tuple[str, float]]:
        """The ``first`` best nodes for one query word (and the events of ``year``, scored 100).

        The same nodes, scores and order as `WordIndex.best` ranking every match.
        """
        from graph.queries.word_index import MIN_SCORE, _group_max, _round_one_place

        words = np.concatenate(
            [np.arange(match.start, match.end, dtype=np.int64), np.fromiter(match.typos, dtype=np.int64)]
        )
        similarity = np.concatenate([match.prefixed, np.fromiter(match.typos.values(), dtype=np.float64)])
        counts = self.word_part[words + 1] - self.word_part[words]
        parts = _runs(self.word_part[words], counts)
        # As `WordIndex._name_scores` scores one word: its best similarity in the name, times the factor.
        part_score = np.repeat(similarity, counts) / 1 * self.part_factor[parts]
        starts, sizes = self.part_start[parts], self.part_start[parts + 1] - self.part_start[parts]
        scores = [part_score]
        if year is not None:
            low, high = np.searchsorted(self.year_keys, [year, year + 1])
            scores.append(np.array([100.0]))
        part_rounded = _round_one_place(np.concatenate(scores))
        read = max(first, _FIRST_READ)
        while True:
            check(deadline)
            taken = np.minimum(sizes, read)
            nodes = [index.name_node[self.names[_runs(starts, taken)]].astype(np.int64)]
            node_scores = [np.repeat(part_score, taken)]
            # The next unread node of each part that was cut, with that part's rounded score.
            cut = np.flatnonzero(sizes > read)
            next_nodes = [index.name_node[self.names[starts[cut] + read]].astype(np.int64)]
            next_rounded = [part_rounded[cut]]
            if year is not None:
                dated = self.year_order[low : min(high, low + read)].astype(np.int64)
                nodes.append(dated)
                node_scores.append(np.full(len(dated), 100.0))
                if high - low > read:
                    next_nodes.append(self.year_order[low + read : low + read + 1].astype(np.int64))
                    next_rounded.append(part_rounded[-1:])
            found, best = _group_max(np.concatenate(nodes), np.concatenate(node_scores))
            kept = (best >= MIN_SCORE) & allowed[index.node_kind[found]]
            found, best = found[kept], best[kept]
            rounded = _round_one_place(best)
            rank = index.tie_rank[found]
            order = np.lexsort((rank, -rounded))[:first]
            waiting, waiting_rounded = np.concatenate(next_nodes), np.concatenate(next_rounded)
            if len(waiting) == 0 or (
                len(order) == first
                and _all_after(waiting_rounded, index.tie_rank[waiting], rounded[order[-1]], rank[order[-1]])
            ):
                return [(index.ids[int(found[at])], float(best[at])) for at in order]
            read *= 4


def _all_after(rounded: FloatArray, rank: Any, last_rounded: float, last_rank: Any) -> bool:
    """Whether every (rounded score, rank) ranks after the page's last: lower score, or equal and later."""
    return bool(np.all((rounded < last_rounded) | ((rounded == last_rounded) & (rank > last_rank))))


def _runs(starts: IntArray, counts: IntArray) -> IntArray:
    """``starts[i]``, ``starts[i] + 1``, … ``counts[i]`` of each, one after another.

    >>> _runs(np.array([5, 10]), np.array([2, 3])).tolist()
    [5, 6, 10, 11, 12]
    """
    total = int(counts.sum())
    ends = np.cumsum(counts)
    runs: IntArray = np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - counts), counts)
    return runs


__all__ = ["PAGED", "PAGE_FROM", "SearchPages"]
