"""The search index: names as word ids in flat arrays, so a query reads postings, not nodes.

The scan it replaced kept a Python object per name and scored every candidate name in a
Python loop: a two-letter prefix ("st") touched tens of thousands of objects and cost
about 46 ms of CPU a request on the full import. Here a name is a run of word numbers in
one ``int32`` array, each word's names are a run in another (postings, in vocabulary
order, so every word with a prefix is one slice), and a query does its arithmetic in
numpy over those slices. The scores are the scan's to the last bit: the same float
operations in the same order (``tests/queries/test_search_index.py`` compares the two on
generated queries), and the ranking's tie-breaks (degree, then label, then id) are one
precomputed rank per node.

Scoring is documented in `graph.queries.search`. What each step costs, on the full import:
prefix words are a bisection and a slice; typo candidates are compared by rapidfuzz only
among words whose length allows a ``ratio`` of 75 at all (``|m - n| <= (m + n) / 4``);
only multi-word queries score names one by one, and only names whose mean word score can
still reach the result list.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from graph.compact import IdTable, packed, unpacked
from graph.dates import Precision
from graph.deadline import Deadline, check
from graph.errors import LimitExceeded
from graph.models import Event, Kind
from graph.queries.search_dates import QueryDate, read_date
from graph.queries.search_pages import SearchPages
from graph.store import KnowledgeGraph
from graph.text import search_words

#: Kinds that search covers; categories are few enough to be listed, not searched.
SEARCHABLE = (Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.TAG, Kind.ORGANIZATION)

TYPO_FLOOR = 75.0  # below this a word is not a misspelling of another, just different
MIN_SCORE = 50.0  # hits below this are noise: one loose word of a long title
#: The most words one search reads. Each query word costs a pass over the vocabulary and a
#: table of its matches that lives until the names are scored, so time and memory grow with
#: the words: 5,000 one-letter words took 12 s and 2.7 GB on the full import. The longest
#: name in the full import has 19 words, so a pasted title still fits.
MAX_WORDS = 32

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


class Matches(NamedTuple):
    """The vocabulary words one query word matched: a run of prefixed words, and typos elsewhere."""

    start: int
    end: int
    prefixed: FloatArray  # similarity of words ``start`` to ``end - 1``
    typos: dict[int, float]  # word number -> similarity, outside the run

    def as_dict(self) -> dict[int, float]:
        found = dict(zip(range(self.start, self.end), self.prefixed.tolist(), strict=True))
        found.update(self.typos)
        return found


class WordIndex:
    """Every searchable name of a graph as word numbers, with each word's names.

    >>> from graph.loader import load_graph
    >>> index = WordIndex(load_graph("tests/data/tiny"))
    >>> index.best("Stallin", SEARCHABLE, 1)
    [('person:joseph-stalin', 92.3076923076923)]
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        ids: list[str] = []
        kinds: list[int] = []
        name_node: list[int] = []
        name_words: list[list[str]] = []
        # Each record is decoded once (`graph.record_table`): its label and date are kept here.
        labels: list[str] = []
        parts: list[tuple[int, int, int]] = []
        for kind in SEARCHABLE:
            for node_id in kg.ids(kind):
                node = len(ids)
                ids.append(node_id)
                kinds.append(SEARCHABLE.index(kind))
                record = kg.record(node_id)
                labels.append(_label(record))
                if kind is Kind.EVENT:
                    parts.append(_date_parts(record))
                for name in _names(record):
                    words = search_words(name)
                    if words:
                        name_node.append(node)
                        name_words.append(words)
        # Fresh copies, made one after another so that they lie together in a few memory pages:
        # a query touches thousands of them (rapidfuzz takes their references), and each page
        # touched in a forked worker becomes its own copy. Left where fold() made them, among
        # the rest of the load's objects, 300 type-ahead queries copied 44 MB into a worker.
        self.vocabulary: list[str] = [
            word.encode().decode() for word in sorted({word for words in name_words for word in words})
        ]
        # The same words in one string: a query's typo candidates are sliced out of it, new
        # strings of the reader's own. Handing rapidfuzz the vocabulary's own strings wrote
        # the count of each candidate, copying the vocabulary's pages into every worker.
        self._words = IdTable(self.vocabulary)
        number = {word: at for at, word in enumerate(self.vocabulary)}
        by_word: dict[int, list[int]] = defaultdict(list)
        flat: list[int] = []
        starts = [0]
        for name_at, folded in enumerate(name_words):
            numbered = [number[word] for word in folded]
            flat.extend(numbered)
            starts.append(len(flat))
            for word_number in dict.fromkeys(numbered):  # a name is listed once under a word it repeats
                by_word[word_number].append(name_at)
        #: The words of name ``n`` are ``name_words[name_starts[n]:name_starts[n + 1]]``, in order.
        self.name_words = np.array(flat, dtype=np.int32)
        self.name_starts = np.array(starts, dtype=np.int64)
        self.name_node = np.array(name_node, dtype=np.int32)
        lengths = np.diff(self.name_starts)
        # The length factor of a name one query word matched, as the scan computes it.
        self.one_word_factor = np.array([0.85 + 0.15 * 1 / int(n) for n in lengths], dtype=np.float64)
        postings: list[int] = []
        word_starts = [0]
        for word in range(len(self.vocabulary)):
            postings.extend(by_word[word])
            word_starts.append(len(postings))
        #: The names holding word ``w`` are ``postings[word_starts[w]:word_starts[w + 1]]``, ascending.
        self.postings = np.array(postings, dtype=np.int32)
        self.word_starts = np.array(word_starts, dtype=np.int64)
        self.word_length = np.array([len(word) for word in self.vocabulary], dtype=np.int64)
        self.node_kind = np.array(kinds, dtype=np.int8)
        # Which letters each word has, one row per letter group: a typo's candidates are the
        # words that hold enough of the query's letters to reach a ratio of 75 (see word_matches).
        self.has_letter = np.zeros((_LETTER_GROUPS, len(self.vocabulary)), dtype=np.uint8)
        groups = [(_group(letter), at) for at, word in enumerate(self.vocabulary) for letter in word]
        if groups:
            self.has_letter[tuple(np.array(groups, dtype=np.int64).T)] = 1
        # The ranking's tie-break after the rounded score: more connected, then label, then id.
        order = sorted(
            range(len(ids)),
            key=lambda node: (
                -kg.graph.degree(ids[node]),
                labels[node],
                ids[node],
            ),
        )
        self.tie_rank = np.empty(len(ids), dtype=np.int32)
        self.tie_rank[np.array(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
        # Each event's year, month and day, as far as its date knows them (0 where it does not;
        # a decade or century is no year): what a date in a query is matched against.
        table = np.array(parts, dtype=np.int32).reshape(len(parts), 3)
        self.event_year = table[:, 0].copy()
        self.event_month = table[:, 1].astype(np.int8)
        self.event_day = table[:, 2].astype(np.int8)
        # The events in (year, month, day) order: those of a year, a month or a day are one run
        # of it, found by bisection, where comparing every event's parts cost a pass over them all.
        keys = _date_keys(self.event_year, self.event_month, self.event_day)
        self.date_order = np.argsort(keys, kind="stable").astype(np.int32)
        self.date_keys = keys[self.date_order]
        #: Node ``n``'s id, read as a new string: the graph's own would have their counts written.
        self.ids = kg.id_list_of(ids)
        # Postings in tie-break order, for a one-word query's first page (`pages`).
        self._pages: SearchPages | None = SearchPages(self)

    @property
    def pages(self) -> SearchPages | None:
        """The rank-ordered postings, if they were made from this index's arrays as they are now.

        A copy that replaced any array they were made from (`search_pages.PAGED`) has none:
        it ranks the whole list, as a search did before pages. The stale pages are let go.
        """
        pages = self._pages
        if pages is not None and not pages.serves(self):
            self._pages = pages = None
        return pages

    def __getstate__(self) -> dict[str, Any]:
        # A snapshot holds the graph's built indexes; `_words` is rebuilt from the vocabulary.
        state = {
            name: packed(value) if name in _ARRAYS else value
            for name, value in vars(self).items()
            if name not in ("_words", "_pages")
        }
        state["_pages"] = self.pages  # only pages that serve these arrays: stale ones are left out
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, unpacked(value) if name in _ARRAYS else value)
        self._words = IdTable(self.vocabulary)
        # Pickled together with these arrays (`__getstate__` checked that they served them).
        # `copy.copy` comes here too, with the source's own objects: those keep serving it.
        if self._pages is not None:
            self._pages = self._pages.bound_to(self)

    def relinked(
        self, kg: KnowledgeGraph, moved: Iterable[str], labels: Mapping[str, str] | None = None
    ) -> WordIndex:
        """A copy whose tie-break ranks place ``moved`` (nodes whose links changed) by their degree in ``kg``.

        The ranks are those a build over ``kg`` gives: the moved nodes are taken out of the
        order and put back by bisection, the rest keep their order (a relink changes no name
        and no degree but the moved nodes'). Everything else is shared. ``labels`` (id ->
        label) are those the order was built by where they are not the record's now: the
        names renamed since (`graph.queries.word_patch.PatchedWordIndex.relinked`).
        """
        built = labels or {}
        offset, node_of = 0, {}
        for kind in SEARCHABLE:
            ids = kg.ids(kind)
            for node_id in moved:
                if kg.kind_of(node_id) is kind:
                    at = kg.event_position(node_id) if kind is Kind.EVENT else bisect_left(ids, node_id)
                    node_of[node_id] = offset + at
            offset += len(ids)
        if not node_of:
            return self

        def key(node: Any) -> tuple[int, str, str]:
            node_id = self.ids[int(node)]
            label = built.get(node_id)
            return (-kg.links(node_id), _label(kg.record(node_id)) if label is None else label, node_id)

        # The order is the ranks inverted (a scatter, linear), never sorted again.
        order = np.empty(len(self.tie_rank), dtype=np.int64)
        order[self.tie_rank] = np.arange(len(self.tie_rank), dtype=np.int64)
        keep = np.ones(len(order), dtype=np.bool_)
        keep[self.tie_rank[list(node_of.values())]] = False
        order = order[keep]
        for node in sorted(node_of.values(), key=key):
            at = bisect_left(order, key(node), key=key)
            order = np.insert(order, at, node)
        copied: WordIndex = object.__new__(WordIndex)
        copied.__dict__.update(self.__dict__)
        copied.tie_rank = np.empty(len(order), dtype=np.int32)
        copied.tie_rank[order] = np.arange(len(order), dtype=np.int32)
        return copied

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays (the vocabulary's strings not counted)."""
        arrays = (
            self.name_words,
            self.name_starts,
            self.name_node,
            self.one_word_factor,
            self.postings,
            self.word_starts,
            self.word_length,
            self.has_letter,
            self.node_kind,
            self.tie_rank,
            self.event_year,
            self.event_month,
            self.event_day,
            self.date_order,
            self.date_keys,
        )
        pages = self.pages
        return sum(array.nbytes for array in arrays) + (pages.nbytes if pages else 0)

    def word_matches(self, word: str) -> Matches:
        """Vocabulary words close to a query word, with their similarity.

        A typo's similarity is rapidfuzz's ``ratio`` when at least 75; a word that
        ``word`` begins (two letters or more) scores 90 to 100, more for a longer share.
        """
        typos: dict[int, float] = {}
        size = len(word)
        # ratio = 200 * LCS / (m + n), and the longest common subsequence cannot hold more of a
        # letter group than both words have: at most the query's letters whose group the word
        # has. Words that cannot reach 75 by that bound are not compared (a little slack is left
        # for rounding: rapidfuzz makes the decision). One pass over the vocabulary: 0.1 ms for
        # a five-letter word among the 15,959 words of a million generated events (bench/RESULTS.md).
        shared = np.zeros(len(self.vocabulary), dtype=np.int32)
        for group, count in Counter(_group(letter) for letter in word).items():
            shared += self.has_letter[group] * np.int32(count)
        possible = np.flatnonzero(8 * shared + 1 >= 3 * (size + self.word_length))
        if len(possible):
            for _, similarity, at in process.extract(
                word,
                self._words.ids(possible.tolist()),
                scorer=fuzz.ratio,
                score_cutoff=TYPO_FLOOR,
                limit=None,
            ):
                typos[int(possible[at])] = float(similarity)
        start = end = 0
        prefixed: FloatArray = np.zeros(0, dtype=np.float64)
        if size >= 2:
            # Words beginning with ``word`` are one run of the sorted vocabulary.
            start = bisect_left(self.vocabulary, word)
            end = bisect_left(self.vocabulary, word + "\U0010ffff", start)
            prefixed = 90.0 + 10.0 * size / self.word_length[start:end]
            for number in [n for n in typos if start <= n < end]:
                prefixed[number - start] = max(typos.pop(number), float(prefixed[number - start]))
        return Matches(start, end, prefixed, typos)

    def _best_per_name(self, found: Matches) -> tuple[IntArray, FloatArray]:
        """The names one query word matched, ascending, each with its best similarity to the word."""
        parts = [self.postings[self.word_starts[found.start] : self.word_starts[found.end]]]
        counts = [
            self.word_starts[found.start + 1 : found.end + 1] - self.word_starts[found.start : found.end]
        ]
        similarity = [found.prefixed]
        for number, typo in found.typos.items():
            parts.append(self.postings[self.word_starts[number] : self.word_starts[number + 1]])
            counts.append(np.array([self.word_starts[number + 1] - self.word_starts[number]]))
            similarity.append(np.array([typo]))
        names = np.concatenate(parts).astype(np.int64)
        return _group_max(names, np.repeat(np.concatenate(similarity), np.concatenate(counts)))

    def _name_scores(self, matches: list[Matches], deadline: Deadline | None) -> tuple[IntArray, FloatArray]:
        """Names that can score at least `MIN_SCORE`, ascending, with their scores.

        Only the names some query word matched are read: arrays over every name of the graph
        cost a pass over a million names at a million events, whatever the query found.
        """
        bests = []
        for match in matches:
            check(deadline)
            bests.append(self._best_per_name(match))
        check(deadline)
        if len(bests) == 1:
            names, best = bests[0]
            return names, best / 1 * self.one_word_factor[names]
        names = _distinct(np.concatenate([named for named, _ in bests]))
        # Summed word by word, as the scan sums them: a word that missed a name adds nothing.
        total = np.zeros(len(names), dtype=np.float64)
        for named, best in bests:
            total[np.searchsorted(names, named)] += best
        mean = total / len(bests)
        # A score is the mean times a factor of at most 1: a lower mean cannot reach the list.
        names = names[mean >= MIN_SCORE]
        scores = np.empty(len(names), dtype=np.float64)
        found = [match.as_dict() for match in matches]
        for at, name in enumerate(names.tolist()):
            if at % 512 == 0:
                check(deadline)
            words = self.name_words[self.name_starts[name] : self.name_starts[name + 1]].tolist()
            scores[at] = _score(words, found)
        return names, scores

    def _node_scores(
        self, words: list[str], deadline: Deadline | None, known: Mapping[str, Matches] | None = None
    ) -> tuple[IntArray, FloatArray]:
        """The nodes some name of which matched ``words``, ascending, with their best name's score.

        ``known``: words whose `word_matches` the caller has already (not matched again).
        """
        matches: list[Matches] = []
        for word in words:
            check(deadline)
            found = known.get(word) if known else None
            matches.append(found if found is not None else self.word_matches(word))
        check(deadline)
        names, scores = self._name_scores(matches, deadline)
        return _group_max(self.name_node[names].astype(np.int64), scores)

    def events_on(self, date: QueryDate) -> IntArray:
        """Node numbers of the events on ``date`` (or within it: a year's, a month's), ascending."""
        if date.year is None or (date.day is not None and date.month is None):
            # A day of every year (every August 4th): spread over the whole order, read with a mask.
            keep = np.ones(len(self.event_year), dtype=np.bool_)
            for wanted, parts in (
                (date.year, self.event_year),
                (date.month, self.event_month),
                (date.day, self.event_day),
            ):
                if wanted is not None:
                    keep &= parts == wanted
            return np.flatnonzero(keep)  # events are the first nodes, in the graph's event order
        # A part the date does not name runs over all its values, 0 (unknown) to 99.
        low = _date_key(date.year, date.month or 0, date.day or 0)
        high = _date_key(date.year, date.month or 99, date.day or 99)
        start, end = np.searchsorted(self.date_keys, [low, high + 1])
        return np.sort(self.date_order[start:end]).astype(np.int64)

    def best(
        self, text: str, kinds: Iterable[Kind], first: int, deadline: Deadline | None = None
    ) -> list[tuple[str, float]]:
        """The ``first`` best nodes for ``text`` among ``kinds``, best first, with their scores.

        A date in the text ("1924", "4 August 1924", `graph.queries.search_dates`) scores the
        events of that date as if its words were not there: 100 when the text is only the
        date, else the score of the other words. Every node also keeps its score for all the
        words, so "1964 Summer Olympics" still finds the name holding "1964".
        """
        words = search_words(text)
        if len(words) > MAX_WORDS:
            raise LimitExceeded("the words of a search", len(words), MAX_WORDS)
        if not words or first <= 0:
            return []
        date, rest = read_date(words)
        allowed = np.zeros(len(SEARCHABLE), dtype=np.bool_)
        # A kind search does not cover (categories, asked for by name lookups) finds nothing.
        allowed[[SEARCHABLE.index(kind) for kind in set(kinds) if kind in SEARCHABLE]] = True
        pages = self.pages
        known: dict[str, Matches] = {}
        if pages is not None and len(words) == 1 and (date is None or _year_only(date)):
            year = None if date is None else date.year
            known[words[0]] = match = self.word_matches(words[0])
            # Ranking a few hundred matches whole costs less than reading pages (about 0.1 ms).
            if pages.worth_it(self, match, year):
                return pages.first_page(self, match, year, allowed, first, deadline)
        return self._ranked(words, date, rest, allowed, first, deadline, known)

    def _ranked(
        self,
        words: list[str],
        date: QueryDate | None,
        rest: list[str],
        allowed: np.ndarray[Any, np.dtype[np.bool_]],
        first: int,
        deadline: Deadline | None,
        known: Mapping[str, Matches] | None = None,
    ) -> list[tuple[str, float]]:
        """`best` by scoring every matched node and ranking them all (``known``: words matched already)."""
        nodes, node_best = self._node_scores(words, deadline, known)
        if date is not None:
            dated = self.events_on(date)
            check(deadline)
            if rest:
                scored, scores = self._node_scores(rest, deadline, known)
                scores = _read_at(scored, scores, dated)
            else:
                scores = np.full(len(dated), 100.0)
            nodes, node_best = _group_max(np.concatenate([nodes, dated]), np.concatenate([node_best, scores]))
        kept = node_best >= MIN_SCORE
        found, score = nodes[kept], node_best[kept]
        kept = allowed[self.node_kind[found]]
        found, score = found[kept], score[kept]
        if len(found) == 0:
            return []
        if len(found) > first:
            # Only nodes that could round level with the first-th best can be among the first.
            kth = np.partition(score, len(found) - first)[len(found) - first]
            keep = score >= kth - 0.1
            found, score = found[keep], score[keep]
        rounded = _round_one_place(score)
        order = np.lexsort((self.tie_rank[found], -rounded))[:first]
        return [(self.ids[int(found[at])], float(score[at])) for at in order]


#: The attributes of a `WordIndex` that are arrays (pickled as bytes).
_ARRAYS = frozenset(
    {
        "name_words",
        "name_starts",
        "name_node",
        "one_word_factor",
        "postings",
        "word_starts",
        "word_length",
        "node_kind",
        "has_letter",
        "tie_rank",
        "event_year",
        "event_month",
        "event_day",
        "date_order",
        "date_keys",
    }
)

#: Letters a to z have a group each; every other character falls in one of six more.
_LETTER_GROUPS = 32


def _group(letter: str) -> int:
    code = ord(letter) - ord("a")
    return code if 0 <= code < 26 else 26 + ord(letter) % 6


def _distinct(values: IntArray) -> IntArray:
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _group_max(keys: IntArray, values: FloatArray) -> tuple[IntArray, FloatArray]:
    """Each key once, ascending, with the largest of its values.

    >>> keys, values = _group_max(np.array([5, 2, 5]), np.array([1.0, 3.0, 4.0]))
    >>> keys.tolist(), values.tolist()
    ([2, 5], [3.0, 4.0])
    """
    if len(keys) == 0:
        return keys, values
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.maximum.reduceat(values, starts)


def _read_at(keys: IntArray, values: FloatArray, wanted: IntArray) -> FloatArray:
    """The value of each wanted key in ascending ``keys``, 0 where it has none."""
    if len(keys) == 0:
        return np.zeros(len(wanted), dtype=np.float64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], 0.0)


def _year_only(date: QueryDate) -> bool:
    return date.year is not None and date.month is None and date.day is None


def _date_key(year: int, month: int, day: int) -> int:
    return year * 10_000 + month * 100 + day


def _date_keys(
    year: np.ndarray[Any, Any], month: np.ndarray[Any, Any], day: np.ndarray[Any, Any]
) -> IntArray:
    """`_date_key` of every event: sorts as (year, month, day), 0 for an unknown part."""
    keys: IntArray = year.astype(np.int64) * 10_000 + month.astype(np.int64) * 100 + day.astype(np.int64)
    return keys


def _round_one_place(score: FloatArray) -> FloatArray:
    """``round(x, 1)`` of each, as Python rounds (correctly, from the decimal value)."""
    rounded = np.round(score, 1)
    tenths = score * 10.0
    near_half = np.flatnonzero(np.abs(tenths - np.floor(tenths) - 0.5) < 1e-6)
    for at in near_half.tolist():
        rounded[at] = round(float(score[at]), 1)
    return rounded


def _score(name_words: Sequence[int], matches: list[dict[int, float]]) -> float:
    """A name's score: the mean of each query word's best, times a factor for the words matched."""
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


def _date_parts(event: Event) -> tuple[int, int, int]:
    """(year, month, day) of an event's date, 0 for each part it does not know."""
    date = event.date
    if date.precision not in (Precision.YEAR, Precision.MONTH, Precision.DAY):
        return (0, 0, 0)
    month = date.month or 0 if date.precision is not Precision.YEAR else 0
    day = date.day or 0 if date.precision is Precision.DAY else 0
    return (date.year, month, day)


def _names(record: object) -> Iterable[str]:
    if isinstance(record, Event):
        yield record.title
        return
    yield record.name  # type: ignore[attr-defined]
    yield from getattr(record, "aliases", ())


def _label(record: object) -> str:
    return record.title if isinstance(record, Event) else record.name  # type: ignore[attr-defined]


__all__ = ["MAX_WORDS", "MIN_SCORE", "SEARCHABLE", "TYPO_FLOOR", "WordIndex"]
