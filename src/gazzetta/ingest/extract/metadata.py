"""Article metadata from meta tags, JSON-LD and marked-up elements, in a documented order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as dateparser
from lxml import html

from gazzetta.ingest.extract import jsonld
from gazzetta.ingest.extract.blocks import squash

# "Headline - Site", "Headline | Site", "Headline – Site", "Headline :: Site".
_SITE_SEPARATOR = re.compile(r"\s+(?:[-|–—•·]|::)\s+")
_BYLINE_PREFIX = re.compile(
    r"^(?:by|von|di|da|par|por|de|door|av|af|przez|text:|texte:|von:)\s+", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(
    r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\be\b|\by\b|\ben\b|\boch\b|\bog\b|\bi\b)\s*")
_BYLINE_XPATH = ('//*[@rel="author" or @itemprop="author"'
                 ' or contains(@class, "byline__name") or contains(@class, "author-name")]')
_MAX_AUTHOR_WORDS = 5


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about its article, before the body is looked at."""

    headline: str = ""
    lead: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    language: str = ""
    site_name: str = ""
    url: str = ""
    section: str = ""
    keywords: tuple[str, ...] = ()
    meta: dict[str, list[str]] = field(default_factory=dict, repr=False)
    article: dict = field(default_factory=dict, repr=False)


def read_metadata(tree: html.HtmlElement, url: str | None) -> Metadata:
    """Return the page's metadata; `url` is where the page came from (for relative links)."""
    meta = meta_tags(tree)
    article = jsonld.article(jsonld.objects(tree))
    site_name = first(meta, "og:site_name") or _publisher(article) or first(meta, "application-name")
    return Metadata(
        headline=headline(tree, meta, article, site_name),
        lead=first(meta, "description", "og:description") or jsonld.first_text(article.get("description")),
        authors=authors(tree, meta, article),
        published=_first_date(article.get("datePublished"), *meta_values(meta, "article:published_time", "datepublished", "date", "dc.date"), *_time_elements(tree)),
        modified=_first_date(article.get("dateModified"), *meta_values(meta, "article:modified_time", "og:updated_time", "datemodified")),
        language=language(tree, meta),
        site_name=squash(site_name),
        url=canonical_url(tree, meta, url),
        section=first(meta, "article:section") or jsonld.first_text(article.get("articleSection")),
        keywords=keywords(meta, article),
        meta=meta,
        article=article,
    )
