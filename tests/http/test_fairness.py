"""Per-client limits against a real server: requests in flight, rate, and whose X-Forwarded-For counts."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clio.fairness import client_of, trusted_networks
from clio.settings import Settings, SettingsError
from tests.http.live import Server, body_of, clio_serve, raw_request, status_of

QUERY = b'{"query": "{ __typename }"}'


def _post(server: Server, headers: str = "", body: bytes = QUERY) -> bytes:
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n{headers}\r\n"
    ).encode()
    return raw_request(server, head + body)


def _header(response: bytes, name: bytes) -> bytes | None:
    for line in response.partition(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def _code(response: bytes) -> str:
    code: str = json.loads(body_of(response))["errors"][0]["extensions"]["code"]
    return code


def test_requests_in_flight_are_capped_per_client() -> None:
    with clio_serve(client_max_concurrent=1) as server:
        # A request whose body is still arriving is in flight: it holds the client's one slot.
        holder = server.connect()
        holder.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(QUERY) + QUERY[:5]
        )
        try:
            refused = _post(server)
            assert status_of(refused) == 429
            assert _header(refused, b"retry-after") == b"1"
            assert _code(refused) == "TOO_MANY_CONCURRENT_REQUESTS"
            holder.sendall(QUERY[5:])
            answered = b""
            while chunk := holder.recv(65536):
                answered += chunk
            assert status_of(answered) == 200
        finally:
            holder.close()
        assert status_of(_post(server)) == 200


def test_a_client_over_its_rate_gets_429_with_retry_after_and_probes_are_not_limited() -> None:
    with clio_serve(client_rate_per_second=1, client_burst=3) as server:
        statuses = [status_of(_post(server)) for _ in range(3)]
        refused = _post(server)
        assert statuses == [200, 200, 200]
        assert status_of(refused) == 429
        assert _header(refused, b"retry-after") == b"1"
        assert json.loads(body_of(refused)) == {
            "errors": [
                {
                    "message": "at most 1 requests a second from one client (bursts of 3); "
                    "retry after the time in Retry-After",
                    "extensions": {"code": "RATE_LIMITED"},
                }
            ]
        }
        health = b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        assert [status_of(raw_request(server, health)) for _ in range(5)] == [200] * 5


def test_x_forwarded_for_counts_only_from_a_trusted_proxy() -> None:
    with clio_serve(client_rate_per_second=1, client_burst=1, trusted_proxies="127.0.0.1") as server:
        # Behind the proxy, two clients each have their own bucket ...
        assert status_of(_post(server, "X-Forwarded-For: 203.0.113.5\r\n")) == 200
        assert status_of(_post(server, "X-Forwarded-For: 203.0.113.6\r\n")) == 200
        # ... and a client cannot escape its own by writing another address in front of it.
        spoofed = _post(server, "X-Forwarded-For: 198.51.100.1, 203.0.113.5\r\n")
        assert status_of(spoofed) == 429
    with clio_serve(client_rate_per_second=1, client_burst=1) as server:
        # No trusted proxy: the header is the client's own text and changes nothing.
        assert status_of(_post(server, "X-Forwarded-For: 203.0.113.5\r\n")) == 200
        assert status_of(_post(server, "X-Forwarded-For: 203.0.113.6\r\n")) == 429


def _scope(peer: str, forwarded: list[str]) -> dict[str, Any]:
    return {"client": (peer, 1234), "headers": [(b"x-forwarded-for", value.encode()) for value in forwarded]}


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        pytest.param("192.0.2.9", ["203.0.113.5"], (), "192.0.2.9", id="untrusted-peer-header-ignored"),
        pytest.param("10.0.0.2", ["203.0.113.5"], ("10.0.0.0/8",), "203.0.113.5", id="one-proxy"),
        # Two proxies in a row: the rightmost address that is not a proxy is the client.
        pytest.param(
            "10.0.0.2", ["1.2.3.4, 203.0.113.5, 10.0.0.7"], ("10.0.0.0/8",), "203.0.113.5", id="chain"
        ),
        pytest.param(
            "10.0.0.2", ["1.2.3.4", "203.0.113.5"], ("10.0.0.0/8",), "203.0.113.5", id="two-headers"
        ),
        pytest.param("10.0.0.2", ["not-an-ip"], ("10.0.0.0/8",), "10.0.0.2", id="garbage-keeps-the-proxy"),
        pytest.param("10.0.0.2", [], ("10.0.0.0/8",), "10.0.0.2", id="proxy-without-header"),
        # An IPv6 client is its /64: changing the low bits is the same client.
        pytest.param("2001:db8:1:2::99", [], (), "2001:db8:1:2::/64", id="ipv6-block"),
        pytest.param("::ffff:192.0.2.9", [], (), "192.0.2.9", id="ipv4-mapped"),
        pytest.param(
            "10.0.0.2", [", " * 50_000 + "203.0.113.5"], ("10.0.0.0/8",), "203.0.113.5", id="long-header"
        ),
    ],
)
def test_the_client_a_request_counts_against(
    peer: str, forwarded: list[str], trusted: tuple[str, ...], client: str
) -> None:
    assert client_of(_scope(peer, forwarded), trusted_networks(trusted)) == client


def test_a_bad_trusted_proxy_is_refused_at_start_up() -> None:
    with pytest.raises(SettingsError, match=r"CLIO_TRUSTED_PROXIES: '10\.0\.0\.x' is not an IP address"):
        Settings.from_env({"CLIO_TRUSTED_PROXIES": "10.0.0.1,10.0.0.x"})


def test_production_limits_each_client_and_development_does_not() -> None:
    production = Settings.from_env({"CLIO_PROFILE": "production"})
    development = Settings.from_env({})
    assert (production.client_max_concurrent, production.client_rate_per_second, production.client_burst) == (
        6,
        20,
        40,
    )
    assert (development.client_max_concurrent, development.client_rate_per_second) == (0, 0)


_ADDRESSES = st.ip_addresses().map(str)
_HOPS = st.lists(st.one_of(_ADDRESSES, st.text(max_size=12)), max_size=6)


@given(peer=_ADDRESSES, forwarded=_HOPS, written=_HOPS)
def test_what_a_client_writes_into_x_forwarded_for_never_changes_who_it_is(
    peer: str, forwarded: list[str], written: list[str]
) -> None:
    trusted = trusted_networks(("10.0.0.0/8", "fd00::/8"))
    honest = _scope(peer, [", ".join(forwarded)] if forwarded else [])
    # The client's own text can only come before what the trusted proxies appended.
    forged = _scope(peer, [", ".join(written + forwarded)] if written + forwarded else [])
    if not _trusted_hop(peer, trusted) or _chain_ends_within(forwarded, trusted):
        assert client_of(forged, trusted) == client_of(honest, trusted)
    # Without trusted proxies the header is never read at all.
    assert client_of(forged, ()) == client_of(_scope(peer, []), ())


def _chain_ends_within(hops: list[str], trusted: tuple[Any, ...]) -> bool:
    """Whether reading from the right stops inside ``hops`` (at an untrusted address, or at junk)."""
    return any(not _trusted_hop(hop, trusted) for hop in hops)


def _trusted_hop(hop: str, trusted: tuple[Any, ...]) -> bool:
    try:
        return any(ipaddress.ip_address(hop.strip()) in network for network in trusted)
    except ValueError:
        return False
