"""The sections as every reader page needs them: one small query per page, the rest derived once.

Each page reads the section rows (names change in the admin, and every process must show the
change at once), but what is built from them (the navigation per edition, the shared fragments
of gazzetta.reader.jinja.shared_fragment) is kept per process and rebuilt only when the rows differ
from the ones it was built from.
"""

from __future__ import annotations

import functools

from django.db import connection

from gazzetta.newsroom.models import Section

REQUEST_ATTRIBUTE = "_gazzetta_sections"
STATE_FIELDS = ("pk", "key", "position", "names")


class Sections:
    """One reading of the section rows, with the navigation of each edition built on first use."""

    def __init__(self, rows: list[Section], state: list[tuple]):
        self.rows, self.state = rows, state
        self.by_id = {row.pk: row for row in rows}
        self.menus: dict[str, list[dict]] = {}
        self.fragments: dict[tuple, str] = {}  # rendered parts shared by every page (reader/jinja.py)

    def get(self, section_id: int | None) -> Section | None:
        return self.by_id.get(section_id)

    def navigation(self, language: str) -> list[dict]:
        """The navigation as plain data (the template calls no per-item methods)."""
        menu = self.menus.get(language)
        if menu is None:
            menu = self.menus[language] = [
                {"key": row.key, "name": row.name(language), "url": row.get_absolute_url(language)}
                for row in self.rows
            ]
        return menu


@functools.cache
def _state_query() -> tuple[str, tuple]:
    """The SQL reading the sections' fields as plain rows, written with the ORM and compiled once."""
    return Section.objects.values_list(*STATE_FIELDS).query.get_compiler(connection.alias).as_sql()


def read_state() -> list[tuple]:
    """The section rows as the database returns them: compared as they are, turned into models only on a change."""
    sql, params = _state_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_latest = Sections([], [])


def current() -> Sections:
    """The sections as the database holds them now (one query); derived data kept while they are unchanged."""
    global _latest
    state = read_state()
    if state != _latest.state:
        _latest = Sections(list(Section.objects.all()), state)
    return _latest


def of(request) -> Sections:
    """`current()`, read once per request."""
    read = getattr(request, REQUEST_ATTRIBUTE, None)
    if read is None:
        read = current()
        setattr(request, REQUEST_ATTRIBUTE, read)
    return read
