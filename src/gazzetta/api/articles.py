"""Articles: the list with filters and cursor pages, the detail (JSON or ninjs), the related lists."""

from __future__ import annotations

import json

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Query, Router, Schema
from pydantic import Field

from gazzetta.api import cursor, lookups, ninjs, present
from gazzetta.api.errors import ApiError, Gone
from gazzetta.api.http import set_last_modified
from gazzetta.api.schemas import ArticleDetail, ArticlePage, RelatedOut
from gazzetta.newsroom.models import Article, Section, Source, Story

router = Router(tags=["articles"])
MISSING = {404: ApiError, 410: ApiError}
NINJS_CONTENT = {ninjs.MEDIA_TYPE: {"schema": {"type": "object", "description": f"IPTC ninjs {ninjs.VERSION}"}}}
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ArticleFilters(Schema):
    language: str | None = Field(None, description="Only this edition (language code)")
    section: str | None = Field(None, description="Section key")
    source: str | None = Field(None, description="Source key")
    story: int | None = Field(None, ge=1, le=lookups.MAX_ID, description="Story id")
    since: lookups.Rfc3339 | None = Field(None, description="Published at or after this time (RFC 3339)")
    until: lookups.Rfc3339 | None = Field(None, description="Published before this time (RFC 3339)")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(None, description="`next_cursor` of the previous page")


@router.get("/articles", response=ArticlePage, url_name="articles", summary="Visible articles, newest first")
def list_articles(request, response: HttpResponse, filters: Query[ArticleFilters]):
    articles = filtered(Article.objects.filter(older_bound(filters)).visible().for_lists(), filters)
    items, next_cursor = cursor.page(articles, "published_at", filters.cursor, filters.limit)
    set_last_modified(response, max((article.modified_at for article in items), default=None))
    absolute = request.build_absolute_uri
    return {"items": [present.summary(article, absolute) for article in items],
            "next_cursor": next_cursor, "next": next_page(request, next_cursor)}


def older_bound(filters: ArticleFilters) -> Q:
    """The page's own upper bound on publication time (its cursor's or `until`), for the query to state first.

    SQLite seeks an index by the first upper bound on published_at it meets in the WHERE clause, and
    visibility's (published up to now) comes before the list's own: a deep page walked the edition's
    index from its newest article down (as section pages did: reader/keyset.py older_bound).
    """
    moments = [cursor.decode("published_at", filters.cursor)[0]] if filters.cursor else []
    if filters.until:
        moments.append(lookups.moment(filters.until, "until"))
    return Q(published_at__lte=min(moments)) if moments else Q()


def filtered(articles, filters: ArticleFilters):
    """Apply the list's filters; one that names nothing answers 400."""
    if filters.language:
        articles = articles.in_edition(lookups.edition(filters.language))
    if filters.section:
        articles = articles.filter(section=lookups.named(Section.objects, "section", key=filters.section))
    if filters.source:
        articles = articles.filter(source=lookups.named(Source.objects, "source", key=filters.source))
    if filters.story:
        articles = articles.filter(story=lookups.named(Story.objects, "story", pk=filters.story))
    if filters.since:
        articles = articles.filter(published_at__gte=lookups.moment(filters.since, "since"))
    if filters.until:
        articles = articles.filter(published_at__lt=lookups.moment(filters.until, "until"))
    return articles


def next_page(request, next_cursor: str | None) -> str | None:
    if next_cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"


def published(article_id: int) -> Article:
    """Return a visible article; a withdrawn one answers 410 with the reason, any other 404."""
    queryset = Article.objects.select_related("section", "source", "story").prefetch_related("images")
    article = lookups.by_id(queryset, article_id, "article")
    if article.is_withdrawn:
        raise Gone(f"article {article_id} was withdrawn: {article.withdrawn_reason}".rstrip(": "))
    if not Article.objects.visible().filter(pk=article.pk).exists():
        raise Http404(f"api: no published article with id {article_id}")
    return article


def ninjs_response(request, article: Article) -> HttpResponse:
    document = ninjs.document(article, request.build_absolute_uri)
    response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type=f"{ninjs.MEDIA_TYPE}; charset=utf-8")
    set_last_modified(response, article.modified_at)
    return response


@router.get("/articles/{article_id}.ninjs", response={200: dict, **MISSING}, url_name="article-ninjs",
            summary="An article as IPTC ninjs 2.2", openapi_extra={"responses": {200: {"content": NINJS_CONTENT}}})
def article_ninjs(request, article_id: int):
    return ninjs_response(request, published(article_id))


@router.get("/articles/{article_id}", response={200: ArticleDetail, **MISSING}, url_name="article",
            summary="An article with everything its page shows",
            description=f"With `Accept: {ninjs.MEDIA_TYPE}` the answer is the article as ninjs.",
            openapi_extra={"responses": {200: {"content": NINJS_CONTENT}}})
def article_detail(request, response: HttpResponse, article_id: int):
    article = published(article_id)
    if ninjs.wants_ninjs(request):
        answer = ninjs_response(request, article)
    else:
        answer = present.detail(article, request.build_absolute_uri)
        set_last_modified(response, article.modified_at)
    patch_vary_headers(answer if isinstance(answer, HttpResponse) else response, ["Accept"])
    return answer


@router.get("/articles/{article_id}/related", response={200: RelatedOut, **MISSING}, url_name="article-related",
            summary='"Recommended" and more on the story, as under the article page')
def article_related(request, response: HttpResponse, article_id: int):
    article = published(article_id)
    set_last_modified(response, article.modified_at)
    return present.related_lists(article, request.build_absolute_uri)

