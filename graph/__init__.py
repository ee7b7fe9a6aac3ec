"""Clio's history graph: records, dates, the NetworkX store and its traversals. No GraphQL here.

The names a notebook needs are here::

    from graph import load_graph, find, events_of, same_date, connections, neighborhood
"""

from graph.dates import HistoricalDate
from graph.errors import Ambiguous, ClioError, LimitExceeded, NotFound
from graph.export import export, plain_graph
from graph.loader import load_graph
from graph.models import Kind, Relation
from graph.notebook import edges_frame, events_frame, events_of, find, people_frame, same_date, subgraph
from graph.queries.events import EventOrder, EventQuery, filter_events, order_events
from graph.queries.facets import facets
from graph.queries.neighborhood import neighborhood
from graph.queries.paths import connections
from graph.queries.people import LocationQuery, PersonQuery, filter_locations, filter_people
from graph.queries.ranking import RankBy, ranking
from graph.queries.search import search
from graph.queries.timeline import TimeBucket, timeline
from graph.store import KnowledgeGraph

__all__ = [
    "Ambiguous",
    "ClioError",
    "EventOrder",
    "EventQuery",
    "HistoricalDate",
    "Kind",
    "KnowledgeGraph",
    "LimitExceeded",
    "LocationQuery",
    "NotFound",
    "PersonQuery",
    "RankBy",
    "Relation",
    "TimeBucket",
    "connections",
    "edges_frame",
    "events_frame",
    "events_of",
    "export",
    "facets",
    "filter_events",
    "filter_locations",
    "filter_people",
    "find",
    "load_graph",
    "neighborhood",
    "order_events",
    "people_frame",
    "plain_graph",
    "ranking",
    "same_date",
    "search",
    "subgraph",
    "timeline",
]
