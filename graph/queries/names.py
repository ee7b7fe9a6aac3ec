"""Nodes of a kind in name order, and those whose name holds a piece of text.

Folding and sorting every name is done once per graph (at load, by `graph.indexes`), not
per request: 89k people after a full import.
"""

from __future__ import annotations

from graph.deadline import Deadline, paced
from graph.models import Kind
from graph.node_table import node_table
from graph.store import KnowledgeGraph
from graph.text import fold


def _name_order(kg: KnowledgeGraph, kind: Kind) -> list[tuple[str, str]]:
    nodes = node_table(kg)
    return sorted((fold(nodes[i]["record"].name), i) for i in kg.ids(kind))


def name_order(kg: KnowledgeGraph, kind: Kind) -> list[tuple[str, str]]:
    """(folded name, id) of every node of a kind, in name order; built once per graph.

    >>> from graph.loader import load_graph
    >>> name_order(load_graph("tests/data/tiny"), Kind.PERSON)[0]
    ('alvaro obregon', 'person:alvaro-obregon')
    """
    found: list[tuple[str, str]] = kg.memo(f"by-name:{kind.value}", lambda kg: _name_order(kg, kind))
    return found


def named_ids(
    kg: KnowledgeGraph, kind: Kind, name: str | None, deadline: Deadline | None = None
) -> list[str]:
    """Ids of a kind in name order, only those whose folded name holds ``name`` when one is given.

    >>> from graph.loader import load_graph
    >>> named_ids(load_graph("tests/data/tiny"), Kind.PERSON, "STAL")
    ['person:joseph-stalin']
    """
    by_name = name_order(kg, kind)
    if not name:
        return [node_id for _, node_id in by_name]
    needle = fold(name)
    return [node_id for folded, node_id in paced(by_name, deadline) if needle in folded]


__all__ = ["name_order", "named_ids"]
