"""The schema change policy: every change clients can see is named in CHANGELOG.md, and
nothing a client uses disappears without a release of ``@deprecated`` warning first.

``schema.released.graphql`` is the schema of the last release. Against it:

* every type or field that was added, removed or changed in ``schema.graphql`` must be
  named (``Type.field``, or ``Type`` for a whole type) under "Unreleased" in CHANGELOG.md;
* a breaking change (graphql-core's ``find_breaking_changes``) is allowed only for a field
  or enum value the released schema already marked ``@deprecated``.

Releasing copies ``schema.graphql`` to ``schema.released.graphql`` (see CHANGELOG.md).
"""

from __future__ import annotations

import re

from graphql import BreakingChangeType, GraphQLSchema, build_schema, find_breaking_changes

from tests.conftest import REPO
from tests.schema.sdl_diff import changed_coordinates

RELEASED = REPO / "schema.released.graphql"
CURRENT = REPO / "schema.graphql"
CHANGELOG = REPO / "CHANGELOG.md"


def unreleased_section(text: str) -> str:
    """The text under ``## Unreleased``, up to the next ``## `` heading."""
    found = re.search(r"(?ms)^## Unreleased\s*$(.*?)(?=^## |\Z)", text)
    assert found, "CHANGELOG.md has no '## Unreleased' section: add one, even if empty"
    return found.group(1)


def named(coordinate: str, section: str) -> bool:
    # `Event.sameDateEventCount` or `Event.sameDateEventCount(limit:)` names the field;
    # `Event` in backticks names a type.
    if "." in coordinate:
        return re.search(rf"\b{re.escape(coordinate)}\b", section) is not None
    return f"`{coordinate}`" in section or f"`{coordinate}." in section


def test_every_schema_change_since_the_release_is_in_the_changelog() -> None:
    released, current = build_schema(RELEASED.read_text("utf-8")), build_schema(CURRENT.read_text("utf-8"))
    section = unreleased_section(CHANGELOG.read_text("utf-8"))
    unnamed = [c for c in changed_coordinates(released, current) if not named(c, section)]
    assert unnamed == [], (
        f"schema.graphql changes {', '.join(unnamed)} since the last release: say what changes for "
        "clients under '## Unreleased' in CHANGELOG.md, naming each as `Type.field` (or `Type`)"
    )


def deprecated_in(schema: GraphQLSchema) -> set[str]:
    found = set()
    for name, t in schema.type_map.items():
        for member, value in {**getattr(t, "fields", {}), **getattr(t, "values", {})}.items():
            if getattr(value, "deprecation_reason", None):
                found.add(f"{name}.{member}")
    return found


def removal(change_description: str) -> str | None:
    """The coordinate a removal names: "Field Event.foo was removed.", "Enum value E.V was removed."

    graphql-core 3.2 wrote "Event.foo was removed." and "V was removed from enum type E.".
    """
    if m := re.fullmatch(r"(?:Field |Enum value )?(\w+)\.(\w+) was removed\.", change_description):
        return f"{m[1]}.{m[2]}"
    if m := re.fullmatch(r"(\w+) was removed from enum type (\w+)\.", change_description):
        return f"{m[2]}.{m[1]}"
    return None


def test_nothing_is_removed_or_changed_without_a_release_of_deprecation() -> None:
    released, current = build_schema(RELEASED.read_text("utf-8")), build_schema(CURRENT.read_text("utf-8"))
    warned = deprecated_in(released)
    breaking = [
        change.description
        for change in find_breaking_changes(released, current)
        if not (
            change.type in (BreakingChangeType.FIELD_REMOVED, BreakingChangeType.VALUE_REMOVED_FROM_ENUM)
            and removal(change.description) in warned
        )
    ]
    assert breaking == [], (
        f"{'; '.join(breaking)} Clients of the last release would break: keep the old field with "
        "@deprecated(reason: ...) for one release beside the new one, and remove it in the next"
    )


def test_the_policy_catches_an_unnamed_change_and_a_removal() -> None:
    # The checks above, on a made-up pair: they can fail, and say what.
    old = build_schema('type Query { a: Int, b: Int @deprecated(reason: "use a"), c: String }')
    new = build_schema("type Query { a: Int, d: Int, c: Int }")
    assert changed_coordinates(old, new) == ["Query.b", "Query.c", "Query.d"]
    assert not named("Query.d", "- `Query.dx`: …") and named("Query.d", "- `Query.d(limit:)`: …")
    removals = [c.description for c in find_breaking_changes(old, new)]
    assert sorted(removal(d) or d for d in removals) == [
        "Field Query.c changed type from String to Int.",
        "Query.b",
    ]
    assert deprecated_in(old) >= {"Query.b"}
