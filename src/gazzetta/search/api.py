"""GET /api/v1/search?q=…: the same search as the reader's page, as JSON."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from gazzetta.api.lookups import IsoDay
from gazzetta.search.backends import get_search_backend
from gazzetta.search.backends.base import (
    MAX_PER_PAGE,
    PER_PAGE,
    RELEVANCE,
    SearchFilters,
)

router = Router(tags=["search"])


class SearchParameters(Schema):
    q: str = Field("", description="Words, \"phrases\", -exclusions, OR, prefix*")
    language: str | None = Field(None, description="Only articles in this language (default: all)")
    section: str | None = Field(None, description="Section key")
    source: str | None = Field(None, description="Source key")
    story: int | None = None
    since: IsoDay | None = Field(None, description="Published on or after this day (YYYY-MM-DD)")
    until: IsoDay | None = Field(None, description="Published on or before this day (YYYY-MM-DD)")
    order: Literal["relevance", "newest"] = RELEVANCE
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)


class SearchHit(Schema):
    id: int
    url: str
    headline: str
    language: str
    score: float
    snippet: str = Field(description="HTML: escaped text, matched words in <mark>")


class SearchResponse(Schema):
    query: str
    count: int
    page: int
    num_pages: int
    hits: list[SearchHit]


def _day_start(day: date | None, days_later: int = 0) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=days_later), time.min))


@router.get("", response=SearchResponse, summary="Search visible articles")
def search(request, params: Query[SearchParameters]):
    filters = SearchFilters(language=params.language, section=params.section, source=params.source,
                            story=params.story, since=_day_start(params.since), until=_day_start(params.until, 1))
    found = get_search_backend().search(params.q, filters, params.order, params.page, params.per_page)
    return {"query": params.q, "count": found.count, "page": found.page, "num_pages": found.num_pages,
            "hits": [hit.as_dict() for hit in found]}
