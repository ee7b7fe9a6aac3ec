"""The traversal every user tries first, over HTTP on the bundled data:
Joseph Stalin -> his events -> the other events on the same date."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.importers.seed import read
from graph.indexes import BUILDERS
from graph.models import Kind, Relation
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA, graphql

CANONICAL = """
{
  person(name: "Joseph Stalin") {
    name
    events {
      title
      date { display }
      locations { name }
      sameDateEvents { title date { year } category { name } }
    }
  }
}
"""

MEXICO_SOVIET = "Establishment of Mexico-Soviet Diplomatic Relations"
SEED_PAGE = TEST_DATA / "seed" / "august-4-1924.txt"


def seed_discover_more() -> list[tuple[str, int, str]]:
    """The seed page's 'Discover More' list, read by the real seed importer: title, year, category."""
    drafts = [d for d in read([Path(SEED_PAGE)]) if getattr(d, "title", None) != MEXICO_SOVIET]
    return [(d.title, d.date.year, d.category_hint) for d in drafts]  # type: ignore[union-attr]


def test_canonical_query_answers_as_the_seed_page_does(client: TestClient, kg: KnowledgeGraph) -> None:
    body = graphql(client, CANONICAL)
    assert "errors" not in body
    person = body["data"]["person"]
    assert person["name"] == "Joseph Stalin"
    [event] = [e for e in person["events"] if e["title"] == MEXICO_SOVIET]
    assert event["date"] == {"display": "August 4th, 1924"}
    assert event["locations"] == [{"name": "Mexico"}, {"name": "Soviet Union"}]

    # The seed's six other August 4th events, in the page's order (newest first), with their categories.
    seed = [(title, year, kg.node(category_id).name) for title, year, category_id in seed_discover_more()]
    assert len(seed) == 6
    answered = [(e["title"], e["date"]["year"], e["category"]["name"]) for e in event["sameDateEvents"]]
    assert [row for row in answered if row in seed] == seed

    # And the whole list is exactly what a plain NetworkX walk over the day node gives.
    g = kg.graph
    day = next(
        v
        for _, v, k in g.out_edges("event:establishment-of-mexico-soviet-diplomatic-relations", keys=True)
        if k == Relation.ON_DAY.value
    )
    others = [
        u
        for u, _, k in g.in_edges(day, keys=True)
        if k == Relation.ON_DAY.value and u != "event:establishment-of-mexico-soviet-diplomatic-relations"
    ]
    # Newest first; events of the same day in title order, as the seed page lists its two 2018 events.
    by_title = sorted(others, key=lambda i: g.nodes[i]["record"].title)
    newest_first = sorted(by_title, key=lambda i: g.nodes[i]["record"].date.sort_key(), reverse=True)[:20]
    assert [e["title"] for e in event["sameDateEvents"]] == [g.nodes[i]["record"].title for i in newest_first]


def test_stalins_events_come_in_date_order_on_a_default_page_of_20(
    client: TestClient, kg: KnowledgeGraph
) -> None:
    body = graphql(client, '{ person(name: "Joseph Stalin") { eventCount events { date { edtf } } } }')
    person = body["data"]["person"]
    assert len(person["events"]) == min(20, person["eventCount"])
    assert person["eventCount"] >= 20
    edtfs = [e["date"]["edtf"] for e in person["events"]]
    expected = [e.date.to_edtf() for e in kg.events_of("person:joseph-stalin")[:20]]
    assert edtfs == expected


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        pytest.param("stalin", "Joseph Stalin", id="alias-lower-case"),
        pytest.param("JOSEPH STALIN", "Joseph Stalin", id="upper-case"),
        pytest.param("Alvaro Obregon", "Álvaro Obregón", id="without-accents"),
        pytest.param("  Álvaro   Obregón ", "Álvaro Obregón", id="stray-spaces"),
        pytest.param("Vladimir Lenin", "Vladimir Lenin", id="as-written"),
    ],
)
def test_people_are_found_by_name_case_and_accents_aside(client: TestClient, asked: str, found: str) -> None:
    body = graphql(client, "query($n: String!) { person(name: $n) { name } }", {"n": asked})
    assert body == {"data": {"person": {"name": found}}}


def test_unknown_person_is_null(client: TestClient) -> None:
    assert graphql(client, '{ person(name: "Nobody") { name } }') == {"data": {"person": None}}


def test_person_by_id_and_node_agree(client: TestClient) -> None:
    body = graphql(
        client,
        '{ person(id: "person:vladimir-lenin") { id name } '
        'node(id: "person:vladimir-lenin") { id ... on Person { name } } }',
    )
    assert body == {
        "data": {
            "person": {"id": "person:vladimir-lenin", "name": "Vladimir Lenin"},
            "node": {"id": "person:vladimir-lenin", "name": "Vladimir Lenin"},
        }
    }


def test_ambiguous_name_is_an_error_listing_the_candidates(tmp_path: Path) -> None:
    import shutil

    from clio.app import create_app
    from clio.settings import Settings
    from graph.loader import load_graph

    data = tmp_path / "data"
    shutil.copytree(TEST_DATA / "tiny", data)
    with (data / "people.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "person:alvaro-obregon-1950", "name": "Álvaro Obregón", "born": "1950"}\n')
    with TestClient(create_app(Settings.from_env({}), load_graph(data))) as other:
        body = graphql(other, '{ person(name: "alvaro obregon") { name } }')
    assert body["data"] == {"person": None}
    [error] = body["errors"]
    assert "matches 2 entries" in error["message"]
    assert "Álvaro Obregón, February 19th, 1880 – July 17th, 1928 (person:alvaro-obregon)" in error["message"]
    assert "person:alvaro-obregon-1950" in error["message"]


def test_year_only_events_never_share_a_date(client: TestClient, kg: KnowledgeGraph) -> None:
    coarse = next(e for e in kg.records(Kind.EVENT) if e.date.month_day is None)
    body = graphql(
        client, "query($id: ID!) { event(id: $id) { sameDateEvents { title } } }", {"id": coarse.id}
    )
    assert body == {"data": {"event": {"sameDateEvents": []}}}


def test_health_reports_the_counts_of_the_loaded_graph(client: TestClient, kg: KnowledgeGraph) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert set(body["indexes"]) == set(BUILDERS)
    assert body == {
        "status": "ok",
        "ready": True,
        "data_version": kg.version,
        "counts": kg.counts(),
        "indexes": body["indexes"],
        "edits": {"applied": 0, "rebuild": "", "rebuild_seconds": 0.0, "vanished": []},
    }


def test_how_long_ago_matches_the_seed_page(client: TestClient) -> None:
    body = graphql(
        client,
        '{ event(id: "event:establishment-of-mexico-soviet-diplomatic-relations") '
        '{ howLongAgo(asOf: "2025-03-15") { years months days display } } }',
    )
    assert body == {
        "data": {
            "event": {
                "howLongAgo": {
                    "years": 100,
                    "months": 7,
                    "days": 11,
                    "display": "100 years, 7 months, 11 days ago",
                }
            }
        }
    }
