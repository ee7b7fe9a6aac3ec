"""The floor: a bare FastAPI + orjson process answering the benchmark's plain questions.

It is what the same answer costs with no GraphQL and none of Clio's middleware, in a
process of its own, so the GraphQL server's CPU time and the floor's are read from
``/proc`` the same way and neither pays for the other's work. It reads the very bodies the
GraphQL server is sent (``{"query": …, "variables": {"name": …}}``) and takes the name from
the variables; the question is chosen by the path:

- ``POST /canonical``: the canonical traversal's ``data`` (`bench.traversal.canonical_floor`);
- ``POST /one-field``: the one-field query's ``data`` (`bench.traversal.one_field_floor`).

A ``GET /health`` answers once the graph is loaded. There is no cache, no log line, no
limit: a floor, not a server anyone should run.

    python -m bench.floor SNAPSHOT_OR_DATA_DIR PORT
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response

from bench.traversal import canonical_floor, one_field_floor
from graph.store import KnowledgeGraph


def name_in(body: bytes) -> str:
    """The person a benchmark body asks about: ``variables.name``, or ``name`` at the top.

    >>> name_in(b'{"query": "q", "variables": {"name": "Ada"}}'), name_in(b'{"name": "Bo"}')
    ('Ada', 'Bo')
    """
    decoded = orjson.loads(body)
    variables = decoded.get("variables") or {}
    name: str = variables["name"] if "name" in variables else decoded["name"]
    return name


def floor_app(kg: KnowledgeGraph) -> FastAPI:
    """The bare app: two routes, each a plain-Python traversal encoded with orjson."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    def plain(build: Callable[[KnowledgeGraph, str], Any]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            answer = build(kg, name_in(await request.body()))
            return Response(orjson.dumps({"data": answer}), media_type="application/json")

        return endpoint

    app.add_api_route("/canonical", plain(canonical_floor), methods=["POST"])
    app.add_api_route("/one-field", plain(one_field_floor), methods=["POST"])

    @app.get("/health")
    def health() -> dict[str, bool]:
        return {"ready": True}

    return app


def main() -> None:
    import uvicorn

    from clio.cli.snapshot import load_announced
    from graph.loader import load_graph

    source, port = Path(sys.argv[1]), int(sys.argv[2])
    kg = load_graph(source) if source.is_dir() else load_announced(source)
    # uvicorn's fastest stock options (httptools, uvloop, no access log): the floor's best.
    uvicorn.run(
        floor_app(kg),
        host="127.0.0.1",
        port=port,
        http="httptools",
        loop="uvloop",
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
