"""Fairness between clients: a cap on each one's requests in flight, and a token bucket for its rate.

A client is its IP address (an IPv6 client is its /64, the block one subscriber holds, so a
client cannot step around its own limit by changing the low bits). Behind a reverse proxy every
request comes from the proxy, so ``X-Forwarded-For`` is read, but only when the peer is a
configured trusted proxy, and only as far as the chain is trusted: from the right, the first
address that is not a trusted proxy is the client. Anything a client writes into the header
itself lies to the left of that and is never read.

Refusals are 429 with ``Retry-After`` and a JSON error in the shape of every other refusal.
Only ``/graphql`` is limited: probes (``/health``), ``/metrics`` and static files are cheap.
The middleware runs on the event loop alone, so its tables need no lock.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from clio.errors import RequestError, send_refusal
from schema.codes import ErrorCode

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# Clients remembered at once; the least recently seen (a full, idle bucket) go first.
MAX_CLIENTS = 100_000
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


@dataclass(slots=True)
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """One bucket per client: ``rate`` tokens a second, holding at most ``burst``."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0 when granted, else the seconds until one is there."""
        now = self.clock()
        bucket = self._buckets.pop(client, None) or Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[client] = bucket
        if len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


class ClientLimits:
    """ASGI middleware: per-client concurrency cap and rate limit on ``path`` (0 turns either off)."""

    def __init__(
        self,
        app: ASGIApp,
        max_concurrent: int,
        rate_per_second: int,
        burst: int,
        trusted_proxies: tuple[str, ...] = (),
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.max_concurrent = max_concurrent
        self.buckets = (
            TokenBuckets(rate_per_second, burst or 2 * rate_per_second) if rate_per_second else None
        )
        self.trusted = trusted_networks(trusted_proxies)
        self.path = path
        self.in_flight: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not (self.max_concurrent or self.buckets)
            or scope["type"] != "http"
            or scope["path"].rstrip("/") != self.path
        ):
            await self.app(scope, receive, send)
            return
        client = client_of(scope, self.trusted)
        if self.max_concurrent and self.in_flight.get(client, 0) >= self.max_concurrent:
            await send_refusal(
                scope,
                send,
                RequestError(
                    429,
                    ErrorCode.TOO_MANY_CONCURRENT_REQUESTS,
                    f"at most {self.max_concurrent} requests from one client may run at once; "
                    "wait for an answer before sending more",
                ),
                [(b"retry-after", b"1")],
            )
            return
        wait = self.buckets.take(client) if self.buckets else 0.0
        if wait:
            assert self.buckets is not None
            await send_refusal(
                scope,
                send,
                RequestError(
                    429,
                    ErrorCode.RATE_LIMITED,
                    f"at most {self.buckets.rate:g} requests a second from one client "
                    f"(bursts of {self.buckets.burst:g}); retry after the time in Retry-After",
                ),
                [(b"retry-after", str(math.ceil(wait)).encode())],
            )
            return
        self.in_flight[client] = self.in_flight.get(client, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            if self.in_flight[client] == 1:
                del self.in_flight[client]
            else:
                self.in_flight[client] -= 1
