"""The sections as every reader page needs them: one small query per page, the rest derived once.

Each page reads the section rows (names change in the admin, and every process must show the
change at once), but what is built from them (the navigation per edition, the shared fragments
of reader/templatetags/fragments.py) is kept per process and rebuilt only when the rows differ
from the ones it was built from.
"""

from __future__ import annotations

from gazzetta.newsroom.models import Section
from gazzetta.reader.prepared import PreparedQuery

ALL_SECTIONS = PreparedQuery(lambda: Section.objects.all())
REQUEST_ATTRIBUTE = "_gazzetta_sections"


class Sections:
    """One reading of the section rows, with the navigation of each edition built on first use."""

    def __init__(self, rows: list[Section]):
        self.rows = rows
        self.state = state_of(rows)
        self.by_id = {row.pk: row for row in rows}
        self.menus: dict[str, list[dict]] = {}
        self.fragments: dict[tuple, str] = {}  # rendered parts shared by every page (templatetags/fragments.py)

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


def state_of(rows: list[Section]) -> list[tuple]:
    return [(row.pk, row.key, row.position, row.names) for row in rows]


_latest = Sections([])


def current() -> Sections:
    """The sections as the database holds them now (one query); derived data kept while they are unchanged."""
    global _latest
    rows = list(ALL_SECTIONS.run())
    if state_of(rows) != _latest.state:
        _latest = Sections(rows)
    return _latest


def of(request) -> Sections:
    """`current()`, read once per request."""
    read = getattr(request, REQUEST_ATTRIBUTE, None)
    if read is None:
        read = current()
        setattr(request, REQUEST_ATTRIBUTE, read)
    return read
