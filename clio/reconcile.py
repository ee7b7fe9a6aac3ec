"""``/reconcile``: the W3C Entity Reconciliation API 0.2, as OpenRefine 3.x speaks it.

- ``GET /reconcile`` with no ``queries`` answers the service manifest.
- ``GET /reconcile?queries=…`` and ``POST /reconcile`` answer a batch of at most 10 queries:
  form-encoded ``queries=<JSON>`` (what OpenRefine sends) or a JSON body that is the batch.
- ``GET /reconcile/preview?id=…`` is a small HTML card of a record, for OpenRefine's pop-up.
- ``GET /reconcile/suggest/{entity,type,property}?prefix=…`` suggest as a client types.

The logic is `graph.reconciliation`; this module reads requests and writes answers. The
routes share ``/graphql``'s limits: the body size and its time to arrive (`clio.guard`), each
client's share (`clio.fairness`) and the per-request time limit, counted from arrival. A
request that cannot be answered is a 4xx with a JSON error saying what to fix; one that ran
out of time a 503 with ``Retry-After``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from clio.errors import RequestError
from clio.guard import parse_json
from clio.observability import record_of
from clio.pages.render import site_base
from clio.protocol import json_response
from graph.deadline import Deadline, TimeLimitExceeded
from graph.errors import LimitExceeded
from graph.linked_data import page_url
from graph.models import Kind
from graph.reconciliation import BadBatch, reconcile_batch
from graph.reconciliation.scoring import describe_candidate
from graph.reconciliation.suggest import MAX_CURSOR, suggest_entities, suggest_properties, suggest_types
from graph.reconciliation.vocabulary import SCHEMA_SPACE, TYPE_OF_KIND, TYPES, type_ref
from graph.store import KnowledgeGraph
from schema.codes import ErrorCode

PATH = "/reconcile"
#: The pop-up OpenRefine opens for a preview, in pixels.
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 140
#: Characters of a suggest prefix or an id a client may send.
MAX_TEXT = 300
_FORM = "application/x-www-form-urlencoded"
#: OpenRefine's page reads the manifest, suggestions and previews from the browser, by CORS
#: first (JSONP is not offered). Nothing here reads cookies or credentials, and the data is
#: public, so any page may read the answers.
OPEN = {"Access-Control-Allow-Origin": "*"}


def manifest(base: str) -> dict[str, Any]:
    """The service manifest: what OpenRefine reads when the service is added."""
    return {
        "versions": ["0.2"],
        "name": "Clio: people, events and places of history",
        "identifierSpace": f"{base}/id/",
        "schemaSpace": SCHEMA_SPACE,
        "defaultTypes": [type_ref(t) for t in TYPES.values()],
        "view": {"url": f"{base}/id/{{{{id}}}}"},
        "preview": {
            "url": f"{base}{PATH}/preview?id={{{{id}}}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            kind: {"service_url": base, "service_path": f"{PATH}/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
    }


def _bad(message: str, status: int = 400) -> RequestError:
    return RequestError(status, ErrorCode.BAD_REQUEST, message)


def _refuse(request: Request, error: RequestError, headers: dict[str, str] | None = None) -> Response:
    """The error as JSON, its code noted on the request's record for the log line and metrics."""
    record_of(request).error_codes.append(error.code)
    return json_response(error, {**OPEN, **(headers or {})})


async def _batch_of(request: Request, max_depth: int) -> object:
    """The decoded batch a request carries (query string, form or JSON body); RequestError if none."""
    if request.method == "GET":
        raw = request.query_params.get("queries")
        if raw is None:
            raise _bad("a GET with queries answers them: send ?queries=<a JSON batch>")
        return parse_json(raw, max_depth)
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    body = await request.body()
    if media == _FORM:
        try:
            form = parse_qs(body.decode("utf-8"), max_num_fields=20)
        except (UnicodeDecodeError, ValueError) as error:
            raise _bad(
                f"the form could not be read ({error}); send queries=<a JSON batch>, URL-encoded"
            ) from None
        values = form.get("queries")
        if not values or len(values) != 1:
            raise _bad("the form must hold one field queries=<a JSON batch>, as OpenRefine sends")
        return parse_json(values[0], max_depth)
    if media == "application/json":
        return parse_json(body, max_depth)
    raise RequestError(
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        f"send the batch form-encoded ({_FORM}, queries=…) or as application/json, "
        f"not {media[:60] or 'no type'}",
    )


def _text(request: Request, name: str, required: bool = True) -> str | None:
    value = request.query_params.get(name)
    if value is None:
        if required:
            raise _bad(f"{name} is required")
        return None
    if len(value) > MAX_TEXT:
        raise _bad(f"{name} may be at most {MAX_TEXT} characters, got {len(value)}")
    return value


def _type(request: Request) -> str | None:
    type_id = _text(request, "type", required=False)
    if type_id is not None and type_id not in TYPES:
        raise _bad(f"unknown type {type_id[:40]!r}; this service knows " + ", ".join(TYPES))
    return type_id


def _cursor(request: Request) -> int:
    raw = request.query_params.get("cursor", "0")
    if len(raw) > 4 or not raw.isascii() or not raw.isdigit() or int(raw) > MAX_CURSOR:
        raise _bad(f"cursor must be a whole number from 0 to {MAX_CURSOR}, got {raw[:40]!r}")
    return int(raw)


def build_router(
    graph: Callable[[], KnowledgeGraph], time_limit_ms: int, max_json_depth: int, public_url: str
) -> APIRouter:
    """The routes over the graph ``graph()`` returns at each request (the live one, after edits)."""
    router = APIRouter(include_in_schema=False)

    async def timed(request: Request, work: Callable[[KnowledgeGraph, Deadline], object]) -> Response:
        # The limit counts from arrival, as /graphql's does; the work runs off the event loop.
        record = record_of(request)
        deadline = Deadline(time_limit_ms, record.arrived)
        kg = graph()
        try:
            answer = await run_in_threadpool(work, kg, deadline)
        except TimeLimitExceeded as error:
            return _refuse(
                request, RequestError(503, ErrorCode.QUERY_TIMEOUT, str(error)), {"Retry-After": "30"}
            )
        except (BadBatch, LimitExceeded) as error:  # a query of more words than search reads, say
            return _refuse(request, _bad(str(error)))
        return answer if isinstance(answer, Response) else JSONResponse(answer, headers=OPEN)

    @router.api_route(PATH, methods=["GET", "POST"])
    async def service(request: Request) -> Response:
        if request.method == "GET" and "queries" not in request.query_params:
            return JSONResponse(manifest(site_base(request, public_url)), headers=OPEN)
        record_of(request).operation = "reconcile"
        try:
            batch = await _batch_of(request, max_json_depth)
        except RequestError as error:
            return _refuse(request, error)
        return await timed(request, lambda kg, deadline: reconcile_batch(kg, batch, deadline))

    @router.get(f"{PATH}/suggest/entity")
    async def suggest_entity(request: Request) -> Response:
        try:
            prefix, type_id, cursor = _text(request, "prefix") or "", _type(request), _cursor(request)
        except RequestError as error:
            return _refuse(request, error)
        return await timed(
            request, lambda kg, deadline: {"result": suggest_entities(kg, prefix, type_id, cursor, deadline)}
        )

    @router.get(f"{PATH}/suggest/type")
    async def suggest_type(request: Request) -> Response:
        try:
            prefix = _text(request, "prefix") or ""
        except RequestError as error:
            return _refuse(request, error)
        return JSONResponse({"result": suggest_types(prefix)}, headers=OPEN)

    @router.get(f"{PATH}/suggest/property")
    async def suggest_property(request: Request) -> Response:
        try:
            prefix, type_id = _text(request, "prefix") or "", _type(request)
        except RequestError as error:
            return _refuse(request, error)
        return JSONResponse({"result": suggest_properties(prefix, type_id)}, headers=OPEN)

    @router.get(f"{PATH}/preview")
    async def preview(request: Request) -> Response:
        try:
            node_id = _text(request, "id") or ""
        except RequestError as error:
            return _refuse(request, error)
        base = site_base(request, public_url)
        return await timed(request, lambda kg, _: preview_card(kg, base, node_id))

    return router


#: The card's only style is its own; it loads nothing and runs nothing.
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

_CARD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name}</title>
<style>body{{font:14px/1.4 Georgia,serif;margin:8px;color:#2b2118}}
h1{{font-size:16px;margin:0 0 4px}}p{{margin:0 0 4px}}.kind{{color:#6b5a48;font-size:12px}}</style></head>
<body><p class="kind">{kind}</p><h1><a href="{url}" target="_blank" rel="noopener">{name}</a></h1>
<p>{description}</p></body></html>
"""


def preview_card(kg: KnowledgeGraph, base: str, node_id: str) -> Response:
    """A small HTML card of a person, event or place; a 404 card for any other id."""
    node_id = kg.redirects.get(node_id, node_id)
    record = kg.get(node_id)
    kind = kg.kind_of(node_id) if record is not None else None
    if record is None or kind not in TYPE_OF_KIND:
        body = (
            "<!doctype html><html lang='en'><title>Not found</title>"
            f"<p>No person, event or place has the id {html.escape(node_id[:80])}.</p></html>"
        )
        return HTMLResponse(body, 404, {**OPEN, "Content-Security-Policy": PREVIEW_POLICY})
    name = record.title if kind is Kind.EVENT else record.name  # type: ignore[union-attr]
    card = _CARD.format(
        name=html.escape(name),
        kind=html.escape(TYPE_OF_KIND[kind].name),
        url=html.escape(page_url(kg, base, node_id)),
        description=html.escape(describe_candidate(kg, node_id)),
    )
    return HTMLResponse(card, headers={**OPEN, "Content-Security-Policy": PREVIEW_POLICY})


__all__ = ["PATH", "build_router", "manifest", "preview_card"]
