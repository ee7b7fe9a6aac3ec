"""Search answers the relevance set at least as well as it did when the set was judged.

The set (`tests/data/relevance/bundled.jsonl`, scored as `tests.queries.relevance` says)
is asked through the GraphQL endpoint, as the explorer's search box asks it; the answers
search gave before it understood dates and dashes are kept beside the set. A second set
(`full.jsonl`) is asked of the full import where `make audit` has made it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.loader import load_graph
from graph.queries.search import search
from graph.store import KnowledgeGraph
from tests.conftest import REPO, TEST_DATA, graphql
from tests.queries.relevance import TOP, answers_of, before_path, case_score, keys_of, read_set, scores

SET = TEST_DATA / "relevance" / "bundled.jsonl"
#: Queries on the full import, with the titles and names expected (its ids are the importers').
FULL_SET = TEST_DATA / "relevance" / "full.jsonl"
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


@pytest.fixture(scope="module")
def full_import(shared_datasets: Path) -> KnowledgeGraph:
    """The full import `make audit` leaves in build/audit (all four data sets and data/)."""
    built = REPO / "build" / "audit"
    if not (built / "events.jsonl").exists():
        pytest.skip(
            f"no full import at {built}: `make audit` imports the shared data sets there (1–3 minutes)"
        )
    return load_graph(built)


def test_search_scores_at_least_as_well_as_before_on_the_full_import(full_import: KnowledgeGraph) -> None:
    cases = read_set(FULL_SET)
    before = json.loads(before_path(FULL_SET).read_text(encoding="utf-8"))
    now = answers_of(
        cases,
        lambda text: keys_of(full_import, cases, [hit.id for hit in search(full_import, text, first=TOP)]),
    )
    then, today = scores(cases, before), scores(cases, now)
    assert today["all"] >= then["all"], (then, today)
    for kind, value in then.items():
        assert today[kind] >= value, (kind, then, today)


@pytest.mark.parametrize("kind", ["year", "date", "hyphen"])
def test_years_dates_and_dashes_find_every_expected_answer(answers: dict[str, list[str]], kind: str) -> None:
    # What search did not understand before: each such query fills its top 3 with expected ids.
    missed = {
        case.query: answers[case.query][:TOP]
        for case in read_set(SET)
        if case.kind == kind and case_score(case, answers[case.query]) < 1
    }
    assert missed == {}
