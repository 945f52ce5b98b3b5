"""Read Gazzetta's environment once, validate it, and expose it as a plain options object.

Everything configurable lives here; `settings.py` turns it into Django settings. Unset means
embedded: SQLite, local-memory cache and in-process tasks under GAZZETTA_HOME.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path


class ConfigError(RuntimeError):
    """A required setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Config:
    home: Path
    debug: bool
    secret_key: str
    allowed_hosts: tuple[str, ...]
    https: bool
    database_url: str
    cache_url: str
    broker_url: str
    languages: tuple[str, ...]
    time_zone: str
    site_name: str
    site_siglum: str
    server_workers: int
    search_backend: str = ""
    feed_content: str = "summary"
    cors_origins: tuple[str, ...] = ()
    api_rate: str = "600/m"
    fetch_allowed_networks: tuple[str, ...] = ()
    page_cache: bool = True
    cdn_purge_url: str = ""
    media_bucket: str = ""
    media_endpoint: str = ""
    media_domain: str = ""
    task_time_limit: int = 300

    @property
    def embedded_database(self) -> bool:
        return not self.database_url


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return value in ("1", "true", "yes", "on") if value else default


def _list(name: str, default: str) -> tuple[str, ...]:
    raw = os.environ.get(name) or default
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _secret_key(home: Path) -> str:
    """Return GAZZETTA_SECRET_KEY, else a key generated once and kept in GAZZETTA_HOME."""
    if key := os.environ.get("GAZZETTA_SECRET_KEY"):
        return key
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _workers() -> int:
    raw = os.environ.get("GAZZETTA_WORKERS", "")
    if raw and not raw.isdigit():
        raise ConfigError(f"config: GAZZETTA_WORKERS must be a whole number, not {raw!r}")
    return int(raw) if raw else (os.cpu_count() or 1)


def _seconds(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw and not raw.isdigit():
        raise ConfigError(f"config: {name} must be a whole number of seconds, not {raw!r}")
    return int(raw) if raw else default


def _choice(name: str, choices: tuple[str, ...]) -> str:
    """The variable's value, one of `choices`; the first is the default."""
    value = os.environ.get(name, "").strip() or choices[0]
    if value not in choices:
        raise ConfigError(f"config: {name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _networks(name: str) -> tuple[str, ...]:
    """Networks the fetcher may reach although they are private (e.g. an agency's LAN drop)."""
    networks = _list(name, "")
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(f"config: {name} lists {network!r}, which is not a network") from None
    return networks


def load() -> Config:
    """Read the environment into a Config."""
    home = Path(os.environ.get("GAZZETTA_HOME", "var")).resolve()
    languages = _list("GAZZETTA_LANGUAGES", "de,it,en")
    if not all(code.isalpha() and 2 <= len(code) <= 3 for code in languages):
        raise ConfigError(f"config: GAZZETTA_LANGUAGES must list language codes, not {languages!r}")
    return Config(
        home=home,
        debug=_flag("GAZZETTA_DEBUG"),
        secret_key=_secret_key(home),
        allowed_hosts=_list("GAZZETTA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]"),
        https=_flag("GAZZETTA_HTTPS"),
        database_url=os.environ.get("DATABASE_URL", ""),
        cache_url=os.environ.get("CACHE_URL", ""),
        broker_url=os.environ.get("CELERY_BROKER_URL", ""),
        languages=languages,
        time_zone=os.environ.get("GAZZETTA_TIME_ZONE", "Europe/Rome"),
        site_name=os.environ.get("GAZZETTA_SITE_NAME", "Gazzetta"),
        site_siglum=os.environ.get("GAZZETTA_SITE_SIGLUM", "GZ"),
        server_workers=_workers(),
        search_backend=os.environ.get("GAZZETTA_SEARCH_BACKEND", "").strip(),
        feed_content=_choice("GAZZETTA_FEED_CONTENT", ("summary", "full")),
        cors_origins=_list("GAZZETTA_CORS_ORIGINS", ""),
        api_rate=os.environ.get("GAZZETTA_API_RATE", "600/m").strip(),
        fetch_allowed_networks=_networks("GAZZETTA_FETCH_ALLOWED_NETWORKS"),
        page_cache=_flag("GAZZETTA_PAGE_CACHE", default=True),
        cdn_purge_url=os.environ.get("GAZZETTA_CDN_PURGE_URL", ""),
        media_bucket=os.environ.get("GAZZETTA_MEDIA_BUCKET", ""),
        media_endpoint=os.environ.get("GAZZETTA_MEDIA_ENDPOINT", ""),
        media_domain=os.environ.get("GAZZETTA_MEDIA_DOMAIN", ""),
        task_time_limit=_seconds("GAZZETTA_TASK_TIME_LIMIT", 300),
    )
