"""`node_table`: the plain dict behind a graph's nodes, typed for the queries that read it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph


def node_table(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """Node id -> attributes (``kind`` and ``record``), the dict behind ``kg.graph.nodes``.

    Queries read it rather than ``kg.graph.nodes[...]``: a lookup in the plain dict
    makes no view object, which adds up over millions of nodes. NetworkX keeps it as
    the private ``_node``, which its type stubs do not declare; this is the one place
    that reaches for it.

    Args:
        kg: the loaded graph.

    Returns:
        The live dict (not a copy); the graph is frozen, so nobody may change it.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> node_table(kg)["person:joseph-stalin"]["kind"].value
    'person'
    >>> node_table(kg) is kg.graph.nodes._nodes
    True
    """
    nodes: dict[str, dict[str, Any]] = kg.graph._node  # type: ignore[attr-defined]
    return nodes
