"""PageRank by power iteration on numpy arrays, the same algorithm as ``nx.pagerank``.

NetworkX computes PageRank with scipy's sparse matrices; scipy and its bundled BLAS are
about 140 MB of a serving install that uses them for this alone. A sparse row-vector
product is one ``numpy.bincount`` over the edge list, so this module keeps NetworkX's
method (uniform start and teleport, dangling weight spread evenly, stop when the L1
change is below ``N * tol``) without scipy. ``tests/queries/test_pagerank.py`` compares it
with ``nx.pagerank`` where scipy is installed.
"""

from __future__ import annotations

import networkx as nx
import numpy as np


def pagerank(
    g: nx.Graph[str], alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6
) -> dict[str, float]:
    """PageRank of every node of an undirected, unweighted graph (each edge counts both ways).

    Raises:
        nx.PowerIterationFailedConvergence: no convergence within ``max_iter`` rounds.

    >>> scores = pagerank(nx.path_graph(["a", "b", "c"]))
    >>> round(scores["b"], 4), round(scores["a"], 4) == round(scores["c"], 4)
    (0.4865, True)
    """
    n = len(g)
    if n == 0:
        return {}
    nodes = list(g)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64).reshape(-1, 2)
    # An undirected edge links both ways; a self-loop is one link, as NetworkX's matrix has it.
    loops = pairs[:, 0] == pairs[:, 1]
    sources = np.concatenate([pairs[:, 0], pairs[~loops, 1]])
    targets = np.concatenate([pairs[:, 1], pairs[~loops, 0]])
    degree = np.bincount(sources, minlength=n).astype(float)
    dangling = degree == 0
    share = np.divide(1.0, degree, out=np.zeros(n), where=~dangling)
    teleport = np.full(n, 1.0 / n)
    x = teleport.copy()
    for _ in range(max_iter):
        last = x
        spread = np.bincount(targets, weights=(last * share)[sources], minlength=n)
        x = alpha * (spread + last[dangling].sum() * teleport) + (1 - alpha) * teleport
        if np.absolute(x - last).sum() < n * tol:
            return dict(zip(nodes, map(float, x), strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)


__all__ = ["pagerank"]
