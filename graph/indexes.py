"""Everything a query would otherwise build on first use, built at load instead.

The search index, the folded event texts and the text index that text filters read, the hop graph of
`connection`, the degrees of neighbourhoods and the hubs' neighbours in drawing order,
every ranking (PageRank included), the name order of each kind, the events' posting lists
and the timelines and facets counted from them are derived from the frozen graph once. Built lazily, the first
request to need one paid for it (5.2 s for the search index of the full import, 2.9 s for
PageRank) and ran past the time limit where nothing could stop it; built here, before
the server answers, no request builds anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from graph.adjacency import out_edges_of
from graph.days import born_on
from graph.models import Kind
from graph.queries import ranking
from graph.queries.aggregates import precounts
from graph.queries.counts import facet_counts, timeline_counts
from graph.queries.neighborhood import degree_of, hub_orders
from graph.queries.paths import hop_graph
from graph.queries.postings import postings
from graph.queries.search import search_index
from graph.queries.text_index import text_index
from graph.queries.timeline import TimeBucket
from graph.slugs import SLUGGED, slugs_of
from graph.store import KnowledgeGraph

#: Kinds listed by name (``people``, ``locations``, ``tags``, ``categories``).
NAMED_KINDS = (Kind.PERSON, Kind.LOCATION, Kind.TAG, Kind.CATEGORY)
RANKED_KINDS = (Kind.EVENT, Kind.PERSON, Kind.LOCATION, Kind.ORGANIZATION, Kind.CATEGORY, Kind.TAG)


def _texts(kg: KnowledgeGraph) -> None:
    events = kg.ids(Kind.EVENT)
    if events:
        kg.search_text(events[0])  # builds the folded text of every event


def _rankings(kg: KnowledgeGraph) -> None:
    for kind in RANKED_KINDS:
        for by in ranking.RankBy:
            ranking.ranking(kg, kind, by, first=1)


def _aggregates(kg: KnowledgeGraph) -> None:
    # The unfiltered timelines and facets and those of common single filters, read from the
    # posting lists (built first).
    for size in TimeBucket:
        timeline_counts(kg, None, size)
    facet_counts(kg, None)
    precounts(kg)


def _names(kg: KnowledgeGraph) -> None:
    for kind in NAMED_KINDS:
        kg.ids_by_name(kind)  # folds and sorts every name of the kind once


def _slugs(kg: KnowledgeGraph) -> None:
    for kind in SLUGGED:
        slugs_of(kg, kind)  # every page's address, both ways


#: What is built, in order, by name: each builder fills the graph's memo (or its text table).
BUILDERS: dict[str, Callable[[KnowledgeGraph], object]] = {
    "search": search_index,
    "texts": _texts,
    "text index": text_index,
    "hops": hop_graph,
    "degrees": lambda kg: degree_of(kg, ""),
    "hub neighbours": hub_orders,
    "out edges": out_edges_of,
    "rankings": _rankings,
    "names": _names,
    # `day(…) { births deaths }`: people by the month-day of their birth and of their death.
    "days": lambda kg: born_on(kg, 1, 1),
    "slugs": _slugs,
    "postings": postings,
    "aggregates": _aggregates,
}


def build_indexes(kg: KnowledgeGraph) -> dict[str, float]:
    """Build every index of ``kg`` now; seconds each took (0 for one already built).

    >>> from graph.loader import load_graph
    >>> sorted(build_indexes(load_graph("tests/data/tiny")))  # doctest: +NORMALIZE_WHITESPACE
    ['aggregates', 'days', 'degrees', 'hops', 'hub neighbours', 'names', 'out edges', 'postings',
     'rankings', 'search', 'slugs', 'text index', 'texts']
    """
    took = {}
    for name, build in BUILDERS.items():
        started = time.perf_counter()
        build(kg)
        took[name] = round(time.perf_counter() - started, 3)
    return took


__all__ = ["BUILDERS", "NAMED_KINDS", "RANKED_KINDS", "build_indexes"]
