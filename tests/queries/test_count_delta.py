"""Counts corrected by an edit's delta (`graph.queries.count_delta`) equal the same counts made again.

Seeded random links, unlinks, dates moved and events created, several in a row, each patched over the
graph the one before made; after each, the patched graph's common filters' counts, its
unfiltered facets and its timelines are compared with those `graph.indexes` would count
from its own posting lists (which `tests/graph/test_relink.py` compares with a whole
build). The bar for a common filter is lowered so that a small graph has dozens of them,
and filters at the bar come and go.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import pytest

from bench.generate import generate
from graph.bundled import BUNDLED_DATA
from graph.incremental import patch
from graph.loader import load_graph
from graph.models import Kind
from graph.queries import aggregates
from graph.queries.aggregates import _precounts, precounts
from graph.queries.counts import _all_top, buckets, facet_counts, timeline_counts
from graph.queries.postings import postings
from graph.queries.timeline import TimeBucket
from graph.store import KnowledgeGraph
from tests.graph.test_redate import redated
from tests.graph.test_relink import relinked

#: The bar for a common filter, per data set: low enough for many filters near it.
BARS = {"bundled": 12, "generated": 150}


@pytest.fixture(scope="module", params=sorted(BARS))
def counted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KnowledgeGraph]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(aggregates, "COMMON_MIN", BARS[request.param])
        if request.param == "bundled":
            kg = load_graph(BUNDLED_DATA)
        else:
            generated = tmp_path_factory.mktemp("generated")
            generate(generated, 10_000, seed=3)
            kg = load_graph(generated)
        # Only the counts and what they read: a relink and a redate patch whatever memo there is.
        precounts(kg)
        facet_counts(kg, None)
        for size in TimeBucket:
            timeline_counts(kg, None, size)
        yield kg


def _counted_again(kg: KnowledgeGraph) -> dict[str, object]:
    index = postings(kg)
    return {
        "precounts": _precounts(kg),
        "facets:all": _all_top(index),
        **{f"timeline:{size.value}": buckets(index.year, size) for size in TimeBucket},
    }


def _corrected(kg: KnowledgeGraph) -> dict[str, object]:
    return {
        "precounts": kg._memo["aggregates:single"],
        "facets:all": kg._memo["facets:all"],
        **{f"timeline:{size.value}": kg._memo[f"timeline:{size.value}"] for size in TimeBucket},
    }


def test_counts_corrected_by_deltas_equal_counts_made_again(counted: KnowledgeGraph) -> None:
    rng = random.Random(len(counted.ids(Kind.EVENT)))
    kg = counted
    first = _corrected(kg)
    edits = []
    for n in range(9):
        if n % 3 == 2:  # created: a copy of an event under a new id, counted in everywhere it is
            event = redated(kg, rng)[1]
            event = dataclasses.replace(event, id=f"event:zz-counted-{n}", title=f"Counted {n}")
        else:
            event = relinked(kg, rng) if n % 3 == 0 else redated(kg, rng)[1]
        patched = patch(kg, {event.id: event})
        assert patched is not None and "aggregates:single" in patched._memo, event.id
        edits.append(event.id)
        kg = patched
    # Counted again once, after all of them: a wrong delta stays wrong in the edits after it.
    assert _corrected(kg) == _counted_again(kg), edits
    # The edits moved counts: equal above means corrected, not left as they were.
    assert _corrected(kg) != first
