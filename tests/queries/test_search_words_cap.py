"""A search reads a bounded number of words, so a long text cannot buy unbounded time or memory.

Every query word costs a pass over the vocabulary and a table of its matches kept until the
names are scored: 5,000 one-letter words ("a a a …", a 10 kB body) ran 12 s against a 5 s time
limit and left a worker 2.7 GB larger on the full import. Every way in reads the same words
(`graph.text.search_words`): `search`, the type-ahead, `person(name:)` and the other name
lookups, and the search page.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import LimitExceeded
from graph.models import Event, Kind
from graph.queries.events import MAX_TEXT_WORDS
from graph.queries.lookup import lookup
from graph.queries.search import search
from graph.queries.word_index import MAX_WORDS
from graph.store import KnowledgeGraph
from graph.text import search_words
from tests.conftest import graphql

HOSTILE = [
    pytest.param("a " * 5000, id="one-letter-word-repeated"),
    pytest.param("the " * (MAX_WORDS + 1), id="one-past-the-cap"),
    pytest.param(" ".join(f"w{n}" for n in range(2000)), id="distinct-words"),
    # U+FDFA folds to four Arabic words: few characters, many words.
    pytest.param("\ufdfa" * 100, id="a-character-that-folds-to-words"),
    pytest.param("–".join(["mexico"] * 500), id="dashes-split-words"),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_search_past_the_word_cap_is_refused_before_any_word_is_scored(
    kg: KnowledgeGraph, text: str
) -> None:
    with pytest.raises(LimitExceeded, match=f"the words of a search may be at most {MAX_WORDS}"):
        search(kg, text)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_name_lookup_past_the_word_cap_is_refused(kg: KnowledgeGraph, text: str) -> None:
    with pytest.raises(LimitExceeded, match="the words of a search"):
        lookup(kg, text, Kind.PERSON)


def test_the_cap_leaves_room_for_every_name_in_the_bundled_data(kg: KnowledgeGraph) -> None:
    longest = max(kg.ids(Kind.EVENT), key=lambda i: len(search_words(_title(kg, i))))
    assert len(search_words(_title(kg, longest))) <= MAX_WORDS
    assert search(kg, _title(kg, longest), first=1)[0].id == longest


@given(st.lists(st.sampled_from(["stalin", "a", "1924", "war", "–", "ﬃ", "x9"]), max_size=3 * MAX_WORDS))
def test_a_search_answers_or_names_the_cap(kg: KnowledgeGraph, words: list[str]) -> None:
    text = " ".join(words)
    if len(search_words(text)) > MAX_WORDS:
        with pytest.raises(LimitExceeded):
            search(kg, text)
    else:
        assert len(search(kg, text)) <= 10


@pytest.mark.parametrize("text", HOSTILE)
def test_over_http_a_search_past_the_cap_is_refused_as_a_limit(client: TestClient, text: str) -> None:
    body = graphql(
        client,
        "query($t: String!) { search(text: $t) { id } person(name: $t) { id } }",
        {"t": text},
    )
    assert body["data"] is None
    assert {error["extensions"]["code"] for error in body["errors"]} == {"LIMIT_EXCEEDED"}, body
    assert body["errors"][0]["extensions"]["maximum"] == MAX_WORDS


def test_the_search_page_says_what_to_fix(client: TestClient) -> None:
    response = client.get("/search", params={"q": "a " * 5000})
    assert response.status_code == 400, response.text[:500]
    assert f"at most {MAX_WORDS}" in response.text


def _title(kg: KnowledgeGraph, node_id: str) -> str:
    record = kg.record(node_id)
    assert isinstance(record, Event)
    return record.title


# The events' text filter reads its words the same way, once per event list it filters.
TEXT_FILTERS = [
    pytest.param("query($t: String) { events(filter: {text: $t}) { id } }", id="events"),
    pytest.param(
        "query($t: String) { eventsConnection(filter: {text: $t}, orderBy: RELEVANCE) { totalCount } }",
        id="events-connection-by-relevance",
    ),
    pytest.param("query($t: String) { timeline(filter: {text: $t}) { count } }", id="timeline"),
    pytest.param("query($t: String) { facets(filter: {text: $t}) { __typename } }", id="facets"),
]


@pytest.mark.parametrize("query", TEXT_FILTERS)
def test_a_text_filter_past_the_word_cap_names_the_argument(client: TestClient, query: str) -> None:
    body = graphql(client, query, {"t": "the " * 2000})
    assert body["data"] is None
    assert [error["message"] for error in body["errors"]] == [
        f"filter.text: must be from 0 to {MAX_TEXT_WORDS} words, got 2000"
    ]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("query", TEXT_FILTERS)
def test_a_text_filter_at_the_word_cap_answers(client: TestClient, query: str) -> None:
    body = graphql(client, query, {"t": " ".join(["war"] * MAX_TEXT_WORDS)})
    assert "errors" not in body, body
