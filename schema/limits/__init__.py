"""Limits that refuse a query before it runs: one table (``table``), the measure of a document
(``measure``), the refusal (``guard``) and the Strawberry extensions that apply them (``extensions``).
"""

from schema.limits.extensions import NoIntrospection, limit_extensions
from schema.limits.guard import QueryGuard, refusals, types_of
from schema.limits.measure import Measure, measure
from schema.limits.table import LIMITS, Limit, QueryLimits
from schema.refusal import Refusal

__all__ = [
    "LIMITS",
    "Limit",
    "Measure",
    "NoIntrospection",
    "QueryGuard",
    "QueryLimits",
    "Refusal",
    "limit_extensions",
    "measure",
    "refusals",
    "types_of",
]
