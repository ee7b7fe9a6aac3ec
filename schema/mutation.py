"""The Mutation root and the review queries: curators propose changes, reviewers apply them.

Every mutation is Relay style: one ``input`` object with an optional ``clientMutationId``
(a retry with the same id and input returns the first change; with other input it is
refused), and a payload carrying the `Change` it made and the ``dataVersion`` to read it
at. The workflow itself (who may do what, conflicts, durability) is the app's edit desk
(``context["desk"]``, `clio.state.desk`); this module only translates.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from graph.errors import NotFound
from schema.change import ChangePage, ChangeStatus, ChangeType, change_id, changes_page
from schema.codes import ErrorCode
from schema.context import kg_of
from schema.deadline import deadline_of
from schema.refusal import Refusal
from schema.types import Node

if TYPE_CHECKING:
    from clio.state.desk import Actor, Desk
    from clio.state.store import Change


@strawberry.type(description="What a mutation did.")
class ChangePayload:
    client_mutation_id: str | None
    change: ChangeType
    data_version: int = strawberry.field(
        description="The newest applied change this worker's graph holds (the change's own, or later)."
    )
    node: Node | None = strawberry.field(description="The target as it now reads (unchanged while PENDING).")


# -- inputs ----------------------------------------------------------------------------------


@strawberry.input
class _Common:
    reason: str = strawberry.field(description="Why the change is right: a source, a correction. Required.")
    client_mutation_id: str | None = None
    expected_version: int | None = strawberry.field(
        default=None, description="The target's version this change was based on; another is a CONFLICT."
    )


@strawberry.input
class CreateEventInput(_Common):
    title: str
    date: str = strawberry.field(description="EDTF: '1969-07-20', '1924', '-0043-03-15'.")
    category: strawberry.ID
    end_date: str | None = None
    summary: str | None = None
    what_happened: str | None = None
    why_it_matters: str | None = None


@strawberry.input
class UpdateEventInput(_Common):
    id: strawberry.ID
    title: str | None = None
    date: str | None = None
    end_date: str | None = None
    category: strawberry.ID | None = None
    summary: str | None = None
    what_happened: str | None = None
    why_it_matters: str | None = None


@strawberry.input
class DeleteInput(_Common):
    id: strawberry.ID


@strawberry.input
class CreatePersonInput(_Common):
    name: str
    born: str | None = None
    died: str | None = None
    description: str | None = None
    aliases: list[str] | None = None


@strawberry.input
class UpdatePersonInput(_Common):
    id: strawberry.ID
    name: str | None = None
    born: str | None = None
    died: str | None = None
    description: str | None = None
    aliases: list[str] | None = None


@strawberry.input
class CreateLocationInput(_Common):
    name: str
    kind: str = strawberry.field(description="country, historical-state, region, state, city, site…")
    part_of: strawberry.ID | None = None
    description: str | None = None
    aliases: list[str] | None = None


@strawberry.input
class UpdateLocationInput(_Common):
    id: strawberry.ID
    name: str | None = None
    kind: str | None = None
    part_of: strawberry.ID | None = None
    description: str | None = None
    aliases: list[str] | None = None


@strawberry.input
class LinkEventInput(_Common):
    event_id: strawberry.ID
    target_id: strawberry.ID = strawberry.field(description="A person, place, organisation or tag.")
    role: str | None = strawberry.field(
        default=None, description="For a person: participant, commander, leader, victim or mentions."
    )


@strawberry.input
class UnlinkEventInput(_Common):
    event_id: strawberry.ID
    target_id: strawberry.ID


@strawberry.input
class MergeInput(_Common):
    survivor_id: strawberry.ID = strawberry.field(description="The record that stays.")
    merged_id: strawberry.ID = strawberry.field(
        description="The record merged into it; its id keeps resolving."
    )


_COMMON = {"reason", "client_mutation_id", "expected_version"}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def desk_of(info: Info[Any, Any]) -> Desk:
    desk: Desk | None = info.context.get("desk") if isinstance(info.context, dict) else None
    if desk is None:
        raise Refusal(ErrorCode.FORBIDDEN, "this server takes no edits")
    return desk


def actor_of(info: Info[Any, Any]) -> Actor | None:
    context = info.context
    if "actor" not in context:
        context["actor"] = desk_of(info).actor(context.get("authorization"), context.get("client", "?"))
    actor: Actor | None = context["actor"]
    return actor


def _propose(info: Info[Any, Any], operation: str, data: Any) -> ChangePayload:
    desk = desk_of(info)
    info.context["uncacheable"] = True  # a mutation's answer is never served again from a cache
    given = {_camel(f.name): getattr(data, f.name) for f in dataclasses.fields(data) if f.name not in _COMMON}
    given = {k: v for k, v in given.items() if v is not None}
    change = desk.propose(
        actor_of(info), operation, given, data.reason, data.client_mutation_id, data.expected_version
    )
    return _payload(info, desk, change, data.client_mutation_id)


def _payload(
    info: Info[Any, Any], desk: Desk, change: Change, client_mutation_id: str | None
) -> ChangePayload:
    deadline = deadline_of(info)
    if deadline is not None:
        deadline.lift()  # the change is committed: its answer is sent, however late
    kg = desk.live.kg
    info.context["kg"] = kg  # the rest of this answer reads the graph with the change in it
    return ChangePayload(
        client_mutation_id=client_mutation_id,
        change=ChangeType.of(change),
        data_version=desk.live.served,
        node=kg.get(change.target),  # type: ignore[arg-type]
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Propose a new event.")
    def create_event(self, info: Info, input: CreateEventInput) -> ChangePayload:
        return _propose(info, "createEvent", input)

    @strawberry.mutation(description="Change an event's title, dates, category or texts.")
    def update_event(self, info: Info, input: UpdateEventInput) -> ChangePayload:
        return _propose(info, "updateEvent", input)

    @strawberry.mutation(description="Remove an event.")
    def delete_event(self, info: Info, input: DeleteInput) -> ChangePayload:
        return _propose(info, "deleteEvent", input)

    @strawberry.mutation
    def create_person(self, info: Info, input: CreatePersonInput) -> ChangePayload:
        return _propose(info, "createPerson", input)

    @strawberry.mutation
    def update_person(self, info: Info, input: UpdatePersonInput) -> ChangePayload:
        return _propose(info, "updatePerson", input)

    @strawberry.mutation
    def create_location(self, info: Info, input: CreateLocationInput) -> ChangePayload:
        return _propose(info, "createLocation", input)

    @strawberry.mutation
    def update_location(self, info: Info, input: UpdateLocationInput) -> ChangePayload:
        return _propose(info, "updateLocation", input)

    @strawberry.mutation(description="Link an event to a person (with a role), place, organisation or tag.")
    def link_event(self, info: Info, input: LinkEventInput) -> ChangePayload:
        return _propose(info, "linkEvent", input)

    @strawberry.mutation
    def unlink_event(self, info: Info, input: UnlinkEventInput) -> ChangePayload:
        return _propose(info, "unlinkEvent", input)

    @strawberry.mutation(
        description="Merge two records of one person; the merged id redirects to the survivor."
    )
    def merge_people(self, info: Info, input: MergeInput) -> ChangePayload:
        return _propose(info, "mergePeople", input)

    @strawberry.mutation(
        description="Merge two records of one event; the merged id redirects to the survivor."
    )
    def merge_events(self, info: Info, input: MergeInput) -> ChangePayload:
        return _propose(info, "mergeEvents", input)

    @strawberry.mutation(
        description="Approve (apply) or reject a pending change; its author may withdraw it."
    )
    def review_change(
        self, info: Info, id: strawberry.ID, approve: bool, comment: str | None = None
    ) -> ChangePayload:
        desk = desk_of(info)
        info.context["uncacheable"] = True
        change = desk.review(actor_of(info), change_id(id), approve, comment)
        return _payload(info, desk, change, None)


@strawberry.type
class EditQuery:
    @strawberry.field(description="Changes by id, oldest first: the review queue with status: PENDING.")
    def changes(
        self,
        info: Info,
        status: ChangeStatus | None = None,
        author: str | None = None,
        target: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
        vanished: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only applied changes that no longer apply (see Change.noLongerApplies); "
                "false: only the others."
            ),
        ] = None,
    ) -> ChangePage:
        return changes_page(info, status, author, target, first, after, vanished)

    @strawberry.field(
        description="The applied changes that shaped a record, oldest first. "
        "An id that names no record and no change is NOT_FOUND."
    )
    def history(self, info: Info, id: strawberry.ID, first: int = 20, after: str | None = None) -> ChangePage:
        page = changes_page(info, ChangeStatus.APPLIED, None, id, first, after)
        if not page.nodes:
            _known(info, str(id))
        return page

    @strawberry.field(
        description="How many applied changes shaped a record: send it as expectedVersion. "
        "An id that names no record and no change is NOT_FOUND."
    )
    def record_version(self, info: Info, id: strawberry.ID) -> int:
        kg_of(info)  # the same graph the rest of the query reads
        desk = info.context.get("desk") if isinstance(info.context, dict) else None
        version = 0
        if desk is not None and desk.store.exists:
            with desk.store.reading() as tx:
                version = int(tx.target_version(str(id)))
        if version == 0:
            _known(info, str(id))
        return version


def _known(info: Info[Any, Any], node_id: str) -> None:
    """Refuse an id as ``event(id:)``'s neighbours do (NOT_FOUND) unless it names a record or a change.

    A deleted or merged-away record is no longer in the graph, but its changes still say
    what became of it: its history is answered. A typo, another kind's spelling or a
    wildcard names nothing, and an empty page would read as "never edited".
    """
    if kg_of(info).get(node_id) is not None:
        return
    if changes_page(info, ChangeStatus.APPLIED, None, node_id, 1, None).nodes:
        return
    raise NotFound(node_id)


__all__ = ["ChangePage", "ChangeStatus", "ChangeType", "EditQuery", "Mutation"]
