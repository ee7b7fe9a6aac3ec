"""Templates to responses: escaping, the ETag, and the error pages.

Every value reaches the HTML through Jinja2's autoescape, and JSON-LD through `json_ld`,
which also escapes ``<``, ``>`` and ``&``: a title in the data such as ``</script>`` stays text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from clio.pages.daypath import day_slug
from clio.web import STATIC_DIR, static_url
from graph.dates import HistoricalDate
from graph.days import day_name

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: The pages' stylesheet, linked by its content's hash (``static_url``).
STYLESHEET = STATIC_DIR / "pages" / "site.css"

# Part of every ETag: a change to the templates (or to the stylesheet, whose hashed address
# every page carries) changes the pages without changing the data.
TEMPLATE_DIGEST = hashlib.sha256(
    b"".join(p.read_bytes() for p in [*sorted(TEMPLATES_DIR.glob("*.html")), STYLESHEET])
).hexdigest()[:12]

#: Pages change at the latest when the day does ("how long ago"); a cache asks again after
#: five minutes, and the ETag makes the answer to that question a 304 when nothing changed.
CACHE_CONTROL = "public, max-age=300"


def json_ld(value: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: no ``</script>`` can end it early."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def paragraphs(text: str | None) -> list[str]:
    """A text's paragraphs (blank lines apart), for one ``<p>`` each."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def in_years(elapsed: dict[str, Any]) -> str:
    """How long ago in whole years, as a list of events gives it ('4 years ago'); finer under a year.

    >>> in_years({"years": 1, "display": "1 year, 2 months ago"})
    '1 year ago'
    >>> in_years({"years": 0, "display": "3 days ago"})
    '3 days ago'
    """
    years = elapsed["years"]
    if years < 1:
        return str(elapsed["display"])
    return f"{years:,} year{'' if years == 1 else 's'} ago"


def web_address(url: str | None) -> str | None:
    """The address when a browser may follow it safely (http or https), else None.

    Escaping keeps a link's quotes; it does not stop ``javascript:`` from running.

    >>> web_address("https://en.wikipedia.org/wiki/X"), web_address("javascript:alert(1)")
    ('https://en.wikipedia.org/wiki/X', None)
    """
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_ld"] = json_ld
    env.filters["paragraphs"] = paragraphs
    env.filters["in_years"] = in_years
    env.filters["web_address"] = web_address
    env.globals["day_slug"] = day_slug
    env.globals["day_name"] = day_name
    env.globals["static_url"] = static_url
    return env


ENVIRONMENT = _environment()


def site_base(request: Request, public_url: str) -> str:
    """The site's address for canonical URLs, JSON-LD ids and the sitemap: ``CLIO_PUBLIC_URL``
    when set (behind a TLS proxy the request itself says http), else the request's own."""
    return public_url.rstrip("/") or str(request.base_url).rstrip("/")


def etag(version: str, today: HistoricalDate, request: Request) -> str:
    """The page's ETag: the data version, the day it is rendered for, the templates, the URL."""
    parts = (version, today.to_edtf(), TEMPLATE_DIGEST, request.url.path, request.url.query)
    return '"' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24] + '"'


def not_modified(request: Request, tag: str) -> Response | None:
    """A 304 when the client already holds this version of the page."""
    given = request.headers.get("if-none-match", "")
    if tag in {t.strip().removeprefix("W/") for t in given.split(",")} or given.strip() == "*":
        return Response(status_code=304, headers={"ETag": tag, "Cache-Control": CACHE_CONTROL})
    return None


def page(template: str, status: int = 200, tag: str | None = None, **values: Any) -> HTMLResponse:
    """A rendered page; with an ETag, cacheable."""
    html = ENVIRONMENT.get_template(template).render(**values)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL} if tag else {"Cache-Control": "no-store"}
    return HTMLResponse(html, status_code=status, headers=headers)


def not_found(request: Request, what: str) -> HTMLResponse:
    """The HTML 404: what was not found, and a search box."""
    return page("not_found.html", status=404, what=what, query="")


def bad_request(request: Request, problem: str) -> HTMLResponse:
    """The HTML 400: what in the address to fix."""
    return page("bad_request.html", status=400, problem=problem)


def unavailable(request: Request, busy: bool) -> HTMLResponse:
    """The HTML 503 when a page's operation was refused: ``busy`` when it ran out of time under
    load (``Retry-After``: it may well be built a moment later), else by a limit it would meet again."""
    response = page("unavailable.html", status=503, busy=busy)
    if busy:
        response.headers["Retry-After"] = "30"
    return response


__all__ = [
    "CACHE_CONTROL",
    "ENVIRONMENT",
    "bad_request",
    "etag",
    "json_ld",
    "not_found",
    "not_modified",
    "page",
    "unavailable",
]
