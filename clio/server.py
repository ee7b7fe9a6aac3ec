"""How `clio serve` runs uvicorn: every connection-level limit comes from ``Settings``."""

from __future__ import annotations

import logging
from typing import Any

from clio.observability import Metrics
from clio.settings import Settings

# uvicorn's lines for requests answered elsewhere: an upgrade it passes on as plain HTTP
# (the app refuses it and logs it with its request id; "install websockets" would be the
# wrong advice), and a request its parser cannot read (clio.connection answers and logs it).
_NOISE = (
    "Unsupported upgrade request",
    "No supported WebSocket library detected",
    "Invalid HTTP request received",
)


def uvicorn_options(settings: Settings, metrics: Metrics | None = None) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.Config`` that a ``Settings`` asks for (all but where to listen).

    ``metrics`` (the app's) also counts the requests refused before the app sees them.
    """
    from clio.connection import guarded_protocol

    return {
        "log_level": "warning",
        # No subscriptions: an upgrade request reaches the app as plain HTTP and is refused
        # there with a JSON 400 (clio.protocol), instead of a half-done WebSocket handshake.
        "ws": "none",
        # uvicorn would take X-Forwarded-For from any local peer and rewrite the client address
        # before the app sees it; clio.fairness reads it, from CLIO_TRUSTED_PROXIES only.
        "proxy_headers": False,
        # A deadline and a size cap on each request head (uvicorn has neither); the body's
        # deadline is clio.guard.BodyLimit's.
        "http": guarded_protocol(
            settings.head_timeout_ms / 1000,
            settings.max_head_bytes,
            settings.max_connections,
            metrics,
            settings.log_requests,
        ),
        # An idle kept-alive connection is closed after this.
        "timeout_keep_alive": settings.keep_alive_timeout_ms / 1000,
        # On SIGTERM, a running query gets its time limit to finish; a client still trickling
        # its body does not hold the shutdown for the body timeout.
        "timeout_graceful_shutdown": settings.time_limit_ms / 1000 + 1,
    }


def quiet_uvicorn() -> None:
    """Drop uvicorn's log lines for requests Clio answers and logs itself (see ``_NOISE``)."""
    logging.getLogger("uvicorn.error").addFilter(_without_noise)


def run_server(app: Any, settings: Settings) -> None:
    """Serve ``app`` in this process on ``settings.host`` and ``settings.port`` until interrupted."""
    import uvicorn

    options = uvicorn_options(settings, getattr(app.state, "metrics", None))
    config = uvicorn.Config(app, host=settings.host, port=settings.port, **options)
    quiet_uvicorn()
    uvicorn.Server(config).run()


def _without_noise(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(_NOISE)
