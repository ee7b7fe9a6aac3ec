"""Reconciliation: matching names from a spreadsheet to Clio's records, as OpenRefine asks.

The logic of the W3C Entity Reconciliation API 0.2, with no web code: read a batch
(`read_batch`), answer each query (`reconcile`), suggest names, types and properties
(`graph.reconciliation.suggest`). The HTTP routes are `clio.reconcile`; a notebook calls
these functions on a loaded graph:

>>> from graph import load_graph
>>> from graph.reconciliation import reconcile_batch
>>> answer = reconcile_batch(load_graph("tests/data/tiny"), {"q0": {"query": "Alvaro Obregon"}})
>>> [(c["id"], c["match"]) for c in answer["q0"]["result"]]
[('person:alvaro-obregon', True)]
"""

from __future__ import annotations

from typing import Any

from graph.deadline import Deadline
from graph.reconciliation.batch import MAX_LIMIT, MAX_QUERIES, BadBatch, Query, read_batch, read_query
from graph.reconciliation.scoring import MATCH_MARGIN, MATCH_SCORE, Candidate, reconcile
from graph.store import KnowledgeGraph


def reconcile_batch(kg: KnowledgeGraph, batch: object, deadline: Deadline | None = None) -> dict[str, Any]:
    """The answer to a decoded query batch, keyed as the batch is: ``{key: {"result": [candidate…]}}``.

    Raises:
        BadBatch: the batch cannot be answered; the message says what to fix.
        TimeLimitExceeded: ``deadline`` ran out.
    """
    queries = read_batch(batch)
    return {
        key: {"result": [candidate.as_json() for candidate in reconcile(kg, query, deadline)]}
        for key, query in queries.items()
    }


__all__ = [
    "MATCH_MARGIN",
    "MATCH_SCORE",
    "MAX_LIMIT",
    "MAX_QUERIES",
    "BadBatch",
    "Candidate",
    "Query",
    "read_batch",
    "read_query",
    "reconcile",
    "reconcile_batch",
]
