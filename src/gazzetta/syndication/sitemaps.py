"""Sitemaps on Django's sitemaps framework: for each edition its pages, its articles and its news.

- `<ed>-pages`: home, sections and stories, each with the same page in every edition as
  hreflang alternates and an x-default. (Django's own `i18n` mode would put all editions
  into one sitemap and derive x-default by dropping the language prefix, which answers 404
  here, since every reader URL carries its edition.)
- `<ed>-articles`: every visible article with its lead picture (Google's image extension).
- `<ed>-news`: Google News sitemap, the articles of the last 48 hours, at most 1,000.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from gazzetta.newsroom.models import Article, Section, Story
from gazzetta.syndication.links import editions

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


@dataclass(frozen=True)
class Page:
    """A page that every edition has, each at its own address."""

    key: str
    path_in: Callable[[str], str]

    def x_default(self) -> str:
        """The root chooses the edition by the reader's language; other pages fall back to the first edition."""
        return "/" if self.key == "home" else self.path_in(settings.LANGUAGE_CODE)


class EditionSitemap(Sitemap):
    """One edition's share of the site; subclasses add to each URL entry in `annotate`."""

    def __init__(self, edition: str):
        self.edition = edition

    def get_urls(self, page=1, site=None, protocol=None):
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            self.annotate(url, base)
        return urls

    def annotate(self, url: dict, base: str) -> None:
        pass


class PagesSitemap(EditionSitemap):
    changefreq = "hourly"

    def items(self) -> list[Page]:
        sections = [Page(section.key, section.get_absolute_url) for section in Section.objects.all()]
        stories = [Page(f"story-{story.pk}", story.get_absolute_url) for story in _stories_with_articles()]
        return [Page("home", lambda code: f"/{code}/"), *sections, *stories]

    def location(self, page: Page) -> str:
        return page.path_in(self.edition)

    def annotate(self, url: dict, base: str) -> None:
        page = url["item"]
        url["alternates"] = [{"lang_code": code, "location": base + page.path_in(code)} for code in editions()]
        url["alternates"].append({"lang_code": "x-default", "location": base + page.x_default()})


def _stories_with_articles():
    """Stories whose page answers: not merged away, with at least one visible article."""
    visible = Article.objects.visible().values("story_id")
    return Story.objects.filter(merged_into__isnull=True, pk__in=visible).order_by("-updated_at")


class ArticlesSitemap(EditionSitemap):
    def items(self):
        return Article.objects.visible().in_edition(self.edition).for_lists()

    def lastmod(self, article: Article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        latest = self.items().aggregate(published=Max("published_at"), updated=Max("updated_at"))
        return max(filter(None, latest.values()), default=None)

    def annotate(self, url: dict, base: str) -> None:
        image = url["item"].lead_image
        url["images"] = [base + image.file.url] if image else []


class NewsSitemap(ArticlesSitemap):
    limit = NEWS_LIMIT

    def items(self):
        recent = super().items().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        return recent[:NEWS_LIMIT]

    def get_latest_lastmod(self):
        return max((self.lastmod(article) for article in self.items()), default=None)

    def annotate(self, url: dict, base: str) -> None:
        pass


KINDS = {"pages": PagesSitemap, "articles": ArticlesSitemap, "news": NewsSitemap}


def all_sitemaps() -> dict[str, Sitemap]:
    """Return every sitemap by its section name, e.g. "de-news"."""
    return {f"{code}-{kind}": sitemap(code) for code in editions() for kind, sitemap in KINDS.items()}
