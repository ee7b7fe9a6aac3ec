"""Limits that refuse a query before it runs, and a deadline that stops one that runs too long.

A query is measured once, on its syntax tree, with fragments expanded (each fragment is
measured once and reused, so a fragment spread a thousand times costs a lookup, and a
fragment that spreads itself is skipped here and reported by GraphQL validation):

- depth: fields nested inside fields (``{ person { events { title } } }`` is 3);
- aliases, directives, root fields: counted per use, so a fragment spread five times counts five times;
- cost: every field costs 1, and the fields under a list cost once per item it may hold. The
  item count is the field's ``limit`` or ``first`` argument (literal, variable or default);
  a connection passes its ``first`` to its ``edges`` and ``nodes``; any other list counts as a
  default page. So ``events(limit: 100) { people { events(limit: 100) { title } } }`` is priced
  at 100 × 20 × 100 before a resolver runs.

Introspection (``__schema``, ``__type``) is free of depth and cost, as in graphql-armor, since
GraphiQL's own schema query is deeper than any limit a data query needs; instead it may nest
at most three lists (``types { fields { args } }``), which bounds its work.

The measure runs before graphql-core's validation (``QueryGuard.on_validate`` comes first),
so a refused document never reaches the rules that grow with the square of its size.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from graphql import (
    build_schema as build_graphql_schema,
)
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.schema import BaseSchema

from schema.inputs import check_literals, clean_variables
from schema.memo import BoundedMemo
from schema.refusal import Refusal

PAGE_ARGUMENTS = ("limit", "first")
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
MAX_INTROSPECTION_LISTS = 3


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """The caps a query must keep; the app builds them from ``Settings``."""

    max_depth: int = 6
    max_aliases: int = 15
    max_tokens: int = 1000
    max_directives: int = 50
    max_root_fields: int = 20
    max_cost: int = 5000
    default_page: int = 20
    time_limit_ms: int = 5000
    introspection: bool = True
    document_cache_size: int = 256


@dataclass(frozen=True, slots=True)
class Measure:
    """What a document asks for, all fragments expanded."""

    depth: int
    aliases: int
    directives: int
    root_fields: int
    cost: int
    introspection_lists: int


# Costs stop growing here: nested huge pages multiply past 64 bits, which no JSON encoder
# (nor many clients) can carry in an error's extensions. It is far above any sane limit.
COST_CEILING = 2**53 - 1


@dataclass(slots=True)
class _Tally:
    depth: int = 0
    aliases: int = 0
    directives: int = 0
    cost: int = 0
    lists: int = 0

    def add(self, other: _Tally, times: int = 1) -> None:
        self.depth = max(self.depth, other.depth)
        self.lists = max(self.lists, other.lists)
        self.aliases += other.aliases
        self.directives += other.directives
        self.cost = min(self.cost + other.cost * times, COST_CEILING)


class _Measurer:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        default_page: int,
        depth_cap: int,
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.default_page = default_page
        # Descending past the cap proves nothing more and would let recursion grow with the query.
        self.depth_cap = depth_cap
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.memo: dict[tuple[str, int | None, bool], _Tally] = {}
        self.on_path: set[str] = set()

    def selections(
        self,
        node: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        pending: int | None,
        level: int,
        introspection: bool,
    ) -> _Tally:
        tally = _Tally()
        if node is None or level > self.depth_cap:
            return tally
        for selection in node.selections:
            tally.directives += len(selection.directives or ())
            if isinstance(selection, FieldNode):
                tally.add(self.field(selection, parent, pending, level, introspection))
            elif isinstance(selection, InlineFragmentNode):
                inner = (
                    self.schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                tally.add(self.selections(selection.selection_set, inner, pending, level, introspection))
            elif isinstance(selection, FragmentSpreadNode):
                tally.add(self.spread(selection.name.value, pending, level, introspection))
        return tally

    def spread(self, name: str, pending: int | None, level: int, introspection: bool) -> _Tally:
        fragment = self.fragments.get(name)
        if fragment is None or name in self.on_path:
            return _Tally()  # unknown or cyclic: validation reports it
        key = (name, pending, introspection)
        if key not in self.memo:
            self.on_path.add(name)
            # Depth is measured from the fragment's own top and shifted by the level it is used at.
            inner = self.selections(
                fragment.selection_set,
                self.schema.get_type(fragment.type_condition.name.value),
                pending,
                1,
                introspection,
            )
            inner.directives += len(fragment.directives or ())
            self.on_path.discard(name)
            self.memo[key] = inner
        cached = self.memo[key]
        return _Tally(
            depth=cached.depth + level - 1 if cached.depth else 0,
            aliases=cached.aliases,
            directives=cached.directives,
            cost=cached.cost,
            lists=cached.lists,
        )

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        pending: int | None,
        level: int,
        introspection: bool,
    ) -> _Tally:
        name = node.name.value
        definition = (
            parent.fields.get(name) if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else None
        )
        if name in INTROSPECTION_ROOTS and not introspection:
            introspection = True
            definition = TypeMetaFieldDef if name == "__type" else SchemaMetaFieldDef
        field_type = get_nullable_type(definition.type) if definition is not None else None
        is_list = isinstance(field_type, GraphQLList)
        page = self.page_size(node, definition)
        inner_type = get_named_type(field_type) if field_type is not None else None
        if introspection:
            below = self.selections(node.selection_set, inner_type, None, level + 1, True)
            lists = below.lists + (1 if is_list and node.selection_set else 0)
            return _Tally(0, below.aliases + (1 if node.alias else 0), below.directives, 0, lists)
        if is_list:
            items, passed_on = (
                (page if page is not None else pending if pending is not None else self.default_page),
                None,
            )
        else:
            items, passed_on = 1, page  # a connection hands its page size to edges and nodes
        below = self.selections(node.selection_set, inner_type, passed_on, level + 1, introspection)
        cost = min(1 + items * below.cost, COST_CEILING) if node.selection_set else 1
        return _Tally(
            depth=max(level, below.depth),
            aliases=below.aliases + (1 if node.alias else 0),
            directives=below.directives,
            cost=cost,
            lists=below.lists,
        )

    def page_size(self, node: FieldNode, definition: Any) -> int | None:
        """The field's ``limit``/``first`` as this request gives it, or its default; None when it has none."""
        if definition is None:
            return None
        for argument_name in PAGE_ARGUMENTS:
            if argument_name not in definition.args:
                continue
            for argument in node.arguments or ():
                if argument.name.value != argument_name:
                    continue
                if isinstance(argument.value, IntValueNode):
                    return max(int(argument.value.value), 0)
                if isinstance(argument.value, VariableNode):
                    value = self.variables.get(argument.value.name.value)
                    if isinstance(value, int) and not isinstance(value, bool):
                        return max(value, 0)
                return self.default_page
            default = definition.args[argument_name].default_value
            return default if isinstance(default, int) else self.default_page
        return None


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    default_page: int = 20,
    depth_cap: int = 10_000,
) -> Measure:
    """Measure every operation of ``document`` (summed: a client sends what it means to run).

    >>> from graphql import build_schema, parse
    >>> sdl = "type Query { items(limit: Int = 20): [Item] } "
    >>> s = build_schema(sdl + "type Item { name: String items(limit: Int): [Item] }")
    >>> measure(s, parse("{ items(limit: 100) { items(limit: 100) { name } } }"))
    Measure(depth=3, aliases=0, directives=0, root_fields=1, cost=10101, introspection_lists=0)
    """
    measurer = _Measurer(schema, document, variables or {}, default_page, depth_cap)
    total = _Tally()
    root_fields = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        root = schema.get_root_type(definition.operation)
        tally = measurer.selections(definition.selection_set, root, None, 1, False)
        tally.directives += len(definition.directives or ())
        total.add(tally)
        root_fields += _count_root_fields(definition.selection_set, measurer.fragments, set())
    return Measure(total.depth, total.aliases, total.directives, root_fields, total.cost, total.lists)


def _count_root_fields(
    node: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode], seen: set[str]
) -> int:
    count = 0
    for selection in node.selections:
        if isinstance(selection, FieldNode):
            count += selection.name.value != "__typename"
        elif isinstance(selection, InlineFragmentNode):
            count += _count_root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            name = selection.name.value
            if name not in seen:
                count += _count_root_fields(fragments[name].selection_set, fragments, seen | {name})
    return count


def refusals(found: Measure, limits: QueryLimits) -> list[Refusal]:
    """One refusal per limit the measure breaks, each saying how to get under it."""
    checks = (
        (
            "QUERY_TOO_DEEP",
            "depth",
            found.depth,
            limits.max_depth,
            "fields may nest at most {limit} deep, this query nests {value}; ask for less at once and "
            "follow up with a second query from the ids you get",
        ),
        (
            "TOO_MANY_ALIASES",
            "aliases",
            found.aliases,
            limits.max_aliases,
            "a query may use at most {limit} aliases (fragments counted each time they are spread), "
            "this one uses {value}; split it into several queries",
        ),
        (
            "TOO_MANY_DIRECTIVES",
            "directives",
            found.directives,
            limits.max_directives,
            "a query may use at most {limit} directives, this one uses {value}",
        ),
        (
            "TOO_MANY_ROOT_FIELDS",
            "rootFields",
            found.root_fields,
            limits.max_root_fields,
            "a query may ask for at most {limit} top-level fields, this one asks for {value}; split it",
        ),
        (
            "QUERY_TOO_COSTLY",
            "cost",
            found.cost,
            limits.max_cost,
            "this query may touch about {value} fields (each list counted at its limit/first, or "
            f"{limits.default_page} when it has none), more than the {{limit}} allowed; "
            "ask for smaller pages or fewer nested lists",
        ),
        (
            "QUERY_TOO_DEEP",
            "introspectionLists",
            found.introspection_lists,
            MAX_INTROSPECTION_LISTS,
            "introspection may nest at most {limit} lists (types, fields, args…), this query nests {value}",
        ),
    )
    return [
        Refusal(code, text.format(limit=limit, value=value), limit=name, maximum=limit, actual=value)
        for code, name, value, limit, text in checks
        if value > limit
    ]


# -- Strawberry extensions -------------------------------------------------------------------

_TYPES: WeakKeyDictionary[BaseSchema, GraphQLSchema] = WeakKeyDictionary()


def types_of(schema: BaseSchema) -> GraphQLSchema:
    """The types, fields and argument defaults of ``schema``, built once from its SDL.

    Strawberry keeps its graphql-core schema private; the measure reads only what the SDL
    says, and ``as_str`` is public.
    """
    found = _TYPES.get(schema)
    if found is None:
        found = _TYPES[schema] = build_graphql_schema(schema.as_str())
    return found


class QueryGuard(SchemaExtension):
    """Measure the parsed document and refuse it, before graphql-core validates it, if it breaks a limit."""

    def __init__(self, limits: QueryLimits, memo: BoundedMemo[Measure | None] | None = None) -> None:
        self.limits = limits
        # Shared by the requests of one app: a repeated document is walked once, not per request.
        self.memo = memo if memo is not None else BoundedMemo[Measure | None](0)

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # graphql-core stops reading at this many tokens, before building a tree.
        context.parse_options["max_tokens"] = self.limits.max_tokens
        # GraphQL's own syntax is ASCII, so NFC changes only what is inside strings and comments.
        if context.query and not context.query.isascii():
            context.query = unicodedata.normalize("NFC", context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            try:
                found = self._measure(
                    context.query or "", document, types_of(context.schema), context.variables
                )
                errors: list[GraphQLError] = list(refusals(found, self.limits))
            except Refusal as refusal:
                errors, found = [refusal], None
            if found is not None and isinstance(context.context, dict):
                context.context["measure"] = found  # for the request log
            if errors:
                context.pre_execution_errors = errors
        yield

    def _measure(
        self, query: str, document: DocumentNode, schema: GraphQLSchema, variables: dict[str, Any] | None
    ) -> Measure:
        """Check the text the client sent and measure the document, each walk once per query text.

        Literals depend on the text alone (a refused one is never kept, so it is refused every
        time); the measure also on the integer variables, the only ones a page size is read from.
        """
        self.memo.get(("literals", schema, query), lambda: check_literals(document))
        self.execution_context.variables = variables = clean_variables(variables)
        pages = tuple(
            (name, value)
            for name, value in sorted((variables or {}).items())
            if isinstance(value, int) and not isinstance(value, bool)
        )
        found = self.memo.get(
            ("measure", schema, query, pages),
            lambda: measure(
                schema, document, variables, self.limits.default_page, depth_cap=self.limits.max_depth + 1
            ),
        )
        assert found is not None
        return found


class NoIntrospection(ValidationRule):
    """Refuse ``__schema`` and ``__type`` (``__typename`` stays: clients need it for unions)."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in INTROSPECTION_ROOTS:
            self.report_error(
                Refusal(
                    "INTROSPECTION_DISABLED",
                    "introspection is switched off on this server; the schema is published as schema.graphql",
                    limit="introspection",
                )
            )


def limit_extensions(limits: QueryLimits) -> list[Callable[[], SchemaExtension]]:
    """The extensions, in order, as factories (Strawberry makes one of each per request)."""
    memo = BoundedMemo[Measure | None](limits.document_cache_size)
    extensions: list[Callable[[], SchemaExtension]] = [lambda: QueryGuard(limits, memo)]
    if limits.document_cache_size:
        from strawberry.extensions import ParserCache

        size = limits.document_cache_size
        extensions.append(lambda: ParserCache(maxsize=size))
    if not limits.introspection:
        extensions.append(lambda: AddValidationRules([NoIntrospection]))
    return extensions


__all__ = [
    "Measure",
    "QueryGuard",
    "QueryLimits",
    "Refusal",
    "limit_extensions",
    "measure",
    "refusals",
]
