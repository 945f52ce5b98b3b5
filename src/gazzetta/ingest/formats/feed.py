"""Feeds: RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 through feedparser, JSON Feed 1.0/1.1 here.

One WireItem per entry. Broken feeds are common, so a feed feedparser flags as ill-formed
("bozo") still yields every entry it recovered; only a payload with nothing usable raises
ParseError, naming feedparser's complaint.

Safety — feedparser reads only the bytes handed to it:

- `feedparser.parse()` treats a str or bytes argument that looks like a URL or a file
  name as something to fetch or open. We always pass `io.BytesIO(data)`, which it only
  `.read()`s, so no network or file access can happen whatever the payload says.
- Its SAX parser runs with external general entities off (`feature_external_ges`), and
  before parsing it strips the DOCTYPE, keeping only entity declarations whose value is
  literal text. A SYSTEM entity (XXE: `file://`, `http://`) or a nested one (billion
  laughs) is therefore never expanded: the feed comes out bozo, the reference unexpanded.
- Media captions are read in a second pass with lxml, its entity resolution, DTD loading
  and network access all switched off.
"""

from __future__ import annotations

import email.utils
import html
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from time import struct_time
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree

from gazzetta.ingest.wireitem import (
    ParseError, ParseResult, Rejected, Subject, WireImage, WireItem)

FORMAT = "feed"
MEDIA_NS = "http://search.yahoo.com/mrss/"
HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
MERGED_IMAGE_FIELDS = ("caption", "credit", "alt", "width", "height", "mime_type")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|h[1-6]|blockquote|table|tr|td|th|section|article|figure"
    r"|figcaption|header|footer|pre)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_MEDIA_PREFIX = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']http://search\.yahoo\.com/mrss/?["']""")
_SAFE_XML = dict(resolve_entities=False, no_network=True, load_dtd=False, recover=True)


def parse(data: bytes, *, url: str | None = None) -> ParseResult:
    """Parse an RSS, Atom, RDF or JSON feed into one WireItem (or Rejected) per entry."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return _parse_json_feed(data, url)
    parsed = feedparser.parse(io.BytesIO(_without_media_texts(data)),
                              response_headers=_headers(url))
    _check_usable(parsed)
    media = _MediaTexts(data)
    site = _plain(parsed.feed.get("title_detail"))
    language = parsed.feed.get("language") or ""
    return [_entry(entry, index, site, language, media) for index, entry in
            enumerate(parsed.entries)]


def _without_media_texts(data: bytes) -> bytes:
    """Drop media:description and media:title, which feedparser files as the entry's text.

    They are picture captions, read separately by `_MediaTexts`.
    """
    for prefix in set(_MEDIA_PREFIX.findall(data)):
        element = rb"<%s:(description|title)\b[^>]*?(?:/>|>.*?</%s:\1\s*>)" % (prefix, prefix)
        data = re.sub(element, b"", data, flags=re.DOTALL)
    return data


def _headers(url: str | None) -> dict[str, str]:
    """Give feedparser the feed's address so it resolves relative links against it."""
    return {"content-location": url} if url else {}


def _check_usable(parsed: feedparser.FeedParserDict) -> None:
    """Raise ParseError when feedparser recovered no entry and no feed from the payload."""
    if parsed.entries:
        return
    if parsed.get("bozo"):
        raise ParseError(f"ingest: feed: unreadable feed: {parsed.get('bozo_exception')!r}")
    if not parsed.get("version"):
        raise ParseError("ingest: feed: no RSS, Atom or RDF feed in the payload")


# --- RSS, Atom, RDF entries (feedparser) -------------------------------------------------

def _entry(entry: dict, index: int, site: str, language: str,
           media: _MediaTexts) -> WireItem | Rejected:
    """Map one feedparser entry to a WireItem, or Rejected when it has no title nor text."""
    headline = _plain(entry.get("title_detail")) or _text(entry.get("title", ""))
    body = _body(entry)
    ref = entry.get("id") or entry.get("link") or f"entry {index + 1}"
    if not headline and not _text(body):
        return Rejected(ref=ref, reason=f"ingest: feed: {ref} has no title and no text",
                        format=FORMAT)
    return WireItem(
        guid=entry.get("id") or entry.get("link") or "", headline=headline, body_html=body,
        lead=_lead(_plain(entry.get("summary_detail")), body),
        language=_entry_language(entry) or language, authors=_authors(entry),
        url=entry.get("link", ""), site_name=site, subjects=_subjects(entry.get("tags")),
        first_created=_time(entry, "published"), version_created=_time(entry, "updated"),
        images=_images(entry, media), format=FORMAT)


def _body(entry: dict) -> str:
    """Return the longest HTML content (else the longest content, else the summary) as HTML."""
    contents = [item for item in entry.get("content", []) if (item.get("value") or "").strip()]
    if contents:
        html_contents = [item for item in contents if _is_html(item)] or contents
        return _as_html(max(html_contents, key=lambda item: len(item["value"])))
    summary = entry.get("summary_detail")
    return _as_html(summary) if summary else ""


def _lead(summary: str, body: str) -> str:
    """Return the plain-text `summary` as the lead when the body is a different, longer text."""
    text = _text(body)
    return summary if summary and summary != text and len(text) > len(summary) else ""


def _is_html(detail: dict) -> bool:
    return (detail.get("type") or "text/html") in HTML_TYPES


def _as_html(detail: dict) -> str:
    """Return a content or summary as HTML, plain text turned into escaped paragraphs."""
    value = (detail.get("value") or "").strip()
    return value if _is_html(detail) else _paragraphs_html(value)


def _plain(detail: dict | None) -> str:
    """Return a feedparser text construct as plain text (HTML stripped, entities decoded)."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    return _text(value) if _is_html(detail) else _squeeze(value)


def _entry_language(entry: dict) -> str:
    """Return the entry's own xml:lang, from its title, content or summary."""
    details = [entry.get("title_detail"), *entry.get("content", []), entry.get("summary_detail")]
    return next((detail["language"] for detail in details
                 if detail and detail.get("language")), "")


def _authors(entry: dict) -> tuple[str, ...]:
    """Return author names (atom:author, dc:creator, RSS author), in order, once each."""
    names = [author.get("name") or author.get("email") or "" for author in
             entry.get("authors", []) if isinstance(author, dict)]
    names = [name.strip() for name in names if name and name.strip()]
    if not names and entry.get("author"):
        names = [entry["author"].strip()]
    return tuple(dict.fromkeys(names))


def _subjects(tags: list[dict] | None) -> tuple[Subject, ...]:
    """Return the entry's categories as named subjects, once each."""
    names = [(tag.get("label") or tag.get("term") or "").strip() for tag in tags or ()]
    return tuple(Subject(name=name) for name in dict.fromkeys(names) if name)


def _time(entry: dict, name: str) -> datetime | None:
    """Return the entry's `name` time, aware; a time without zone is taken as UTC."""
    # dict.get: FeedParserDict answers a missing `updated` with `published` (issue 310).
    parsed = dict.get(entry, f"{name}_parsed")
    if isinstance(parsed, struct_time):
        return _from_struct(parsed)
    return _parse_time(dict.get(entry, name) or "")


def _from_struct(parsed: struct_time) -> datetime | None:
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _parse_time(value: str) -> datetime | None:
    """Read an RFC 822 or ISO 8601 time feedparser gave up on (it needs a zone)."""
    for reader in (email.utils.parsedate_to_datetime, datetime.fromisoformat):
        try:
            moment = reader(value.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _images(entry: dict, media: _MediaTexts) -> tuple[WireImage, ...]:
    """Return image enclosures and Media RSS pictures, thumbnails only when nothing else."""
    credit = next((item.get("content", "") for item in entry.get("media_credit", [])), "")
    pictures = [item for item in entry.get("media_content", []) if _is_picture(item)]
    images = _enclosure_images(entry) + [media.image(item, credit) for item in pictures]
    if not images:
        images = [media.image(item, credit) for item in entry.get("media_thumbnail", [])
                  if item.get("url")]
    return _unique_by_url(images)


def _unique_by_url(images: list[WireImage]) -> tuple[WireImage, ...]:
    """Return one image per URL, in the order of first mention, each mention's details merged.

    A feed may name one picture twice: a bare <enclosure> (URL and type) and a media:content
    with its caption and credit; the reader needs both halves, whichever comes first.
    """
    by_url: dict[str, WireImage] = {}
    for image in images:
        known = by_url.get(image.url)
        by_url[image.url] = _completed(known, image) if known else image
    return tuple(by_url.values())


def _completed(image: WireImage, other: WireImage) -> WireImage:
    """Return `image` with its empty details taken from `other` (the same picture)."""
    missing = {name: getattr(other, name) for name in MERGED_IMAGE_FIELDS if not getattr(image, name)}
    return replace(image, **missing)


def _enclosure_images(entry: dict) -> list[WireImage]:
    return [WireImage(url=link["href"], mime_type=link.get("type", ""))
            for link in entry.get("links", [])
            if link.get("rel") == "enclosure" and link.get("href")
            and (link.get("type") or "").startswith("image/")]


def _is_picture(item: dict) -> bool:
    """Tell whether a media:content is a picture, by medium, type or file name."""
    if not item.get("url"):
        return False
    if item.get("medium") or item.get("type"):
        return item.get("medium") == "image" or (item.get("type") or "").startswith("image/")
    return item["url"].lower().split("?")[0].endswith(IMAGE_SUFFIXES)


class _MediaTexts:
    """Captions and credits of the Media RSS pictures in a feed, by picture URL.

    feedparser keeps media:content's attributes but would file its media:description
    under the entry's own text; this second, entity-free lxml pass pairs pictures with
    their caption, title and credit (on the element itself, or on its group or item).
    """

    def __init__(self, data: bytes) -> None:
        self.by_url: dict[str, tuple[str, str, str]] = {}
        for element in _media_elements(data):
            self.by_url.setdefault(element.get("url", ""), _media_text(element))

    def image(self, item: dict, entry_credit: str) -> WireImage:
        """Return the picture `item` names, with its caption, title and credit."""
        caption, title, credit = self.by_url.get(item["url"], ("", "", ""))
        return WireImage(url=item["url"], caption=caption or title, alt=title,
                         credit=credit or entry_credit,
                         width=_int(item.get("width")), height=_int(item.get("height")),
                         mime_type=item.get("type", ""))


def _media_elements(data: bytes) -> list[etree._Element]:
    """Return the feed's media:content and media:thumbnail elements (none if unreadable)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(**_SAFE_XML))
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    return list(root.iter(f"{{{MEDIA_NS}}}content", f"{{{MEDIA_NS}}}thumbnail"))


def _media_text(element: etree._Element) -> tuple[str, str, str]:
    """Return (description, title, credit) of a media element, looking up to its item."""
    scopes = [element, element.getparent()]
    if scopes[1] is not None and scopes[1].tag == f"{{{MEDIA_NS}}}group":
        scopes.append(scopes[1].getparent())
    return tuple(next((_element_text(found) for scope in scopes if scope is not None
                       for found in scope.findall(f"{{{MEDIA_NS}}}{name}")
                       if _element_text(found)), "")
                 for name in ("description", "title", "credit"))


def _element_text(element: etree._Element) -> str:
    text = "".join(element.itertext())
    return _text(text) if element.get("type") == "html" else _squeeze(text)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- text helpers --------------------------------------------------------------------------

def _text(markup: str) -> str:
    """Return the plain text of an HTML fragment: tags dropped, entities decoded."""
    return _squeeze(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", markup))))


def _squeeze(text: str) -> str:
    """Return `text` on one line, control characters (illegal in XML) dropped."""
    return " ".join(text.translate(_CONTROL_CHARACTERS).split())


def _paragraphs_html(text: str) -> str:
    """Turn plain text into escaped HTML paragraphs, one per blank-line-separated block."""
    blocks = [_squeeze(block) for block in re.split(r"\n\s*\n", text)]
    return "".join(f"<p>{html.escape(block, quote=False)}</p>" for block in blocks if block)


# --- JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) --------------------------------

def _parse_json_feed(data: bytes, url: str | None) -> ParseResult:
    feed = _load_json_feed(data)
    site, language = _string(feed.get("title")), _string(feed.get("language"))
    base = _string(feed.get("feed_url")) or url or ""
    return [_json_item(item, index, site, language, base)
            for index, item in enumerate(feed["items"])]


def _load_json_feed(data: bytes) -> dict:
    """Return the decoded feed object; ParseError when it is not JSON or not a JSON Feed."""
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ParseError(f"ingest: feed: not JSON: {error}") from error
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise ParseError("ingest: feed: JSON without a JSON Feed 'items' list")
    return feed


def _json_item(item: Any, index: int, site: str, language: str,
               base: str) -> WireItem | Rejected:
    """Map one JSON Feed item to a WireItem, or Rejected when it has no title nor text."""
    if not isinstance(item, dict):
        return Rejected(ref=f"item {index + 1}", reason="ingest: feed: item is not an object",
                        format=FORMAT)
    ref = _string(item.get("id")) or _string(item.get("url")) or f"item {index + 1}"
    headline = _squeeze(_string(item.get("title")))
    body = _json_body(item)
    if not headline and not _text(body):
        return Rejected(ref=ref, reason=f"ingest: feed: {ref} has no title and no text",
                        format=FORMAT)
    return WireItem(
        guid=_string(item.get("id")) or _string(item.get("url")), headline=headline,
        body_html=body, lead=_lead(_squeeze(_string(item.get("summary"))), body),
        language=_string(item.get("language")) or language, authors=_json_authors(item),
        url=urljoin(base, _string(item.get("url")) or _string(item.get("external_url"))),
        site_name=site,
        subjects=_subjects([{"term": _string(tag)} for tag in _list(item.get("tags"))]),
        first_created=_parse_time(_string(item.get("date_published"))),
        version_created=_parse_time(_string(item.get("date_modified"))),
        images=_json_images(item), format=FORMAT)


def _json_body(item: dict) -> str:
    """Return content_html, else content_text or the summary as escaped paragraphs."""
    if _string(item.get("content_html")).strip():
        return _string(item["content_html"]).strip()
    text = _string(item.get("content_text")) or _string(item.get("summary"))
    return _paragraphs_html(text)


def _json_authors(item: dict) -> tuple[str, ...]:
    """Return the names of `authors` (1.1), or of the deprecated `author` (1.0)."""
    people = _list(item.get("authors")) or [item.get("author")]
    names = [_string(person.get("name")).strip() for person in people if isinstance(person, dict)]
    return tuple(dict.fromkeys(name for name in names if name))


def _json_images(item: dict) -> tuple[WireImage, ...]:
    """Return the item's image, banner image and image attachments, once each."""
    urls = [_string(item.get("image")), _string(item.get("banner_image"))]
    images = [WireImage(url=url) for url in urls if url]
    images += [WireImage(url=_string(attachment.get("url")),
                         mime_type=_string(attachment.get("mime_type")),
                         caption=_string(attachment.get("title")))
               for attachment in _list(item.get("attachments"))
               if isinstance(attachment, dict) and attachment.get("url")
               and _string(attachment.get("mime_type")).startswith("image/")]
    return _unique_by_url(images)


def _string(value: Any) -> str:
    """Return `value` as text when it is a string or number, else '' (JSON is untyped)."""
    if isinstance(value, bool) or value is None:
        return ""
    return str(value) if isinstance(value, str | int | float) else ""


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
