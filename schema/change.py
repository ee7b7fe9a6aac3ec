"""The `Change` type and its pages: the review queue, a record's history, vanished edits.

Kept apart from the mutations so the node types (`schema.types`) can offer ``history`` without
importing the Mutation root. A change is read from the app's edit desk (``context["desk"]``,
`clio.state.desk`); a server that takes no edits has no changes, and every page is empty.

An applied change "vanishes" when a re-import removed or merged the record it shaped: it stays
APPLIED in the store (a later import may bring the record back), and ``noLongerApplies`` says why
it is not in the graph. Which changes vanished is known from the replay of this worker's graph,
not from the store, so ``changes(vanished: true)`` reads that list.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graph.edits import EditError
from graph.errors import LimitExceeded

if TYPE_CHECKING:
    from clio.state.desk import Desk
    from clio.state.store import Change

MAX_CHANGES_PAGE = 100
DEFAULT_CHANGES_PAGE = 20

First = Annotated[int, strawberry.argument(description="Page size, at most 100.")]
After = Annotated[str | None, strawberry.argument(description="The endCursor of the page before.")]


@strawberry.enum(description="Where a change stands in review.")
class ChangeStatus(Enum):
    PENDING = "PENDING"
    APPLIED = "APPLIED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


def _desk(info: Info[Any, Any]) -> Desk | None:
    desk: Desk | None = info.context.get("desk") if isinstance(info.context, dict) else None
    return desk


def vanished_of(info: Info[Any, Any]) -> dict[int, str]:
    """Change id -> why it no longer applies, as this worker's graph was replayed."""
    desk = _desk(info)
    return {} if desk is None else {change: why for change, _target, why in desk.live.vanished}


def _no_longer_applies(root: strawberry.Parent[Any], info: Info) -> str | None:
    return vanished_of(info).get(int(root.id)) if root.status is ChangeStatus.APPLIED else None


@strawberry.type(name="Change", description="One proposed edit: who, when, what, why, and what became of it.")
class ChangeType:
    id: strawberry.ID
    author: str = strawberry.field(description="The name of the token that proposed it.")
    author_role: str
    created_at: str = strawberry.field(description="When it was proposed, ISO 8601 in UTC.")
    operation: str = strawberry.field(description="The mutation: 'updateEvent', 'mergePeople'…")
    target: strawberry.ID = strawberry.field(
        description="The record it shapes (a new record's id once applied)."
    )
    input: JSON = strawberry.field(description="The mutation's input as sent, without reason and versions.")
    reason: str
    diff: JSON = strawberry.field(description="Field -> [before, after] of the target, as JSON values.")
    expected_version: int | None = strawberry.field(
        description="The target's version the change was based on."
    )
    status: ChangeStatus
    reviewer: str | None
    reviewed_at: str | None
    review_comment: str | None
    data_version: int | None = strawberry.field(description="Its place in the order of applied changes.")
    no_longer_applies: str | None = strawberry.field(
        resolver=_no_longer_applies,
        description=(
            "Why an APPLIED change is not in the graph: a re-import removed or merged its record. "
            "Null while it applies (and for changes not applied). It stays APPLIED in the store."
        ),
    )

    @classmethod
    def of(cls, change: Change) -> ChangeType:
        return cls(
            id=strawberry.ID(str(change.id)),
            author=change.author,
            author_role=change.author_role,
            created_at=change.created_at,
            operation=change.operation,
            target=strawberry.ID(change.target),
            input=change.input,  # type: ignore[arg-type]  # JSON is a scalar alias of Any
            reason=change.reason,
            diff=change.diff,  # type: ignore[arg-type]
            expected_version=change.expected_version,
            status=ChangeStatus(change.status),
            reviewer=change.reviewer,
            reviewed_at=change.reviewed_at,
            review_comment=change.review_comment,
            data_version=change.seq,
        )


@strawberry.type
class ChangePage:
    nodes: list[ChangeType]
    end_cursor: str | None
    has_next_page: bool


def change_id(value: str, argument: str = "id") -> int:
    """A change id from a client: a positive number of at most 18 ASCII digits."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise EditError(argument, f"{text[:40]!r} is not a change id (the id of a Change: a number)")
    return int(text)


def changes_page(
    info: Info[Any, Any],
    status: ChangeStatus | None,
    author: str | None,
    target: str | None,
    first: int,
    after: str | None,
    vanished: bool | None = None,
) -> ChangePage:
    """One page of changes by id, filtered; ``vanished`` keeps those that do (or do not) still apply."""
    if not 0 <= first <= MAX_CHANGES_PAGE:
        raise LimitExceeded("first", first, MAX_CHANGES_PAGE, pageable=True)
    info.context["uncacheable"] = True  # the queue moves without the data version changing
    desk = _desk(info)
    start = change_id(after, "after") if after else 0
    if desk is None:
        found: list[Change] = []
    elif vanished is None:
        found = desk.store.changes(status.value if status else None, author, target, first + 1, start)
    else:
        found = _by_vanishing(desk, vanished, status, author, target, first + 1, start)
    nodes = [ChangeType.of(c) for c in found[:first]]
    return ChangePage(
        nodes=nodes, end_cursor=str(nodes[-1].id) if nodes else None, has_next_page=len(found) > first
    )


def _by_vanishing(
    desk: Desk,
    vanished: bool,
    status: ChangeStatus | None,
    author: str | None,
    target: str | None,
    first: int,
    after: int,
) -> list[Change]:
    """Changes that no longer apply (``vanished``), or the others, filtered as the store filters."""
    gone = {change for change, _target, _why in desk.live.vanished}
    found: list[Change] = []
    if vanished:
        if status not in (None, ChangeStatus.APPLIED):
            return []  # only applied changes vanish
        with desk.store.reading() as tx:
            for number in sorted(i for i in gone if i > after):
                change = tx.change(number)
                if change is None or (author is not None and change.author != author):
                    continue
                if target is not None and f",{target}," not in change.subjects:
                    continue
                found.append(change)
                if len(found) == first:
                    break
        return found
    while len(found) < first:  # the rest: the store's pages, less the few that vanished
        batch = desk.store.changes(status.value if status else None, author, target, MAX_CHANGES_PAGE, after)
        found += [c for c in batch if c.id not in gone]
        if len(batch) < MAX_CHANGES_PAGE:
            break
        after = batch[-1].id
    return found[:first]


def node_history(
    root: strawberry.Parent[Any], info: Info, first: First = DEFAULT_CHANGES_PAGE, after: After = None
) -> ChangePage:
    """The applied changes that shaped this record, oldest first (a merged record's too)."""
    return changes_page(info, ChangeStatus.APPLIED, None, root.id, first, after)


__all__ = [
    "MAX_CHANGES_PAGE",
    "ChangePage",
    "ChangeStatus",
    "ChangeType",
    "change_id",
    "changes_page",
    "node_history",
    "vanished_of",
]
