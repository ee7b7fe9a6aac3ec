"""A merged-away id names its survivor wherever an id is taken, as ``node`` and ``person`` have it.

An import that merges two records keeps the retired id in ``redirects.jsonl`` (so does
``mergePeople``, in the graph it serves). The checks of a filter took such an id (it names
a record), but the indexes hold only the ids that live: a filter with it was a masked
``INTERNAL_ERROR``, and ``neighborhood`` and ``connection`` said it was not in the graph.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from clio.upstream import fast_schema
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA

SCHEMA = fast_schema([], 0)
RETIRED, SURVIVOR = "person:koba", "person:joseph-stalin"


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    data = tmp_path_factory.mktemp("merged") / "data"
    shutil.copytree(TEST_DATA / "tiny", data)
    (data / "redirects.jsonl").write_text(f'{{"id": "{RETIRED}", "to": "{SURVIVOR}"}}\n')
    kg = load_graph(data)
    build_indexes(kg)
    return kg


def _data(kg: KnowledgeGraph, query: str, person: str) -> Any:
    result = SCHEMA.execute_sync(query, {"p": person}, context_value={"kg": kg})
    assert result.errors is None, result.errors
    return result.data


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("query($p: ID!) { events(filter: {people: [$p]}) { id } }", id="events"),
        pytest.param(
            "query($p: ID!) { eventsConnection(filter: {people: [$p]}) { totalCount } }", id="connection"
        ),
        pytest.param(
            "query($p: ID!) { facets(filter: {people: [$p]}) { people { id count } } }", id="facets"
        ),
        pytest.param("query($p: ID!) { timeline(filter: {people: [$p]}) { label count } }", id="timeline"),
        pytest.param("query($p: ID!) { neighborhood(id: $p) { center nodes { id } } }", id="neighborhood"),
        pytest.param(
            'query($p: ID!) { connection(from: $p, to: "event:beirut-explosion", maxHops: 6) { sentence } }',
            id="paths",
        ),
    ],
)
def test_a_retired_id_answers_as_its_survivor(merged: KnowledgeGraph, query: str) -> None:
    assert _data(merged, query, RETIRED) == _data(merged, query, SURVIVOR)
