"""The HTTP app: GraphQL at /graphql (GraphiQL in a browser), /health for probes, /metrics for Prometheus."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from clio.cache import ResponseCache
from clio.guard import BodyLimit
from clio.observability import Metrics, RequestLog, configure_logging, record_of
from clio.settings import Settings, SettingsError
from clio.web import OfflineGraphQLRouter, mount_assets
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from schema import build_schema
from schema.deadline import Deadline, DeadlineCheck
from schema.limits import QueryLimits, limit_extensions


def query_limits(settings: Settings) -> QueryLimits:
    """The schema-level limits a ``Settings`` asks for."""
    return QueryLimits(
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        max_directives=settings.max_directives,
        max_root_fields=settings.max_root_fields,
        max_cost=settings.max_cost,
        time_limit_ms=settings.time_limit_ms,
        introspection=settings.introspection,
        document_cache_size=settings.document_cache_size,
    )


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> FastAPI:
    """Build the app for a loaded graph (loading ``settings.data_dir`` when none is given)."""
    settings = settings or Settings.from_env()
    kg = kg if kg is not None else load_graph(settings.data_dir)
    configure_logging()
    extensions = limit_extensions(query_limits(settings))
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

        schema = fast_schema(extensions, settings.document_cache_size)
        router_class = FastRouter
    else:
        schema = build_schema([*extensions, DeadlineCheck])
        router_class = OfflineGraphQLRouter

    async def get_context(request: Request) -> dict[str, Any]:
        # A fresh dict per request: the limits and the deadline write into it. The fast
        # router starts the clock when a worker thread takes the query; here it starts now.
        context: dict[str, Any] = {"kg": kg, "request_id": record_of(request).request_id}
        if not settings.fast_path:
            context["deadline"] = Deadline(settings.time_limit_ms)
        return context

    cache = ResponseCache(settings.response_cache_size)
    # GraphiQL: a subclass of ClioRouter may override render_graphql_ide to serve another page.
    router = router_class(
        schema,
        settings,
        cache,
        kg.version,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql else None,
    )
    app = FastAPI(
        title="Clio",
        description="A GraphQL knowledge graph of history.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.include_router(router, prefix="/graphql")
    mount_assets(app)
    app.state.kg = kg
    app.state.settings = settings
    app.state.response_cache = cache
    metrics = app.state.metrics = Metrics()

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "data_version": kg.version, "counts": kg.counts()}

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return metrics.response()

    # The last added runs first: every request is logged, then sized, then checked for CORS.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLog, metrics=metrics, enabled=settings.log_requests)
    return app
