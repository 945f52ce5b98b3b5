"""Choose the search engine: settings.SEARCH_BACKEND, else the engine of the database in use."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from gazzetta.search.backends.base import BaseSearchBackend, SearchError

ENGINES = {
    "sqlite": "gazzetta.search.backends.sqlite.SearchBackend",
    "postgresql": "gazzetta.search.backends.postgres.SearchBackend",
}


def get_search_backend(name: str | None = None) -> BaseSearchBackend:
    """Return the configured engine ("sqlite", "postgresql" or a dotted path to a backend class)."""
    return _backend(name or getattr(settings, "SEARCH_BACKEND", "") or connection.vendor)


@lru_cache(maxsize=None)
def _backend(name: str) -> BaseSearchBackend:
    path = ENGINES.get(name, name)
    try:
        return import_string(path)()
    except ImportError as error:
        raise SearchError(f"search: no search backend {name!r} (use {' or '.join(ENGINES)})") from error
