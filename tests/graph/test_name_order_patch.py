"""A name order with renames patched in lists and scans as one built from the new names."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.incremental_added import order_with
from graph.name_order import NameOrder, PatchedNameOrder

# Few letters, short names: renames collide with other names and land on each other's places.
NAMES = st.text("abc", min_size=1, max_size=3)
NEEDLES = ("a", "b", "c", "ab", "ca", "abc")


@given(
    named=st.lists(NAMES, min_size=1, max_size=12),
    renames=st.lists(st.lists(st.tuples(st.integers(0, 11), NAMES), min_size=1, max_size=3), max_size=4),
)
def test_a_patched_order_equals_one_built_from_the_new_names(
    named: list[str], renames: list[list[tuple[int, str]]]
) -> None:
    now = {f"person:{n}": name for n, name in enumerate(named)}
    order = NameOrder((name, node_id) for node_id, name in now.items())
    for batch in renames:
        renamed = {f"person:{n % len(named)}": name for n, name in batch}
        order = PatchedNameOrder(order, {node_id: (now[node_id], name) for node_id, name in renamed.items()})
        now.update(renamed)
        built = NameOrder((name, node_id) for node_id, name in now.items())
        assert order.ids == built.ids
        for needle in NEEDLES:
            assert order.containing(needle) == built.containing(needle), needle


# A pure function over a dozen names: 30 examples by default, more with CLIO_FUZZ_EXAMPLES.
@settings(max_examples=max(30, int(os.environ.get("CLIO_FUZZ_EXAMPLES", "0"))))
@given(named=st.lists(NAMES, max_size=12), name=NAMES, slot=st.integers(0, 12))
def test_a_name_put_in_equals_the_order_built_whole(named: list[str], name: str, slot: int) -> None:
    # A created person's name put in by bisection (`order_with`), against a sort of every name.
    pairs = [(n, f"person:{i:02}") for i, n in enumerate(named)]
    new_id = f"person:{slot:02}x"  # between the ids: a name tie is broken by the id, as a sort breaks it
    built = NameOrder([*pairs, (name, new_id)])
    made = order_with(NameOrder(pairs), name, new_id)
    assert (made.ids, made._names, made._starts) == (built.ids, built._names, built._starts)
