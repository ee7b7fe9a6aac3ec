"""Every operation but `search` answers as it did before the text index.

`tests.schema.unchanged` holds the documents (text filters of one letter to several words,
alone and beside people, places, tags and dates, in every order, under timeline, facets and
people) and the other root fields; the hashes of their answers from the code before the
index are committed in ``tests/data/answers/unchanged.json``. Here the same documents go
over HTTP to today's app, on the bundled data and on the bench generator's 10,000 events.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.bundled import BUNDLED_DATA
from graph.loader import load_graph
from tests.schema.unchanged import HASHES, answers, documents, generated_graph


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict[str, str]]:
    hashes: dict[str, dict[str, str]] = json.loads(HASHES.read_text(encoding="utf-8"))
    return hashes


def test_the_documents_cover_the_fields_a_text_filter_reaches_and_not_search() -> None:
    kg = load_graph(BUNDLED_DATA)
    text = " ".join(documents(kg).values())
    for field in ("events(", "eventsConnection(", "timeline(", "facets(", "people(", "onThisDay(", "day("):
        assert field in text
    assert "search(" not in text


def test_bundled_answers_are_unchanged(recorded: dict[str, dict[str, str]]) -> None:
    now = answers(load_graph(BUNDLED_DATA))
    changed = sorted(name for name in recorded["bundled"] if now.get(name) != recorded["bundled"][name])
    assert changed == []
    assert now.keys() == recorded["bundled"].keys()


def test_generated_answers_are_unchanged(recorded: dict[str, dict[str, str]], tmp_path: Path) -> None:
    now = answers(generated_graph(tmp_path))
    changed = sorted(name for name in recorded["generated"] if now.get(name) != recorded["generated"][name])
    assert changed == []
    assert now.keys() == recorded["generated"].keys()
