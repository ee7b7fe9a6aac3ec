"""Pages for people: GraphiQL and the explorer, served from this server alone.

Strawberry's own GraphiQL page loads React and GraphiQL from a public CDN, so it is blank
on a machine without internet. Here the same scripts come from the npm packages that
``make serve`` installs into ``web/node_modules``, and are served under ``/vendor/``.
Only the files named in ``VENDOR_FILES`` are reachable, not the whole of ``node_modules``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from clio.router import ClioRouter

if TYPE_CHECKING:
    from clio.clock import Clock

STATIC_DIR = Path(__file__).resolve().parent / "static"
NODE_MODULES = Path(__file__).resolve().parent.parent / "web" / "node_modules"

# Browser builds that work from a plain <script> tag, no bundler: React 18 is the last
# React with UMD files, and GraphiQL 3 the last GraphiQL with one (see web/package.json).
VENDOR_FILES: dict[str, str] = {
    "react.js": "react/umd/react.production.min.js",
    "react-dom.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "graphiql/graphiql.min.js",
    "graphiql.css": "graphiql/graphiql.min.css",
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
}

CANONICAL_QUERY = """\
{
  person(name: "Joseph Stalin") {
    name
    events {
      title
      date { display }
      locations { name }
      sameDateEvents { title date { year } category { name } }
    }
  }
}
"""

MISSING_ASSETS_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clio · {title} unavailable</title>
<style>body{{font:16px/1.5 Georgia,serif;max-width:42rem;margin:4rem auto;padding:0 1rem;color:#2b2118}}
code{{background:#f3ece2;padding:.1rem .3rem}}</style></head>
<body><h1>{title} cannot start: its browser packages are not installed</h1>
<p>This server found no <code>{missing}</code> {how}</p>
<p>GraphQL itself works: POST queries to <code>/graphql</code>.</p></body></html>
"""


#: How long a browser may keep a file whose URL names its content (a year, the usual most).
IMMUTABLE = "public, max-age=31536000, immutable"
#: A file asked for without its hash (or with an old one) is checked again each time, by ETag.
REVALIDATE = "no-cache"


def version_of(path: Path) -> str:
    """A short hash of a file's bytes, for URLs that change when the file does."""
    stat = path.stat()
    return _version(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _version(path: str, _mtime_ns: int, _size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def with_versions(html: str) -> str:
    """``html`` with each ``/vendor/<name>`` it loads addressed by its content's hash (``?v=…``)."""
    for name in VENDOR_FILES:
        path = vendor_file(name)
        if path is not None:
            html = html.replace(f'"/vendor/{name}"', f'"/vendor/{name}?v={version_of(path)}"')
    return html


def static_url(name: str) -> str:
    """The address of ``clio/static/<name>`` that names its content: cached for good by browsers.

    >>> static_url("clio.svg").startswith("/static/clio.svg?v=")
    True
    """
    return f"/static/{name}?v={version_of(STATIC_DIR / name)}"


def with_explorer_versions(html: str) -> str:
    """The explorer's page with every file it loads from ``/static`` named by content hash.

    Its stylesheet and icon are linked by `static_url`. Its modules import each other by
    plain relative name (``./api.js``), which no hash can reach; an import map sends each
    module's plain address to its hashed one, so every module is cached for good and a new
    release is fetched at once.
    """
    modules = sorted((STATIC_DIR / "explore").glob("*.js"))
    imports = {f"/static/explore/{path.name}": static_url(f"explore/{path.name}") for path in modules}
    entry = '<script type="module" src="/static/explore/main.js"></script>'
    importmap = f'<script type="importmap">{_script_json({"imports": imports})}</script>'
    html = html.replace(
        entry, f'{importmap}\n    <script type="module" src="{imports["/static/explore/main.js"]}"></script>'
    )
    return with_static_versions(html, ("explore/explore.css", "clio.svg"))


def with_static_versions(html: str, names: tuple[str, ...]) -> str:
    """``html`` with each ``/static/<name>`` of ``names`` it links addressed by `static_url`."""
    for name in names:
        html = html.replace(f'"/static/{name}"', f'"{static_url(name)}"')
    return html


class VersionedStatic(StaticFiles):
    """``/static``: a file asked for by its content's hash (``static_url``, or the explorer's
    import map) is immutable; any other address of it is revalidated."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[-1]
        fresh = asked and asked == version_of(Path(full_path))
        response.headers["Cache-Control"] = IMMUTABLE if fresh else REVALIDATE
        return response


def vendor_file(name: str) -> Path | None:
    """Where a served browser file is: in the package (a wheel built with them), or in web/node_modules."""
    relative = VENDOR_FILES.get(name)
    if relative is None:
        return None
    for path in (STATIC_DIR / "vendor" / name, NODE_MODULES / relative):
        if path.is_file():
            return path
    return None


def missing_vendor_files() -> list[str]:
    """The served names in ``VENDOR_FILES`` whose file is not installed."""
    return [name for name in VENDOR_FILES if vendor_file(name) is None]


#: What to do in a checkout: the files go into its web/node_modules.
IN_A_CHECKOUT = """under <code>web/node_modules</code>.
Install them with <code>make serve</code> (which runs <code>npm ci</code> in <code>web/</code>)
or by hand with <code>npm ci --prefix web</code>, then reload this page."""

#: What to do with an installed wheel: it has no web/ of its own, so the fix is a rebuilt wheel.
IN_AN_INSTALLED_PACKAGE = """in this installed package: it was built without them.
In Clio's source tree, run <code>make serve</code> (it installs them into
<code>web/node_modules</code>), then build and install the package again with
<code>pip install .</code>, which then carries them."""


def missing_assets_page(title: str, missing: list[str]) -> HTMLResponse:
    """A page that says which packages are missing and how to install them (status 503).

    A checkout is told to install them into its ``web/``; an installed wheel, which has no
    ``web/`` beside it, to be built again after that.
    """
    how = IN_A_CHECKOUT if NODE_MODULES.parent.is_dir() else IN_AN_INSTALLED_PACKAGE
    page = MISSING_ASSETS_PAGE.format(title=title, missing=", ".join(missing), how=how)
    return HTMLResponse(page, status_code=503)


def graphiql_examples() -> list[str]:
    """The example queries GraphiQL opens in tabs: ``static/graphiql/queries/*.graphql``, by name."""
    folder = STATIC_DIR / "graphiql" / "queries"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.graphql"))]


def _script_json(value: object) -> str:
    # "</" inside a <script> element would end it early; JSON allows the escaped form.
    return json.dumps(value).replace("</", "<\\/")


def graphiql_page(default_query: str = CANONICAL_QUERY) -> str:
    """GraphiQL's HTML, opening on ``default_query`` with the example queries in tabs."""
    template = (STATIC_DIR / "graphiql" / "index.html").read_text(encoding="utf-8")
    page = template.replace("__DEFAULT_QUERY__", _script_json(default_query))
    page = with_versions(page.replace("__EXAMPLES__", _script_json(graphiql_examples())))
    return with_static_versions(page, ("graphiql/start.js", "clio.svg"))


class OfflineGraphQLRouter(ClioRouter):
    """Clio's router (a Strawberry ``GraphQLRouter``), with a GraphiQL page served with its own scripts."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        missing = missing_vendor_files()
        graphiql_needs = [name for name in missing if name != "cytoscape.js"]
        if graphiql_needs:
            return missing_assets_page("GraphiQL", graphiql_needs)
        return HTMLResponse(graphiql_page())


def mount_assets(app: FastAPI, clock: Clock) -> None:
    """Serve ``/static`` (our files), ``/vendor/<name>`` (npm builds) and the ``/explore`` page.

    ``clock`` is the app's: the explorer's first view is "On this day" for its today, the
    day ``/on-this-day`` leads to, not the day where the browser happens to be.
    """
    app.mount("/static", VersionedStatic(directory=STATIC_DIR), name="static")

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str, v: str = "") -> FileResponse:
        path = vendor_file(name)
        if path is None:
            raise HTTPException(
                404, f"{name} is not a served browser package (is web/node_modules installed?)"
            )
        # A URL that names this content's hash never names other content: cached for good.
        # Without it (or with an old hash), an hour, then revalidated by ETag.
        cache = IMMUTABLE if v and v == version_of(path) else "public, max-age=3600"
        return FileResponse(path, headers={"Cache-Control": cache})

    @app.get("/explore", include_in_schema=False, response_class=HTMLResponse)
    def explore() -> HTMLResponse:
        missing = missing_vendor_files()
        if "cytoscape.js" in missing:
            return missing_assets_page("The explorer", ["cytoscape.js"])
        page = (STATIC_DIR / "explore" / "index.html").read_text(encoding="utf-8")
        today = clock.today()
        page = page.replace("__TODAY__", f"{today.year:04d}-{today.month:02d}-{today.day:02d}")
        # The day is in the page: a cache may keep it only as long as the day lasts.
        page = with_explorer_versions(with_versions(page))
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
