"""A neighbourhood cut at ``limit`` reads a hub's neighbours only up to the cut, and draws the same picture.

The reference below is the ring walk the merged one replaced: every new neighbour of the
ring collected, sorted by degree then id, then cut. Both must keep the same nodes in the
same order and say the same about truncation, on the bundled data and on a generated
graph whose hub people take part in over a thousand events.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate, read_manifest
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Kind
from graph.queries.neighborhood import DEFAULT_KINDS, HUB_LINKS, degree_of, hub_orders, neighborhood
from graph.store import KnowledgeGraph
from tests.conftest import BUNDLED_DATA

_CALENDAR = frozenset({Kind.DAY, Kind.YEAR})
ALL_KINDS = (Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.ORGANIZATION, Kind.CATEGORY, Kind.TAG)


def reference_nodes(
    kg: KnowledgeGraph, center: str, depth: int, limit: int, kinds: frozenset[Kind]
) -> tuple[list[str], bool]:
    nodes, g = kg.graph.nodes, kg.graph
    kept, seen, ring, truncated = [center], {center}, [center], False
    spare: list[list[str]] = []
    for level in range(depth):
        found: set[str] = set()
        for member in ring:
            linked = set(g.succ[member]) | set(g.pred[member])
            found |= {n for n in linked if n not in seen and nodes[n]["kind"] in kinds - _CALENDAR}
        ordered = sorted(found, key=lambda n: (-degree_of(kg, n), n))
        room = limit - len(kept)
        # Every ring but the last takes at most its equal share of the room left.
        share = room if level == depth - 1 else -(-room // (depth - level))
        if len(ordered) > room:
            ordered, truncated = ordered[:room], True
        ring, rest = ordered[:share], ordered[share:]
        kept.extend(ring)
        seen.update(ring)
        spare.append(rest)
        if not ring:
            break
    for rest in spare:
        for n in rest:
            if n in seen:
                continue
            if len(kept) == limit:
                truncated = True
                break
            kept.append(n)
            seen.add(n)
    return kept, truncated


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KnowledgeGraph]:
    generated = tmp_path_factory.mktemp("generated")
    generate(generated, 10_000, seed=2)
    found = {"bundled": load_graph(BUNDLED_DATA), "generated": load_graph(generated)}
    found["generated"].hub = read_manifest(generated).hub.id  # type: ignore[attr-defined]
    for kg in found.values():
        build_indexes(kg)
    return found


def _centres(kg: KnowledgeGraph) -> list[str]:
    busiest = sorted(kg.graph, key=lambda n: -kg.graph.degree(n))
    return [n for n in busiest if kg.graph.nodes[n]["kind"] not in _CALENDAR][:20] + list(
        kg.ids(Kind.EVENT)[:20]
    )


@pytest.mark.parametrize("name", ["bundled", "generated"])
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_same_nodes_as_the_full_sort(
    graphs: dict[str, KnowledgeGraph], name: str, data: st.DataObject
) -> None:
    kg = graphs[name]
    center = data.draw(st.sampled_from(_centres(kg)))
    depth = data.draw(st.integers(1, 3))
    limit = data.draw(st.sampled_from([1, 2, 5, 50, 200]))
    kinds = data.draw(st.none() | st.sets(st.sampled_from(ALL_KINDS), min_size=1).map(frozenset))
    hood = neighborhood(kg, center, depth, limit, kinds)
    expected = reference_nodes(kg, center, depth, limit, kinds or DEFAULT_KINDS)
    assert ([n.id for n in hood.nodes], hood.truncated) == expected


def test_hubs_are_sorted_at_load(graphs: dict[str, KnowledgeGraph]) -> None:
    kg = graphs["generated"]
    hub = kg.hub  # type: ignore[attr-defined]
    assert kg.graph.degree(hub) > HUB_LINKS and kg.number(hub) in hub_orders(kg)


def test_a_hubs_cut_ring_reads_only_what_it_keeps(
    graphs: dict[str, KnowledgeGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hub's first ring alone could fill the limit: the merged walk looks at about 200 of
    # its neighbours (each looked at once for its kind, and once more as it is drawn), not all
    # of them. (The second ring's members are small and are read whole.)
    kg = graphs["generated"]
    hub = kg.hub  # type: ignore[attr-defined]
    looked_at: list[str] = []
    kind_of = kg.kind_of

    def counted(node_id: str) -> Kind:
        looked_at.append(node_id)
        return kind_of(node_id)

    monkeypatch.setattr(kg, "kind_of", counted)
    drawn = neighborhood(kg, hub, 2, 200)
    assert len(drawn.nodes) == 200 and drawn.truncated
    assert kg.graph.degree(hub) > 1_000
    linked = set(kg.graph.succ[hub]) | set(kg.graph.pred[hub])
    hub_reads = [n for n in looked_at if n in linked]
    assert len(hub_reads) <= 2 * 200 + 2, len(hub_reads)
