"""Settings, read once from environment variables prefixed ``CLIO_``.

One object holds every knob, so ``docs/settings.md`` can list them all and tests can build
an app with different ones without touching the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from graph.bundled import BUNDLED_DATA as BUNDLED_DATA  # where tests and tools have long looked for it
from schema.limits import QueryLimits

PREFIX = "CLIO_"

PROFILES = ("development", "production")

# The schema owns the limits' defaults; settings only let an operator change them.
_LIMITS = QueryLimits()

# What a public server should not offer: the schema to strangers, a query editor, and
# "Did you mean …" hints that let a client map fields it was not told about.
_PRODUCTION_DEFAULTS: dict[str, object] = {"graphiql": False, "introspection": False, "suggestions": False}


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of the server; the defaults suit a laptop, ``profile=production`` a public host.

    The query limits default to graphql-armor's (depth 6, aliases 15, tokens 1000,
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
    max_depth: int = _LIMITS.max_depth
    max_aliases: int = _LIMITS.max_aliases
    max_tokens: int = _LIMITS.max_tokens
    max_directives: int = _LIMITS.max_directives
    max_root_fields: int = _LIMITS.max_root_fields
    max_cost: int = _LIMITS.max_cost
    max_body_bytes: int = 100_000
    max_json_depth: int = 32
    time_limit_ms: int = _LIMITS.time_limit_ms
    document_cache_size: int = _LIMITS.document_cache_size
    response_cache_size: int = 512
    log_requests: bool = True
    # Where the server keeps what it writes itself (the default snapshot key, later the edits).
    state_dir: Path = Path("clio-state")
    # A secret: kept out of the repr, so a logged Settings never shows it.
    snapshot_key: str = field(default="", repr=False)
    snapshot_key_file: str = ""
    # Forked serving processes: one per core this process may run on (`clio serve --workers`);
    # the affinity mask, unlike os.cpu_count(), honours a container's cpuset.
    workers: int = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    fast_path: bool = True

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
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            values[f.name] = _convert(f.name, raw, cls.__dataclass_fields__[f.name].default)
        settings = replace(settings, **values)
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        settings = replace(settings, **given)
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse limits that would switch a protection off by accident (zero or negative)."""
        for name in (
            "max_depth",
            "max_aliases",
            "max_tokens",
            "max_directives",
            "max_root_fields",
            "max_cost",
            "max_body_bytes",
            "max_json_depth",
            "time_limit_ms",
            "workers",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(f"{PREFIX}{name.upper()} must be at least 1, got {getattr(self, name)}")
        for name in ("document_cache_size", "response_cache_size"):
            if getattr(self, name) < 0:
                raise SettingsError(
                    f"{PREFIX}{name.upper()} must be 0 (off) or more, got {getattr(self, name)}"
                )


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
