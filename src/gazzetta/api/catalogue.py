"""What the articles belong to: editions, sections and stories."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from gazzetta.api import cursor, lookups, present
from gazzetta.api.articles import MAX_PAGE_SIZE, PAGE_SIZE, next_page
from gazzetta.api.errors import ApiError
from gazzetta.api.http import set_last_modified
from gazzetta.api.schemas import EditionOut, SectionOut, StoryDetail, StoryPage
from gazzetta.newsroom.models import Article, Section, Story
from gazzetta.syndication.links import editions

router = Router()


@router.get("/editions", response=list[EditionOut], url_name="editions", tags=["editions"],
            summary="The editions (languages) the site publishes")
def list_editions(request):
    return [present.edition(code, request.build_absolute_uri) for code in editions()]


@router.get("/sections", response=list[SectionOut], url_name="sections", tags=["sections"],
            summary="Sections, with their name and page in every edition")
def list_sections(request):
    return [present.section(section, request.build_absolute_uri) for section in Section.objects.all()]


class StoryFilters(Schema):
    language: str | None = Field(None, description="Only stories with articles in this edition; titles in it")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(None, description="`next_cursor` of the previous page")


@router.get("/stories", response=StoryPage, url_name="stories", tags=["stories"],
            summary="Stories with visible articles, the most recently updated first")
def list_stories(request, response: HttpResponse, filters: Query[StoryFilters]):
    language = lookups.edition(filters.language) if filters.language else ""
    articles = Article.objects.visible().in_edition(language) if language else Article.objects.visible()
    stories = Story.objects.filter(merged_into__isnull=True, pk__in=articles.values("story_id"))
    items, next_cursor = cursor.page(stories, "updated_at", filters.cursor, filters.limit)
    set_last_modified(response, max((story.updated_at for story in items), default=None))
    title_language = language or settings.LANGUAGE_CODE
    return {"items": [present.story(story, title_language, request.build_absolute_uri) for story in items],
            "next_cursor": next_cursor, "next": next_page(request, next_cursor)}


@router.get("/stories/{story_id}", response={200: StoryDetail, 404: ApiError}, url_name="story", tags=["stories"],
            summary="A story and its visible articles, newest first")
def story_detail(request, response: HttpResponse, story_id: int, language: str | None = None):
    story = lookups.by_id(Story.objects.filter(merged_into__isnull=True), story_id, "story")
    articles = Article.objects.visible().filter(story=story).for_lists()
    if language:
        articles = articles.in_edition(lookups.edition(language))
    absolute = request.build_absolute_uri
    set_last_modified(response, story.updated_at)
    return {**present.story(story, language or settings.LANGUAGE_CODE, absolute),
            "articles": [present.summary(article, absolute) for article in articles]}
