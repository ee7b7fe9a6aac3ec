"""Settings, read once from environment variables prefixed ``CLIO_``.

One object holds every knob, so ``docs/settings.md`` can list them all and tests can build
an app with different ones without touching the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, cast

from graph.bundled import BUNDLED_DATA as BUNDLED_DATA  # where tests and tools have long looked for it
from schema.limits.table import BY_SETTING, QueryLimits

PREFIX = "CLIO_"

PROFILES = ("development", "production")

# What a public server should not offer: the schema to strangers, a query editor, and
# "Did you mean …" hints that let a client map fields it was not told about.
# A public host also limits each client: six requests in flight (what a browser opens to one
# host, so a person's own tabs never trip it) and 20 a second, in bursts of up to 40.
_PRODUCTION_DEFAULTS: dict[str, object] = {
    "graphiql": False,
    "introspection": False,
    "suggestions": False,
    "client_max_concurrent": 6,
    "client_rate_per_second": 20,
    "client_burst": 40,
    # Only the committed allow-list runs by hash: a client cannot fill the store with documents.
    "persisted_register": False,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of the server; the defaults suit a laptop, ``profile=production`` a public host.

    The query limits are the rows of ``schema.limits.table``: each is read from its
    ``CLIO_<SETTING>`` variable into ``limits`` (by setting name), so a new limit needs no
    field here. They default to graphql-armor's (depth 6, aliases 15, tokens 1000,
    directives 50, cost 5000), the usual baseline for a GraphQL endpoint in public.
    """

    data_dir: Path = BUNDLED_DATA
    host: str = "127.0.0.1"
    port: int = 8000
    profile: str = "development"
    graphiql: bool = True
    introspection: bool = True
    suggestions: bool = True
    cors_origins: tuple[str, ...] = field(default=())
    limits: Mapping[str, int] = field(
        default_factory=lambda: {s: row.default for s, row in BY_SETTING.items()}
    )
    max_body_bytes: int = 100_000
    max_json_depth: int = 32
    query_threads: int = 40
    # The heavy lane (`clio.lanes`): documents priced or measured this costly run this many at a time.
    heavy_lane: int = 1
    heavy_cost: int = 4_000
    heavy_cpu_ms: int = 25
    # How often a thread holding the interpreter lock is asked to let another run (Python's is 5 ms).
    switch_interval_us: int = 1_000
    # glibc malloc arenas of a serving process and its workers (`clio.memory.limit_malloc_arenas`).
    malloc_arenas: int = 2
    document_cache_size: int = QueryLimits().document_cache_size
    response_cache_size: int = 512
    # Per worker: each forked worker fills a cache of its own, so N workers hold N times this.
    # 16 MB holds every answer of the load mix (a few kB each) and any answer up to 2 MB (an
    # eighth); 64 MB was half of what an extra worker may cost (docs/deploying.md).
    response_cache_bytes: int = 16_000_000
    log_requests: bool = True
    client_max_concurrent: int = 0
    client_rate_per_second: int = 0
    client_burst: int = 0
    # Mutations one token may make, as a bucket shared by every worker (0: no limit).
    token_edits_per_minute: int = 60
    token_edit_burst: int = 120
    trusted_proxies: tuple[str, ...] = field(default=())
    head_timeout_ms: int = 10_000
    body_timeout_ms: int = 10_000
    keep_alive_timeout_ms: int = 5_000
    max_head_bytes: int = 65_536
    max_connections: int = 1_000
    # Where the server keeps what it writes itself (the default snapshot key, later the edits).
    state_dir: Path = Path("clio-state")
    # The store of record for edits: empty for SQLite in state_dir, or postgresql://… (shared by replicas).
    store: str = field(default="", repr=False)  # a URL may hold a password
    # A secret: kept out of the repr, so a logged Settings never shows it.
    snapshot_key: str = field(default="", repr=False)
    snapshot_key_file: str = ""
    # Forked serving processes: one per core this process may run on (`clio serve --workers`);
    # the affinity mask, unlike os.cpu_count(), honours a container's cpuset.
    workers: int = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    fast_path: bool = True
    # Documents last priced under this (and bounded: clio.inline) run on the event loop; 0: none.
    inline_max_cost: int = 50
    # The edge (`clio.edge`, `clio.persisted`, `clio.compression`).
    # Today's date for howLongAgo, the ETag and the day pages (`/on-this-day` leads to it):
    # an IANA name such as Europe/Paris; empty, UTC (`HistoricalDate.today`, the one clock tests set).
    timezone: str = ""
    # Sent with every GET answer that has an ETag (data and no errors).
    cache_control: str = "public, max-age=60"
    # Persisted queries: the committed allow-list (*.graphql), and documents clients register.
    persisted_dir: Path = Path("persisted")
    persisted_register: bool = True
    persisted_store_size: int = 1_000
    # Answers and assets at least this large are compressed (gzip, or brotli where installed).
    compress_min_bytes: int = 1_000
    # The site's own address (https://history.example.org) for the pages' canonical URLs,
    # JSON-LD ids and sitemap; empty: the address each request came to.
    public_url: str = ""
    # Hosts whose images the pages show ("commons.wikimedia.org,upload.wikimedia.org"), also the
    # pages' Content-Security-Policy img-src; empty (the default): the pages show no image.
    # Clio itself never fetches an image.
    image_hosts: str = ""

    @property
    def image_host_list(self) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in self.image_hosts.split(",") if h.strip())

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults (of the profile), then ``CLIO_<FIELD>`` variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        settings = cls()
        profile = overrides.get("profile") or env.get(PREFIX + "PROFILE", settings.profile)
        if profile not in PROFILES:
            raise SettingsError(f"{PREFIX}PROFILE must be one of {', '.join(PROFILES)}, got {profile!r}")
        if profile == "production":
            settings = replace(settings, **_PRODUCTION_DEFAULTS)  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        limits = dict(settings.limits)
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None or f.name == "limits":
                continue
            values[f.name] = _convert(f.name, raw, cls.__dataclass_fields__[f.name].default)
        for name, row in BY_SETTING.items():
            raw = env.get(PREFIX + name.upper())
            if raw is not None:
                limits[name] = cast(int, _convert(name, raw, row.default))
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        limits.update({k: given.pop(k) for k in list(given) if k in BY_SETTING})
        settings = replace(settings, **values, **given, limits=limits)
        settings.check()
        return settings

    def limit(self, setting: str) -> int:
        """A query limit by its setting name (``max_cost``)."""
        return self.limits[setting]

    # The limits by their old attribute names, for code that reads one by name.
    @property
    def max_depth(self) -> int:
        return self.limit("max_depth")

    @property
    def max_cost(self) -> int:
        return self.limit("max_cost")

    @property
    def time_limit_ms(self) -> int:
        """Read by the router for each request's deadline."""
        return self.limit("time_limit_ms")

    @property
    def max_aliases(self) -> int:
        return self.limit("max_aliases")

    @property
    def max_tokens(self) -> int:
        return self.limit("max_tokens")

    @property
    def max_directives(self) -> int:
        return self.limit("max_directives")

    @property
    def max_root_fields(self) -> int:
        return self.limit("max_root_fields")

    def query_limits(self) -> QueryLimits:
        """The schema-level limits these settings ask for."""
        return QueryLimits(
            caps={BY_SETTING[name].name: value for name, value in self.limits.items()},
            introspection=self.introspection,
            document_cache_size=self.document_cache_size,
        )

    def check(self) -> None:
        """Refuse limits that would switch a protection off by accident (zero or negative)."""
        for name, value in (
            *self.limits.items(),
            ("max_body_bytes", self.max_body_bytes),
            ("max_json_depth", self.max_json_depth),
            ("head_timeout_ms", self.head_timeout_ms),
            ("body_timeout_ms", self.body_timeout_ms),
            ("keep_alive_timeout_ms", self.keep_alive_timeout_ms),
            ("max_head_bytes", self.max_head_bytes),
            ("max_connections", self.max_connections),
            ("query_threads", self.query_threads),
            ("heavy_lane", self.heavy_lane),
            ("heavy_cost", self.heavy_cost),
            ("heavy_cpu_ms", self.heavy_cpu_ms),
            ("switch_interval_us", self.switch_interval_us),
            ("malloc_arenas", self.malloc_arenas),
            ("workers", self.workers),
        ):
            if value < 1:
                raise SettingsError(f"{PREFIX}{name.upper()} must be at least 1, got {value}")
        for name in (
            "document_cache_size",
            "response_cache_size",
            "response_cache_bytes",
            "client_max_concurrent",
            "client_rate_per_second",
            "client_burst",
            "token_edits_per_minute",
            "token_edit_burst",
            "persisted_store_size",
            "compress_min_bytes",
            "inline_max_cost",
        ):
            if getattr(self, name) < 0:
                raise SettingsError(
                    f"{PREFIX}{name.upper()} must be 0 (off) or more, got {getattr(self, name)}"
                )
        from clio.clock import zone
        from clio.fairness import trusted_networks

        try:
            zone(self.timezone)
        except ValueError as error:
            raise SettingsError(f"{PREFIX}TIMEZONE: {error}") from None
        if self.public_url and not self.public_url.startswith(("https://", "http://")):
            raise SettingsError(
                f"{PREFIX}PUBLIC_URL must start with https:// or http://, got {self.public_url!r}"
            )

        for host in self.image_host_list:
            bare = host.replace(".", "").replace("-", "")
            if not (bare.isascii() and bare.isalnum()) or "." not in host:
                raise SettingsError(
                    f"{PREFIX}IMAGE_HOSTS takes host names such as commons.wikimedia.org, got {host!r}"
                )
        try:
            trusted_networks(self.trusted_proxies)
        except ValueError as error:
            raise SettingsError(f"{PREFIX}TRUSTED_PROXIES: {error}") from None


class SettingsError(ValueError):
    pass


def _convert(name: str, raw: str, default: object) -> object:
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{PREFIX}{name.upper()} must be true or false, got {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw.replace("_", ""))
        except ValueError:
            raise SettingsError(f"{PREFIX}{name.upper()} must be a whole number, got {raw!r}") from None
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw
