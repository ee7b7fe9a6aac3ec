"""Edits per second through GraphQL, and how long a second replica takes to see a change.

    python -m bench.edits                         # SQLite, bundled data
    python -m bench.edits --postgresql URL        # the same on PostgreSQL, plus replica lag

Edits: a reviewer's ``updateEvent`` (applied at once: committed durably, then the worker's
graph and every index rebuilt before it answers), sent one after another through the real
app in process, over the tiny test data and over the bundled data (the rebuild grows with
the graph). Replica lag: a second `LiveGraph` over the same store, following it as a worker
does (polling every 0.2 s, then rebuilding); the time from the mutation's answer to the
moment that replica holds the change.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import BUNDLED_DATA, Settings
from clio.state import open_store
from clio.state.live import LiveGraph
from graph.loader import load_graph
from graph.models import Kind

UPDATE = "mutation($i: UpdateEventInput!) { updateEvent(input: $i) { dataVersion } }"


def run(data: Path, url: str, edits: int) -> dict[str, float]:
    kg = load_graph(data)
    event = kg.ids(Kind.EVENT)[0]
    with tempfile.TemporaryDirectory() as state:
        store = open_store(url, Path(state))
        secret = f"bench-{time.time_ns()}"
        with store.writing() as tx:
            tx.add_token(secret, "reviewer", secret)
        replica = LiveGraph(kg)
        replica.catch_up(store)
        replica.follow(store)
        # Throughput is measured, not the per-token edit limit.
        settings = Settings.from_env(
            {}, state_dir=Path(state), store=url, log_requests=False, token_edits_per_minute=0
        )
        lags = []
        with TestClient(create_app(settings, kg)) as client:
            headers = {"Authorization": f"Bearer {secret}"}
            started = time.perf_counter()
            for n in range(edits):
                variables = {"i": {"id": event, "title": f"Edit {n}", "reason": "benchmark"}}
                answer = client.post(
                    "/graphql", json={"query": UPDATE, "variables": variables}, headers=headers
                )
                body = answer.json()
                assert body.get("data"), body
                version = body["data"]["updateEvent"]["dataVersion"]
                answered = time.perf_counter()
                while replica.served < version:
                    time.sleep(0.005)
                lags.append(time.perf_counter() - answered)
            elapsed = time.perf_counter() - started - sum(lags)
        replica.stop()
        store.close()
    return {
        "edits_per_second": round(edits / elapsed, 2),
        "rebuild_seconds": replica.rebuild_seconds,
        "lag_median_ms": round(statistics.median(lags) * 1000),
        "lag_max_ms": round(max(lags) * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", default="", help="a postgresql:// URL to measure too")
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    stores = [("sqlite", "")] + ([("postgresql", args.postgresql)] if args.postgresql else [])
    for data in (Path("tests/data/tiny"), BUNDLED_DATA):
        for name, url in stores:
            print(f"{name:10} {data.name:6} {run(data, url, args.edits)}", flush=True)


if __name__ == "__main__":
    main()
