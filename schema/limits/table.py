"""The one table of query limits: what each is called, its setting, default, error code and message.

A new limit is a row here, the code that measures it (``schema.limits.measure``, or the
parser or executor that enforces it), and a row in ``docs/settings.md``: settings, the app,
the refusal and the metrics read this table. ``tests/schema/test_limits_table.py`` checks
that every row has its setting and its documentation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from schema.codes import ErrorCode
from schema.context import DEFAULT_PAGE


@dataclass(frozen=True, slots=True)
class Limit:
    """One cap a query must keep.

    ``name`` is what ``extensions.limit`` says; ``setting`` the ``Settings`` field and, upper
    case after ``CLIO_``, the environment variable (None: fixed, not a setting). ``message``
    is formatted with the cap (``{limit}``), the query's value (``{value}``) and the page a
    list without a size is priced at (``{default_page}``).
    """

    name: str
    setting: str | None
    default: int
    code: ErrorCode
    message: str


LIMITS: tuple[Limit, ...] = (
    Limit(
        "depth",
        "max_depth",
        6,
        ErrorCode.QUERY_TOO_DEEP,
        "fields may nest at most {limit} deep, this query nests {value}; ask for less at once and "
        "follow up with a second query from the ids you get",
    ),
    Limit(
        "aliases",
        "max_aliases",
        15,
        ErrorCode.TOO_MANY_ALIASES,
        "a query may use at most {limit} aliases (fragments counted each time they are spread), "
        "this one uses {value}; split it into several queries",
    ),
    Limit(
        "directives",
        "max_directives",
        50,
        ErrorCode.TOO_MANY_DIRECTIVES,
        "a query may use at most {limit} directives, this one uses {value}",
    ),
    Limit(
        "rootFields",
        "max_root_fields",
        20,
        ErrorCode.TOO_MANY_ROOT_FIELDS,
        "a query may ask for at most {limit} top-level fields, this one asks for {value}; split it",
    ),
    Limit(
        "cost",
        "max_cost",
        5000,
        ErrorCode.QUERY_TOO_COSTLY,
        "this query may touch about {value} fields (each list counted at its limit/first, or "
        "{default_page} when it has none), more than the {limit} allowed; "
        "ask for smaller pages or fewer nested lists",
    ),
    Limit(
        # Introspection is free of depth and cost (GraphiQL's own schema query is deeper than
        # any data query needs); nesting at most three lists bounds its work instead.
        "introspectionLists",
        None,
        3,
        ErrorCode.QUERY_TOO_DEEP,
        "introspection may nest at most {limit} lists (types, fields, args…), this query nests {value}",
    ),
    Limit(
        # graphql-core's validation compares the fields of a selection set pairwise: 990 copies
        # of one field cost half a second of CPU before it gives up. Measured before it runs.
        "selectionFields",
        "max_selection_fields",
        100,
        ErrorCode.QUERY_TOO_COMPLEX,
        "a selection set may hold at most {limit} fields (fragments merged in, repeats counted), "
        "this query has {value} in one; ask for each field once",
    ),
    Limit(
        # Enforced by graphql-core's parser, which stops reading at this many tokens.
        "tokens",
        "max_tokens",
        1000,
        ErrorCode.TOO_MANY_TOKENS,
        "a query may hold at most {limit} tokens (names, brackets, values); split it into smaller queries",
    ),
    Limit(
        # Enforced by the executor's deadline, not measured beforehand.
        "timeLimitMs",
        "time_limit_ms",
        5000,
        ErrorCode.QUERY_TIMEOUT,
        "the query ran longer than the time limit of {limit} ms and was stopped; "
        "ask for smaller pages or fewer nested lists",
    ),
)

BY_NAME: Mapping[str, Limit] = {limit.name: limit for limit in LIMITS}
BY_SETTING: Mapping[str, Limit] = {limit.setting: limit for limit in LIMITS if limit.setting}


def default_caps() -> dict[str, int]:
    """Every limit's default, by name."""
    return {limit.name: limit.default for limit in LIMITS}


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """The caps a query must keep, by limit name (the default for any not given); built from ``Settings``.

    >>> QueryLimits({"cost": 500}).cap("cost"), QueryLimits().cap("depth")
    (500, 6)
    """

    caps: Mapping[str, int] = field(default_factory=dict)
    default_page: int = DEFAULT_PAGE
    introspection: bool = True
    document_cache_size: int = 256

    def cap(self, name: str) -> int:
        """The cap of the limit called ``name``; KeyError for a name the table does not hold."""
        return self.caps.get(name, BY_NAME[name].default)

    @property
    def time_limit_ms(self) -> int:
        return self.cap("timeLimitMs")


def message_of(limit: Limit, cap: object, value: object = None, default_page: int = DEFAULT_PAGE) -> str:
    """The limit's message for a cap and the value a query reached."""
    return limit.message.format(limit=cap, value=value, default_page=default_page)


__all__ = [
    "BY_NAME",
    "BY_SETTING",
    "DEFAULT_PAGE",
    "LIMITS",
    "Limit",
    "QueryLimits",
    "default_caps",
    "message_of",
]
