"""Report at start what would otherwise fail at the first search: no FTS5, or an engine for another database."""

from __future__ import annotations

import sqlite3

from django.core.checks import Error, register
from django.db import connection

from gazzetta.search.backends import get_search_backend
from gazzetta.search.backends.base import SearchError


def fts5_available() -> bool:
    """Tell whether the sqlite3 library Python uses was built with FTS5."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def register_checks() -> None:
    """Have Django run the search check with the others (called from the app's ready())."""
    register(check_search_backend, "search")


def check_search_backend(app_configs=None, **kwargs) -> list[Error]:
    try:
        vendor = get_search_backend().vendor
    except SearchError as error:
        return [Error(str(error), id="search.E001")]
    if vendor != connection.vendor:
        return [Error(f"search: the {vendor} search backend needs a {vendor} database, not {connection.vendor}",
                      hint="Unset GAZZETTA_SEARCH_BACKEND to use the database's own engine.", id="search.E002")]
    if vendor == "sqlite" and not fts5_available():
        return [Error("search: this SQLite library has no FTS5", id="search.E003",
                      hint="Install a Python whose sqlite3 is built with FTS5, or use PostgreSQL (DATABASE_URL).")]
    return []
