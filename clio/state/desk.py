"""The edit workflow the mutations call: who may propose and review, and how a change is applied.

An editor's change waits (PENDING) for a reviewer; a reviewer's or an admin's applies at
once. Every write runs in one store transaction that first brings this worker's graph up
to the store's newest change, so a change is checked against what is really there, and
``expectedVersion`` against the record's real version: of fifty writers who read version 3,
one gets version 4 and the rest a ``CONFLICT``. A change is acknowledged only after its
transaction committed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from clio.client_table import ClientTable
from clio.state.live import LiveGraph, events_of, workspace_over
from clio.state.store import Change, StoreError, Token, now
from graph.edit_operations import apply_edit
from graph.edits import EditError, Workspace, diff, edit_text
from schema.codes import ErrorCode
from schema.refusal import Refusal

log = logging.getLogger("clio.auth")

#: Failed authentications a client may make per window before it is refused outright.
AUTH_FAILURES = 10
AUTH_WINDOW_S = 60.0
#: Clients whose failures are counted at once (a few hundred kB shared by every worker).
_AUTH_CLIENTS = 1 << 14
#: Tokens whose mutations are counted at once: far more than a store holds.
_TOKENS = 1 << 12


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: str
    token_id: int


class Desk:
    """Proposals and reviews against one store, for one process's `LiveGraph`."""

    def __init__(self, store: Any, live: LiveGraph, edits_per_minute: int = 0, edit_burst: int = 0) -> None:
        self.store = store
        self.live = live
        # Each token's mutations, one bucket per token shared by every worker, as the failures
        # below: a leaked or runaway token fills the review queue (or, a reviewer's, makes the
        # graph rebuild) at most this fast. Counted per token, not per client: a token is one
        # author wherever it is sent from.
        rate = edits_per_minute / 60
        self._writes = (
            ClientTable(
                max_concurrent=0, rate=rate, burst=edit_burst or 2 * edits_per_minute, capacity=_TOKENS
            )
            if edits_per_minute
            else None
        )
        # Made with the app, before the fork: every worker counts a client's failures in one
        # bucket (counted per worker, a client with N workers had N times its share).
        self._failures = ClientTable(
            max_concurrent=0, rate=AUTH_FAILURES / AUTH_WINDOW_S, burst=AUTH_FAILURES, capacity=_AUTH_CLIENTS
        )

    # -- who --------------------------------------------------------------------

    def actor(self, authorization: str | None, client: str) -> Actor | None:
        """The caller a ``Bearer`` header names; None when anonymous. Refuses bad or revoked tokens."""
        if not authorization:
            return None
        self._check_rate(client)
        scheme, _, secret = authorization.partition(" ")
        token: Token | None = None
        if scheme.lower() == "bearer" and secret.strip():
            token = self.store.token(secret.strip())
        if token is None or token.revoked:
            self._failed(client)
            # The token itself is never logged: only that one failed, and from where.
            log.warning("authentication failed from %s", client)
            raise Refusal(ErrorCode.UNAUTHENTICATED, "the bearer token is unknown or revoked")
        return Actor(token.name, token.role, token.id)

    def _check_rate(self, client: str) -> None:
        wait = self._failures.wait(client)
        if wait > 0:
            raise Refusal(
                ErrorCode.RATE_LIMITED,
                f"too many failed authentications; wait {math.ceil(wait)} s",
                retryAfter=math.ceil(wait),
            )

    def _count_write(self, actor: Actor) -> None:
        """Take one mutation from the token's bucket, or refuse it with the seconds to wait."""
        if self._writes is None:
            return
        admitted = self._writes.admit(f"token:{actor.token_id}")
        if admitted.refused is not None:
            wait = math.ceil(admitted.wait)
            raise Refusal(
                ErrorCode.RATE_LIMITED,
                f"the token {actor.name!r} made too many edits; wait {wait} s",
                retryAfter=wait,
            )
        if admitted.counted:
            self._writes.release(f"token:{actor.token_id}")  # nothing is kept in flight

    def _failed(self, client: str) -> None:
        """Take one of the client's failures from its bucket (nothing is left in flight)."""
        if self._failures.admit(client).counted:
            self._failures.release(client)

    # -- proposing --------------------------------------------------------------

    def propose(
        self,
        actor: Actor | None,
        operation: str,
        given: Mapping[str, Any],
        reason: str,
        client_mutation_id: str | None,
        expected_version: int | None,
    ) -> Change:
        """Record a change (applied at once for a reviewer); the stored change."""
        if actor is None:
            raise Refusal(ErrorCode.UNAUTHENTICATED, "edits need a token: send Authorization: Bearer <token>")
        self._count_write(actor)
        reason = edit_text("reason", reason or "")
        if not reason:
            raise EditError("reason", "is required: say why this change is right (a source, a correction)")
        if client_mutation_id is not None:
            edit_text("clientMutationId", client_mutation_id)  # checked, and kept as sent
        if expected_version is not None and expected_version < 0:
            # A count of applied changes: a negative one is a mistake to fix, not a conflict.
            raise EditError(
                "expectedVersion", f"counts applied changes, so it is 0 or more; got {expected_version}"
            )
        request = {
            "operation": operation,
            "input": dict(given),
            "reason": reason,
            "expected": expected_version,
        }
        request_hash = hashlib.sha256(
            json.dumps(request, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        client_key = f"{actor.token_id}:{client_mutation_id}" if client_mutation_id else None
        apply_now = actor.role in ("reviewer", "admin")
        earlier: Change | None = None
        with self._writing() as tx:
            if client_key is not None:
                earlier = tx.by_client_key(client_key)
                if earlier is not None and earlier.request_hash != request_hash:
                    raise EditError(
                        "clientMutationId",
                        f"{client_mutation_id!r} was already used for another input; use a new one",
                    )
            self._catch_up(tx)
            if earlier is None:
                change = self._recorded(
                    tx, actor, operation, given, reason, expected_version, client_key, request_hash, apply_now
                )
        if earlier is not None:
            # A retry (its first answer lost) is answered as the first was: from a graph that
            # holds the change, whichever worker takes it, and with a dataVersion that reads it.
            self._serve()
            return earlier
        if apply_now:
            self._applied(change)
        else:
            self._serve()  # the others' changes the check caught up with
        return change

    def _recorded(
        self,
        tx: Any,
        actor: Actor,
        operation: str,
        given: Mapping[str, Any],
        reason: str,
        expected_version: int | None,
        client_key: str | None,
        request_hash: str,
        apply_now: bool,
    ) -> Change:
        """The change checked against the overlay (caught up) and inserted, inside ``tx``."""
        target, subjects, changes = self._try(operation, given)
        current = tx.target_version(target)
        if expected_version is not None and expected_version != current:
            raise _conflict(target, expected_version, current)
        change = Change(
            id=0,
            author=actor.name,
            author_role=actor.role,
            client_key=client_key,
            request_hash=request_hash,
            created_at=now(),
            operation=operation,
            target=target,
            subjects=subjects,
            input=dict(given),
            reason=reason,
            diff=changes,
            expected_version=expected_version if expected_version is not None else current,
            status="APPLIED" if apply_now else "PENDING",
            reviewer=actor.name if apply_now else None,
            reviewed_at=None,
            review_comment=None,
            seq=tx.last_seq() + 1 if apply_now else None,
        )
        return replace(change, id=tx.insert(change))

    def review(self, actor: Actor | None, change_id: int, approve: bool, comment: str | None) -> Change:
        """Approve (apply) or reject a pending change; its author may withdraw it instead."""
        if actor is None:
            raise Refusal(
                ErrorCode.UNAUTHENTICATED, "reviews need a token: send Authorization: Bearer <token>"
            )
        self._count_write(actor)
        comment = edit_text("comment", comment) if comment is not None else None
        with self._writing() as tx:
            change = tx.change(change_id)
            if change is None:
                raise EditError("id", f"there is no change {change_id}")
            if change.status != "PENDING":
                raise EditError("id", f"change {change_id} is {change.status}, not PENDING")
            own = change.author == actor.name
            if own and approve:
                raise Refusal(
                    ErrorCode.FORBIDDEN, "nobody may approve their own change; ask another reviewer"
                )
            if not own and actor.role not in ("reviewer", "admin"):
                raise Refusal(ErrorCode.FORBIDDEN, f"an {actor.role} may not review others' changes")
            settled: dict[str, Any] = {
                "reviewer": actor.name,
                "reviewed_at": now(),
                "review_comment": comment,
            }
            if not approve:
                settled["status"] = "WITHDRAWN" if own else "REJECTED"
            else:
                self._catch_up(tx)
                target, subjects, changes = self._try(change.operation, change.input)
                current = tx.target_version(target)
                if change.expected_version is not None and change.expected_version != current:
                    raise _conflict(target, change.expected_version, current)
                settled.update(
                    status="APPLIED", seq=tx.last_seq() + 1, target=target, subjects=subjects, diff=changes
                )
            settled_change: Change = replace(change, **settled)
            tx.settle(settled_change)
            change = settled_change
        if change.status == "APPLIED":
            self._applied(change)
        else:
            self._serve()
        return change

    # -- inside --------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        try:
            with self.store.writing() as tx:
                yield tx
        except (OSError, StoreError) as error:
            raise _unavailable(self.store.location, error) from error

    def _catch_up(self, tx: Any) -> None:
        """Bring the overlay (what a change is checked against) up to the store's newest change.

        Only the overlay: the graph is rebuilt after the transaction (`_serve`), so the store's
        write lock is never held for a rebuild (seconds, minutes at the full import), while
        every other writer on every worker waits for it.
        """
        self.live.absorb(tx.applied_since(self.live.seq))

    def _serve(self) -> None:
        """Serve a graph that holds every change the overlay took in (a rebuild, when behind)."""
        if self.live.served < self.live.seq:
            self.live.rebuild()

    def _try(self, operation: str, given: Mapping[str, Any]) -> tuple[str, str, dict[str, list[Any]]]:
        """Apply to a scratch copy of the current overlay: the target, the ids it shaped and the diff."""
        live = self.live
        scratch = Workspace(live.overlay.get, live.overlay.exists, live.overlay)
        target = apply_edit(scratch, operation, given, lambda i: events_of(live.base, i))
        subjects = sorted({target, *scratch.changed, *scratch.redirects})
        before = live.overlay.get(target) if live.overlay.exists(target) else None
        return target, "," + ",".join(subjects) + ",", diff(before, scratch.get(target))

    def _applied(self, change: Change) -> None:
        self.live.absorb([change])
        self._serve()


def _conflict(target: str, expected: int, current: int) -> Refusal:
    return Refusal(
        ErrorCode.CONFLICT,
        f"{target} is at version {current}, not {expected}: read it again and send your change against it",
        target=target,
        expectedVersion=expected,
        currentVersion=current,
    )


def _unavailable(location: str, error: OSError | StoreError) -> Refusal:
    why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return Refusal(
        ErrorCode.STORE_UNAVAILABLE,
        f"edits cannot be saved now ({why}); reads still work",
        store=location,
    )


__all__ = ["Actor", "Desk", "StoreError", "workspace_over"]
