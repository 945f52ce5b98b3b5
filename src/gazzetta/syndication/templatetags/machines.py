"""Template tags for page heads: feed discovery, canonical URL, OpenGraph, Twitter card, JSON-LD, breadcrumbs."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from gazzetta.syndication import links, structured
from gazzetta.syndication.feeds import FORMATS

register = template.Library()

FEED_TYPES = {"rss": ("application/rss+xml", "RSS"), "atom": ("application/atom+xml", "Atom"),
              "json": ("application/feed+json", "JSON Feed")}


def _feeds(title: str, route: str, **kwargs) -> list[dict]:
    """Return one discovery link per format for the feed named `route`."""
    return [{"type": FEED_TYPES[kind][0], "title": f"{title} ({FEED_TYPES[kind][1]})",
             "href": reverse(f"reader:feeds:{route}-{kind}", kwargs=kwargs)} for kind in FORMATS]


@register.inclusion_tag("syndication/feed_links.html")
def feed_links() -> dict:
    """The edition's feeds, offered by every page."""
    return {"feeds": _feeds(settings.GAZZETTA.site_name, "edition")}


@register.inclusion_tag("syndication/feed_links.html")
def section_feed_links(section) -> dict:
    edition = get_language()
    return {"feeds": _feeds(section.name(edition), "section", section_slug=section.slug(edition))}


@register.inclusion_tag("syndication/feed_links.html")
def story_feed_links(story) -> dict:
    return {"feeds": _feeds(story.title_in(get_language()), "story", pk=story.pk, slug=story.slug)}


@register.inclusion_tag("syndication/page_meta.html", takes_context=True)
def page_meta(context, title: str) -> dict:
    """Canonical URL, OpenGraph and a summary card for home, section and story pages."""
    request = context["request"]
    url = _canonical(request)
    properties = [("og:type", "website"), ("og:site_name", settings.GAZZETTA.site_name), ("og:title", title),
                  ("og:url", url)]
    return {"canonical": url, "properties": properties, "names": structured.twitter_card(title, "", None)}


def _canonical(request) -> str:
    """The page's own address; of the query, only a page number beyond the first counts."""
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return request.build_absolute_uri(request.path) + suffix


@register.inclusion_tag("syndication/page_meta.html", takes_context=True)
def article_meta(context, article) -> dict:
    """Canonical URL, OpenGraph, Twitter card and the NewsArticle JSON-LD of an article page."""
    absolute = context["request"].build_absolute_uri
    url = absolute(article.get_absolute_url())
    picture = links.lead_picture(article, absolute)
    return {
        "canonical": url,
        "properties": structured.open_graph(article, url, picture),
        "names": structured.twitter_card(article.headline, article.lead, picture),
        "json_ld": structured.json_ld(structured.news_article(article, url, picture, absolute)),
    }


@register.inclusion_tag("syndication/breadcrumbs.html", takes_context=True)
def article_breadcrumbs(context, article) -> dict:
    return {"crumbs": structured.article_crumbs(article, context["request"].build_absolute_uri)}


@register.inclusion_tag("syndication/breadcrumbs.html", takes_context=True)
def section_breadcrumbs(context, section) -> dict:
    absolute = context["request"].build_absolute_uri
    return {"crumbs": structured.section_crumbs(section, get_language(), absolute)}
