"""graphql-core's validation rules, each looking up its visitor methods once per class, not per document.

A document not validated before pays for every rule (32 of them) a new visitor, and each
visitor asks, for each kind of node it meets, which ``enter_…``/``leave_…`` methods it has:
about 350 lookups by name per document, most of them misses, which Python answers by
raising and catching ``AttributeError``. That was about 45% of validating a small document
(`bench/RESULTS.md`, "First calls"). The answer depends on the class alone, so `quick`
makes a subclass of each rule that asks once per class and kind, through
``Visitor.get_enter_leave_for_kind``, graphql-core's documented hook for this question.
The rules, their messages and their order are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from graphql import ASTValidationRule
from strawberry.extensions import SchemaExtension


class EnterLeave(NamedTuple):
    """A visitor's methods for one kind of node, as graphql-core's visitors read them."""

    enter: Any
    leave: Any


def _method(rule: type[ASTValidationRule], action: str, kind: str) -> str | None:
    """The method graphql-core's ``Visitor`` would call, or None: ``enter_field``, else ``enter``."""
    for name in (f"{action}_{kind}", action):
        if getattr(rule, name, None):
            return name
    return None


#: Each rule's quick class, made once: validation caches key on the rules, so the same one every call.
_QUICK: dict[type[ASTValidationRule], type[ASTValidationRule]] = {}


def quick(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """``rule``, looking up its methods for a kind of node once per class (the same class every call).

    >>> from graphql import build_schema, parse, validate
    >>> from graphql.validation import FieldsOnCorrectTypeRule
    >>> schema = build_schema("type Query { greeting: String }")
    >>> errors = validate(schema, parse("{ missing }"), [quick(FieldsOnCorrectTypeRule)])
    >>> print(errors[0].message)
    Cannot query field 'missing' on type 'Query'.
    >>> quick(FieldsOnCorrectTypeRule) is quick(FieldsOnCorrectTypeRule)
    True
    """
    made = _QUICK.get(rule)
    if made is not None:
        return made
    names: dict[str, tuple[str | None, str | None]] = {}

    def get_enter_leave_for_kind(self: Any, kind: str) -> Any:
        found = self.enter_leave_map.get(kind)
        if found is None:
            enter, leave = names.get(kind) or names.setdefault(
                kind, (_method(rule, "enter", kind), _method(rule, "leave", kind))
            )
            found = self.enter_leave_map[kind] = EnterLeave(
                enter and getattr(self, enter), leave and getattr(self, leave)
            )
        return found

    made = type(rule.__name__, (rule,), {"get_enter_leave_for_kind": get_enter_leave_for_kind})
    # Two threads may both make one; setdefault keeps the first, for both.
    return _QUICK.setdefault(rule, made)


class QuickRules(SchemaExtension):
    """Validate with `quick` rules: each of the request's rules (those added too) replaced, in order."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = tuple(quick(rule) for rule in context.validation_rules)
        yield


__all__ = ["QuickRules", "quick"]
