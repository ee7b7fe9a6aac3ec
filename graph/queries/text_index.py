"""The events' text filter as an index: which events hold a word, without reading every event.

``filter: { text: "treaty" }`` keeps the events whose folded title and summary
(`KnowledgeGraph.search_text`) hold every word of the text *as a substring*: "plo" keeps
"explosion". Read event by event, that was 1.4 s at 100,000 events. Here the events' texts
are cut at white space into tokens (a query word holds no white space, so it lies inside
one token or nowhere), each distinct token keeps its events as a sorted array of date-order
positions, and a query word finds its tokens in the vocabulary:

* a word of one to three letters is itself a gram: every piece of one, two and three
  letters of every token keeps the tokens holding it, as a sorted array;
* a longer word by its trigrams: the tokens holding all of them (their arrays
  intersected) are checked with ``in``.

The events of a word are the union of its tokens' arrays, and those of the text the
intersection over its words (through a mask of all events when the sets are large, where
sorting them to intersect would cost more): the same events, in the same order, as the scan
(`tests/queries/test_text_index.py` compares them).

Measured against SQLite's FTS5 (trigram tokenizer, in memory) in `bench/text_index.py`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.compact import packed, unpacked
from graph.deadline import Deadline, check
from graph.models import Kind
from graph.store import KnowledgeGraph
from graph.text import fold

Positions = npt.NDArray[np.int32]
Offsets = npt.NDArray[np.int64]

_GRAM = 3
#: A word whose tokens hold more events than one in this many of all is united with a mask.
_MASK_SHARE = 16


def _csr(keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], size: int) -> tuple[Offsets, Positions]:
    """Values grouped by key: ``values[start[k]:start[k + 1]]`` for key ``k``, ascending, each once."""
    width = int(values.max(initial=0)) + 1
    pairs = np.unique(keys * width + values)
    grouped_keys, grouped = pairs // width, pairs % width
    start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(grouped_keys, minlength=size), out=start[1:])
    return start, grouped.astype(np.int32)


class TextIndex:
    """Every event's title and summary as tokens, with each token's events and each trigram's tokens.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> index = TextIndex(kg)
    >>> [kg.ids(Kind.EVENT)[p] for p in index.events_with(["beirut", "plo"])]
    ['event:beirut-explosion']
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        number: dict[str, int] = {}
        # Machine integers, not lists of int objects: at a million events these hold tens of
        # millions of entries, and a list would take seven times the memory while building.
        flat = array("q")
        lengths = array("q")
        for event_id in kg.ids(Kind.EVENT):
            tokens = {number.setdefault(token, len(number)) for token in kg.search_text(event_id).split()}
            flat.extend(tokens)
            lengths.append(len(tokens))
        self.events = len(lengths)
        #: Token number -> token, in the order first met.
        self.vocabulary: list[str] = list(number)
        owner = np.repeat(np.arange(self.events, dtype=np.int64), np.frombuffer(lengths, dtype=np.int64))
        #: The events holding token ``t`` are ``post[post_start[t]:post_start[t + 1]]``, ascending.
        self.post_start, self.post = _csr(np.frombuffer(flat, dtype=np.int64), owner, len(self.vocabulary))
        del flat, owner
        grams: dict[str, int] = {}
        gram_keys = array("q")
        gram_tokens = array("q")
        for token_number, token in enumerate(self.vocabulary):
            # Every piece of one, two and three letters: a word that short is its own gram.
            for size in range(1, _GRAM + 1):
                for at in range(len(token) - size + 1):
                    gram_keys.append(grams.setdefault(token[at : at + size], len(grams)))
                    gram_tokens.append(token_number)
        #: Gram -> its number; the tokens holding gram ``g`` are ``gram_token[gram_start[g]:…]``.
        self.grams = grams
        self.gram_start, self.gram_token = _csr(
            np.frombuffer(gram_keys, dtype=np.int64), np.frombuffer(gram_tokens, dtype=np.int64), len(grams)
        )

    def __getstate__(self) -> dict[str, Any]:
        return {name: packed(value) if name in _ARRAYS else value for name, value in vars(self).items()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, unpacked(value) if name in _ARRAYS else value)

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays (the vocabulary's strings and the trigram dict not counted)."""
        return sum(getattr(self, name).nbytes for name in _ARRAYS)

    def tokens_with(self, word: str) -> list[int]:
        """Numbers of the tokens that hold ``word`` as a substring."""
        if len(word) <= _GRAM:
            gram = self.grams.get(word)
            if gram is None:
                return []
            return self.gram_token[self.gram_start[gram] : self.gram_start[gram + 1]].tolist()  # type: ignore[no-any-return]
        lists = []
        for at in range(len(word) - _GRAM + 1):
            gram = self.grams.get(word[at : at + _GRAM])
            if gram is None:
                return []
            lists.append(self.gram_token[self.gram_start[gram] : self.gram_start[gram + 1]])
        lists.sort(key=len)
        candidates = lists[0]
        for other in lists[1:]:
            if len(candidates) == 0:
                break
            candidates = np.intersect1d(candidates, other, assume_unique=True)
        return [n for n in candidates.tolist() if word in self.vocabulary[n]]

    def events_of_word(self, word: str) -> Positions:
        """Positions of the events whose text holds ``word``, ascending."""
        tokens = self.tokens_with(word)
        if not tokens:
            return np.empty(0, dtype=np.int32)
        starts, ends = self.post_start[tokens], self.post_start[np.array(tokens) + 1]
        if len(tokens) == 1:
            return self.post[starts[0] : ends[0]]
        total = int((ends - starts).sum())
        parts = np.concatenate([self.post[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)])
        if total * _MASK_SHARE > self.events:
            keep = np.zeros(self.events, dtype=np.bool_)
            keep[parts] = True
            return np.flatnonzero(keep).astype(np.int32)
        return np.unique(parts)

    def events_with(self, words: Iterable[str], deadline: Deadline | None = None) -> Positions:
        """Positions of the events whose text holds every one of ``words`` (folded), ascending."""
        found: Positions | None = None
        for word in words:
            events = self.events_of_word(word)
            found = events if found is None else self.intersect(found, events)
            check(deadline)
            if len(found) == 0:
                break
        return np.arange(self.events, dtype=np.int32) if found is None else found

    def intersect(self, some: Positions, others: Positions) -> Positions:
        """The positions in both sorted arrays, ascending."""
        if len(some) == self.events or len(others) == self.events:
            return others if len(some) == self.events else some  # one of them is every event
        if (len(some) + len(others)) * _MASK_SHARE > self.events:
            # Large sets: a mask of one, read at the other's positions, costs no sort.
            keep = np.zeros(self.events, dtype=np.bool_)
            keep[some] = True
            return others[keep[others]]
        return np.intersect1d(some, others, assume_unique=True)

    def events_matching(self, text: str, deadline: Deadline | None = None) -> Positions:
        """Positions of the events a text filter keeps for ``text``, ascending."""
        return self.events_with(fold(text).split(), deadline)


_ARRAYS = ("post_start", "post", "gram_start", "gram_token")


class PatchedTextIndex(TextIndex):
    """A built index with some events' texts replaced: the old arrays, read with a correction.

    An applied edit that changes an event's summary changes only that event's tokens
    (`graph.incremental`). Rebuilding the arrays costs seconds on the full import; here the
    arrays are shared with the index they came from, the changed events' positions are
    tombstoned in them, and a word is looked for in the changed events' new texts directly,
    as the scan did (a word holds no white space, so ``word in text`` is the token match).
    The answers are the same events in the same order as a fresh index's; a read costs one
    substring test per changed event more, which is why a compaction (a full build) follows
    once there are `graph.incremental.MAX_PATCHED` of them. Positions must not move: an edit
    that changes the date order is rebuilt whole.
    """

    _base: TextIndex

    def __init__(self, base: TextIndex, texts: dict[int, str]) -> None:
        # Never the arrays of another patch: every patch corrects the index built whole.
        under = base._base if isinstance(base, PatchedTextIndex) else base
        self.__dict__.update(vars(under))
        self._base = under
        #: Position -> the folded text of every event changed since the index was built.
        self.patched: dict[int, str] = {**getattr(base, "patched", {}), **texts}
        self._stale = np.array(sorted(self.patched), dtype=np.int32)

    def events_of_word(self, word: str) -> Positions:
        built = super().events_of_word(word)
        kept = built[~np.isin(built, self._stale, assume_unique=True)]
        fresh = [at for at, text in self.patched.items() if word in text]
        if not fresh:
            return kept
        return np.union1d(kept, np.array(fresh, dtype=np.int32)).astype(np.int32)


def text_index(kg: KnowledgeGraph) -> TextIndex:
    """The graph's text index, built once (at load, by `graph.indexes`) and kept with the graph."""
    return kg.memo("text index", TextIndex)


__all__ = ["PatchedTextIndex", "TextIndex", "text_index"]
