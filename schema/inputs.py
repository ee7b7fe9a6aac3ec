"""Text a client sends: refused when it holds NUL, control characters or lone surrogates; NFC otherwise."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from graphql import ArgumentNode, DocumentNode, FieldNode, ObjectFieldNode, StringValueNode, Visitor, visit

from schema.codes import ErrorCode
from schema.refusal import Refusal


def text_problem(text: str) -> str | None:
    """Why a client's string is refused (a NUL, a control character, a lone surrogate), or None.

    >>> text_problem("Jeanne d'Arc"), text_problem("a\\x00b")
    (None, 'U+0000 (a control character) at position 1')
    """
    for position, char in enumerate(text):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"U+{code:04X} (a lone surrogate) at position {position}"
        if unicodedata.category(char) == "Cc" and char not in "\t\n\r":
            return f"U+{code:04X} (a control character) at position {position}"
    return None


def _clean_value(value: Any, where: str) -> Any:
    """``value`` with every string in NFC; raises Refusal at the first string that holds a bad character."""
    if isinstance(value, str):
        if not value.isascii():
            problem = text_problem(value)
            if problem:
                raise Refusal(
                    ErrorCode.INVALID_TEXT, f"{where} holds {problem}; send printable text only", where=where
                )
            return unicodedata.normalize("NFC", value)
        if problem := text_problem(value):
            raise Refusal(
                ErrorCode.INVALID_TEXT, f"{where} holds {problem}; send printable text only", where=where
            )
        return value
    if isinstance(value, dict):
        return {key: _clean_value(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_value(item, f"{where}[{i}]") for i, item in enumerate(value)]
    return value


def check_literals(document: DocumentNode) -> None:
    """Refuse a string literal of the query that holds a bad character (a walk over the whole document)."""

    def check_literal(node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: Any) -> None:
        if problem := text_problem(node.value):
            where = _where(node, [*ancestors, parent])
            raise Refusal(
                ErrorCode.INVALID_TEXT, f"{where} holds {problem}; send printable text only", where=where
            )

    visit(document, _LiteralVisitor(check_literal))


def _where(node: StringValueNode, ancestors: list[Any]) -> str:
    """Which argument a literal is, as a client wrote it: ``argument input.title of createEvent``."""
    field: str | None = None
    names: list[str] = []
    for ancestor in ancestors:
        if isinstance(ancestor, FieldNode):
            field, names = (ancestor.alias or ancestor.name).value, []
        elif isinstance(ancestor, ArgumentNode | ObjectFieldNode):
            names.append(ancestor.name.value)
    if field is None or not names:
        return "a string in the query"
    return f"argument {'.'.join(names)} of {field}"


def clean_variables(variables: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The variables with every string in NFC; refuses one that holds a bad character."""
    if variables is None:
        return None
    return {name: _clean_value(value, f"variable ${name}") for name, value in variables.items()}


class _LiteralVisitor(Visitor):
    def __init__(self, on_string: Callable[..., None]) -> None:
        super().__init__()
        self.on_string = on_string

    def enter_string_value(self, node: StringValueNode, *args: Any) -> None:
        self.on_string(node, *args)


__all__ = ["check_literals", "clean_variables", "text_problem"]
