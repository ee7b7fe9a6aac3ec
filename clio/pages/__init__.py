"""The site people read: day, event, person and place pages, rendered on the server.

No script is needed to read a page. Each page runs named operations from ``operations/``
through the app's own schema, under the same limits as any client (`clio.pages.operations`);
the JSON-LD in each page comes from `graph.linked_data`, shared with the linked-data export.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from clio.pages.operations import Operations, PageQueryFailed, read_operations
from clio.pages.render import bad_request, unavailable
from clio.pages.routes import BadAddress, build_router
from clio.pages.sitemap import build_sitemap

if TYPE_CHECKING:
    import strawberry
    from fastapi import FastAPI

    from clio.clock import Clock
    from clio.settings import Settings
    from graph.store import KnowledgeGraph


def mount_pages(
    app: FastAPI, schema: strawberry.Schema, kg: KnowledgeGraph, settings: Settings, clock: Clock
) -> None:
    """Add the pages, the sitemap and ``/`` (today's day page) to the app; ``clock`` is the app's."""
    operations = app.state.page_operations = Operations(schema, kg, settings.time_limit_ms, read_operations())
    app.include_router(build_router(operations, clock, settings.public_url, settings.image_host_list))
    app.include_router(build_sitemap(kg, settings.public_url))

    async def refused(request: Request, error: Exception) -> Response:
        # A page's operation refused by a limit: the page asks too much, or the server is
        # too busy to answer in time. Logged, and answered as an HTML page, never a traceback.
        logging.getLogger("clio.pages").warning("%s", error)
        return unavailable(request, busy=isinstance(error, PageQueryFailed) and error.timed_out)

    app.add_exception_handler(PageQueryFailed, refused)

    async def bad_address(request: Request, error: Exception) -> Response:
        return bad_request(request, str(error))

    app.add_exception_handler(BadAddress, bad_address)


__all__ = ["mount_pages"]
