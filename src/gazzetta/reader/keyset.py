"""Section pages by seek (keyset) pagination: page 1,000 costs what page 1 costs.

A page is addressed by a cursor, the publication time and id of the article it continues
from (`before`: older than it; `after`: newer than it), so the database seeks its
(section, language, status, published_at) index instead of counting and skipping rows.
A bare `?page=N` (an old link) is still answered by an offset for the first
MAX_NUMBERED_PAGE pages; deeper pages are reached through the links, which carry a cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from django.db.models import Q
from django.http import Http404

MAX_NUMBERED_PAGE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Page:
    object_list: list
    number: int
    newer_url: str = ""
    older_url: str = ""

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer_url or self.older_url)


def page_of(articles, params, size: int, path: str) -> Page:
    """Return the page `params` asks for; Http404 for a malformed address or an empty later page."""
    number = _number(params.get("page", "1"))
    if "before" in params:
        rows, newer, older = _older_than(articles, _cursor(params["before"]), size)
    elif "after" in params:
        rows, newer, older = _newer_than(articles, _cursor(params["after"]), size)
    else:
        rows, newer, older = _numbered(articles, number, size)
    if not rows and number > 1:
        raise Http404("no such page")
    return Page(rows, number, _link(path, number - 1, "after", rows[0]) if newer and rows else "",
                _link(path, number + 1, "before", rows[-1]) if older else "")


def older_bound(params) -> Q:
    """The `before` cursor's bound on publication time, for a page's query to state first (else Q()).

    SQLite seeks an index by the first upper bound on published_at it meets in the WHERE clause, and
    visibility's (published up to now) comes before the one `page_of` adds: page 1,000 then walked the
    section's index from its newest article down.
    """
    return Q(published_at__lte=_cursor(params["before"])[0]) if "before" in params else Q()


def _older_than(articles, cursor: tuple[datetime, int], size: int) -> tuple[list, bool, bool]:
    moment, pk = cursor
    rows = list(articles.filter(published_at__lte=moment).exclude(Q(published_at=moment, pk__gte=pk))[:size + 1])
    return rows[:size], True, len(rows) > size


def _newer_than(articles, cursor: tuple[datetime, int], size: int) -> tuple[list, bool, bool]:
    moment, pk = cursor
    rows = articles.filter(published_at__gte=moment).exclude(Q(published_at=moment, pk__lte=pk)).reverse()
    rows = list(rows[:size + 1])
    return rows[:size][::-1], len(rows) > size, True


def _numbered(articles, number: int, size: int) -> tuple[list, bool, bool]:
    if number > MAX_NUMBERED_PAGE:
        raise Http404("deep pages are reached through their links")
    start = (number - 1) * size
    rows = list(articles[start:start + size + 1])
    return rows[:size], number > 1, len(rows) > size


def _link(path: str, number: int, direction: str, article) -> str:
    if number <= 1:
        return path
    stamp = (article.published_at - EPOCH) // MICROSECOND
    return f"{path}?page={number}&{direction}={stamp}.{article.pk}"


def _number(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise Http404("no such page")
    return int(raw)


def _cursor(raw: str) -> tuple[datetime, int]:
    stamp, _dot, pk = raw.partition(".")
    if not (stamp.isdigit() and pk.isdigit()):
        raise Http404("no such page")
    return EPOCH + int(stamp) * MICROSECOND, int(pk)
