"""The bench-only server: the real app from `create_app`, plus plain endpoints beside it.

``POST /plain/canonical`` and ``POST /plain/one-field`` answer ``{"name": …}`` with the
same JSON the GraphQL queries return, built by the plain-Python floor and encoded with
orjson: what the same traversal costs in the same server without GraphQL. They exist
only here, never in the product's app.

    python -m bench.server SNAPSHOT_OR_DATA_DIR PORT
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response

from bench.traversal import canonical_floor, one_field_floor
from clio.app import create_app
from clio.cli.snapshot import load_announced
from clio.settings import Settings
from graph.loader import load_graph
from graph.store import KnowledgeGraph


def bench_app(kg: KnowledgeGraph, data_dir: Path) -> FastAPI:
    """The product's app with the plain endpoints mounted beside /graphql."""
    app = create_app(Settings.from_env({}, data_dir=data_dir, graphiql=False), kg)

    def plain(build: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            name = orjson.loads(await request.body())["name"]
            return Response(orjson.dumps({"data": build(kg, name)}), media_type="application/json")

        return endpoint

    app.add_api_route("/plain/canonical", plain(canonical_floor), methods=["POST"])
    app.add_api_route("/plain/one-field", plain(one_field_floor), methods=["POST"])
    return app


def main() -> None:
    import uvicorn

    source, port = Path(sys.argv[1]), int(sys.argv[2])
    kg = load_graph(source) if source.is_dir() else load_announced(source)
    app = bench_app(kg, source if source.is_dir() else source.parent)
    # The standard extras give uvloop and httptools; "auto" picks them, as `clio serve` does.
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
