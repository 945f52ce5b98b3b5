"""Absolute addresses, stable identifiers and the lead picture, as every machine-readable output needs them."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass

from django.conf import settings

from gazzetta.newsroom.models import Article, Image, Section

# RFC 3986 scheme followed by something without spaces: wire guids such as
# "urn:newsml:…" or "https://…" qualify; bare agency numbers ("dpa-123") do not.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def editions() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def stable_id(article: Article, absolute_url: str) -> str:
    """Return the article's guid when it is a URI, else its absolute address (feeds and ninjs need a URI)."""
    return article.guid if _URI.match(article.guid) else absolute_url


def subject_of(entry) -> tuple[str, str]:
    """Return (code, name) of a stored subject: a {"code", "name"} dict (ingest) or a plain name (demo, editors)."""
    if isinstance(entry, dict):
        return str(entry.get("code") or ""), str(entry.get("name") or "")
    return "", str(entry)


def section_by_slug(edition: str, slug: str) -> Section | None:
    """Return the section whose localised slug in `edition` is `slug`."""
    return next((section for section in Section.objects.all() if section.slug(edition) == slug), None)


@dataclass(frozen=True)
class Picture:
    """A lead image whose file is on disk, with what feeds, cards and sitemaps say about it."""

    url: str
    length: int
    mime_type: str
    width: int | None
    height: int | None
    caption: str
    credit: str
    alt: str


def lead_picture(article: Article, absolute) -> Picture | None:
    """Return the article's lead image if its file is stored; `absolute(path)` makes its address absolute."""
    image = article.lead_image
    length = _stored_size(image) if image else None
    if length is None:
        return None
    return Picture(absolute(image.file.url), length, mime_type(image.file.name), image.width, image.height,
                   image.caption, image.credit, image.alt)


def _stored_size(image: Image) -> int | None:
    try:
        return image.file.size
    except OSError:  # the record arrived, the file did not (or was removed)
        return None


def mime_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
