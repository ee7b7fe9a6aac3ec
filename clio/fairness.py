"""Fairness between clients: a cap on each one's requests in flight, and a token bucket for its rate.

A client is its IP address (an IPv6 client is its /64, the block one subscriber holds, so a
client cannot step around its own limit by changing the low bits). Behind a reverse proxy every
request comes from the proxy, so ``X-Forwarded-For`` is read, but only when the peer is a
configured trusted proxy, and only as far as the chain is trusted: from the right, the first
address that is not a trusted proxy is the client. Anything a client writes into the header
itself lies to the left of that and is never read.

Refusals are 429 with ``Retry-After`` and a JSON error in the shape of every other refusal.
Only ``/graphql`` and ``/reconcile`` (with its suggest and preview) are limited: probes
(``/health``), ``/metrics`` and static files are cheap.
The counts live in a `clio.client_table.ClientTable`, made with the app and so before
``clio serve`` forks its workers: a client has its share of the server, not of each worker.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from clio.client_table import ClientTable, Refused
from clio.errors import RequestError, send_refusal
from schema.codes import ErrorCode

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# Hops of X-Forwarded-For read at most: more trusted proxies than this in a row is a mistake.
MAX_HOPS = 16


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Parse ``CLIO_TRUSTED_PROXIES`` entries (addresses or networks); ValueError names a bad one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"{entry!r} is not an IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def client_of(scope: Scope, trusted: tuple[Network, ...]) -> str:
    """The client a request is counted against (see the module doc)."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    address = _parse(peer) if trusted or ":" in peer else None
    if address is None:
        return peer  # an IPv4 address as the socket gives it (or no address at all)
    if _is_trusted(address, trusted):
        forwarded = b",".join(v for k, v in scope["headers"] if k == b"x-forwarded-for").decode("latin-1")
        for hop in reversed(forwarded.rsplit(",", MAX_HOPS)[-MAX_HOPS:] if forwarded else []):
            previous = _parse(hop.strip())
            if previous is None:
                break
            address = previous
            if not _is_trusted(address, trusted):
                break
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else address)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)


def client_table(max_concurrent: int, rate_per_second: int, burst: int) -> ClientTable | None:
    """The shared counts for these limits (``burst`` 0: twice the rate), or None when both are off.

    Make it where the app is built, before any fork: Starlette builds its middleware on the
    first request, in each worker, too late to share anything.
    """
    if not (max_concurrent or rate_per_second):
        return None
    return ClientTable(max_concurrent, rate_per_second, burst or 2 * rate_per_second)


class ClientLimits:
    """ASGI middleware: per-client concurrency cap and rate limit on ``paths``, counted in ``table``.

    A path ending in ``/`` stands for itself and everything under it (``/reconcile/`` is
    ``/reconcile`` and ``/reconcile/suggest/entity``); any other is matched alone.
    """

    def __init__(
        self,
        app: ASGIApp,
        table: ClientTable | None,
        trusted_proxies: tuple[str, ...] = (),
        paths: tuple[str, ...] = ("/graphql",),
    ) -> None:
        self.app = app
        self.table = table
        self.trusted = trusted_networks(trusted_proxies)
        self.exact = frozenset(p.rstrip("/") for p in paths)
        self.under = tuple(p for p in paths if p.endswith("/"))

    def limits(self, path: str) -> bool:
        """Whether requests to ``path`` are counted against their client."""
        return path.rstrip("/") in self.exact or path.startswith(self.under)

    def client(self, scope: Scope) -> str:
        """Who the request counts against."""
        return client_of(scope, self.trusted)

    def too_many(self) -> RequestError:
        assert self.table is not None
        return RequestError(
            429,
            ErrorCode.TOO_MANY_CONCURRENT_REQUESTS,
            f"at most {self.table.max_concurrent} requests from one client may run at once; "
            "wait for an answer before sending more",
        )

    def too_fast(self) -> RequestError:
        assert self.table is not None
        return RequestError(
            429,
            ErrorCode.RATE_LIMITED,
            f"at most {self.table.rate:g} requests a second from one client "
            f"(bursts of {self.table.burst:g}); retry after the time in Retry-After",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        table = self.table
        if table is None or scope["type"] != "http" or not self.limits(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = self.client(scope)
        admission = table.admit(client)
        if admission.refused is Refused.CONCURRENCY:
            await send_refusal(scope, send, self.too_many(), [(b"retry-after", b"1")])
            return
        if admission.refused is Refused.RATE:
            retry = str(math.ceil(admission.wait)).encode()
            await send_refusal(scope, send, self.too_fast(), [(b"retry-after", retry)])
            return
        try:
            await self.app(scope, receive, send)
        finally:
            if admission.counted:
                table.release(client)
