"""Our numpy PageRank gives NetworkX's answer (which needs scipy) on real and awkward graphs."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.queries.pagerank import pagerank
from graph.queries.ranking import core_graph
from graph.store import KnowledgeGraph

pytest.importorskip("scipy", reason="nx.pagerank, the reference, needs scipy (the dev extra installs it)")


def assert_same(ours: dict[str, float], theirs: dict[str, float]) -> None:
    assert ours.keys() == theirs.keys()
    assert all(ours[n] == pytest.approx(theirs[n], rel=1e-9, abs=1e-12) for n in ours)


def test_the_bundled_core_graph_ranks_as_networkx_does(kg: KnowledgeGraph) -> None:
    g = core_graph(kg)
    assert_same(pagerank(g), nx.pagerank(g))


@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30),
        )
    )
)
def test_any_small_graph_ranks_as_networkx_does(graph: tuple[int, list[tuple[int, int]]]) -> None:
    # Isolated nodes (dangling), self-loops and repeated edges included.
    n, edges = graph
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(str(i) for i in range(n))
    g.add_edges_from((str(u), str(v)) for u, v in edges)
    assert_same(pagerank(g), nx.pagerank(g))


def test_an_empty_graph_has_no_scores() -> None:
    assert pagerank(nx.Graph()) == {}
