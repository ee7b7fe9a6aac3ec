"""The headline question at full size: every event of Stalin's with every same-date event.

It is too costly as one query; the README shows how to ask it within the cost limit (counts,
then pages). This walks those README queries over HTTP to the end and checks that the
pages add up to the whole answer the graph holds.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from graph.store import KnowledgeGraph
from tests.conftest import REPO, graphql

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("### The whole answer, within the cost limit") :]
COUNTS, PAGE = [
    q.strip()
    for q in re.split(r"(?m)^#.*$", re.findall(r"```graphql\n(.*?)```", SECTION, re.S)[0])
    if q.strip()
]
SAME_DATE = "{ title date { year } category { name } }"


def ok(client: TestClient, query: str) -> dict[str, Any]:
    body = graphql(client, query)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def test_the_full_question_in_one_query_is_refused_as_too_costly(client: TestClient) -> None:
    query = (
        '{ person(name: "Joseph Stalin") { events(limit: 100) { title date { display } '
        f"sameDateEvents(limit: 100) {SAME_DATE} }} }} }}"
    )
    (error,) = graphql(client, query)["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_the_readme_pages_add_up_to_the_whole_answer(client: TestClient, kg: KnowledgeGraph) -> None:
    stalin = "person:joseph-stalin"
    counts = ok(client, COUNTS)["person"]
    events = list(counts["events"])
    while len(events) < counts["eventCount"]:
        more = COUNTS.replace("events(limit: 100)", f"events(limit: 100, offset: {len(events)})")
        events += ok(client, more)["person"]["events"]
    assert [e["id"] for e in events] == list(kg.event_ids_of(stalin))

    pages: list[dict[str, Any]] = []
    for offset in range(0, counts["eventCount"], 8):
        pages += ok(client, PAGE.replace("offset: 0", f"offset: {offset}"))["person"]["events"]
    assert len(pages) == len(events)
    for summary, page in zip(events, pages, strict=True):
        same = page["sameDateEvents"]
        while len(same) < page["sameDateEventCount"]:
            more = f"sameDateEvents(limit: 100, offset: {len(same)}) {SAME_DATE}"
            query = f'{{ event(id: "{summary["id"]}") {{ {more} }} }}'
            same += ok(client, query)["event"]["sameDateEvents"]
        expected = [kg.node(i) for i in kg.same_date_ids(summary["id"])]
        assert [s["title"] for s in same] == [e.title for e in expected]  # type: ignore[attr-defined]
        assert page["sameDateEventCount"] == summary["sameDateEventCount"] == len(expected)
