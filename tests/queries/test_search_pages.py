"""A one-word search's first page, read from rank-ordered postings, is the whole ranking's first page.

`WordIndex._ranked` scores every matched node and ranks them all (the path every search
took before `graph.queries.search_pages`); the page path must give the same nodes, the same
unrounded scores and the same order, for every page size and kind filter. The generated
graph is the bench's, where thousands of people share a given name's first letters.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.queries.search_pages
from bench.generate import generate
from graph.dates import HistoricalDate
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind
from graph.queries.search import search, search_index
from graph.queries.search_dates import read_date
from graph.queries.word_index import SEARCHABLE, WordIndex
from graph.snapshot import load_snapshot, save_snapshot
from graph.store import KnowledgeGraph
from graph.text import search_words
from tests.graph.test_relink import TINY, whole
from tests.graph.test_snapshot import KEY


@pytest.fixture(scope="module")
def bundled(kg: KnowledgeGraph) -> WordIndex:
    return WordIndex(kg)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> WordIndex:
    out: Path = tmp_path_factory.mktemp("generated")
    generate(out, 10_000)
    return WordIndex(load_graph(out))


def _whole(index: WordIndex, text: str, kinds: list[Kind], first: int) -> list[tuple[str, float]]:
    """The answer of ranking every match, as `WordIndex.best` did before pages."""
    words = search_words(text)
    date, rest = read_date(words)
    return index._ranked(words, date, rest, _allowed(kinds), first, None)


def _page(index: WordIndex, text: str, kinds: list[Kind], first: int) -> list[tuple[str, float]] | None:
    """The page path, whether or not `best` would take it for so few matches; None where it never would."""
    assert index.pages is not None
    words = search_words(text)
    date, _ = read_date(words)
    if len(words) != 1 or (date is not None and (date.month, date.day) != (None, None)):
        return None
    match = index.word_matches(words[0])
    return index.pages.first_page(index, match, date and date.year, _allowed(kinds), first)


def _allowed(kinds: list[Kind]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    allowed = np.zeros(len(SEARCHABLE), dtype=np.bool_)
    allowed[[SEARCHABLE.index(kind) for kind in set(kinds) if kind in SEARCHABLE]] = True
    return allowed


def _same(index: WordIndex, text: str, kinds: list[Kind], first: int) -> None:
    whole = _whole(index, text, kinds, first)
    assert _page(index, text, kinds, first) in (whole, None), (text, kinds, first)
    assert index.best(text, kinds, first) == whole, (text, kinds, first)


def _prefix_of_a_name(index: WordIndex) -> str:
    """A given name's first four letters: the word held by the most names, cut."""
    counts = np.diff(index.word_starts)
    return index.vocabulary[int(np.argmax(counts))][:4]


@pytest.mark.parametrize("first", [1, 10, 17, 50, 400])  # a page, one more than read at first, many reads
@pytest.mark.parametrize(
    "kinds",
    [list(SEARCHABLE), [Kind.EVENT], [Kind.PERSON, Kind.TAG], [Kind.CATEGORY]],
    ids=["all", "events", "people-tags", "nothing-searchable"],
)
def test_common_one_word_queries_page_as_the_whole_ranking(
    bundled: WordIndex, generated: WordIndex, kinds: list[Kind], first: int
) -> None:
    for index in (bundled, generated):
        for text in ("st", "stal", "ma", "x", "Stallin", "obregón", "1924", "1917", "2020", "qqxzv"):
            _same(index, text, kinds, first)
        # The bench's rows: thousands of names tie on a prefix, hundreds of events on a year.
        _same(index, _prefix_of_a_name(index), kinds, first)
        years = index.event_year[index.event_year > 0]
        _same(index, str(int(np.bincount(years).argmax())), kinds, first)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_one_word_queries_page_as_the_whole_ranking(
    generated: WordIndex, data: st.DataObject
) -> None:
    word = data.draw(st.sampled_from(generated.vocabulary))
    cut = data.draw(st.integers(1, max(1, len(word))))
    kinds = data.draw(st.lists(st.sampled_from(list(Kind)), min_size=1, unique=True))
    _same(generated, word[:cut], kinds, data.draw(st.integers(1, 60)))


def test_a_relinked_index_drops_the_pages_and_ranks_the_whole_list(kg: KnowledgeGraph) -> None:
    index = WordIndex(kg)
    moved = index.relinked(kg, ["person:joseph-stalin"])
    assert moved.pages is None
    assert moved.best("stal", SEARCHABLE, 5) == index.best("stal", SEARCHABLE, 5)


@pytest.fixture
def pages_always(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every one-word search reads the pages, as on a million-event graph.
    monkeypatch.setattr(graph.queries.search_pages, "PAGE_FROM", 0)


def test_a_loaded_snapshot_serves_its_pages_and_a_patch_over_it_the_right_ones(
    pages_always: None, tmp_path: Path
) -> None:
    built = load_graph(TINY)
    build_indexes(built)
    save_snapshot(built, tmp_path / "tiny.snapshot", KEY)
    loaded = load_snapshot(tmp_path / "tiny.snapshot", KEY)
    words = search_index(loaded).words
    # Unpickled arrays are new objects: the pages are bound to them again, not dropped as stale.
    assert words.pages is not None and words.pages.serves(words)
    event: Event = loaded.record("event:obregon-in-capital")
    years = sorted({str(e.date.year) for e in loaded.records(Kind.EVENT) if e.date.year > 0})
    # A summary shares the search index, pages and all. A month copies the years (same values,
    # new array) and a title patches the names: the pages no longer serve either copy.
    for changed, pages_kept in (
        (dataclasses.replace(event, summary="Obregón enters the capital."), True),
        (dataclasses.replace(event, date=HistoricalDate(1920, 5)), False),
        (dataclasses.replace(event, title="Stalingrad Obregón"), False),
    ):
        patched = patch(loaded, {event.id: changed})
        assert patched is not None, changed
        assert (search_index(patched).words.pages is not None) is pages_kept, changed
        rebuilt = whole(patched)
        for text in (*years, "obregón", "beirut", "st", "stal", "stalingrad"):
            assert search(patched, text, first=30) == search(rebuilt, text, first=30), (changed, text)


def test_a_copied_index_and_its_source_both_keep_their_pages(bundled: WordIndex) -> None:
    # `copy.copy` goes through the pickling hooks: the copy's pages must serve the copy's arrays
    # without being taken from the source (which would then rank the whole list for nothing).
    copied = copy.copy(bundled)
    assert copied.pages is not None and copied.pages.serves(copied)
    assert bundled.pages is not None and bundled.pages.serves(bundled)
    assert copied.best("stal", SEARCHABLE, 5) == bundled.best("stal", SEARCHABLE, 5)
