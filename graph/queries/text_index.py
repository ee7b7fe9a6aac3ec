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
(`tests/queries/test_text_index.py` compares them). The words are taken from the one held
by the fewest events up; once few events are left (or the other filters left few), a word
held by many is checked on those events' own tokens (each event's distinct tokens are kept
too, as a sorted array), so "of the" beside one person costs that person's events, not the
hits of "of" and "the".

Everything is built by array operations over machine integers, never an object per event:
1.1 s of CPU at 100,000 events where a loop over every token and gram took 4–5 s.

Measured against SQLite's FTS5 (trigram tokenizer, in memory) in `bench/text_index.py`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.compact import packed, unpacked
from graph.deadline import Deadline, check
from graph.models import Kind
from graph.queries.sorted_sets import distinct, intersect
from graph.store import KnowledgeGraph
from graph.text import fold

Positions = npt.NDArray[np.int32]
Offsets = npt.NDArray[np.int64]

_GRAM = 3
#: A word whose tokens hold more events than one in this many of all is united with a mask.
_MASK_SHARE = 16
#: Events whose texts are split and numbered at a time: a million events' tokens as string
#: objects all at once would take gigabytes; a chunk's, a few megabytes.
_CHUNK = 65_536
#: Bits of one character of a gram's code: a code point plus one (so that none is 0) fits.
_BITS = 21
_CHAR = (1 << _BITS) - 1


def _csr(keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], size: int) -> tuple[Offsets, Positions]:
    """Values grouped by key: ``values[start[k]:start[k + 1]]`` for key ``k``, ascending, each once."""
    width = int(values.max(initial=0)) + 1
    pairs = distinct(keys * width + values)
    grouped_keys, grouped = pairs // width, pairs % width
    start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(grouped_keys, minlength=size), out=start[1:])
    return start, grouped.astype(np.int32)


def _numbered_tokens(texts: list[str]) -> tuple[dict[str, int], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct tokens numbered in the order first met; every text's tokens as numbers, and their counts."""
    number: dict[str, int] = {}
    # Machine integers, not lists of int objects: at a million events these hold tens of
    # millions of entries, and a list would take seven times the memory while building.
    flat = array("q")
    lengths = array("q")
    for start in range(0, len(texts), _CHUNK):
        words = [text.split() for text in texts[start : start + _CHUNK]]
        lengths.extend(map(len, words))
        met = list(chain.from_iterable(words))
        new = [token for token in dict.fromkeys(met) if token not in number]
        number.update(zip(new, range(len(number), len(number) + len(new)), strict=True))
        flat.extend(map(number.__getitem__, met))
    return number, np.frombuffer(flat, dtype=np.int64), np.frombuffer(lengths, dtype=np.int64)


def _grams(vocabulary: list[str]) -> tuple[dict[str, int], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every piece of one, two and three characters of every token: gram -> number, and (gram, token) pairs.

    The tokens are read as one array of code points (joined by spaces, which no token
    holds), and a gram is coded as one integer of up to three characters of 21 bits each,
    so the pieces are cut and numbered by array operations rather than one by one.
    """
    joined = " ".join(vocabulary).encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(joined, dtype=np.uint32).astype(np.int64) + 1
    gap = codes == ord(" ") + 1
    token_at = np.cumsum(gap)  # at a character of a token: that token's number
    keys, owners = [], []
    for size in range(1, _GRAM + 1):
        count = len(codes) - size + 1
        if count <= 0:
            continue
        whole = ~gap[:count]
        key = codes[:count] << (_BITS * (_GRAM - 1))
        for at in range(1, size):
            whole &= ~gap[at : at + count]
            key |= codes[at : at + count] << (_BITS * (_GRAM - 1 - at))
        keys.append(key[whole])
        owners.append(token_at[:count][whole])
    if not keys:
        return {}, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    every = np.concatenate(keys)
    order = np.argsort(every, kind="stable")
    ordered = every[order]
    first = np.ones(len(ordered), dtype=np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    numbers = np.empty(len(every), dtype=np.int64)
    numbers[order] = np.cumsum(first) - 1
    grams = {}
    for number, code in enumerate(ordered[first].tolist()):
        chars = ((code >> (_BITS * shift)) & _CHAR for shift in range(_GRAM - 1, -1, -1))
        grams["".join(chr(c - 1) for c in chars if c)] = number
    return grams, numbers, np.concatenate(owners)


class TextIndex:
    """Every event's title and summary as tokens, with each token's events and each trigram's tokens.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> index = TextIndex(kg)
    >>> [kg.ids(Kind.EVENT)[p] for p in index.events_with(["beirut", "plo"])]
    ['event:beirut-explosion']
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        texts = [kg.search_text(event_id) for event_id in kg.ids(Kind.EVENT)]
        number, tokens, lengths = _numbered_tokens(texts)
        del texts
        self.events = len(lengths)
        #: Token number -> token, in the order first met.
        self.vocabulary: list[str] = list(number)
        del number
        owner = np.repeat(np.arange(self.events, dtype=np.int64), lengths)
        #: The events holding token ``t`` are ``post[post_start[t]:post_start[t + 1]]``, ascending.
        self.post_start, self.post = _csr(tokens, owner, len(self.vocabulary))
        #: And the other way: event ``e``'s distinct tokens are ``tokens[token_start[e]:…]``,
        #: read when a few events are to be checked against a word held by many.
        self.token_start, self.tokens = _csr(owner, tokens, self.events)
        del tokens, owner
        #: Gram -> its number; the tokens holding gram ``g`` are ``gram_token[gram_start[g]:…]``.
        self.grams, gram_keys, gram_tokens = _grams(self.vocabulary)
        self.gram_start, self.gram_token = _csr(gram_keys, gram_tokens, len(self.grams))

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
            candidates = intersect(candidates, other)
        return [n for n in candidates.tolist() if word in self.vocabulary[n]]

    def events_of_word(self, word: str) -> Positions:
        """Positions of the events whose text holds ``word``, ascending."""
        return self._events_of(self.tokens_with(word))

    def _events_of(self, tokens: list[int]) -> Positions:
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
        return distinct(parts)

    def _spread(self, tokens: list[int]) -> int:
        """How many (token, event) entries the events of ``tokens`` are read from."""
        numbers = np.array(tokens, dtype=np.int64)
        return int((self.post_start[numbers + 1] - self.post_start[numbers]).sum())

    def _holding(self, events: Positions, tokens: list[int]) -> Positions:
        """Those of ``events`` (ascending) whose text has one of ``tokens``, read event by event."""
        wanted = np.zeros(len(self.vocabulary), dtype=np.bool_)
        wanted[tokens] = True
        starts = self.token_start[events]
        lengths = self.token_start[events + 1] - starts
        runs = np.cumsum(lengths) - lengths  # where each event's tokens begin once gathered
        gathered = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(runs - starts, lengths)
        hits = np.zeros(len(gathered) + 1, dtype=np.int64)
        np.cumsum(wanted[self.tokens[gathered]], out=hits[1:])
        held: Positions = events[hits[runs + lengths] > hits[runs]]
        return held

    def events_with(
        self, words: Iterable[str], deadline: Deadline | None = None, within: Positions | None = None
    ) -> Positions:
        """Positions of the events whose text holds every one of ``words`` (folded), ascending.

        ``within`` (ascending positions), when given, is where to look: the events the
        other filters kept. The word held by the fewest events is read first; a word held
        by many more events than are left is then checked on those events' own tokens
        instead of listing all of its events ("of the" beside one person reads that
        person's events, not the hundreds of thousands that say "of" and "the").
        """
        plans = []
        for word in words:
            tokens = self.tokens_with(word)
            if not tokens:
                return np.empty(0, dtype=np.int32)
            plans.append((self._spread(tokens), tokens))
        check(deadline)
        if not plans:
            return np.arange(self.events, dtype=np.int32) if within is None else within
        plans.sort(key=lambda plan: plan[0])
        # Checking one event costs about as much as its tokens; listing a word's events, its spread.
        per_event = max(1.0, len(self.tokens) / max(1, self.events))
        found = within
        for spread, tokens in plans:
            if found is not None and len(found) * per_event <= spread:
                found = self._holding(found, tokens)
            else:
                events = self._events_of(tokens)
                found = events if found is None else self.intersect(found, events)
            check(deadline)
            if len(found) == 0:
                break
        assert found is not None
        return found

    def intersect(self, some: Positions, others: Positions) -> Positions:
        """The positions in both sorted arrays, ascending."""
        if len(some) == self.events or len(others) == self.events:
            return others if len(some) == self.events else some  # one of them is every event
        if (len(some) + len(others)) * _MASK_SHARE > self.events:
            # Large sets: a mask of one, read at the other's positions, costs no sort.
            keep = np.zeros(self.events, dtype=np.bool_)
            keep[some] = True
            return others[keep[others]]
        return intersect(some, others)

    def events_matching(
        self, text: str, deadline: Deadline | None = None, within: Positions | None = None
    ) -> Positions:
        """Positions of the events a text filter keeps for ``text`` (among ``within``), ascending."""
        return self.events_with(fold(text).split(), deadline, within)


_ARRAYS = ("post_start", "post", "token_start", "tokens", "gram_start", "gram_token")


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

    def events_with(
        self, words: Iterable[str], deadline: Deadline | None = None, within: Positions | None = None
    ) -> Positions:
        # Word by word through `events_of_word`: the built per-event tokens that the base
        # reads for a common word (`_holding`) still hold the changed events' old words.
        found = within
        for word in words:
            events = self.events_of_word(word)
            found = events if found is None else self.intersect(found, events)
            check(deadline)
            if len(found) == 0:
                break
        return np.arange(self.events, dtype=np.int32) if found is None else found


def text_index(kg: KnowledgeGraph) -> TextIndex:
    """The graph's text index, built once (at load, by `graph.indexes`) and kept with the graph."""
    return kg.memo("text index", TextIndex)


__all__ = ["PatchedTextIndex", "TextIndex", "text_index"]
