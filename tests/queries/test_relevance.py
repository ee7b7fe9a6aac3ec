"""Search answers the relevance set at least as well as it did when the set was judged.

The set (`tests/data/relevance/bundled.jsonl`, scored as `tests.queries.relevance` says)
is asked through the GraphQL endpoint, as the explorer's search box asks it; the answers
search gave before it understood dates and dashes are kept beside the set.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.conftest import TEST_DATA, graphql
from tests.queries.relevance import TOP, before_path, case_score, read_set, scores

SET = TEST_DATA / "relevance" / "bundled.jsonl"
SEARCH = "query($text: String!) { search(text: $text, first: 3) { id } }"


@pytest.fixture(scope="module")
def answers(client: TestClient) -> dict[str, list[str]]:
    return {
        case.query: [hit["id"] for hit in graphql(client, SEARCH, {"text": case.query})["data"]["search"]]
        for case in read_set(SET)
    }


def test_the_set_has_at_least_fifty_queries_of_every_kind() -> None:
    cases = read_set(SET)
    assert len(cases) >= 50
    assert {case.kind for case in cases} == {"prefix", "typo", "accent", "year", "date", "hyphen", "words"}


def test_search_scores_at_least_as_well_as_before(answers: dict[str, list[str]]) -> None:
    cases = read_set(SET)
    before = json.loads(before_path(SET).read_text(encoding="utf-8"))
    then, now = scores(cases, before), scores(cases, answers)
    assert now["all"] >= then["all"], (then, now)
    for kind, value in then.items():
        assert now[kind] >= value, (kind, then, now)


@pytest.mark.parametrize("kind", ["year", "date", "hyphen"])
def test_years_dates_and_dashes_find_every_expected_answer(answers: dict[str, list[str]], kind: str) -> None:
    # What search did not understand before: each such query fills its top 3 with expected ids.
    missed = {
        case.query: answers[case.query][:TOP]
        for case in read_set(SET)
        if case.kind == kind and case_score(case, answers[case.query]) < 1
    }
    assert missed == {}
