"""The bidirectional path search: what an exhaustive search finds, cheapest first; a deadline that holds."""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.adjacency import RELATIONS
from graph.deadline import Deadline, TimeLimitExceeded
from graph.models import Relation
from graph.queries.path_search import MappingWalk, simple_paths
from graph.queries.paths import DEFAULT_VIA, _edge_cost, connections, hop_graph
from graph.store import KnowledgeGraph


def _cost(data: Mapping[str, Any]) -> int | None:
    cost: int | None = data.get("cost")
    return cost


def _exhaustive(g: nx.Graph[str], source: str, target: str, max_cost: int) -> list[tuple[int, list[str]]]:
    """Every simple path of cost at most ``max_cost``, by cost and then node ids: the reference."""
    found = []
    for path in nx.all_simple_paths(g, source, target):
        costs = [_cost(g.edges[u, v]) for u, v in itertools.pairwise(path)]
        if None in costs:
            continue
        total = sum(c for c in costs if c is not None)
        if total <= max_cost:
            found.append((total, path))
    return sorted(found, key=lambda item: (item[0], item[1]))


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph[str]:
    size = draw(st.integers(min_value=2, max_value=9))
    names = [f"n{i}" for i in range(size)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 18)))
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(names)
    for u, v in edges:
        # None: an edge of a relation that may not be walked.
        g.add_edge(u, v, cost=draw(st.sampled_from([1, 2, 2, None])))
    return g


@given(graphs(), st.integers(min_value=1, max_value=8))
def test_the_same_paths_as_an_exhaustive_search_cheapest_first(g: nx.Graph[str], max_cost: int) -> None:
    expected = _exhaustive(g, "n0", "n1", max_cost)
    found = list(simple_paths(MappingWalk(g.adj, _cost), "n0", "n1", max_cost))
    assert found == [path for _, path in expected]


@given(graphs(), st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=4))
def test_a_hub_is_an_end_but_never_a_stop(g: nx.Graph[str], max_cost: int, cap: int) -> None:
    expected = [
        path
        for _, path in _exhaustive(g, "n0", "n1", max_cost)
        if all(len(g.adj[node]) <= cap for node in path[1:-1])
    ]
    assert list(simple_paths(MappingWalk(g.adj, _cost), "n0", "n1", max_cost, hub_cap=cap)) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        pytest.param(
            "person:joseph-stalin", "event:massive-explosion-at-beirut-port-kills-hundreds", id="day"
        ),
        pytest.param("person:joseph-stalin", "person:alvaro-obregon", id="people"),
        pytest.param("location:mexico", "location:soviet-union", id="places"),
    ],
)
def test_lengths_match_the_k_shortest_paths_of_networkx(kg: KnowledgeGraph, source: str, target: str) -> None:
    # Yen's algorithm (what connections used before) on the same walkable graph, as the reference.
    g = _networkx_hops(kg)
    costs = _edge_cost(DEFAULT_VIA)

    def cost(data: Mapping[str, Any]) -> int | None:
        return int(costs[RELATIONS.index(data["relation"])]) or None

    walkable = nx.subgraph_view(g, filter_edge=lambda u, v: cost(g.edges[u, v]) is not None)
    reference = []
    for path in nx.shortest_simple_paths(walkable, source, target, weight=lambda u, v, d: cost(d)):
        if sum(cost(g.edges[u, v]) or 0 for u, v in itertools.pairwise(path)) > 8:
            break
        reference.append(path)
        if len(reference) == 10:
            break
    found = connections(kg, source, target, max_hops=4, first=10)
    assert found is not None
    assert [p.length for p in found] == [_hops(path) for path in reference if _hops(path) <= 4][: len(found)]


def _networkx_hops(kg: KnowledgeGraph) -> nx.Graph[str]:
    """The hop graph as an `nx.Graph` (how it was built before it was arrays): the reference."""
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(kg.graph.nodes)
    for source, target, key in kg.graph.edges(keys=True):
        g.add_edge(source, target, relation=Relation(key), source=source)
    return g


@pytest.mark.parametrize("via", [DEFAULT_VIA, frozenset(Relation)], ids=["default", "every relation"])
def test_the_hop_arrays_hold_what_the_networkx_hop_graph_held(
    kg: KnowledgeGraph, via: frozenset[Relation]
) -> None:
    reference = _networkx_hops(kg)
    hops = hop_graph(kg)
    costs = _edge_cost(via)
    for node_id in reference:
        number = kg.number(node_id)
        assert number is not None
        assert kg.ids_of(hops.neighbours(number).tolist()) == sorted(reference.adj[node_id]), node_id
        for other, data in reference.adj[node_id].items():
            relation, forward = hops.edge(number, kg.number(other))  # type: ignore[arg-type]
            assert (relation, forward) == (data["relation"], data["source"] == node_id)
        walkable = {kg.id_of(n): step for n, step in hops.steps(number, costs)}
        assert walkable == {
            other: int(costs[RELATIONS.index(data["relation"])])
            for other, data in reference.adj[node_id].items()
            if costs[RELATIONS.index(data["relation"])]
        }


def _hops(nodes: list[str]) -> int:
    """Hops of a node path as a Path counts them: a day between two events is one hop."""
    interior_days = sum(1 for node in nodes[1:-1] if node.startswith("day:"))
    return len(nodes) - 1 - interior_days


def test_a_deadline_that_ran_out_before_the_first_path_is_a_time_limit(kg: KnowledgeGraph) -> None:
    with pytest.raises(TimeLimitExceeded, match="time limit of 0 ms"):
        connections(
            kg,
            "person:joseph-stalin",
            "event:massive-explosion-at-beirut-port-kills-hundreds",
            via=[*DEFAULT_VIA, Relation.TAGGED],
            deadline=Deadline(0),
        )


def test_a_search_that_runs_out_of_time_keeps_the_paths_it_found() -> None:
    # A grid: few short paths, astronomically many long ones, so the walk never ends by itself.
    g = nx.grid_2d_graph(30, 30)
    g = nx.relabel_nodes(g, {node: f"{node[0]:02}-{node[1]:02}" for node in g})
    nx.set_edge_attributes(g, 1, "cost")
    found = []
    # As `clio serve` does after loading: a full collection then walks only what the search
    # made, not every object the test session holds (250–350 ms on a busy machine, which is
    # the collector's pause, not the search's).
    gc.collect()
    gc.freeze()
    try:
        started = time.perf_counter()
        with pytest.raises(TimeLimitExceeded):
            for path in simple_paths(MappingWalk(g.adj, _cost), "00-00", "29-29", 200, Deadline(200)):
                found.append(path)
        elapsed = time.perf_counter() - started
    finally:
        gc.unfreeze()
    assert elapsed < 0.2 + 0.1, f"the search ran {elapsed:.3f} s past a 200 ms deadline"
    assert found and all(len(path) - 1 == 58 for path in found[:10])  # the shortest come first
