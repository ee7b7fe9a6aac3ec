"""The JSON nesting check in ``clio.guard``: right on every JSON text, linear on every byte string."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clio.errors import RequestError
from clio.guard import json_depth, parse_json
from clio.settings import Settings

BODY_LIMIT = Settings().max_body_bytes
MAX_DEPTH = Settings().max_json_depth
# Work per body, in CPU seconds of this thread: on a shared machine wall time would measure
# the neighbours as much as the scanner.
BUDGET = 0.100

# Pieces that make a scanner backtrack or loop: quotes, backslashes, brackets, escapes.
_PIECES = [
    b'"',
    b"\\",
    b'\\"',
    b"\\\\",
    b"[",
    b"{",
    b"]",
    b"}",
    b'"[',
    b'["',
    b" ",
    b"a",
    b"\\u00",
    b":",
    b",",
]


def _runs() -> st.SearchStrategy[bytes]:
    """Bodies up to the body limit made of long runs of adversarial pieces (and a few random bytes)."""
    run = st.tuples(st.sampled_from(_PIECES) | st.binary(min_size=1, max_size=4), st.integers(1, BODY_LIMIT))
    return st.lists(run, min_size=1, max_size=8).map(
        lambda runs: b"".join(p * n for p, n in runs)[:BODY_LIMIT]
    )


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\u00e9\n'),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet='"\\[{a'), inner, max_size=4)
    ),
    max_leaves=40,
)


@given(_JSON)
def test_depth_of_any_json_text_is_its_nesting(value: Any) -> None:
    # Strings full of brackets, quotes and backslashes must not count.
    assert json_depth(json.dumps(value).encode()) == _depth(value)


@given(_runs())
def test_every_body_up_to_the_limit_is_answered_in_linear_time(body: bytes) -> None:
    started = time.thread_time()
    try:
        parse_json(body, MAX_DEPTH)
    except RequestError as error:
        assert error.code in ("JSON_TOO_DEEP", "MALFORMED_JSON")
    spent = time.thread_time() - started
    assert spent < BUDGET, f"{len(body)} bytes took {spent * 1000:.0f} ms of CPU"


@pytest.mark.parametrize(
    "body",
    [
        # The reported freeze: an unclosed string of escaped quotes behind 40 brackets.
        pytest.param(b"[" * 40 + b'"' + b'\\"' * 49_000, id="issue-10-unclosed-escaped-quotes"),
        pytest.param(b'{"a":' + b'"' + b"\\" * 99_000, id="backslash-run"),
        pytest.param(b'"' * BODY_LIMIT, id="quotes"),
        pytest.param(b"[]" * (BODY_LIMIT // 2), id="flat-bracket-pairs"),
        pytest.param(b"[" * BODY_LIMIT, id="open-brackets"),
        pytest.param(b'["",' * (BODY_LIMIT // 4), id="many-strings"),
    ],
)
def test_worst_bodies_are_refused_quickly(body: bytes) -> None:
    started = time.thread_time()
    with pytest.raises(RequestError):
        parse_json(body, MAX_DEPTH)
    assert time.thread_time() - started < BUDGET
