"""One rule for finding a record by its name, used by every layer that takes a name.

``graph.find``, ``KnowledgeGraph.person_by_name`` (and ``one_by_name``) and GraphQL's
``person(name:)`` all call ``lookup``:

1. the exact name or an alias, ignoring case, accents and spacing ("koba", "alvaro obregon");
   one node is the answer, several are ``Ambiguous`` ("Ford": Henry and Gerald);
2. otherwise search's fuzzy match (``graph.queries.search``), keeping the nodes that score
   at least ``FUZZY_SCORE`` and no more than ``FUZZY_MARGIN`` below the best of them. One
   is the answer; of several, the one with ``PROMINENCE`` times the links of every other
   (a typo is of the name people look for: "Stallin" is Joseph Stalin, 76 events, not
   Carl Stalling, none, though both spellings are one letter off); otherwise they are
   ``Ambiguous``; none is None. The margin lets a clear best win over titles that merely
   hold the name ("Obregon" is Álvaro Obregón, not "Obregón in the capital", 4 points below).

No rule picks one of equals silently: a caller who meant one of them asks by id.
"""

from __future__ import annotations

from graph.deadline import Deadline
from graph.errors import Ambiguous
from graph.models import Kind
from graph.queries.search import search
from graph.store import KnowledgeGraph

#: The least search score (0–100) a fuzzy match needs. A one-letter typo of a six-letter
#: name scores 92 ("Stallin" for Stalin), a swapped vowel 87.5 ("Napolean"); two words found
#: in a seven-word title 89 ("beirut explosion"); one word of two 50.
FUZZY_SCORE = 85.0

#: How far below the best fuzzy score another node still counts as an equal fit. Scores
#: differ by 0.5 to 2 between two namesakes' full names; by 3.7 or more between a name and
#: a title that holds it.
FUZZY_MARGIN = 3.0

#: How many times the links (events, for a person) of every other close match the most
#: linked one needs to be the answer; a node with none counts as nothing against one with some.
PROMINENCE = 10

#: Fuzzy candidates listed at most in an ``Ambiguous`` error: a short prefix can match hundreds.
MAX_CANDIDATES = 10


def lookup(
    kg: KnowledgeGraph, name: str, kind: Kind | None = None, deadline: Deadline | None = None
) -> str | None:
    """The id of the one node called ``name`` (of ``kind``, when given), by the rule above.

    Args:
        kg: the graph.
        name: a name or alias as someone typed it.
        kind: keep only nodes of this kind.
        deadline: checked while the fuzzy match scores names.

    Returns:
        The node's id, or None when no name comes close enough.

    Raises:
        Ambiguous: several nodes fit equally; the error lists them, best first.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> lookup(kg, "Stallin"), lookup(kg, "joseph  STALIN", Kind.PERSON), lookup(kg, "qqxzv")
    ('person:joseph-stalin', 'person:joseph-stalin', None)
    """
    exact = kg.find(name, kind)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise Ambiguous(name, [(node_id, kg.describe(node_id)) for node_id in sorted(exact)])
    hits = search(kg, name, [kind] if kind else None, first=5 * MAX_CANDIDATES, deadline=deadline)
    if not hits:
        return None
    close = [hit for hit in hits if hit.score >= max(FUZZY_SCORE, hits[0].score - FUZZY_MARGIN)]
    if len(close) == 1:
        return close[0].id
    if close:
        (most, best_id), (next_most, _) = sorted(((kg.links(h.id), h.id) for h in close), reverse=True)[:2]
        if most > 0 and most >= PROMINENCE * next_most:
            return best_id
        raise Ambiguous(name, [(hit.id, kg.describe(hit.id)) for hit in close[:MAX_CANDIDATES]])
    return None


__all__ = ["FUZZY_MARGIN", "FUZZY_SCORE", "MAX_CANDIDATES", "lookup"]
