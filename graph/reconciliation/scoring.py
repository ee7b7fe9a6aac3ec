"""Reconciling one query: candidates found by name, weighed by the query's evidence, matched with care.

Candidates come from the name index (a record whose name or alias equals the query, folded:
case, accents and spacing ignored) and from search (`graph.queries.search`: variants without
diacritics, typos, a surname among a full name's words). A candidate's score, 0 to 100, adds:

* its name's fit, 0 to 100, scaled to `NAME_WEIGHT` (90 points for an exact name or alias);
  a fit search finds (a typo, a surname inside a longer title) loses `INEXACT` first, so a
  title that merely holds the name ("Tito–Stalin split") never comes near the name itself;
* what each property says (`graph.reconciliation.evidence`): a few points when it agrees,
  many lost when it differs (a namesake born fifty years apart);
* a little for prominence, up to `PROMINENCE_POINTS`: how many links the record has, on a
  log scale, so that "Stalin" is Joseph Stalin before Rezauddin Stalin, yet two equal names
  stay within a few points of each other;
* `OTHER_TYPE` lost, with ``type_strict: "should"``, when it is not of a type asked for.

``match: true`` is a claim a client may act on without a look, so it needs both a high score
(`MATCH_SCORE`) and a clear lead over the next candidate (`MATCH_MARGIN`): two places called
Georgia both score high, and neither is ever the match, whatever their links.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graph.deadline import Deadline, paced
from graph.models import Event, Kind, Location, Person, Record
from graph.place_history import part_of_at
from graph.queries.search import describe, search
from graph.reconciliation.batch import Query
from graph.reconciliation.evidence import weigh
from graph.reconciliation.vocabulary import TYPE_OF_KIND, TYPES, type_ref
from graph.store import KnowledgeGraph

NAME_WEIGHT = 0.9
INEXACT = 10.0
PROMINENCE_POINTS = 4.0
OTHER_TYPE = -10.0
MATCH_SCORE = 85.0
MATCH_MARGIN = 8.0
#: Candidates read from search and from the name index before weighing: enough for a
#: surname many share to reach the one whose dates agree, few enough to weigh in milliseconds.
POOL = 60
#: A description is cut at this many characters: a preview shows the rest.
DESCRIPTION_CHARS = 160


@dataclass(frozen=True, slots=True)
class Candidate:
    """A record that may be the one a query means, with its score and the evidence behind it."""

    id: str
    name: str
    type_id: str
    score: float
    match: bool
    description: str
    #: (feature id, value): the name's fit, then each property's points.
    features: tuple[tuple[str, float], ...] = ()

    def as_json(self) -> dict[str, object]:
        """The candidate as the reconciliation API writes it."""
        return {
            "id": self.id,
            "name": self.name,
            "type": [type_ref(TYPES[self.type_id])],
            "score": self.score,
            "match": self.match,
            "description": self.description,
            "features": [{"id": f, "value": v} for f, v in self.features],
        }


def reconcile(kg: KnowledgeGraph, query: Query, deadline: Deadline | None = None) -> list[Candidate]:
    """The best candidates for a query, best first, at most ``query.limit`` of them.

    Args:
        kg: the graph.
        query: a checked query (`graph.reconciliation.batch.read_query`).
        deadline: checked while names are scored and candidates weighed.

    Returns:
        Candidates, best first; the first has ``match`` True only when it is clearly the one.

    >>> from graph.loader import load_graph
    >>> first = reconcile(load_graph("tests/data/tiny"), Query("joseph  STALIN", ("Person",)))[0]
    >>> first.id, first.match
    ('person:joseph-stalin', True)
    """
    kinds = _kinds(query)
    if not kinds:
        return []
    searched = (
        [TYPES[t].kind for t in query.types] if query.types and query.type_strict != "should" else kinds
    )
    names = _name_fits(kg, query.text, searched, deadline)
    scored: list[tuple[float, str, tuple[tuple[str, float], ...]]] = []
    asked = {TYPES[t].kind for t in query.types}
    for node_id, fit in paced(names.items(), deadline, every=16):
        features = [("name", round(fit, 1))]
        score = NAME_WEIGHT * fit + _prominence(kg, node_id)
        # A record is decoded only when a property needs it (`KnowledgeGraph.get` decodes
        # each time): a batch without properties weighs its hundreds of candidates unread.
        record = kg.get(node_id) if query.properties else None
        for prop in query.properties:
            points = weigh(kg, record, prop) if record is not None else 0.0
            features.append((prop.pid, points))
            score += points
        if asked and kg.kind_of(node_id) not in asked:
            score += OTHER_TYPE
            features.append(("otherType", OTHER_TYPE))
        scored.append((round(min(max(score, 0.0), 100.0), 1), node_id, tuple(features)))
    # Ties go to the better linked record, then the id, so an answer never depends on order.
    scored.sort(key=lambda s: (-s[0], -kg.links(s[1]), s[1]))
    best = scored[: query.limit]
    lead = best[0][0] - scored[1][0] if len(scored) > 1 else best[0][0] if best else 0.0
    return [
        Candidate(
            node_id,
            _name(kg.node(node_id)),
            TYPE_OF_KIND[kg.kind_of(node_id)].id,
            score,
            at == 0 and score >= MATCH_SCORE and lead >= MATCH_MARGIN,
            describe_candidate(kg, node_id),
            features,
        )
        for at, (score, node_id, features) in enumerate(best)
    ]


def _kinds(query: Query) -> list[Kind]:
    if not query.types or query.type_strict == "should":
        return [t.kind for t in TYPES.values()]
    if query.type_strict == "all" and len(query.types) > 1:
        return []  # a record is of one type: none is of all of several
    return [TYPES[t].kind for t in query.types]


def _name_fits(
    kg: KnowledgeGraph, text: str, kinds: list[Kind], deadline: Deadline | None
) -> dict[str, float]:
    """Each candidate's name fit, 0 to 100: exact names and aliases first, then search's best."""
    fits: dict[str, float] = {}
    for node_id in kg.find(text)[:POOL]:
        if kg.kind_of(node_id) in kinds:
            fits[node_id] = 100.0
    for hit in search(kg, text, kinds, first=POOL, deadline=deadline):
        # 100 is every word of the name, in any dash or case: "Molotov Ribbentrop Pact".
        fits.setdefault(hit.id, hit.score if hit.score >= 100.0 else max(hit.score - INEXACT, 0.0))
    return fits


def _prominence(kg: KnowledgeGraph, node_id: str) -> float:
    return min(PROMINENCE_POINTS, 2.0 * math.log10(1 + kg.links(node_id)))


def _name(record: Record) -> str:
    return record.title if isinstance(record, Event) else record.name


def describe_candidate(kg: KnowledgeGraph, node_id: str) -> str:
    """A line that tells namesakes apart: a life's years, an event's date and place, a place's kind.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("data")
    >>> describe_candidate(kg, "location:georgia-us-state")
    'state, in United States'
    >>> describe_candidate(kg, "location:democratic-republic-of-georgia")
    'historical-state, 1918 – 1921'
    """
    record = kg.node(node_id)
    parts: list[str] = []
    if isinstance(record, Person):
        parts = [describe(kg, node_id) or "", record.description or ""]
    elif isinstance(record, Event):
        places = [kg.node(p).name for p in record.locations[:2]]  # type: ignore[union-attr]
        parts = [record.date.display, ", ".join(places)]
    elif isinstance(record, Location):
        within = part_of_at(kg, node_id, None)
        parts = [record.kind]
        if record.start or record.end:
            start = str(record.start.year) if record.start else "?"
            end = str(record.end.year) if record.end else ""
            parts.append(f"{start} – {end}".rstrip() if end else f"since {start}")
        if within and not record.part_of_dated:
            parts[0] += f", in {kg.node(within[0]).name}"  # type: ignore[union-attr]
        elif within:
            parts.append("lay in " + ", ".join(kg.node(p).name for p in within[-2:]))  # type: ignore[union-attr]
    text = ", ".join(p for p in parts if p)
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"


__all__ = ["MATCH_MARGIN", "MATCH_SCORE", "Candidate", "describe_candidate", "reconcile"]
