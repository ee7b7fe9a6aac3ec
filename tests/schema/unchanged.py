"""Answers of every operation but `search`, as hashes: what the text index must not change.

The documents read the graph through every root field that a text filter or an index
reaches (events, eventsConnection in each order, timeline, facets, people and their
``inEvents`` filter) and the other root fields beside them, with texts from one letter to
several words. `answers` sends them over HTTP to the real app and hashes each decoded
answer; ``tests/data/answers/unchanged.json`` holds the hashes the code before the text
index gave (recorded with ``python -m tests.schema.unchanged``, run in a checkout of it).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import orjson

from graph.models import Kind
from graph.store import KnowledgeGraph

TEXTS = ("treaty", "war", "of the", "pl", "e", "revolution of", "ÁLVARO", "mexico–soviet", "qqxzv")
HASHES = Path(__file__).resolve().parent.parent / "data" / "answers" / "unchanged.json"


def documents(kg: KnowledgeGraph) -> dict[str, str]:
    """Name -> GraphQL document, around the graph's best connected person and tag."""
    hub = max(kg.ids(Kind.PERSON), key=lambda p: (len(kg.event_ids_of(p)), p))
    other = sorted(kg.ids(Kind.PERSON), key=lambda p: (-len(kg.event_ids_of(p)), p))[5]
    tag = max(kg.ids(Kind.TAG), key=lambda t: (len(kg.event_ids_of(t)), t))
    place = kg.record(kg.event_ids_of(hub)[0]).locations[0]
    page = "totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }"
    counts = "total categories { id count } tags { id count } locations { id count } people { id count }"
    found = {
        "timeline": "{ timeline(groupBy: DECADE) { label count } }",
        "facets": f"{{ facets(first: 20) {{ {counts} }} }}",
        "onThisDay": "{ onThisDay(month: 8, day: 4, limit: 50) { id } }",
        "day": "{ day(month: 8, day: 4) { births { id } deaths { id } } }",
        "neighborhood": f'{{ neighborhood(id: "{hub}", depth: 2, limit: 100) {{ nodes {{ id }} }} }}',
        "ranking": "{ ranking(kind: PERSON, by: PAGERANK, first: 10) { id score } }",
        "connection": f'{{ connection(from: "{hub}", to: "{other}", maxHops: 4) {{ length }} }}',
        "names": '{ people(name: "me", limit: 50) { id } locations(name: "an", limit: 50) { id } }',
        "tags": '{ tags(name: "war", limit: 50) { id } }',
    }
    for text in TEXTS:
        t = json.dumps(text, ensure_ascii=False)
        found |= {
            f"events {text}": f"{{ events(filter: {{ text: {t} }}, limit: 100) {{ id }} }}",
            f"relevance {text}": (
                f"{{ eventsConnection(first: 50, orderBy: RELEVANCE, filter: {{ text: {t} }}) {{ {page} }} }}"
            ),
            f"title order {text}": (
                f"{{ eventsConnection(first: 50, orderBy: TITLE, filter: {{ text: {t} }}) {{ {page} }} }}"
            ),
            f"with a person {text}": (
                "{ eventsConnection(first: 50, orderBy: DATE_DESC, "
                f'filter: {{ text: {t}, people: ["{hub}"] }}) {{ {page} }} }}'
            ),
            f"with a place and dates {text}": (
                f'{{ events(filter: {{ text: {t}, locations: ["{place}"], start: "1800", end: "1950" }}, '
                "limit: 100) { id } }"
            ),
            f"with a tag {text}": (
                f'{{ events(filter: {{ text: {t}, tags: ["{tag}"] }}, limit: 100) {{ id }} }}'
            ),
            f"timeline {text}": (
                f"{{ timeline(groupBy: CENTURY, filter: {{ text: {t} }}) {{ label count }} }}"
            ),
            f"facets {text}": f"{{ facets(filter: {{ text: {t} }}) {{ {counts} }} }}",
            f"people in events {text}": (
                f"{{ people(filter: {{ inEvents: {{ text: {t} }} }}, limit: 50) {{ id }} }}"
            ),
        }
    return found


def answers(kg: KnowledgeGraph) -> dict[str, str]:
    """Name -> SHA-256 of the decoded answer (data and errors), from the real app over HTTP."""
    from fastapi.testclient import TestClient

    from clio.app import create_app
    from clio.settings import Settings

    # The scan this replaced read every event's text: on a busy machine it needs more than
    # the public time limit, and a stopped query would hash as an error, not an answer.
    hashes = {}
    settings = Settings.from_env({"CLIO_LOG_REQUESTS": "0", "CLIO_TIME_LIMIT_MS": "60000"})
    with TestClient(create_app(settings, kg)) as client:
        for name, document in documents(kg).items():
            response = client.post("/graphql", json={"query": document})
            body = response.json()
            assert "errors" not in body, (name, body)
            hashes[name] = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return hashes


def generated_graph(work: Path) -> KnowledgeGraph:
    """The bench generator's 10,000 events (seed 1), as the other differential tests use them."""
    from bench.generate import generate
    from graph.loader import load_graph

    generate(work, 10_000)
    return load_graph(work)


def main() -> None:
    import tempfile

    from graph.bundled import BUNDLED_DATA
    from graph.loader import load_graph

    with tempfile.TemporaryDirectory() as work:
        recorded = {
            "bundled": answers(load_graph(BUNDLED_DATA)),
            "generated": answers(generated_graph(Path(work))),
        }
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HASHES
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
