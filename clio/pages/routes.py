"""The pages' routes: day, event, person and place pages, search, ``/id/<id>`` and the home page.

Each route reads its address, runs its operations (`clio.pages.operations`) and renders a
template. Records are found by slug (`graph.slugs`); an id a later import merged away is
a 301 to its survivor (`graph.redirects`), anything unknown the HTML 404 with a search box.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from clio.clock import Clock
from clio.observability import record_of
from clio.pages.daypath import day_slug, neighbours, parse_day_slug
from clio.pages.negotiation import MEDIA_TYPES, rdf_format
from clio.pages.operations import Operations, PageQueryFailed
from clio.pages.render import bad_request, etag, not_found, not_modified, page, site_base
from graph import rdf
from graph.dates import HistoricalDate, Precision
from graph.errors import DateError
from graph.identity import WIKIDATA_PREFIX
from graph.identity import resolve as resolve_id
from graph.linked_data import PAGE_PATHS, event_jsonld, jsonld, page_url
from graph.models import Category, Event, Kind
from graph.queries.word_index import MAX_WORDS
from graph.slugs import slugs_of
from graph.text import search_words

PAGE_SIZE = 20
#: People a page of a day's births or deaths lists (the day page itself shows its first 10).
PEOPLE_PAGE_SIZE = 50
MAX_PAGE_NUMBER = 100_000
# Twice the seed page's six under "Discover More Historic Events": on the full import,
# other events of recent years come between the seed's six (the 2006 one is 9th).
SAME_DAY = 12
RELATED = 8


class _AnyText(Convertor[str]):
    """The rest of the path, whatever it holds: Starlette's ``path`` stops at a line break
    (``%0A``), and an address it cannot route ends in the JSON 404, not the page's own."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("text", _AnyText())


class BadAddress(ValueError):
    """A query parameter a page cannot use; the message says what to send instead."""


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    # Length first: int() of a long run of digits is slow, and any such page is past the end.
    if len(raw) > 6 or not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_NUMBER:
        raise BadAddress(f"page must be a whole number from 1 to {MAX_PAGE_NUMBER:,}, got {raw[:40]!r}")
    return int(raw)


def _render_date(request: Request, clock: Clock) -> HistoricalDate:
    """The day the page counts "how long ago" to: ``?asOf=2025-03-15``, or today by the app's clock."""
    raw = request.query_params.get("asOf")
    if raw is None:
        return clock.today()
    try:
        date = HistoricalDate.parse(raw[:40])
    except DateError:
        date = None
    if date is None or date.precision is not Precision.DAY or len(raw) > 40:
        raise BadAddress(f"asOf must be a day written YYYY-MM-DD, such as 2025-03-15, got {raw[:40]!r}")
    return date


def image_policy(hosts: tuple[str, ...]) -> str:
    """The pages' Content-Security-Policy: images from the site and the listed hosts only.

    >>> image_policy(()), image_policy(("commons.wikimedia.org",))
    ("img-src 'self'", "img-src 'self' https://commons.wikimedia.org")
    """
    return " ".join(["img-src 'self'", *(f"https://{host}" for host in hosts)])


def shown_image(image: dict[str, Any] | None, hosts: tuple[str, ...]) -> dict[str, Any] | None:
    """The event's image when its host is one the site allows (``CLIO_IMAGE_HOSTS``), else None."""
    if not image:
        return None
    address = urlsplit(image["url"])
    return image if address.scheme == "https" and (address.hostname or "") in hosts else None


def build_router(
    operations: Operations, clock: Clock, public_url: str = "", image_hosts: tuple[str, ...] = ()
) -> APIRouter:
    """The pages' routes over one graph and its operations; ``clock`` (the app's) says which day is today,
    ``public_url`` (when set) the address pages give for themselves."""
    kg = operations.kg
    router = APIRouter(include_in_schema=False)

    def run(request: Request, name: str, variables: dict[str, Any], today: HistoricalDate) -> dict[str, Any]:
        # The request log names the operation a page ran, as it does for /graphql.
        record_of(request).operation = name
        try:
            return operations.run(name, variables, today)
        except PageQueryFailed as failed:
            # "How long ago" cannot count to a day before an event the page shows: a reader's
            # asOf is then what to change (without one, today is after every event).
            as_of = request.query_params.get("asOf")
            if as_of is None or not any("nothing is 'ago' yet" in m for m in failed.messages):
                raise
            raise BadAddress(
                f"asOf {as_of[:40]!r} is before an event this page shows; choose a later day"
            ) from None

    def base_of(request: Request) -> str:
        return site_base(request, public_url)

    def record_id(kind: Kind, slug: str) -> tuple[str | None, str | None]:
        """(live id, None) for a page's record, (None, survivor) for a merged-away one, else (None, None)."""
        found = slugs_of(kg, kind).id(slug)
        if found is None:
            return None, None
        if kg.get(found) is not None and found not in kg.redirects:
            return found, None
        return None, kg.redirects.get(found)

    def common(request: Request, today: HistoricalDate) -> dict[str, Any]:
        return {"base": base_of(request), "as_of": today, "asof_query": request.query_params.get("asOf")}

    @router.api_route("/", methods=["GET", "HEAD"])
    def home() -> RedirectResponse:
        # Today's day page, in the zone the site keeps (302 and no-store: tomorrow it moves).
        return _today_redirect(clock)

    @router.api_route("/on-this-day", methods=["GET", "HEAD"])
    def on_this_day_today() -> RedirectResponse:
        return _today_redirect(clock)

    # Before the day page's route, whose slug takes the rest of the path.
    @router.api_route("/on-this-day/{slug}/{which}", methods=["GET", "HEAD"])
    def day_people_page(request: Request, slug: str, which: str) -> Response:
        month_day = parse_day_slug(slug)
        if month_day is None or which not in ("births", "deaths"):
            return not_found(
                request,
                "Day pages are named like august-4; their births and deaths are at …/births and …/deaths.",
            )
        try:
            number, today = _page_number(request), _render_date(request, clock)
        except BadAddress as problem:
            return bad_request(request, str(problem))
        tag = etag(kg.version, today, request)
        if (cached := not_modified(request, tag)) is not None:
            return cached
        month, day = month_day
        births = which == "births"
        variables = {
            "month": month,
            "day": day,
            "limit": PEOPLE_PAGE_SIZE,
            "offset": (number - 1) * PEOPLE_PAGE_SIZE,
            "births": births,
        }
        data = run(request, "DayPeoplePage", variables, today)["day"]
        people, count = (
            (data["births"], data["birthCount"]) if births else (data["deaths"], data["deathCount"])
        )
        pages = max(1, -(-count // PEOPLE_PAGE_SIZE))
        if number > pages:
            return not_found(request, f"{data['name']} has {pages} page(s) of {which}, not {number}.")
        return page(
            "day_people.html",
            tag=tag,
            **common(request, today),
            day=data,
            slug=slug,
            births=births,
            people=people,
            count=count,
            first=(number - 1) * PEOPLE_PAGE_SIZE,
            number=number,
            pages=pages,
            canonical=f"{base_of(request)}/on-this-day/{slug}/{which}",
            urls=_urls(kg),
        )

    @router.api_route("/on-this-day/{slug:text}", methods=["GET", "HEAD"])
    def day_page(request: Request, slug: str) -> Response:
        month_day = parse_day_slug(slug)
        if month_day is None:
            return not_found(request, f"There is no day “{slug}”: day pages are named like august-4.")
        try:
            number, today = _page_number(request), _render_date(request, clock)
        except BadAddress as problem:
            return bad_request(request, str(problem))
        chosen = request.query_params.get("category")
        categories = None
        if chosen is not None:
            if not isinstance(kg.get(f"category:{chosen}"), Category):
                return bad_request(request, f"there is no category {chosen[:60]!r}: choose one of the day's")
            categories = [f"category:{chosen}"]
        tag = etag(kg.version, today, request)
        if (cached := not_modified(request, tag)) is not None:
            return cached
        month, day = month_day
        data = run(
            request,
            "DayPage",
            {
                "month": month,
                "day": day,
                "categories": categories,
                "limit": PAGE_SIZE,
                "offset": (number - 1) * PAGE_SIZE,
                "asOf": today.to_edtf(),
            },
            today,
        )["day"]
        pages = max(1, -(-data["eventCount"] // PAGE_SIZE))
        if number > pages:
            return not_found(request, f"{data['name']} has {pages} page(s) of events, not {number}.")
        before, after = neighbours(month, day)
        base = base_of(request)
        events = [kg.node(e["id"]) for e in data["events"]]
        return page(
            "day.html",
            tag=tag,
            **common(request, today),
            day=data,
            slug=slug,
            chosen=chosen,
            number=number,
            pages=pages,
            before=before,
            after=after,
            canonical=f"{base}/on-this-day/{slug}",
            jsonld=[event_jsonld(kg, base, e) for e in events if isinstance(e, Event)],
            urls=_urls(kg),
        )

    def record_page(request: Request, kind: Kind, slug: str, template: str) -> Response:
        node_id, survivor = record_id(kind, slug)
        if survivor is not None:
            return RedirectResponse(page_url(kg, base_of(request), survivor), status_code=301)
        if node_id is None:
            noun = {Kind.EVENT: "event", Kind.PERSON: "person", Kind.LOCATION: "place"}[kind]
            return not_found(request, f"There is no {noun} “{slug[:80]}” here.")
        try:
            number, today = _page_number(request), _render_date(request, clock)
        except BadAddress as problem:
            return bad_request(request, str(problem))
        tag = etag(kg.version, today, request)
        if (cached := not_modified(request, tag)) is not None:
            return cached
        as_of = today.to_edtf()
        offset = (number - 1) * PAGE_SIZE
        if kind is Kind.EVENT:
            variables: dict[str, Any] = {
                "id": node_id,
                "asOf": as_of,
                "sameDay": SAME_DAY,
                "related": RELATED,
            }
            data = run(request, "EventPage", variables, today)["event"]
        elif kind is Kind.PERSON:
            variables = {"id": node_id, "asOf": as_of, "limit": PAGE_SIZE, "offset": offset}
            data = run(request, "PersonPage", variables, today)["person"]
        else:
            # One more than a page: a place has no event count, and the extra one says a next page exists.
            variables = {"id": node_id, "asOf": as_of, "limit": PAGE_SIZE + 1, "offset": offset}
            data = run(request, "PlacePage", variables, today)["location"]
        base = base_of(request)
        response = page(
            template,
            image=shown_image(data.get("image"), image_hosts),
            timeline=_timeline(data) if kind is Kind.EVENT else [],
            tag=tag,
            **common(request, today),
            record=data,
            number=number,
            page_size=PAGE_SIZE,
            canonical=page_url(kg, base, node_id),
            jsonld=jsonld(kg, base, node_id),
            urls=_urls(kg),
        )
        response.headers["Content-Security-Policy"] = image_policy(image_hosts)
        return response

    @router.api_route("/events/{slug:text}", methods=["GET", "HEAD"])
    def event_page(request: Request, slug: str) -> Response:
        return record_page(request, Kind.EVENT, slug, "event.html")

    @router.api_route("/people/{slug:text}", methods=["GET", "HEAD"])
    def person_page(request: Request, slug: str) -> Response:
        return record_page(request, Kind.PERSON, slug, "person.html")

    @router.api_route("/places/{slug:text}", methods=["GET", "HEAD"])
    def place_page(request: Request, slug: str) -> Response:
        return record_page(request, Kind.LOCATION, slug, "place.html")

    @router.api_route("/events", methods=["GET", "HEAD"])
    @router.api_route("/people", methods=["GET", "HEAD"])
    @router.api_route("/places", methods=["GET", "HEAD"])
    def no_listing(request: Request) -> Response:
        # No page lists every record of a kind (the sitemap does); "/events/" comes here too.
        return not_found(request, "Name an event, a person or a place, or search for one.")

    @router.api_route("/id/{node_id:text}", methods=["GET", "HEAD"])
    def by_id(request: Request, node_id: str) -> Response:
        # The URI that names a record (JSON-LD's @id) leads to its page: 303, the page is about it.
        kind_name = node_id.partition(":")[0]
        survivor = kg.redirects.get(node_id)
        if survivor is not None:
            return RedirectResponse(f"{base_of(request)}/id/{survivor}", status_code=301)
        if node_id.startswith(WIKIDATA_PREFIX):
            # ``/id/wikidata:Q855`` is another name of a record: its own URI says which.
            found = resolve_id(kg, node_id)
            if found is None:
                return not_found(request, f"No record has the Wikidata item “{node_id[:80]}”.")
            return RedirectResponse(f"{base_of(request)}/id/{found.id}", status_code=303)
        if kind_name not in {k.value for k in PAGE_PATHS} or kg.get(node_id) is None:
            return not_found(request, f"No record has the id “{node_id[:80]}”.")
        fmt = rdf_format(request.headers.get("accept"))
        if fmt is not None:
            text = io.StringIO()
            rdf.write(kg, base_of(request), fmt, text, [kg.node(node_id)])
            headers = {
                "Vary": "Accept",
                "Link": f'<{page_url(kg, base_of(request), node_id)}>; rel="alternate"',
            }
            return Response(text.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)
        response = RedirectResponse(page_url(kg, base_of(request), node_id), status_code=303)
        response.headers["Vary"] = "Accept"
        return response

    @router.api_route("/search", methods=["GET", "HEAD"])
    def search_page(request: Request) -> Response:
        # A search box sends what was typed or pasted: control characters become spaces
        # (the API refuses them), and the words stay.
        typed = request.query_params.get("q", "")[:200]
        text = " ".join("".join(ch if ch.isprintable() else " " for ch in typed).split())
        if len(words := search_words(text)) > MAX_WORDS:
            raise BadAddress(f"a search may hold at most {MAX_WORDS} words, got {len(words)}; shorten it")
        hits = run(request, "SearchPage", {"text": text}, clock.today())["search"] if text else []
        base = base_of(request)
        for hit in hits:
            hit["url"] = page_url(kg, "", hit["id"])
        return page("search.html", base=base, query=text, hits=hits, urls=_urls(kg))

    return router


def _timeline(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The event among its related events, in date order: the mini-timeline."""
    items = [*event["relatedEvents"], event]
    return sorted(items, key=lambda e: (e["date"]["year"], e["date"]["month"] or 0, e["date"]["day"] or 0))


def _today_redirect(clock: Clock) -> RedirectResponse:
    today = clock.today()
    response = RedirectResponse(f"/on-this-day/{day_slug(today.month or 1, today.day or 1)}", status_code=302)
    response.headers["Cache-Control"] = "no-store"
    return response


def _urls(kg: Any) -> Any:
    """What templates call to link a record by id: ``urls(id)`` is its page's path.

    Paths, not full addresses: a page read through a proxy under another host links within it.
    """

    def url(node_id: str) -> str:
        return page_url(kg, "", node_id)

    return url


__all__ = ["PAGE_SIZE", "PEOPLE_PAGE_SIZE", "BadAddress", "build_router"]
