"""docs/editing.md's walk-through runs as written, block by block, with the token each block names."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings
from graph.store import KnowledgeGraph
from tests.conftest import REPO
from tests.state.conftest import add_tokens


def test_the_editing_walkthrough_runs_as_written(kg: KnowledgeGraph, tmp_path: Path) -> None:
    tokens = add_tokens(tmp_path)
    blocks = re.findall(
        r"```graphql\n(.*?)```", (REPO / "docs" / "editing.md").read_text(encoding="utf-8"), re.S
    )
    assert len(blocks) == 4
    app = create_app(Settings.from_env({}, state_dir=tmp_path, log_requests=False), kg)
    answers = []
    with TestClient(app) as client:
        for block in blocks:
            who = re.match(r"# as: (\w+)", block)
            assert who, f"say whose token sends this block: {block[:60]}"
            headers = {} if who[1] == "anonymous" else {"Authorization": f"Bearer {tokens[who[1]]}"}
            body = client.post("/graphql", json={"query": block}, headers=headers).json()
            assert "errors" not in body, body
            answers.append(body["data"])
    proposed, queue, reviewed, history = answers
    assert proposed["updateEvent"]["change"]["status"] == "PENDING"
    assert [c["id"] for c in queue["changes"]["nodes"]] == [proposed["updateEvent"]["change"]["id"]]
    assert reviewed["reviewChange"]["change"]["status"] == "APPLIED"
    assert reviewed["reviewChange"]["node"]["summary"].startswith("Neil Armstrong and Buzz Aldrin")
    assert history["recordVersion"] == 1 and len(history["history"]["nodes"]) == 1
    # The record's own history field lists the same change as the root field.
    assert [c["id"] for c in history["event"]["history"]["nodes"]] == [
        c["id"] for c in history["history"]["nodes"]
    ]
