"""The HTTP app: GraphQL at /graphql (GraphiQL in a browser), /health for probes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter

from clio.settings import Settings
from clio.web import OfflineGraphQLRouter, mount_assets
from graph.loader import load_graph
from graph.store import KnowledgeGraph
from schema import build_schema


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> FastAPI:
    """Build the app for a loaded graph (loading ``settings.data_dir`` when none is given)."""
    settings = settings or Settings.from_env()
    kg = kg if kg is not None else load_graph(settings.data_dir)
    schema = build_schema()
    context = {"kg": kg}

    async def get_context() -> dict[str, Any]:
        return context

    router: GraphQLRouter[Any, None] = OfflineGraphQLRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql else None,
    )
    app = FastAPI(title="Clio", description="A GraphQL knowledge graph of history.", docs_url=None, redoc_url=None)
    app.include_router(router, prefix="/graphql")
    mount_assets(app)
    app.state.kg = kg
    app.state.settings = settings

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "data_version": kg.version, "counts": kg.counts()}

    return app
