"""Exploration fields of the Query root: search, connections, neighbourhoods, timelines, facets, rankings.

Each resolver checks its caps, calls one `graph.queries` function and wraps the plain
result in the GraphQL types below. Everything heavy (search index, hop graph, degrees,
PageRank) is built once per graph by those functions, never per request.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graph.arguments import current_ids
from graph.errors import LimitExceeded
from graph.models import Kind, Relation
from graph.queries import aggregates as aggregate_queries
from graph.queries import facets as facet_queries
from graph.queries import neighborhood as hood_queries
from graph.queries import paths as path_queries
from graph.queries import ranking as rank_queries
from graph.queries import search as search_queries
from graph.queries import timeline as timeline_queries
from graph.queries.events import EventQuery
from schema.context import kg_of
from schema.deadline import deadline_of
from schema.filters import EventFilter
from schema.types import Node

MAX_SEARCH = 50


@strawberry.enum(description="Kinds of record that search covers.")
class SearchKind(Enum):
    EVENT = "event"
    PERSON = "person"
    LOCATION = "location"
    TAG = "tag"
    ORGANIZATION = "organization"


@strawberry.enum(description="Kinds of node in a neighbourhood or ranking.")
class NodeKind(Enum):
    EVENT = "event"
    PERSON = "person"
    LOCATION = "location"
    ORGANIZATION = "organization"
    CATEGORY = "category"
    TAG = "tag"


@strawberry.enum(
    description=(
        "Typed links a path may walk; SAME_DAY joins events on the same month-day; "
        "MENTIONS (a person named in passing) is walked only when via asks for it."
    )
)
class PathRelation(Enum):
    INVOLVED = "involved"
    MENTIONS = "mentions"
    OCCURRED_IN = "occurred_in"
    PART_OF = "part_of"
    PARTICIPATED = "participated"
    SAME_DAY = "same_day"
    IN_CATEGORY = "in_category"
    TAGGED = "tagged"
    ON_DAY = "on_day"
    IN_YEAR = "in_year"


@strawberry.enum(description="Timeline bucket size.")
class TimeBucket(Enum):
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@strawberry.enum(description="How to rank nodes.")
class RankBy(Enum):
    DEGREE = strawberry.enum_value(
        "degree", description="Links to people, events, places, organisations, categories, tags."
    )
    PAGERANK = strawberry.enum_value(
        "pagerank",
        description=(
            "PageRank over people, events, places and organisations (no calendar, category or tag hubs)."
        ),
    )


def _node(info: Info[Any, Any], node_id: str) -> Node | None:
    return kg_of(info).get(node_id)  # type: ignore[return-value]


@strawberry.type(
    description="One search result: what it is, how well it matched (0–100) and a line to show under it."
)
class SearchHit:
    score: float
    kind: SearchKind
    id: strawberry.ID
    label: str
    detail: str | None = strawberry.field(
        description="'August 4th, 1924' for events, '1878 – 1953' for people, 'country' for places."
    )

    @strawberry.field
    def node(self, info: Info) -> Node:
        node = _node(info, self.id)
        assert node is not None  # hits come from the same graph
        return node


@strawberry.type(description="One stop of a path.")
class Hop:
    id: strawberry.ID
    label: str
    kind: str = strawberry.field(
        description="'event', 'person', 'location', 'organization', 'category', 'tag', 'day' or 'year'."
    )
    relation: PathRelation | None = strawberry.field(
        description="How this stop is reached from the one before; null on the first."
    )

    @strawberry.field(description="The record, or null for calendar stops (days, years).")
    def node(self, info: Info) -> Node | None:
        return _node(info, self.id)


@strawberry.type(description="A way from one node to another.")
class Path:
    length: int = strawberry.field(description="Number of hops.")
    hops: list[Hop]
    sentence: str = strawberry.field(description="The path read aloud.")


@strawberry.type
class GraphNode:
    id: strawberry.ID
    label: str
    kind: NodeKind
    degree: int = strawberry.field(description="Links to non-calendar nodes in the whole graph.")

    @strawberry.field
    def node(self, info: Info) -> Node | None:
        return _node(info, self.id)


@strawberry.type
class GraphEdge:
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    relation: str = strawberry.field(
        description=(
            "'involved', 'mentions', 'occurred_in', 'part_of', 'participated', 'in_category', 'tagged'."
        )
    )


@strawberry.type(description="Nodes within a few links of a centre, and the edges among them.")
class Neighborhood:
    center: strawberry.ID
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(
        description="True when the limit left neighbours out (the least connected ones)."
    )
    elements: JSON = strawberry.field(
        description="The same as Cytoscape.js elements: {nodes: [{data}], edges: [{data}]}."
    )


@strawberry.type(
    description="Events in a span of years; start and end are historical years, negative before Christ."
)
class TimelineBucket:
    label: str = strawberry.field(description="'1924', '1920s', '1900s', '50–41 BC', '5th century BC'.")
    start: int
    end: int
    count: int


@strawberry.type
class FacetCount:
    id: strawberry.ID
    name: str
    count: int


@strawberry.type(description="How the filtered events spread; each list most frequent first.")
class Facets:
    total: int
    categories: list[FacetCount]
    tags: list[FacetCount]
    locations: list[FacetCount]
    people: list[FacetCount]
    organizations: list[FacetCount]


@strawberry.type
class Ranked:
    rank: int
    score: float
    id: strawberry.ID
    label: str

    @strawberry.field
    def node(self, info: Info) -> Node:
        node = _node(info, self.id)
        assert node is not None  # rankings come from the same graph
        return node


def _query(info: Info[Any, Any], filter: EventFilter | None) -> EventQuery | None:
    return filter.to_query(kg_of(info)) if filter is not None else None


def _facets(result: facet_queries.Facets) -> Facets:
    def counts(values: tuple[facet_queries.FacetCount, ...]) -> list[FacetCount]:
        return [FacetCount(id=strawberry.ID(v.id), name=v.name, count=v.count) for v in values]

    return Facets(
        total=result.total,
        categories=counts(result.categories),
        tags=counts(result.tags),
        locations=counts(result.locations),
        people=counts(result.people),
        organizations=counts(result.organizations),
    )


@strawberry.type
class ExploreQuery:
    @strawberry.field(
        description=(
            "Events, people, places, tags and organisations by name, best "
            "first. Typos and missing accents are forgiven, dashes read as spaces; a year "
            'or a date ("1924", "4 August 1924", "1924-08-04") finds the events of it.'
        )
    )
    def search(
        self, info: Info, text: str, kinds: list[SearchKind] | None = None, first: int | None = 10
    ) -> list[SearchHit]:
        first = 10 if first is None else first
        if not 1 <= first <= MAX_SEARCH:
            raise LimitExceeded("first", first, MAX_SEARCH, minimum=1)
        wanted = [Kind(k.value) for k in kinds] if kinds else None
        return [
            SearchHit(
                score=hit.score,
                kind=SearchKind(hit.kind.value),
                id=strawberry.ID(hit.id),
                label=hit.label,
                detail=hit.detail,
            )
            for hit in search_queries.search(kg_of(info), text, wanted, first, deadline_of(info))
        ]

    @strawberry.field(
        description=(
            "Shortest paths between two nodes, shortest first; null when none "
            "is within maxHops (at most 6; first at most 10)."
        )
    )
    def connection(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int | None = 4,
        first: int | None = 3,
        via: list[PathRelation] | None = None,
    ) -> list[Path] | None:
        max_hops = 4 if max_hops is None else max_hops
        first = 3 if first is None else first
        relations = [Relation(r.value) for r in via] if via is not None else None
        deadline = deadline_of(info)
        # The search stops a little before the request does, so the paths it found are sent.
        early = deadline.reserving() if deadline is not None else None
        kg = kg_of(info)
        # A merged-away id names its survivor here too, as it does for `node` and `person`.
        source, target = current_ids(kg, (from_, to))
        found = path_queries.connections(kg, source, target, max_hops, first, relations, early)
        if found is None:
            return None
        return [
            Path(
                length=p.length,
                sentence=p.sentence,
                hops=[
                    Hop(
                        id=strawberry.ID(h.id),
                        label=h.label,
                        kind=h.kind.value,
                        relation=PathRelation(h.relation.value) if h.relation is not None else None,
                    )
                    for h in p.hops
                ],
            )
            for p in found
        ]

    @strawberry.field(
        description=(
            "Nodes within `depth` links (at most 3) of a node, at most `limit` (200); null for an unknown id."
        )
    )
    def neighborhood(
        self,
        info: Info,
        id: strawberry.ID,
        depth: int | None = 1,
        limit: int | None = 50,
        kinds: list[NodeKind] | None = None,
    ) -> Neighborhood | None:
        depth = 1 if depth is None else depth
        limit = 50 if limit is None else limit
        kg = kg_of(info)
        hood_queries.check_limits(depth, limit)
        if kg.get(id) is None:
            return None
        (center,) = current_ids(kg, (id,))  # a merged-away id: its survivor's neighbourhood
        hood = hood_queries.neighborhood(
            kg, center, depth, limit, [Kind(k.value) for k in kinds] if kinds else None, deadline_of(info)
        )
        return Neighborhood(
            center=strawberry.ID(hood.center),
            nodes=[
                GraphNode(id=strawberry.ID(n.id), label=n.label, kind=NodeKind(n.kind.value), degree=n.degree)
                for n in hood.nodes
            ],
            edges=[
                GraphEdge(
                    id=strawberry.ID(e.id),
                    source=strawberry.ID(e.source),
                    target=strawberry.ID(e.target),
                    relation=e.relation,
                )
                for e in hood.edges
            ],
            truncated=hood.truncated,
            elements=hood.elements(),  # type: ignore[arg-type]  # JSON is a scalar alias of Any
        )

    @strawberry.field(
        description=(
            "Filtered events counted per year, decade or century, oldest first; counts add up to the total."
        )
    )
    def timeline(
        self, info: Info, filter: EventFilter | None = None, group_by: TimeBucket | None = TimeBucket.DECADE
    ) -> list[TimelineBucket]:
        group_by = group_by or TimeBucket.DECADE
        size = timeline_queries.TimeBucket(group_by.value)
        buckets = aggregate_queries.timeline_of(kg_of(info), _query(info, filter), size, deadline_of(info))
        return [TimelineBucket(label=b.label, start=b.start, end=b.end, count=b.count) for b in buckets]

    @strawberry.field(
        description="How the filtered events spread over categories, tags, places, people, organisations."
    )
    def facets(self, info: Info, filter: EventFilter | None = None, first: int | None = 10) -> Facets:
        first = 10 if first is None else first
        return _facets(
            aggregate_queries.facets_of(kg_of(info), _query(info, filter), first, deadline_of(info))
        )

    @strawberry.field(description="The most connected (DEGREE) or most central (PAGERANK) nodes of a kind.")
    def ranking(
        self, info: Info, kind: NodeKind, by: RankBy | None = RankBy.DEGREE, first: int | None = 10
    ) -> list[Ranked]:
        by = by or RankBy.DEGREE
        first = 10 if first is None else first
        kg = kg_of(info)
        ranked = rank_queries.ranking(kg, Kind(kind.value), rank_queries.RankBy(by.value), first)
        return [
            Ranked(rank=r.rank, score=r.score, id=strawberry.ID(r.id), label=path_queries.label_of(kg, r.id))
            for r in ranked
        ]


__all__ = ["ExploreQuery"]
