"""The measure of a query document: depth, aliases, directives, root fields and cost, before it runs.

A query is measured once, on its syntax tree, with fragments expanded (each fragment is
measured once and reused, so a fragment spread a thousand times costs a lookup, and a
fragment that spreads itself is skipped here and reported by GraphQL validation):

- depth: fields nested inside fields (``{ person { events { title } } }`` is 3);
- aliases, directives, root fields: counted per use, so a fragment spread five times counts five times;
- cost: every field costs 1, and the fields under a list cost once per item it may hold. The
  item count is the field's ``limit`` or ``first`` argument as the executor will coerce it
  (graphql-core's ``get_argument_values``: literal, variable, a variable's default, a float);
  a connection passes its ``first`` to its ``edges`` and ``nodes``; any other list counts as a
  default page. So ``events(limit: 100) { people { events(limit: 100) { title } } }`` is priced
  at 100 × 20 × 100 before a resolver runs.

Introspection (``__schema``, ``__type``) is free of depth and cost, as in graphql-armor, since
GraphiQL's own schema query is deeper than any limit a data query needs; instead it may nest
at most three lists (``types { fields { args } }``), which bounds its work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableValues,
    get_argument_values,
    get_named_type,
    get_nullable_type,
    get_variable_values,
)

PAGE_ARGUMENTS = ("limit", "first")

#: How deep the guard measures a document: past this, a refusal says "more than" (the
#: walk recurses per level; the token limit keeps any document far shallower than Python's
#: recursion limit, this keeps the walk shorter still).
DEPTH_MEASURED = 100
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class Measure:
    """What a document asks for, all fragments expanded."""

    depth: int
    aliases: int
    directives: int
    root_fields: int
    cost: int
    introspection_lists: int
    selection_fields: int = 0  # the most fields one selection set holds, fragments merged in
    mutations: int = 0  # root fields of mutation operations: each one a write, run one after another


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
    here: int = 0  # fields of the selection set being measured, its fragments' included
    widest: int = 0  # the most fields of any one selection set at or below it

    def add(self, other: _Tally, times: int = 1) -> None:
        self.depth = max(self.depth, other.depth)
        self.lists = max(self.lists, other.lists)
        self.here += other.here
        self.widest = max(self.widest, other.widest)
        self.aliases += other.aliases
        self.directives += other.directives
        self.cost = min(self.cost + other.cost * times, COST_CEILING)


class _Measurer:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        default_page: int,
        depth_cap: int,
    ) -> None:
        self.schema = schema
        self.variables: VariableValues | None = None  # of the operation being measured
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
                tally.here += 1  # repeats count: graphql-core compares every pair of them
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
        tally.widest = max(tally.widest, tally.here)
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
            here=cached.here,
            widest=cached.widest,
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
            aliases = below.aliases + (1 if node.alias else 0)
            return _Tally(0, aliases, below.directives, 0, lists, widest=below.widest)
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
            widest=below.widest,
        )

    def page_size(self, node: FieldNode, definition: GraphQLField | None) -> int | None:
        """The field's ``limit``/``first`` as it will run; None when the field takes neither.

        The value is graphql-core's own ``get_argument_values`` over the operation's coerced
        variables, the call the executor makes before the resolver runs: a variable's default,
        a float such as ``100.0`` and a literal all come out as the resolver will see them.
        """
        if definition is None or not any(name in definition.args for name in PAGE_ARGUMENTS):
            return None
        try:
            values = get_argument_values(definition, node, self.variables)
        except GraphQLError:
            return self.default_page  # the field cannot run; validation or execution says why
        for name in PAGE_ARGUMENTS:
            value = values.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                return max(value, 0)
        return self.default_page


def coerced_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Mapping[str, Any]
) -> VariableValues | None:
    """The operation's variables as the executor will see them (defaults filled in, types coerced).

    Variables that do not coerce stop the operation before it runs, so any page size is
    right for them; their defaults still apply.
    """
    if not operation.variable_definitions:
        return None  # literals and argument defaults need no variables
    coerced = get_variable_values(schema, operation.variable_definitions, dict(variables))
    return None if isinstance(coerced, list) else coerced


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
    >>> found = measure(s, parse("{ items(limit: 100) { items(limit: 100) { name name } } }"))
    >>> found.depth, found.cost, found.selection_fields
    (3, 20101, 2)
    """
    measurer = _Measurer(schema, document, default_page, depth_cap)
    total = _Tally()
    root_fields = mutations = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        root = schema.get_root_type(definition.operation)
        # Fragments read the variables of the operation that spreads them: priced afresh for each.
        measurer.variables = coerced_variables(schema, definition, variables or {})
        measurer.memo.clear()
        tally = measurer.selections(definition.selection_set, root, None, 1, False)
        tally.directives += len(definition.directives or ())
        tally.here = 0  # each operation's root set stands alone
        total.add(tally)
        roots = _count_root_fields(definition.selection_set, measurer.fragments, set())
        root_fields += roots
        if definition.operation is OperationType.MUTATION:
            mutations += roots
    return Measure(
        total.depth,
        total.aliases,
        total.directives,
        root_fields,
        total.cost,
        total.lists,
        total.widest,
        mutations=mutations,
    )


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


__all__ = ["COST_CEILING", "DEPTH_MEASURED", "Measure", "measure"]
