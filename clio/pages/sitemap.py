"""The sitemap: every day, event, person and place page, for search engines.

The days' sitemap also lists each day's births and deaths pages where the day has any.

``/sitemap.xml`` is a sitemap index; each sitemap it lists holds at most `PER_FILE` addresses,
the protocol's limit (a full import has millions of pages).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from clio.pages.daypath import ALL_DAYS, day_slug
from clio.pages.render import CACHE_CONTROL, site_base
from graph.days import born_on, died_on
from graph.linked_data import PAGE_PATHS
from graph.models import Kind
from graph.slugs import slugs_of
from graph.store import KnowledgeGraph

PER_FILE = 50_000
_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml(body: str) -> Response:
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
    return Response(text, media_type="application/xml", headers={"Cache-Control": CACHE_CONTROL})


def _urlset(urls: list[str]) -> Response:
    lines = "\n".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    return _xml(f'<urlset xmlns="{_XMLNS}">\n{lines}\n</urlset>')


def build_sitemap(kg: KnowledgeGraph, public_url: str = "") -> APIRouter:
    """``/sitemap.xml`` and the sitemaps it lists, for one graph."""
    router = APIRouter(include_in_schema=False)
    kinds = {path: kind for kind, path in PAGE_PATHS.items()}

    def files(kind: Kind) -> int:
        return max(1, -(-len(kg.ids(kind)) // PER_FILE))

    @router.api_route("/sitemap.xml", methods=["GET", "HEAD"])
    def index(request: Request) -> Response:
        base = site_base(request, public_url)
        names = ["days"] + [
            f"{path}-{n}" for kind, path in PAGE_PATHS.items() for n in range(1, files(kind) + 1)
        ]
        lines = "\n".join(
            f"<sitemap><loc>{escape(f'{base}/sitemaps/{name}.xml')}</loc></sitemap>" for name in names
        )
        return _xml(f'<sitemapindex xmlns="{_XMLNS}">\n{lines}\n</sitemapindex>')

    @router.api_route("/sitemaps/days.xml", methods=["GET", "HEAD"])
    def days(request: Request) -> Response:
        base = site_base(request, public_url)
        urls = []
        for month, day in ALL_DAYS:
            page = f"{base}/on-this-day/{day_slug(month, day)}"
            urls.append(page)
            urls += [f"{page}/births"] if born_on(kg, month, day) else []
            urls += [f"{page}/deaths"] if died_on(kg, month, day) else []
        return _urlset(urls)

    @router.api_route("/sitemaps/{path}-{number}.xml", methods=["GET", "HEAD"])
    def records(request: Request, path: str, number: int) -> Response:
        kind = kinds.get(path)
        if kind is None or not 1 <= number <= files(kind):
            return Response("no such sitemap: see /sitemap.xml", status_code=404, media_type="text/plain")
        base = site_base(request, public_url)
        slugs = slugs_of(kg, kind)
        ids = kg.id_list(kind)[(number - 1) * PER_FILE : number * PER_FILE]
        return _urlset([f"{base}/{path}/{slugs.slug(i)}" for i in ids if i not in kg.redirects])

    return router


__all__ = ["PER_FILE", "build_sitemap"]
