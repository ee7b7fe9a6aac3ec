"""The word index answers exactly as the name-by-name scan did: same nodes, scores and order.

`scan_search.ScanIndex` is the scan the index replaced, kept as the specification. Queries
are generated from the graph's own words (so they hit): prefixes as typed, words with a
letter dropped, doubled or swapped, several words at once, words that match nothing.
"""

from __future__ import annotations

import calendar
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from graph.loader import load_graph
from graph.models import Kind
from graph.queries.word_index import SEARCHABLE, WordIndex
from graph.store import KnowledgeGraph
from tests.queries.scan_search import ScanIndex

Pair = tuple[WordIndex, ScanIndex]


@pytest.fixture(scope="module")
def bundled(kg: KnowledgeGraph) -> Pair:
    return WordIndex(kg), ScanIndex(kg)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """The bench's synthetic history at 10,000 events: many names sharing few words."""
    out: Path = tmp_path_factory.mktemp("generated")
    generate(out, 10_000)
    graph = load_graph(out)
    return WordIndex(graph), ScanIndex(graph)


def _typo(word: str, data: st.DataObject) -> str:
    if len(word) < 3:
        return word
    at = data.draw(st.integers(0, len(word) - 2))
    how = data.draw(st.sampled_from(["drop", "double", "swap", "prefix"]))
    if how == "drop":
        return word[:at] + word[at + 1 :]
    if how == "double":
        return word[: at + 1] + word[at:]
    if how == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[: at + 2]


def _query(pair: Pair, data: st.DataObject) -> tuple[str, list[Kind], int]:
    vocabulary = pair[0].vocabulary
    count = data.draw(st.integers(1, 3))
    words = [_typo(data.draw(st.sampled_from(vocabulary)), data) for _ in range(count)]
    if data.draw(st.booleans()):
        words.append(data.draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)))
    if data.draw(st.booleans()):
        words.insert(data.draw(st.integers(0, len(words))), _date(data))
    # Any kind may be asked for (name lookups ask for categories), not only those search covers.
    kinds = data.draw(st.lists(st.sampled_from(list(Kind)), min_size=1, unique=True))
    return " ".join(words), kinds, data.draw(st.integers(1, 50))


def _date(data: st.DataObject) -> str:
    """A year or a date as people type them, around the years the data sets cover."""
    year, month, day = (
        data.draw(st.integers(1890, 2025)),
        data.draw(st.integers(1, 12)),
        data.draw(st.integers(1, 28)),
    )
    name = calendar.month_name[month]
    forms = [
        f"{year}",
        f"{day} {name} {year}",
        f"{name} {day}, {year}",
        f"{year}-{month:02}-{day:02}",
        f"{name} {day}",
        f"{name} {year}",
    ]
    return data.draw(st.sampled_from(forms))


def _same(pair: Pair, text: str, kinds: list[Kind], first: int) -> None:
    index, scan = pair
    found = [(node_id, round(score, 1)) for node_id, score in index.best(text, kinds, first)]
    assert found == scan.search(text, kinds, first), text


@pytest.mark.parametrize(
    "text",
    [
        "Stallin",
        "stal",
        "st",
        "ma",
        "ÁLVARO obregón",
        "beirut explosion",
        "battle of",
        "of the",
        "qqxzv",
        "x",
        "1924",
        "4 August 1924",
        "August 4, 1924",
        "1924-08-04",
        "4th of August",
        "August 1914",
        "lenin 1924",
        "Mexico–Soviet",
        "Mexico Soviet",
    ],
)
def test_documented_and_short_queries_answer_as_the_scan(bundled: Pair, generated: Pair, text: str) -> None:
    for pair in (bundled, generated):
        for kinds in (list(SEARCHABLE), [Kind.EVENT], [Kind.PERSON, Kind.TAG], [Kind.CATEGORY]):
            _same(pair, text, kinds, 50)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_queries_answer_as_the_scan_on_bundled_data(bundled: Pair, data: st.DataObject) -> None:
    _same(bundled, *_query(bundled, data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_queries_answer_as_the_scan_on_a_generated_graph(
    generated: Pair, data: st.DataObject
) -> None:
    _same(generated, *_query(generated, data))


def test_the_index_is_arrays_not_objects_per_name(generated: Pair) -> None:
    index, scan = generated
    assert len(index.name_node) == len(scan.names)
    # Four int32 per word occurrence and name at most, plus per-node and per-word columns.
    assert index.nbytes < 64 * (len(index.name_node) + len(index.ids) + len(index.vocabulary))
