"""Suggest: names, types and properties as a client types them (the reconciliation API's suggest services).

OpenRefine calls these while someone types into a box: the entity suggest reads the same
search as the site's (`graph.queries.search`), so a prefix finds what the search box finds.
"""

from __future__ import annotations

from graph.deadline import Deadline
from graph.queries.search import search
from graph.reconciliation.scoring import describe_candidate
from graph.reconciliation.vocabulary import PROPERTIES, TYPE_OF_KIND, TYPES, type_ref
from graph.store import KnowledgeGraph
from graph.text import fold

#: Suggestions one answer holds, and how far a client may page (``cursor``).
SUGGESTIONS = 10
MAX_CURSOR = 200


def suggest_entities(
    kg: KnowledgeGraph,
    prefix: str,
    type_id: str | None = None,
    cursor: int = 0,
    deadline: Deadline | None = None,
) -> list[dict[str, object]]:
    """People, events and places whose names begin with or resemble ``prefix``, best first.

    >>> from graph.loader import load_graph
    >>> [s["id"] for s in suggest_entities(load_graph("tests/data/tiny"), "stal", "Person")]
    ['person:joseph-stalin']
    """
    kinds = [TYPES[type_id].kind] if type_id else [t.kind for t in TYPES.values()]
    hits = search(kg, prefix, kinds, first=cursor + SUGGESTIONS, deadline=deadline)[cursor:]
    return [
        {
            "id": hit.id,
            "name": hit.label,
            "description": describe_candidate(kg, hit.id),
            "notable": [type_ref(TYPE_OF_KIND[hit.kind])],
        }
        for hit in hits
    ]


def suggest_types(prefix: str) -> list[dict[str, object]]:
    """The types whose id or name begins with ``prefix`` (any case); all of them for an empty one.

    >>> [t["id"] for t in suggest_types("pe")]
    ['Person']
    """
    wanted = fold(prefix)
    return [
        {**type_ref(t), "description": t.description}
        for t in TYPES.values()
        if fold(t.id).startswith(wanted) or fold(t.name).startswith(wanted)
    ]


def suggest_properties(prefix: str, type_id: str | None = None) -> list[dict[str, object]]:
    """The properties of a type (of every type, when none is given) whose id or name holds ``prefix``.

    >>> [p["id"] for p in suggest_properties("date", "Person")]
    ['birthDate', 'deathDate']
    """
    wanted = fold(prefix)
    return [
        {"id": p.id, "name": p.name, "description": f"{p.type_id}: {p.takes}"}
        for p in PROPERTIES.values()
        if (type_id is None or p.type_id == type_id) and (wanted in fold(p.id) or wanted in fold(p.name))
    ]


__all__ = ["MAX_CURSOR", "SUGGESTIONS", "suggest_entities", "suggest_properties", "suggest_types"]
