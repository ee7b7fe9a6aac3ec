"""The shared client table decides as a plain per-client dictionary would, however its slots are reused.

A small table (eight slots for twelve clients) makes clients share probe windows and take
over each other's idle slots; hypothesis drives admissions, releases and the clock, and a
dictionary of in-flight counts and token buckets says what each answer must be. The one
licensed difference: when every slot of a client's window is busy, the request is let in
uncounted, and then there must have been at least as many busy clients as slots.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from clio.client_table import ClientTable, Refused

MAX_CONCURRENT, RATE, BURST, CAPACITY = 2, 2.0, 3.0, 8

operations = st.lists(
    st.tuples(
        st.integers(0, 11),  # which client
        st.sampled_from(["admit", "release"]),
        st.floats(0, 1.5, allow_nan=False),  # seconds that pass first
    ),
    max_size=200,
)


class Model:
    """What each client is owed, kept the obvious way."""

    def __init__(self) -> None:
        self.in_flight: dict[str, int] = {}
        self.bucket: dict[str, tuple[float, float]] = {}  # tokens, when counted

    def admit(self, client: str, now: float) -> Refused | None:
        if self.in_flight.get(client, 0) >= MAX_CONCURRENT:
            return Refused.CONCURRENCY
        tokens, updated = self.bucket.get(client, (BURST, now))
        tokens = min(BURST, tokens + (now - updated) * RATE)
        if tokens < 1:
            self.bucket[client] = (tokens, now)
            return Refused.RATE
        self.bucket[client] = (tokens - 1, now)
        self.in_flight[client] = self.in_flight.get(client, 0) + 1
        return None

    def busy(self, now: float) -> int:
        """Clients whose slot says more than a fresh one would."""
        clients = set(self.in_flight) | set(self.bucket)
        return sum(
            1
            for c in clients
            if self.in_flight.get(c, 0)
            or min(BURST, self.bucket[c][0] + (now - self.bucket[c][1]) * RATE) < BURST
        )


@settings(max_examples=300, deadline=None)
@given(operations)
def test_the_table_answers_as_a_dictionary_would(ops: list[tuple[int, str, float]]) -> None:
    now = 1000.0
    table = ClientTable(MAX_CONCURRENT, RATE, BURST, capacity=CAPACITY, clock=lambda: now)
    model = Model()
    counted: dict[str, int] = {}
    for number, action, passed in ops:
        now += passed
        client = f"192.0.2.{number}"
        if action == "release":
            if counted.get(client):
                counted[client] -= 1
                model.in_flight[client] -= 1
                table.release(client)
            continue
        admission = table.admit(client, now)
        if not admission.counted:
            assert admission.refused is None
            assert model.busy(now) >= CAPACITY
            continue
        assert admission.refused == model.admit(client, now), (client, now)
        if admission.refused is None:
            counted[client] = counted.get(client, 0) + 1
        if admission.refused is Refused.RATE:
            assert admission.wait > 0


def test_a_forked_process_counts_in_the_same_table() -> None:
    table = ClientTable(max_concurrent=2, rate=0, burst=0)
    assert table.admit("198.51.100.7").refused is None
    pid = os.fork()
    if pid == 0:  # the child: one more request in flight, counted where the parent sees it
        code = 0 if table.admit("198.51.100.7").refused is None else 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert table.admit("198.51.100.7").refused is Refused.CONCURRENCY
    table.release("198.51.100.7")
    assert table.admit("198.51.100.7").refused is None
