"""One JSON log line per request, and Prometheus metrics at ``/metrics``.

Metrics are rendered by ``prometheus_client``, in the text format Prometheus expects; the
counts live in memory the forked workers share (`clio.metric_table`), so any worker answers
a scrape for the whole server. Each app has counts of its own, so several apps in one
process (as in tests) do not share counters.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clio.errors import INTERNAL, internal_error_body, log_unexpected
from clio.metric_table import MetricTable, TableCollector
from schema.codes import LIMIT_CODES

if TYPE_CHECKING:
    from clio.lanes import Lanes

log = logging.getLogger("clio.request")

# Codes that mean "a limit said no", as opposed to a mistake in the query or a fault.
REFUSAL_CODES = LIMIT_CODES


@dataclass(slots=True)
class RequestRecord:
    """What one request did, filled in as it goes and logged when it ends."""

    request_id: str = field(default_factory=lambda: new_request_id())
    method: str = ""
    path: str = ""
    operation: str | None = None
    cost: int | None = None
    cache: str | None = None
    lane: str | None = None  # "heavy" when it waited for the heavy lane (`clio.lanes`)
    # Time spent receiving the body (BodyLimit): a slow client's time, not the server's work.
    body_ms: float | None = None
    error_codes: list[str] = field(default_factory=list)
    #: ``time.monotonic()`` when the request arrived: the time limit counts from here.
    arrived: float = field(default_factory=time.monotonic)


def new_request_id() -> str:
    """Twelve hex digits naming one request in the logs and in its answer's ``X-Request-Id``.

    An id only has to tell requests apart, not be unguessable: ``random`` (which a forked
    worker reseeds) takes a tenth of the time of ``uuid4``'s system call on every request.

    >>> len(new_request_id()), new_request_id() != new_request_id()
    (12, True)
    """
    return f"{random.getrandbits(48):012x}"


def record_of(request: Request) -> RequestRecord:
    """The request's record (made by ``RequestLog``; a fresh one where that middleware is absent)."""
    record: RequestRecord | None = request.scope.setdefault("state", {}).get("clio")
    if record is None:
        record = request.scope["state"]["clio"] = RequestRecord(method=request.method, path=request.url.path)
    return record


#: The counters of ``/metrics``: (name after ``clio_``, documentation, label).
COUNTERS = (
    ("requests", "HTTP requests by status", "status"),
    ("errors", "Errors sent to clients, by code", "code"),
    ("refusals", "Requests refused by a limit, by limit", "limit"),
)
LATENCY = ("clio_request_duration_seconds", "Time from request to response")
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """The counters and the latency histogram of one app, shared by the workers forked from it.

    The counts live in a `clio.metric_table.MetricTable` made here, before ``clio serve``
    forks, so a scrape of any worker reports every worker's requests.
    """

    def __init__(self) -> None:
        self.table = MetricTable([name for name, _, _ in COUNTERS], BUCKETS)
        self.registry = CollectorRegistry()
        self.registry.register(TableCollector(self.table, COUNTERS, LATENCY))

    def watch_lanes(self, lanes: Lanes) -> None:
        """Show the heavy lane's queue (`clio.lanes`): read when /metrics is, in the worker that answers."""
        waiting = Gauge("clio_heavy_waiting", "Heavy queries waiting for the lane", registry=self.registry)
        running = Gauge("clio_heavy_running", "Heavy queries running in the lane", registry=self.registry)
        waiting.set_function(lambda: lanes.waiting)
        running.set_function(lambda: lanes.running)

    def observe(self, record: RequestRecord, status: int, seconds: float) -> None:
        counted = [("requests", str(status))]
        for code in set(record.error_codes):
            counted.append(("errors", code))
            if code in REFUSAL_CODES:
                counted.append(("refusals", code))
        self.table.observe(seconds, counted)

    def response(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class RequestLog:
    """ASGI middleware: gives each request an id (``X-Request-Id``), times it, logs it, counts it."""

    def __init__(self, app: ASGIApp, metrics: Metrics, enabled: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET") if scope["type"] == "http" else "WEBSOCKET"
        record = RequestRecord(method=method, path=scope["path"])
        scope.setdefault("state", {})["clio"] = record
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] in ("http.response.start", "websocket.http.response.start"):
                status, response_started = message["status"], True
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", record.request_id.encode()),
                ]
            elif message["type"] == "websocket.close" and not response_started:
                status, response_started = 403, True  # a handshake closed before accepting it
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            # One path for every 5xx: logged here with its request id and traceback, counted
            # below, and answered masked (when nothing was sent yet). Not raised again, so the
            # server does not print the same traceback a second time without the id.
            log_unexpected(error, record.request_id)
            record.error_codes.append(INTERNAL)
            status = 500
            if not response_started and scope["type"] == "http":
                await send_internal_error(send, record.request_id)
        finally:
            report(record, status, time.perf_counter() - started, self.metrics, self.enabled)


def report(
    record: RequestRecord, status: int, seconds: float, metrics: Metrics, enabled: bool = True
) -> None:
    """Count a finished request in ``metrics`` and write its log line (when ``enabled``).

    ``RequestLog`` calls it for every request the app sees; ``clio.connection`` for the
    requests refused before the app could see them (a head too slow or too large).
    """
    if record.path != "/metrics":
        metrics.observe(record, status, seconds)
    if enabled and log.isEnabledFor(logging.INFO):
        # Made and handed to the handlers directly, as ``log.info`` would, less its walk up
        # the stack for the caller's file and line, which the line does not show.
        line = log.makeRecord(
            log.name,
            logging.INFO,
            "",
            0,
            "request",
            (),
            None,
            extra={
                "request": {
                    "request_id": record.request_id,
                    "method": record.method,
                    "path": record.path,
                    "operation": record.operation,
                    "cost": record.cost,
                    "cache": record.cache,
                    "lane": record.lane,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "body_ms": record.body_ms,
                    "error_codes": record.error_codes,
                }
            },
        )
        log.handle(line)


async def send_internal_error(send: Send, request_id: str) -> None:
    payload = json.dumps(internal_error_body(request_id)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class JsonFormatter(logging.Formatter):
    """Log records as one JSON object a line, ready for a log shipper."""

    _second = -1
    _time = ""

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._second:
            # Formatted once a second, not once a line: most lines share their second.
            self._time, self._second = self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), second
        line: dict[str, Any] = {
            "time": self._time,
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "request", {}))
        if hasattr(record, "request_id"):
            line["request_id"] = record.request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def configure_logging() -> None:
    """JSON lines on stderr for the ``clio`` loggers (once per process)."""
    logger = logging.getLogger("clio")
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    # Strawberry logs every client mistake as an ERROR with a traceback; clio.errors logs
    # the unexpected ones, once, with the request id, and the request line has the codes.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
