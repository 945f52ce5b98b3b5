"""What the API answers, as schemas (they are also the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class EditionOut(Schema):
    code: str
    name: str
    url: str
    feeds: dict[str, str] = Field(description="RSS, Atom and JSON Feed of the edition")


class SectionOut(Schema):
    key: str
    position: int
    names: dict[str, str] = Field(description="Name per edition")
    urls: dict[str, str] = Field(description="Page per edition")


class Ref(Schema):
    key: str
    name: str


class ImageOut(Schema):
    url: str | None = Field(description="null while (or if ever) the picture file has not arrived")
    caption: str
    credit: str
    alt: str
    width: int | None
    height: int | None


class ArticleSummary(Schema):
    id: int
    url: str
    api_url: str
    headline: str
    lead: str
    language: str
    byline: str
    section: Ref | None
    source: Ref | None
    story_id: int | None
    published_at: datetime
    updated_at: datetime | None
    image: ImageOut | None = Field(description="The lead picture")


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")
    next: str | None = Field(description="The next page's address")


class Teaser(Schema):
    headline: str
    lead: str
    url: str = Field(description="Empty when the recommended article is not (yet) on this site")
    language: str


class RelatedOut(Schema):
    recommended: list[Teaser] = Field(description='"Recommended", as the article page shows it')
    story: list[ArticleSummary] = Field(description="More on the article's story")


class Subject(Schema):
    code: str
    name: str


class StoryRef(Schema):
    id: int
    title: str
    url: str


class ArticleDetail(ArticleSummary):
    guid: str
    version: int
    body_html: str
    authors: list[str]
    agency: str
    subjects: list[Subject]
    correction_note: str
    story: StoryRef | None
    images: list[ImageOut]
    related: RelatedOut


class StoryOut(Schema):
    id: int
    title: str
    titles: dict[str, str]
    url: str
    updated_at: datetime


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None
    next: str | None


class StoryDetail(StoryOut):
    articles: list[ArticleSummary]
