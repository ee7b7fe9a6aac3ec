"""Where a one-field request's server CPU goes: each layer of the app timed alone, in process.

The HTTP bench (`bench.http_runs`) gives the whole cost per request against the floor; this
says which layer it goes to, without the noise of sockets and a load generator. Each layer is
called directly with the bench's own bodies (one document, a person near the median in each),
from the outside in:

- *app*: the whole ASGI app from `bench.server.bench_app`, every middleware included;
- *route*: the ``/graphql`` endpoint alone (no middleware, no routing);
- *execute_single*: the router's ``execute_single``, ``process_result`` and encoding;
- *graphql-core*: graphql-core's ``execute`` of the parsed document with the fast
  execution context, and orjson (what no GraphQL server can skip);
- *floor app* and *floor work*: `bench.floor`'s ASGI app, and its answer built and encoded.

Each figure is CPU time (``time.process_time``) per request, the least of several rounds
taken in turn, so that a busy machine slows every layer alike. The response cache is emptied
before each batch: every answer is a miss, as in the HTTP bench's varied runs.

    python -m bench.plumbing [DATA_DIR]    # default: the generated 10,000 events
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from graphql import execute, parse
from starlette.requests import Request

from bench.floor import floor_app, name_in
from bench.generate import read_manifest
from bench.server import bench_app
from bench.traversal import ONE_FIELD_DOCUMENT, one_field_floor
from clio.observability import RequestRecord
from clio.router import request_data
from clio.upstream import FastExecutionContext, FastRouter
from graph.dates import HistoricalDate
from graph.loader import load_graph

ROUNDS = 10
PER_ROUND = 300


def _scope(path: str, body: bytes) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [*headers, (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _call(app: Any, path: str, body: bytes) -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    status: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(_scope(path, body), receive, send)
    # A server's loop turns between requests, letting go of the timers a request cancelled:
    # a batch that never yielded piled them up (the body limit's cost rose sevenfold).
    await asyncio.sleep(0)
    if status != [200]:
        raise RuntimeError(f"{path} answered {status}")


def layers(data_dir: Path) -> tuple[dict[str, Callable[[bytes], Awaitable[None] | None]], Any, list[bytes]]:
    """Each layer as a function of one body, the response cache, and the bodies to send."""
    kg = load_graph(data_dir)
    app = bench_app(kg, data_dir)
    floor = floor_app(kg)
    handler: Any = logging.getLogger("clio").handlers[0]
    handler.setStream(open("/dev/null", "w"))  # noqa: SIM115  (the log line is written, to nothing)
    route: Any = next(r for r in app.router.routes if getattr(r, "path", None) == "/graphql")
    router = next(o for o in gc.get_objects() if isinstance(o, FastRouter))
    document = parse(ONE_FIELD_DOCUMENT)
    gc.collect()
    gc.freeze()  # as `clio serve` leaves a worker

    def context() -> dict[str, Any]:
        live = app.state.live
        return {"kg": live.kg, "request_id": "-", "desk": app.state.desk, "today": HistoricalDate.today()}

    async def whole(body: bytes) -> None:
        await _call(app, "/graphql", body)

    async def endpoint(body: bytes) -> None:
        scope = _scope("/graphql", body)
        scope["state"]["clio"] = RequestRecord(method="POST", path="/graphql")

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        await route.endpoint(Request(scope, receive))

    async def single(body: bytes) -> None:
        scope = _scope("/graphql", body)
        scope["state"]["clio"] = RequestRecord(method="POST", path="/graphql")
        request = Request(scope)
        data = request_data("POST", {}, "application/json", body, router.settings)
        result = await router.execute_single(request, request, None, context(), None, data)
        router.encode_json(await router.process_result(request, result))

    def core(body: bytes) -> None:
        variables = orjson.loads(body)["variables"]
        schema: Any = router.schema
        result: Any = execute(
            schema._schema,
            document,
            variable_values=variables,
            context_value=context(),
            executor_class=FastExecutionContext,
        )
        orjson.dumps({"data": result.data})

    async def floor_whole(body: bytes) -> None:
        await _call(floor, "/one-field", body)

    def floor_work(body: bytes) -> None:
        orjson.dumps({"data": one_field_floor(kg, name_in(body))})

    names = read_manifest(data_dir).sample
    bodies = [orjson.dumps({"query": ONE_FIELD_DOCUMENT, "variables": {"name": n}}) for n in names]
    timed: dict[str, Callable[[bytes], Awaitable[None] | None]] = {
        "app": whole,
        "route": endpoint,
        "execute_single": single,
        "graphql-core": core,
        "floor app": floor_whole,
        "floor work": floor_work,
    }
    return timed, app.state.response_cache, bodies


async def measure(data_dir: Path) -> dict[str, float]:
    """Milliseconds of CPU per request for each layer (the least of `ROUNDS` rounds)."""
    timed, cache, bodies = layers(data_dir)
    for body in bodies[:100]:  # warm-up: the document's first run, and every lazy structure
        for run in timed.values():
            if (pending := run(body)) is not None:
                await pending
    best: dict[str, float] = {}
    sent = 100
    for _ in range(ROUNDS):
        for name, run in timed.items():
            batch = [bodies[(sent + i) % len(bodies)] for i in range(PER_ROUND)]
            sent += PER_ROUND
            cache.clear()
            hits, started = cache.hits, time.process_time()
            for body in batch:
                if (pending := run(body)) is not None:
                    await pending
            spent = (time.process_time() - started) / PER_ROUND * 1e3
            if cache.hits != hits:
                raise AssertionError(f"{name}: the response cache answered")
            best[name] = min(best.get(name, spent), spent)
    return best


def main() -> None:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "results/data-10000-seed1"
    import uvloop  # the event loop uvicorn serves with

    best = uvloop.run(measure(data_dir))
    print("| layer (one field, varied, cache missed) | server CPU ms/req |\n|---|---:|")
    for name, ms in best.items():
        print(f"| {name} | {ms:.3f} |")


if __name__ == "__main__":
    main()
