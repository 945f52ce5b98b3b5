"""Article metadata from meta tags, JSON-LD and marked-up elements, in a documented order."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as dateparser
from lxml import html

from gazzetta.ingest.extract import jsonld
from gazzetta.ingest.extract.blocks import squash

# "Headline - Site", "Headline | Site", "Headline – Site", "Headline :: Site".
_SITE_SEPARATOR = re.compile(r"\s+(?:[-|–—•·»*]|::)\s+|\s*[：｜ㅣ]\s*|\s*-(?=[^\s-]+$)")
_BYLINE_PREFIX = re.compile(r"^(?:by|von|di|da|par|por|door|av|af|przez)\s+", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(
    r"\s*(?:,|;|&|\s/\s|\band\b|\bund\b|\bet\b|\be\b|\by\b|\ben\b|\boch\b|\bog\b)\s*")
_BYLINE_XPATH = ('//*[@rel="author" or @itemprop="author"'
                 ' or contains(@class, "byline__name") or contains(@class, "author-name")]')
_MAX_AUTHOR_WORDS = 5
_MAX_SITE_WORDS = 4
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PUBLISHED_KEYS = ("article:published_time", "datepublished", "og:published_time",
                   "dc.date.issued", "dc.date", "date", "pubdate")
_MODIFIED_KEYS = ("article:modified_time", "datemodified", "og:updated_time", "last-modified")
_KEYWORD_KEYS = ("news_keywords", "keywords", "article:tag")


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
    site = site_name(meta, article)
    return Metadata(
        headline=headline(tree, meta, article, site), lead=lead(meta, article),
        authors=authors(tree, meta, article), published=published_time(tree, meta, article),
        modified=_first_date([article.get("dateModified"), *_values(meta, _MODIFIED_KEYS)]),
        language=language(tree, meta), site_name=site, url=canonical_url(tree, meta, url),
        section=first(meta, "article:section") or jsonld.first_text(article.get("articleSection")),
        keywords=keywords(meta, article), meta=meta, article=article)


def meta_tags(tree: html.HtmlElement) -> dict[str, list[str]]:
    """Map each meta property/name/itemprop/http-equiv (lowercased) to its non-empty contents."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = next((element.get(a) for a in ("property", "name", "itemprop", "http-equiv")
                    if element.get(a)), "")
        content = squash(element.get("content") or "")
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    return found


def _values(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [value for key in keys for value in meta.get(key, [])]


def first(meta: dict[str, list[str]], *keys: str) -> str:
    """Return the first content among the meta `keys`, in the order given."""
    return next(iter(_values(meta, keys)), "")


def site_name(meta: dict[str, list[str]], article: dict) -> str:
    """Return og:site_name, else the JSON-LD publisher, else the application name."""
    publisher = jsonld.names(article.get("publisher"))
    return squash(first(meta, "og:site_name") or next(iter(publisher), "")
                  or first(meta, "application-name"))


def headline(tree: html.HtmlElement, meta: dict, article: dict, site: str) -> str:
    """Return og:title, JSON-LD headline, the first h1 or <title>, without a site suffix."""
    for candidate in (first(meta, "og:title"), jsonld.first_text(article.get("headline")),
                      first(meta, "twitter:title"), _element_text(tree, "//h1"),
                      _element_text(tree, "//title")):
        if candidate:
            return strip_site_suffix(squash(candidate), site)
    return ""


def _element_text(tree: html.HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return squash(found[0].text_content()) if found else ""


def strip_site_suffix(title: str, site: str) -> str:
    """Remove a trailing ' - Site' / ' | Site' (or a leading 'Site | ') naming the site."""
    separators = list(_SITE_SEPARATOR.finditer(title))
    if not separators or not _letters(site):
        return title
    last, head = separators[-1], separators[0]
    if _names_site(title[last.end():], site):
        return strip_site_suffix(title[:last.start()], site)
    if _letters(title[:head.start()]) == _letters(site):
        return title[head.end():]
    return title


def _names_site(segment: str, site: str) -> bool:
    """Say whether a title segment names the site ('WELT', 'Globalnews.ca', 'CNN Politics')."""
    words, segment, site = len(segment.split()), _letters(segment), _letters(site)
    if not segment or words > _MAX_SITE_WORDS:
        return False
    return segment in site or site in segment


def _letters(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


def lead(meta: dict[str, list[str]], article: dict) -> str:
    """Return the description the page declares (meta, Open Graph, JSON-LD), if any."""
    return squash(first(meta, "description", "og:description", "twitter:description")
                  or jsonld.first_text(article.get("description")))


def authors(tree: html.HtmlElement, meta: dict[str, list[str]], article: dict) -> tuple[str, ...]:
    """Return the authors: JSON-LD author, else meta author, else byline elements; lists split."""
    for source in (jsonld.names(article.get("author")),
                   _values(meta, ("author", "article:author", "dc.creator", "sailthru.author")),
                   [element.text_content() for element in tree.xpath(_BYLINE_XPATH)]):
        names = _unique(name for text in source for name in split_authors(text))
        if names:
            return names
    return ()


def split_authors(text: str) -> list[str]:
    """Split a byline such as 'By Ann Lee, Bo Chan and Cy Dee' into plausible person names."""
    text = _BYLINE_PREFIX.sub("", squash(text))
    if "://" in text or text.startswith("@"):
        return []
    names = (squash(name) for name in _AUTHOR_SEPARATOR.split(text))
    return [name for name in names if name and len(name.split()) <= _MAX_AUTHOR_WORDS]


def _unique(names) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def published_time(tree: html.HtmlElement, meta: dict, article: dict) -> datetime | None:
    """Return JSON-LD datePublished, else the meta tags, else the first <time datetime>."""
    times = [element.get("datetime") for element in tree.iter("time")]
    return _first_date([article.get("datePublished"), *_values(meta, _PUBLISHED_KEYS), *times])


def _first_date(candidates: list) -> datetime | None:
    return next((date for date in map(parse_date, candidates) if date), None)


def parse_date(value: object) -> datetime | None:
    """Return `value` as an aware datetime (a naive one is taken as UTC), or None if unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        parsed = _parse_loose(value)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_loose(value: str) -> datetime | None:
    """Parse free-form dates, but only with a year in them (dateutil fills gaps from today)."""
    if not _YEAR.search(value):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown zone names: the time is then taken as UTC
        try:
            return dateparser.parse(value, ignoretz=False)
        except (ValueError, OverflowError, TypeError):
            return None


def language(tree: html.HtmlElement, meta: dict[str, list[str]]) -> str:
    """Return the page language as a BCP 47 tag: html lang, og:locale, Content-Language."""
    for tag in (tree.get("lang"), tree.get("xml:lang"), first(meta, "og:locale"),
                first(meta, "content-language", "language", "dc.language")):
        normalised = normalise_language(tag or "")
        if normalised:
            return normalised
    return ""


def normalise_language(tag: str) -> str:
    """Return 'en-US' for 'en_us', 'EN-us' or 'en-US, de'; '' for values that are not tags."""
    tag = tag.split(",")[0].strip().replace("_", "-")
    primary, _, region = tag.partition("-")
    if not re.fullmatch(r"[A-Za-z]{2,3}", primary):
        return ""
    return primary.lower() + (f"-{region.upper() if len(region) == 2 else region}" if region else "")


def canonical_url(tree: html.HtmlElement, meta: dict[str, list[str]], url: str | None) -> str:
    """Return the canonical link, else og:url, else `url`; relative links made absolute."""
    canonical = tree.xpath('//link[contains(concat(" ", @rel, " "), " canonical ")]/@href')
    found = next((href.strip() for href in canonical if href.strip()), "") or first(meta, "og:url")
    absolute = urljoin(url or "", found) if found else (url or "")
    return absolute if urlsplit(absolute).scheme in ("http", "https") else (url or "")


def keywords(meta: dict[str, list[str]], article: dict) -> tuple[str, ...]:
    """Return the declared keywords (meta keywords, article:tag, JSON-LD keywords), split."""
    declared = _values(meta, _KEYWORD_KEYS) + jsonld_keywords(article.get("keywords"))
    return _unique(word for text in declared for word in map(squash, text.split(",")) if word)


def jsonld_keywords(value: object) -> list[str]:
    """Return JSON-LD keywords, which come as one comma-separated string or as a list."""
    if isinstance(value, list):
        return [str(word) for word in value if isinstance(word, (str, int))]
    return [value] if isinstance(value, str) else []
