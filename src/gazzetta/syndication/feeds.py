"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for each edition, section and story.

One Feed class per scope says which articles a feed holds; the format is the generator it
is built with (generators.py). Only visible articles appear: withdrawn, withheld, embargoed
and not yet published ones never do. Item ids are the article's guid when it is a URI, else
its address, so they survive headline corrections and section moves. Whether items carry the
full text or only the lead is the GAZZETTA_FEED_CONTENT setting ("full" or "summary").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gazzetta.newsroom.models import Article, Story
from gazzetta.syndication import generators, links

FEED_SIZE = 30
FORMATS = {"rss": generators.RssFeed, "atom": generators.AtomFeed, "json": generators.JsonFeed}


def full_content() -> bool:
    return getattr(settings, "GAZZETTA_FEED_CONTENT", "summary") == "full"


@dataclass(frozen=True)
class Scope:
    """What one feed covers: its title, its page on the site and its articles."""

    title: str
    link: str
    articles: QuerySet


class ArticleFeed(Feed):
    """The articles of a scope, newest first; built per request, so it may keep the request."""

    def __init__(self, feed_type, request):
        self.feed_type = feed_type
        self.request = request
        self.pictures: dict[int, links.Picture | None] = {}

    @classmethod
    def view(cls, kind: str):
        """Return the view that answers this feed in format `kind` (rss, atom or json)."""
        @require_safe
        def respond(request, **kwargs):
            return cls(FORMATS[kind], request)(request, **kwargs)

        return respond

    def edition(self) -> str:
        return get_language() or settings.LANGUAGE_CODE

    def site_title(self, name: str) -> str:
        return f"{settings.GAZZETTA.site_name} - {name}"

    def title(self, scope: Scope) -> str:
        return scope.title

    def description(self, scope: Scope) -> str:
        return scope.title

    def link(self, scope: Scope) -> str:
        return scope.link

    def items(self, scope: Scope):
        return scope.articles.visible().for_lists()[:FEED_SIZE]

    def item_title(self, article: Article) -> str:
        return article.headline

    def item_description(self, article: Article) -> str:
        return escape(article.lead)

    def item_guid(self, article: Article) -> str:
        return links.stable_id(article, self.request.build_absolute_uri(article.get_absolute_url()))

    def item_guid_is_permalink(self, article: Article) -> bool:
        return False

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at or article.published_at

    def item_author_name(self, article: Article) -> str | None:
        return ", ".join(article.authors) or article.agency or (article.source.name if article.source else None)

    def item_categories(self, article: Article) -> list[str]:
        section = [article.section.name(article.language)] if article.section else []
        return section + [name for _code, name in map(links.subject_of, article.subjects) if name]

    def item_enclosures(self, article: Article):
        picture = self.picture(article)
        return [Enclosure(picture.url, str(picture.length), picture.mime_type)] if picture else []

    def item_extra_kwargs(self, article: Article) -> dict:
        return {"content_html": article.body_html if full_content() else None, "summary": article.lead,
                "language": article.language, "picture": self.picture(article)}

    def picture(self, article: Article) -> links.Picture | None:
        """The lead picture, looked up once per article and feed."""
        if article.pk not in self.pictures:
            self.pictures[article.pk] = links.lead_picture(article, self.request.build_absolute_uri)
        return self.pictures[article.pk]


class EditionFeed(ArticleFeed):
    def get_object(self, request):
        edition = self.edition()
        return Scope(self.site_title(_("Latest news")), f"/{edition}/", Article.objects.in_edition(edition))


class SectionFeed(ArticleFeed):
    def get_object(self, request, section_slug: str):
        edition = self.edition()
        section = links.section_by_slug(edition, section_slug)
        if section is None:
            raise Http404("no such section")
        articles = Article.objects.in_edition(edition).filter(section=section)
        return Scope(self.site_title(section.name(edition)), section.get_absolute_url(edition), articles)


class StoryFeed(ArticleFeed):
    """The story's articles in this edition's language (the feed says which language it is in)."""

    def get_object(self, request, pk: int, slug: str):
        edition = self.edition()
        story = get_object_or_404(Story, pk=pk, merged_into__isnull=True)
        articles = Article.objects.in_edition(edition).filter(story=story)
        return Scope(self.site_title(story.title_in(edition)), story.get_absolute_url(edition), articles)
