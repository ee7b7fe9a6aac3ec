"""A new graph object over a frozen graph's dicts: where every patch of the served graph starts.

A patch never changes the graph a request may still be reading. It makes a new
`networkx.MultiDiGraph` sharing the old one's attributes, then replaces the dicts it
changes (nodes, adjacency) with copies.
"""

from __future__ import annotations

from typing import Any, TypeVar

import networkx as nx

G = TypeVar("G", bound="nx.Graph[Any]")


def shell(g: G) -> G:
    """A graph of ``g``'s type sharing its attributes, without the views NetworkX cached on it.

    NetworkX caches its views (``nodes``, ``adj``…) on the instance: shared, they would
    keep reading ``g``'s dicts after the caller replaced them.
    """
    h: G = object.__new__(type(g))
    h.__dict__.update(
        (name, value)
        for name, value in g.__dict__.items()
        if not type(value).__module__.startswith(
            ("networkx.classes.reportviews", "networkx.classes.coreviews")
        )
    )
    h.__networkx_cache__ = {}
    return h


__all__ = ["shell"]
