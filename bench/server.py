"""The bench-only server: the real app from `create_app`, and its response cache's counts.

``GET /bench/cache`` answers ``{"hits": …, "misses": …}`` so that every figure can say how
many of its answers the response cache gave. It exists only here, never in the product's
app. The plain traversal the GraphQL answers are measured against runs in its own process
(`bench.floor`).

    python -m bench.server SNAPSHOT_OR_DATA_DIR PORT
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from fastapi import FastAPI

from clio.app import create_app
from clio.cli.snapshot import load_announced
from clio.settings import Settings
from graph.loader import load_graph
from graph.store import KnowledgeGraph


def bench_app(kg: KnowledgeGraph, data_dir: Path) -> FastAPI:
    """The product's app (settings from the environment) with ``/bench/cache`` beside /graphql."""
    app = create_app(Settings.from_env(data_dir=data_dir, graphiql=False), kg)
    cache = app.state.response_cache

    @app.get("/bench/cache")
    def cache_counts() -> dict[str, int]:
        return {"hits": cache.hits, "misses": cache.misses}

    return app


def main() -> None:
    from clio.server import run_server

    source, port = Path(sys.argv[1]), int(sys.argv[2])
    kg = load_graph(source) if source.is_dir() else load_announced(source)
    app = bench_app(kg, source if source.is_dir() else source.parent)
    settings = Settings.from_env(port=port)
    # In the state `clio serve` leaves a worker in (`clio.prefork.serve`, `clio.cli.serve`):
    # everything built so far frozen, out of the collector's reach, and the same switch
    # interval. Unfrozen, the schema and app were walked by every full collection, a cost
    # the product does not pay.
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(settings.switch_interval_us / 1e6)
    # Run as `clio serve` runs: the same uvicorn options and connection limits.
    run_server(app, settings)


if __name__ == "__main__":
    main()
