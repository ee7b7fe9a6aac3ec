"""Persisted queries, as Apollo's automatic persisted queries (APQ) protocol has them.

A client sends ``extensions.persistedQuery = {"version": 1, "sha256Hash": H}`` and no
``query``; the server answers from the document whose SHA-256 (of its UTF-8 text, in hex)
is ``H``, or with the error ``PersistedQueryNotFound`` (code ``PERSISTED_QUERY_NOT_FOUND``),
after which the client sends the hash with the query to register it. Over GET the request
then fits in a URL a CDN can cache.

Two sources of documents:

- the allow-list, ``persisted/*.graphql`` (`Settings.persisted_dir`), one document per file,
  read at start-up; its hashes are always accepted;
- documents clients register, in a bounded least-recently-used store
  (`Settings.persisted_store_size`), only where `Settings.persisted_register` is on. The
  production profile turns it off: there, a hash outside the allow-list is
  ``PERSISTED_QUERY_NOT_FOUND`` and a query sent with a new hash is refused
  (``PERSISTED_QUERY_NOT_SUPPORTED``), so only committed documents run by hash.

A GET by hash runs what a GET with the text would: queries only, never a mutation.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clio.errors import RequestError
from schema.codes import ErrorCode

APQ_VERSION = 1
#: What Apollo servers answer, and Apollo's clients match on: the message and the code.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_SUPPORTED_MESSAGE = "PersistedQueryNotSupported"
#: The errors of this protocol are never cached: a CDN that kept "not found" for a hash
#: would go on answering it after the client has registered the document.
NO_STORE = ("cache-control", "private, no-cache, must-revalidate")


def sha256_of(document: str) -> str:
    """The hash APQ names a document by: SHA-256 of its UTF-8 text, 64 hex digits.

    >>> sha256_of("{ __typename }")
    'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38'
    """
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class PersistedQueryError(RequestError):
    """An APQ refusal: 200 with a GraphQL error, as Apollo's clients expect, and never cached.

    The message is Apollo's exact word (older clients match on it); what to do about it is in
    ``extensions.detail``.
    """

    detail: str

    def __init__(self, code: ErrorCode, detail: str) -> None:
        message = NOT_FOUND_MESSAGE if code == ErrorCode.PERSISTED_QUERY_NOT_FOUND else NOT_SUPPORTED_MESSAGE
        super().__init__(200, code, message)
        object.__setattr__(self, "detail", detail)

    def body(self) -> dict[str, Any]:
        return {
            "errors": [{"message": self.message, "extensions": {"code": self.code, "detail": self.detail}}]
        }


def _not_found() -> PersistedQueryError:
    return PersistedQueryError(
        ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        "no document has this hash here: send it again with the query to register it",
    )


@dataclass(frozen=True, slots=True)
class AllowList:
    """The committed documents: hash to text, and the file each came from (for messages)."""

    documents: dict[str, str]
    files: dict[str, str]

    @classmethod
    def read(cls, directory: Path) -> AllowList:
        """Every ``*.graphql`` file of ``directory`` (none when it does not exist)."""
        documents: dict[str, str] = {}
        files: dict[str, str] = {}
        for path in sorted(directory.glob("*.graphql")) if directory.is_dir() else ():
            text = path.read_bytes().decode("utf-8")  # as sent: no newline translation
            documents[sha256_of(text)] = text
            files[sha256_of(text)] = path.name
        return cls(documents, files)


class PersistedQueries:
    """The allow-list and, where registering is on, at most ``size`` registered documents."""

    def __init__(self, allowed: AllowList, size: int, register: bool) -> None:
        self.allowed = allowed
        self.size = size
        self.register = register and size > 0
        self._registered: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._registered)

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str | None:
        """The document to run: ``query``, or the persisted one ``extensions`` names.

        Raises:
            PersistedQueryError: an unknown hash (``PERSISTED_QUERY_NOT_FOUND``), or a new
                document where registering is off (``PERSISTED_QUERY_NOT_SUPPORTED``).
            RequestError: a malformed ``persistedQuery``, or a hash that is not the query's.
        """
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query
        digest = _hash_in(persisted)
        if query is None:
            known = self.allowed.documents.get(digest)
            if known is not None:
                return known
            with self._lock:
                found = self._registered.get(digest)
                if found is None:
                    raise _not_found()
                self._registered.move_to_end(digest)
                return found
        if sha256_of(query) != digest:
            raise RequestError(
                400,
                ErrorCode.BAD_REQUEST,
                "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query's UTF-8 text",
            )
        if digest in self.allowed.documents:
            return query
        if not self.register:
            raise PersistedQueryError(
                ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
                "this server runs by hash only the documents of its allow-list (persisted/*.graphql); "
                "send the query without extensions.persistedQuery",
            )
        with self._lock:
            self._registered[digest] = query
            self._registered.move_to_end(digest)
            while len(self._registered) > self.size:
                self._registered.popitem(last=False)
        return query


def _hash_in(persisted: object) -> str:
    """The hash of a well-formed ``persistedQuery`` extension, else a `RequestError` naming the fault."""
    if not isinstance(persisted, dict):
        raise RequestError(400, ErrorCode.BAD_REQUEST, "extensions.persistedQuery must be an object")
    if persisted.get("version") != APQ_VERSION:
        raise PersistedQueryError(
            ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
            f"extensions.persistedQuery.version must be {APQ_VERSION}",
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise RequestError(
            400,
            ErrorCode.BAD_REQUEST,
            "extensions.persistedQuery.sha256Hash must be 64 lower-case hex digits (SHA-256 of the query)",
        )
    return digest


__all__ = ["NO_STORE", "AllowList", "PersistedQueries", "PersistedQueryError", "sha256_of"]
