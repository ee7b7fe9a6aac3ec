"""The HTTP app: GraphQL at /graphql (GraphiQL in a browser), /health for probes, /metrics for Prometheus."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, cast

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Scope
from strawberry.extensions import SchemaExtension

from clio.cache import ResponseCache
from clio.clock import Clock, Now
from clio.compression import Compression
from clio.edge import MIN_DATA_VERSION as MIN_DATA_VERSION_BYTES
from clio.edge import TODAY, Edge
from clio.errors import RequestError
from clio.fairness import ClientLimits, client_of, client_table, trusted_networks
from clio.front import Front, FrontedApp
from clio.guard import BodyLimit
from clio.lanes import Lanes
from clio.observability import Metrics, configure_logging, record_of
from clio.pages import mount_pages
from clio.persisted import AllowList, PersistedQueries
from clio.protocol import use_error_shape
from clio.reconcile import build_router as reconciliation_routes
from clio.settings import Settings, SettingsError
from clio.state import open_store
from clio.state.desk import Desk
from clio.state.live import LiveGraph, LiveView
from clio.warmup import warm_up
from clio.web import OfflineGraphQLRouter, mount_assets
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from schema import build_schema
from schema.codes import ErrorCode
from schema.deadline import Deadline, DeadlineCheck
from schema.limits.extensions import limit_extensions
from schema.suggestions import HiddenSuggestions

#: A client that wrote sends the ``dataVersion`` its mutation answered, to read its write on any worker.
MIN_DATA_VERSION = MIN_DATA_VERSION_BYTES.decode()


async def _read_your_writes(live: LiveGraph, store: Any, wanted: str) -> None:
    if not wanted.isdigit() or len(wanted) > 18:
        raise RequestError(400, ErrorCode.BAD_REQUEST, "Clio-Min-Data-Version must be a dataVersion number")
    if not await live.reach(store, int(wanted)):
        raise RequestError(
            503,
            ErrorCode.STALE_REPLICA,
            f"this server holds data version {live.served}, not yet {wanted}; retry in a moment",
        )


def create_app(
    settings: Settings | None = None, kg: KnowledgeGraph | None = None, *, now: Now | None = None
) -> FrontedApp:
    """Build the app for a loaded graph (loading ``settings.data_dir`` when none is given).

    ``now`` is the clock today's date is read from (`clio.clock`; a test gives a fake one).

    Every index a query reads is built here, before the app can answer: no request builds
    one, and a server is listening (and ``/health`` answering) only once they are ready.
    """
    settings = settings or Settings.from_env()
    kg = kg if kg is not None else load_graph(settings.data_dir)
    indexes = build_indexes(kg)
    # Edits (clio.state): the imported graph plus every applied change, replayed now; the
    # store's file is made by the first mutation, and refused here when damaged.
    live = LiveGraph(kg, defer_pagerank=True)  # a relink is served at once, its PageRank after
    store = open_store(settings.store, settings.state_dir)
    live.catch_up(store)
    desk = Desk(store, live, settings.token_edits_per_minute, settings.token_edit_burst)
    current = cast(KnowledgeGraph, LiveView(live))
    configure_logging()
    extensions = limit_extensions(settings.query_limits())
    clock = Clock(settings.timezone, now)
    router_class: type[OfflineGraphQLRouter]
    if settings.fast_path:
        # Imported only here: a release that moved the internals it uses breaks the fast
        # path alone, and CLIO_FAST_PATH=0 still serves.
        try:
            from clio.upstream import FastRouter, fast_schema
        except ImportError as error:
            raise SettingsError(
                "CLIO_FAST_PATH is on, but the installed Strawberry or graphql-core lacks an "
                f"internal the fast path uses ({error}); set CLIO_FAST_PATH=0 to serve through "
                "Strawberry's stock path, or install releases within pyproject.toml's bounds"
            ) from error

        schema = fast_schema(extensions, settings.document_cache_size, settings.suggestions)
        router_class = FastRouter
    else:
        # graphql-core leaves its hints out when asked; Strawberry does not ask, so this does.
        hints: list[Callable[[], SchemaExtension]] = [] if settings.suggestions else [HiddenSuggestions]
        schema = build_schema([*extensions, DeadlineCheck, *hints])
        router_class = OfflineGraphQLRouter

    allowed = AllowList.read(settings.persisted_dir)
    # Before the first request: code no request has run yet, and the allow-list's documents
    # parsed and validated, with no resolver run (clio.warmup). No deadline: nothing it sends
    # runs a resolver, and a short time limit must not stop a server from starting.
    warmed = warm_up(schema, lambda: {"kg": live.kg}, allowed.documents.values())
    trusted = trusted_networks(settings.trusted_proxies)

    async def get_context(request: Request) -> dict[str, Any]:
        # A fresh dict per request: the limits and the deadline write into it. Either router
        # counts the time limit from when the request arrived (the fast one sets it itself).
        record = record_of(request)
        wanted = request.headers.get(MIN_DATA_VERSION)
        if wanted is not None:
            await _read_your_writes(live, store, wanted)
        # One graph for the whole request, though an edit may swap in a newer one meanwhile.
        context: dict[str, Any] = {"kg": live.kg, "request_id": record.request_id, "desk": desk}
        context["authorization"] = request.headers.get("authorization")
        # Counted as the client limits count it: behind a trusted proxy, the forwarded client
        # (the proxy's own address would put every client's failed tokens in one bucket).
        context["client"] = client_of(request.scope, trusted)
        # The day the edge read for this request's ETag, so both name the same day.
        context["today"] = request.scope.get(TODAY) or clock.today()
        if not settings.fast_path:
            context["deadline"] = Deadline(settings.time_limit_ms, record.arrived)
        return context

    async def reached(scope: Scope) -> None:
        # The edge's wait, before a GET's ETag (clio.edge); the context's then finds it done.
        wanted = next((value for key, value in scope["headers"] if key == MIN_DATA_VERSION_BYTES), b"")
        await _read_your_writes(live, store, wanted.decode("latin-1"))

    cache = ResponseCache(settings.response_cache_size, settings.response_cache_bytes)
    # GraphiQL: a subclass of ClioRouter may override render_graphql_ide to serve another page.
    router = router_class(
        schema,
        settings,
        cache,
        lambda: live.version,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql else None,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Each serving process (a forked worker too) follows the store for others' changes.
        live.follow(store)
        try:
            yield
        finally:
            live.stop()
            store.close()

    app = FrontedApp(
        lifespan=lifespan,
        title="Clio",
        description="A GraphQL knowledge graph of history.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    lean: ASGIApp | None = None
    if settings.fast_path:
        from clio.upstream import FastRouter, lean_app, lean_route

        assert isinstance(router, FastRouter)
        endpoint = lean_route(router, get_context)
        # Served by the front directly (clio.front); the route stays for FastAPI's own table.
        app.add_route("/graphql", endpoint, methods=["GET", "POST"])
        lean = lean_app(endpoint)
    else:
        app.include_router(router, prefix="/graphql")
    use_error_shape(app)
    mount_assets(app, clock)
    mount_pages(app, schema, current, settings, clock)  # and `/`: today's day page
    app.include_router(
        reconciliation_routes(
            lambda: live.kg, settings.time_limit_ms, settings.max_json_depth, settings.public_url
        )
    )
    app.state.kg = current
    app.state.live = live
    app.state.desk = desk
    app.state.settings = settings
    app.state.response_cache = cache
    app.state.warm_up = warmed
    metrics = app.state.metrics = Metrics()
    lanes = getattr(router, "lanes", None)  # the fast path's heavy lane
    if isinstance(lanes, Lanes):
        metrics.watch_lanes(lanes)

    @app.get("/health")
    def health() -> dict[str, Any]:
        # Seconds each index took at load (0 when the graph came with it built).
        return {
            "status": "ok",
            "ready": True,
            "data_version": live.version,
            "counts": live.kg.counts(),
            "indexes": indexes,
            "edits": {
                "applied": live.served,
                "rebuild": live.last_rebuild,
                "rebuild_seconds": live.rebuild_seconds,
                "vanished": [{"change": c, "target": t, "why": w} for c, t, w in live.vanished],
            },
        }

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return metrics.response()

    # One layer in front of everything (clio.front), doing each edge job in turn: every
    # request is logged, refused if it came in over the connection cap (clio.connection),
    # held to its client's share, sized, checked for CORS, then for its protocol and method
    # (after CORS, so a preflight OPTIONS is answered); GraphQL goes to the lean endpoint.
    stack = app.stack
    cors = None
    if settings.cors_origins:
        cors = partial(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept", "Authorization", "Clio-Min-Data-Version"],
        )
    app.front = Front(
        stack,
        graphql=lean,
        metrics=metrics,
        log_requests=settings.log_requests,
        edge=Edge(
            stack,
            persisted=PersistedQueries(allowed, settings.persisted_store_size, settings.persisted_register),
            version=lambda: live.version,
            clock=clock,
            cache_control=settings.cache_control,
            max_json_depth=settings.max_json_depth,
            max_tokens=settings.max_tokens,
            reached=reached,
        ),
        # Every answer, page and file, whoever made it (a refusal included).
        compression=Compression(stack, min_bytes=settings.compress_min_bytes),
        body_limit=BodyLimit(stack, settings.max_body_bytes, timeout=settings.body_timeout_ms / 1000),
        # Before the body is read: a client over its limit costs no more than its headers.
        client_limits=ClientLimits(
            stack,
            table=client_table(
                settings.client_max_concurrent, settings.client_rate_per_second, settings.client_burst
            ),
            trusted_proxies=settings.trusted_proxies,
            paths=("/graphql", "/reconcile/"),
        ),
        cors=cors,
    )
    return app
