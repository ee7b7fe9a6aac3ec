"""Which queries may run on the event loop itself, skipping the hop to a worker thread.

The hop costs more than a small query's own work (a seventh of the server's CPU for the
canonical query under varied load). But a query on the event loop holds every other request
until it is done, so only those that cannot take long go there: a document

- whose price does not depend on its variables (no ``limit`` or ``first`` given by a
  variable: the price is the same on every run),
- that asks for no path, neighbourhood, search, facet or timeline field and filters no list
  (those walk a share of the graph that grows with it), and
- whose price, the last time it ran in this worker, was under ``inline_max_cost``.

A document's first run always goes to a thread; so does any document once it is refused or
priced higher. Everything else about the query (limits, deadline, cache) is as in a thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, Visitor, parse, visit
from graphql.language import VariableNode

from clio.lanes import REMEMBERED
from schema.limits.measure import PAGE_ARGUMENTS
from schema.memo import BoundedMemo

#: Root fields whose work grows with the graph, whatever their price.
GROWING_FIELDS = frozenset({"connection", "neighborhood", "search", "reconcile", "facets", "timeline"})
#: Arguments that make a list field scan: a filter, a text to match.
SCANNING_ARGUMENTS = frozenset({"filter", "text"})


class _Bounded(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.bounded = True

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        # A mutation waits for the disk (an fsync) and rebuilds the graph: never on the event loop.
        if node.operation is not OperationType.QUERY:
            self.bounded = False

    def enter_field(self, node: FieldNode, *_: object) -> None:
        if node.name.value in GROWING_FIELDS:
            self.bounded = False
        for argument in node.arguments or ():
            name = argument.name.value
            if name in SCANNING_ARGUMENTS or (
                name in PAGE_ARGUMENTS and isinstance(argument.value, VariableNode)
            ):
                self.bounded = False


def bounded(document: str, max_tokens: int) -> bool:
    """Whether ``document`` has a fixed price and asks for nothing that grows with the graph.

    >>> bounded('query($n: String!) { person(name: $n) { name events { title } } }', 1000)
    True
    >>> bounded('query($k: Int) { events(limit: $k) { title } }', 1000)
    False
    >>> bounded('{ search(text: "stal") { id } }', 1000), bounded("{ person(", 1000)
    (False, False)
    """
    try:
        tree = parse(document, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return False
    visitor = _Bounded()
    visit(tree, visitor)
    return visitor.bounded


class InlineGate:
    """Per worker: the documents last priced under ``max_cost`` that are `bounded` (0: none)."""

    def __init__(self, max_cost: int, max_tokens: int) -> None:
        self.max_cost = max_cost
        self.max_tokens = max_tokens
        self._cheap: OrderedDict[Hashable, bool] = OrderedDict()
        self._bounded = BoundedMemo[bool](REMEMBERED)  # parsed once per text, not once per run
        self._lock = threading.Lock()

    def allows(self, document: Hashable) -> bool:
        """Whether ``document`` ((text, operation name)) may run on the event loop now."""
        if not self.max_cost:
            return False
        with self._lock:
            return self._cheap.get(document, False)

    def observe(self, document: tuple[str, str | None], cost: int | None) -> None:
        """Remember the price of a run (None: refused before it was priced)."""
        if not self.max_cost:
            return
        text = document[0]
        cheap = (
            cost is not None
            and cost < self.max_cost
            and self._bounded.get(text, lambda: bounded(text, self.max_tokens))
        )
        with self._lock:
            self._cheap[document] = cheap
            self._cheap.move_to_end(document)
            while len(self._cheap) > REMEMBERED:
                self._cheap.popitem(last=False)


__all__ = ["GROWING_FIELDS", "InlineGate", "bounded"]
