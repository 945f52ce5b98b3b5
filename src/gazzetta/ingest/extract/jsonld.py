"""Read the schema.org JSON-LD objects a page embeds, tolerating what publishers get wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator

from lxml import html

_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting")


def objects(tree: html.HtmlElement) -> list[dict]:
    """Return every JSON-LD object of the page, @graph members and nested lists flattened."""
    scripts = tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]')
    return [found for script in scripts for found in _flatten(_load(script.text or ""))]


def _load(text: str) -> object:
    try:
        return json.loads(text.strip().rstrip(";"), strict=False)
    except ValueError:
        return None


def _flatten(value: object) -> Iterator[dict]:
    if isinstance(value, list):
        for member in value:
            yield from _flatten(member)
    elif isinstance(value, dict):
        yield value
        yield from _flatten(value.get("@graph"))


def article(found: list[dict]) -> dict:
    """Return the object describing the article (NewsArticle, BlogPosting…), or an empty dict."""
    for candidate in found:
        if any(kind in type_name for type_name in _types(candidate) for kind in _ARTICLE_TYPES):
            return candidate
    return next((candidate for candidate in found if "headline" in candidate), {})


def _types(candidate: dict) -> list[str]:
    kind = candidate.get("@type", "")
    return [str(name) for name in kind] if isinstance(kind, list) else [str(kind)]


def names(value: object) -> list[str]:
    """Return the names in a person/organisation value: a string, an object or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [name for member in value for name in names(member)]
    return []


def first_text(value: object) -> str:
    """Return `value` as text when it is a string, else the first string in it (lists)."""
    if isinstance(value, list):
        return next((text for text in map(first_text, value) if text), "")
    return value.strip() if isinstance(value, str) else ""
