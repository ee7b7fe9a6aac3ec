"""Limits that refuse a query before it runs: one table (``table``), the measure of a document
(``measure``), the refusal (``guard``) and the Strawberry extensions that apply them (``extensions``).
"""

from schema.limits.extensions import NoIntrospection, RefusingValidationCache, limit_extensions
from schema.limits.guard import QueryGuard, refusals
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
    "RefusingValidationCache",
    "limit_extensions",
    "measure",
    "refusals",
]
