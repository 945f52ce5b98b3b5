"""What page heads tell machines: feed discovery, canonical URL, OpenGraph, Twitter card, JSON-LD, breadcrumbs.

Each builder returns plain data; the macros of syndication/head.html render it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from gazzetta.syndication import links, structured
from gazzetta.syndication.feeds import FORMATS

FEED_TYPES = {"rss": ("application/rss+xml", "RSS"), "atom": ("application/atom+xml", "Atom"),
              "json": ("application/feed+json", "JSON Feed")}


def _feeds(title: str, route: str, **kwargs) -> list[dict]:
    """Return one discovery link per format for the feed named `route`."""
    return [{"type": FEED_TYPES[kind][0], "title": f"{title} ({FEED_TYPES[kind][1]})",
             "href": reverse(f"reader:feeds:{route}-{kind}", kwargs=kwargs)} for kind in FORMATS]


def edition_feeds() -> list[dict]:
    """The edition's feeds, offered by every page."""
    return _feeds(settings.GAZZETTA.site_name, "edition")


def section_feeds(section) -> list[dict]:
    edition = get_language()
    return _feeds(section.name(edition), "section", section_slug=section.slug(edition))


def story_feeds(story) -> list[dict]:
    return _feeds(story.title_in(get_language()), "story", pk=story.pk, slug=story.slug)


def page_meta(request, title: str) -> dict:
    """Canonical URL, OpenGraph and a summary card for home, section and story pages."""
    url = _canonical(request)
    properties = [("og:type", "website"), ("og:site_name", settings.GAZZETTA.site_name), ("og:title", title),
                  ("og:url", url)]
    return {"canonical": url, "properties": properties, "names": structured.twitter_card(title, "", None)}


def _canonical(request) -> str:
    """The page's own address; of the query, only a page number beyond the first counts."""
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return request.build_absolute_uri(request.path) + suffix


def article_meta(request, article) -> dict:
    """Canonical URL, OpenGraph, Twitter card and the NewsArticle JSON-LD of an article page."""
    absolute = request.build_absolute_uri
    url = absolute(article.get_absolute_url())
    picture = links.lead_picture(article, absolute)
    return {
        "canonical": url,
        "properties": structured.open_graph(article, url, picture),
        "names": structured.twitter_card(article.headline, article.lead, picture),
        "json_ld": structured.json_ld(structured.news_article(article, url, picture, absolute)),
    }


def article_crumbs(request, article) -> list[structured.Crumb]:
    return structured.article_crumbs(article, request.build_absolute_uri)


def section_crumbs(request, section) -> list[structured.Crumb]:
    return structured.section_crumbs(section, get_language(), request.build_absolute_uri)


# The template globals (gazzetta.reader.jinja): every builder under its own name.
BUILDERS = {builder.__name__: builder for builder in (edition_feeds, section_feeds, story_feeds, page_meta,
                                                      article_meta, article_crumbs, section_crumbs)}
