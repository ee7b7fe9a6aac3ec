"""The one table of query limits: each row says all there is to a limit but the code that enforces it.

A row names the limit (what ``extensions.limit`` says), its setting (``CLIO_<SETTING>``), its
default, its error code, its message, what ``docs/settings.md`` says of it, and how a
document is measured for it, beside it. Everything else reads this table: ``Settings`` reads
each limit from its variable, ``QueryGuard`` measures and refuses, ``schema.codes.ErrorCode``
takes a member for each code, ``/metrics`` counts refusals by limit, and ``docs/settings.md``'s
"Query limits" rows are rendered from it (``python -m schema.limits.document``;
``tests/schema/test_limits_table.py`` fails while they disagree).

So a new limit is a row here and the regenerated rows of ``docs/settings.md``:
``tests/schema/test_new_limit.py`` adds one to a copy of the project and finds it enforced,
read from its variable, documented and coded. A limit enforced outside the measure (the
parser's tokens, the executor's deadline) has ``measured=None`` and its code where it is enforced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from graphql import DocumentNode

from schema.context import DEFAULT_PAGE
from schema.limits.measure import Measure

#: How a document is measured for a limit: from the walk every query gets (``measure``) or
#: from the parsed document itself. Runs on every query that reaches validation.
Measured = Callable[[Measure, DocumentNode], int]


def walked(attribute: str) -> Measured:
    """The value of ``attribute`` of the one walk of ``schema.limits.measure``."""

    def value(found: Measure, _document: DocumentNode) -> int:
        result: int = getattr(found, attribute)
        return result

    return value


@dataclass(frozen=True, slots=True)
class Limit:
    """One cap a query must keep.

    ``name`` is what ``extensions.limit`` says; ``setting`` the ``Settings`` key and, upper
    case after ``CLIO_``, the environment variable (None: fixed, not a setting). ``code`` is
    the ``extensions.code`` of a refusal, a member of ``schema.codes.ErrorCode`` made from
    this row. ``message`` is formatted with the cap (``{limit}``), the query's value
    (``{value}``) and the page a list without a size is priced at (``{default_page}``).
    ``doc`` is the "Meaning" of the setting's row in ``docs/settings.md`` (the code is added).
    """

    name: str
    setting: str | None
    default: int
    code: str
    message: str
    doc: str = ""
    measured: Measured | None = field(default=None, compare=False)


LIMITS: tuple[Limit, ...] = (
    Limit(
        "depth",
        "max_depth",
        6,
        "QUERY_TOO_DEEP",
        "fields may nest at most {limit} deep, this query nests {value}; ask for less at once and "
        "follow up with a second query from the ids you get",
        doc="Deepest nesting of fields (`{ person { events { title } } }` is 3).",
        measured=walked("depth"),
    ),
    Limit(
        "aliases",
        "max_aliases",
        15,
        "TOO_MANY_ALIASES",
        "a query may use at most {limit} aliases (fragments counted each time they are spread), "
        "this one uses {value}; split it into several queries",
        doc="Aliases per query, counted each time a fragment holding them is spread.",
        measured=walked("aliases"),
    ),
    Limit(
        "directives",
        "max_directives",
        50,
        "TOO_MANY_DIRECTIVES",
        "a query may use at most {limit} directives, this one uses {value}",
        doc="Directives per query, counted per spread.",
        measured=walked("directives"),
    ),
    Limit(
        "rootFields",
        "max_root_fields",
        20,
        "TOO_MANY_ROOT_FIELDS",
        "a query may ask for at most {limit} top-level fields, this one asks for {value}; split it",
        doc="Top-level fields per query.",
        measured=walked("root_fields"),
    ),
    Limit(
        # Each mutation is a write the store makes durable before the next one starts (and a
        # reviewer's may rebuild the graph): a request holds a few, not the alias limit's 15.
        "mutations",
        "max_mutations",
        5,
        "TOO_MANY_MUTATIONS",
        "a request may make at most {limit} mutations, this one makes {value}; "
        "send the rest in further requests",
        doc="Mutations per request (aliases and fragments counted), each a durable write run one "
        "after another.",
        measured=walked("mutations"),
    ),
    Limit(
        "cost",
        "max_cost",
        5000,
        "QUERY_TOO_COSTLY",
        "this query may touch about {value} fields (each list counted at its limit/first, or "
        "{default_page} when it has none), more than the {limit} allowed; "
        "ask for smaller pages or fewer nested lists",
        doc="Estimated fields touched: each field 1, fields under a list once per item, the item "
        "count being the list's `limit`/`first` as it will run (a literal, a variable, a "
        "variable's default, `100.0`; 20 for a list without one).",
        measured=walked("cost"),
    ),
    Limit(
        # Introspection is free of depth and cost (GraphiQL's own schema query is deeper than
        # any data query needs); nesting at most three lists bounds its work instead.
        "introspectionLists",
        None,
        3,
        "QUERY_TOO_DEEP",
        "introspection may nest at most {limit} lists (types, fields, args…), this query nests {value}",
        measured=walked("introspection_lists"),
    ),
    Limit(
        # graphql-core's validation compares the fields of a selection set pairwise: 990 copies
        # of one field cost half a second of CPU before it gives up. Measured before it runs.
        "selectionFields",
        "max_selection_fields",
        100,
        "QUERY_TOO_COMPLEX",
        "a selection set may hold at most {limit} fields (fragments merged in, repeats counted), "
        "this query has {value} in one; ask for each field once",
        doc="Fields in one selection set, fragments merged in and repeats counted (validation "
        "compares them pairwise).",
        measured=walked("selection_fields"),
    ),
    Limit(
        # Enforced by graphql-core's parser, which stops reading at this many tokens.
        "tokens",
        "max_tokens",
        1000,
        "TOO_MANY_TOKENS",
        "a query may hold at most {limit} tokens (names, brackets, values); split it into smaller queries",
        doc="Tokens (names, brackets, values) per query; parsing stops there.",
    ),
    Limit(
        # Enforced by the executor's deadline, not measured beforehand.
        "timeLimitMs",
        "time_limit_ms",
        5000,
        "QUERY_TIMEOUT",
        "the query ran longer than the time limit of {limit} ms and was stopped; "
        "ask for smaller pages or fewer nested lists",
        doc="Time a query may run; checked before each list and inside every long graph loop "
        "(paths, neighbourhoods, facets, timelines, text and name filters, related events), so a "
        "query stops within about 100 ms of it, with no partial data, except that `connection` "
        "answers with the shortest paths it found in time when it found any.",
    ),
)

BY_NAME: Mapping[str, Limit] = {limit.name: limit for limit in LIMITS}
BY_SETTING: Mapping[str, Limit] = {limit.setting: limit for limit in LIMITS if limit.setting}


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
    "Measured",
    "QueryLimits",
    "message_of",
    "walked",
]
